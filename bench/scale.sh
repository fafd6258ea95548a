#!/usr/bin/env bash
# Benchmark 3, scale without containers: validate and plan of a generated 100,000-cell matrix (target < 2 s each,
# JVM start included) and report over a generated 1,000,000-trial result set with the heap capped at 512 MiB
# (target < 10 s). Inputs are generated once into WORK (default /tmp/ftmatrix-bench; about 1.4 GB) by
# gen-matrix.sh and gen-results.sh. Median of REPS runs (default 5 for validate and plan, 3 for report).
#   bench/scale.sh [REPS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reps="${1:-5}"
work="${WORK:-/tmp/ftmatrix-bench}"
mkdir -p "$work"
matrix="$work/scale-100k.yaml"
results="$work/results-1m"
[[ -s "$matrix" ]] || "$bench_dir/gen-matrix.sh" 100000 >"$matrix"
[[ -s "$results/cells.jsonl" ]] || "$bench_dir/gen-results.sh" "$results" 1000000
warm_launcher
machine

# Median wall time and the largest resident size of REPS runs of a command.
measure() {
  local n="$1" label="$2" times=() peak=0 rss
  shift 2
  for _ in $(seq "$n"); do
    times+=("$(wall /usr/bin/time -o "$work/rss" -f %M "$@")")
    rss=$(tail -1 "$work/rss")
    (( rss > peak )) && peak=$rss
  done
  printf '%-58s %8s %10s\n' "$label" "$(median "${times[@]}")" "$(( peak / 1024 )) MiB"
}

printf '%-58s %8s %10s\n' command "median s" "peak RSS"
measure "$reps" "validate (100,000 cells)" "$ftmatrix" validate "$matrix"
measure "$reps" "plan (100,000 cells, table)" "$ftmatrix" plan "$matrix"
measure "$reps" "plan --format json (100,000 cells)" "$ftmatrix" plan --format json "$matrix"
FTMATRIX_JAVA_OPTS="-Xmx512m ${FTMATRIX_JAVA_OPTS:-}" \
  measure "$(( reps < 3 ? reps : 3 ))" "report (1,000,000 trials, -Xmx512m)" "$ftmatrix" report "$results" --out "$work/report"
