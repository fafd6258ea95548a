#!/usr/bin/env bash
# Benchmark 4, CLI start-up: wall time of `ftmatrix --version` and `ftmatrix validate matrices/quickstart.yaml`
# through the ./ftmatrix launcher with the jar already built, and the same without the class-data-sharing archive
# (FTMATRIX_CDS=off), alternating. Median of REPS runs (default 11). Target: < 0.6 s.
#   bench/startup.sh [REPS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reps="${1:-11}"
warm_launcher
machine
printf '%-62s %8s %8s %8s\n' command median min max
for args in "--version" "validate matrices/quickstart.yaml"; do
  with=() without=()
  # Alternating with and without the start-up archive, so both see the same load.
  for _ in $(seq "$reps"); do
    # shellcheck disable=SC2086 # args is a command line of plain words.
    with+=("$(cd "$repo" && wall "$ftmatrix" $args)")
    # shellcheck disable=SC2086
    without+=("$(cd "$repo" && FTMATRIX_CDS=off wall "$ftmatrix" $args)")
  done
  for variant in with without; do
    declare -n times="$variant"
    sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    label="ftmatrix $args"
    [[ $variant == with ]] || label="$label (FTMATRIX_CDS=off)"
    printf '%-62s %8s %8s %8s\n' "$label" "$(median "${times[@]}")" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")"
  done
done
