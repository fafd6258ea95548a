#!/usr/bin/env bash
# Benchmark 4, CLI start-up: wall time of `ftmatrix --version` and `ftmatrix validate matrices/quickstart.yaml`
# through the ./ftmatrix launcher with the jar already built. Median of REPS runs (default 11). Target: < 0.6 s.
#   bench/startup.sh [REPS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reps="${1:-11}"
warm_launcher
machine
printf '%-45s %8s %8s %8s\n' command median min max
for args in "--version" "validate matrices/quickstart.yaml"; do
  times=()
  for _ in $(seq "$reps"); do
    # shellcheck disable=SC2086 # args is a command line of plain words.
    times+=("$(cd "$repo" && wall "$ftmatrix" $args)")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  printf '%-45s %8s %8s %8s\n' "ftmatrix $args" "$(median "${times[@]}")" "$(head -1 <<<"$sorted")" \
    "$(tail -1 <<<"$sorted")"
done
