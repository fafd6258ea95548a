#!/usr/bin/env bash
# Benchmark 3, scale without containers: validate and plan of a generated 100,000-cell matrix (target < 2 s each,
# JVM start included) and report over a generated 1,000,000-trial result set with the heap capped at 512 MiB
# (target < 10 s, and at most 0.4 times the jq pipeline a user would script instead). Inputs are generated once
# into WORK (default /tmp/ftmatrix-bench; about 1.4 GB) by gen-matrix.sh and gen-results.sh. Median of REPS runs
# (default 5 for validate and plan, 3 for report). The report's anchors run in the same rounds, alternating with
# it: `cat` of the input (the I/O floor) and `jq | sort | uniq -c` (counts per method, tier and outcome); the
# table gives ftmatrix's median over each anchor's. Last, the size of junit.xml.
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
# The report and its anchors, alternating round by round so that a change in load falls on all three alike. CPU
# seconds (user + system, children included) are printed too: on a shared machine they move less than wall time.
cells="$results/cells.jsonl"
rounds=$(( reps < 3 ? reps : 3 ))
declare -A walls cpus
report_peak=0
# One timed command: appends its wall and CPU seconds to walls[KEY] and cpus[KEY].
timed() {
  local key="$1"
  shift
  walls[$key]+=" $(wall /usr/bin/time -o "$work/usage" -f '%M %U %S' "$@")"
  cpus[$key]+=" $(awk '{ printf "%.2f", $2 + $3 }' "$work/usage")"
}
for _ in $(seq "$rounds"); do
  timed cat cat "$cells"
  timed jq sh -c "jq -r '[.method,.tier,.outcome]|@tsv' '$cells' | sort | uniq -c"
  FTMATRIX_JAVA_OPTS="-Xmx512m ${FTMATRIX_JAVA_OPTS:-}" timed report "$ftmatrix" report "$results" --out "$work/report"
  rss=$(awk '{ print $1 }' "$work/usage")
  (( rss > report_peak )) && report_peak=$rss
done
row() {
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  printf '%-58s %8s %8s %10s\n' "$1" "$(median ${walls[$2]})" "$(median ${cpus[$2]})" "$3"
}
echo
printf '%-58s %8s %8s %10s\n' "command (1,000,000 results)" "wall s" "CPU s" "peak RSS"
row "cat cells.jsonl (the I/O floor)" cat ""
row "jq | sort | uniq -c (counts per method, tier, outcome)" jq ""
row "report, -Xmx512m" report "$(( report_peak / 1024 )) MiB"
# shellcheck disable=SC2086
{
  echo "report / jq:  $(ratio "$(median ${walls[report]})" "$(median ${walls[jq]})") wall (target <= 0.40)," \
    "$(ratio "$(median ${cpus[report]})" "$(median ${cpus[jq]})") CPU"
  echo "report / cat: $(ratio "$(median ${walls[report]})" "$(median ${walls[cat]})") wall"
}
echo "rounds:       $rounds; wall: cat${walls[cat]}; jq${walls[jq]}; report${walls[report]}"
echo "load after:   $(uptime | sed 's/.*load average/load average/')"
echo "junit.xml:    $(stat -c %s "$work/report/junit.xml") bytes"
