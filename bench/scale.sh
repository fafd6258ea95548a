#!/usr/bin/env bash
# Benchmark 3, scale without containers: validate and plan of a generated 100,000-cell matrix (target < 2 s each,
# JVM start included) and report over a generated 1,000,000-trial result set with the heap capped at 512 MiB
# (target < 10 s, and at most 0.4 times the jq pipeline a user would script instead). Inputs are generated once
# into WORK (default /tmp/ftmatrix-bench; about 1.4 GB) by gen-matrix.sh and gen-results.sh. Median of REPS runs
# (default 5 for validate and plan, 3 for report). The report's anchors run in the same rounds, alternating with
# it: `cat` of the input (the I/O floor) and `jq | sort | uniq -c` (counts per method, tier and outcome); the
# table gives ftmatrix's median over each anchor's. Last, the size of junit.xml as written by default and with
# --junit-group-repeats.
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
# The report and its anchors, alternating round by round so that a change in load falls on all three alike.
cells="$results/cells.jsonl"
rounds=$(( reps < 3 ? reps : 3 ))
cat_times=() jq_times=() report_times=() report_peak=0
for _ in $(seq "$rounds"); do
  cat_times+=("$(wall cat "$cells")")
  jq_times+=("$(wall sh -c "jq -r '[.method,.tier,.outcome]|@tsv' '$cells' | sort | uniq -c")")
  report_times+=("$(FTMATRIX_JAVA_OPTS="-Xmx512m ${FTMATRIX_JAVA_OPTS:-}" wall /usr/bin/time -o "$work/rss" -f %M \
    "$ftmatrix" report "$results" --out "$work/report")")
  rss=$(tail -1 "$work/rss")
  (( rss > report_peak )) && report_peak=$rss
done
cat_s=$(median "${cat_times[@]}")
jq_s=$(median "${jq_times[@]}")
report_s=$(median "${report_times[@]}")
printf '%-58s %8s %10s\n' "cat cells.jsonl (1,000,000 results, the I/O floor)" "$cat_s" ""
printf '%-58s %8s %10s\n' "jq | sort | uniq -c (counts per method, tier, outcome)" "$jq_s" ""
printf '%-58s %8s %10s\n' "report (1,000,000 results, -Xmx512m)" "$report_s" "$(( report_peak / 1024 )) MiB"
echo "report / jq:  $(ratio "$report_s" "$jq_s") (target <= 0.40)"
echo "report / cat: $(ratio "$report_s" "$cat_s")"
echo "rounds:       $rounds; cat ${cat_times[*]}; jq ${jq_times[*]}; report ${report_times[*]}"
FTMATRIX_JAVA_OPTS="-Xmx512m ${FTMATRIX_JAVA_OPTS:-}" "$ftmatrix" report "$results" --out "$work/report-grouped" \
  --junit-group-repeats >/dev/null
echo "junit.xml:    $(stat -c %s "$work/report/junit.xml") bytes by default," \
  "$(stat -c %s "$work/report-grouped/junit.xml") bytes with --junit-group-repeats"
