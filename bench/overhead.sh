#!/usr/bin/env bash
# Benchmark 1, per-cell overhead: the same trivial cells (the present recipe reports the image's free-threaded
# CPython; the real probe runs, without a venv) run by `ftmatrix run --parallel 1` and by a shell loop doing
# docker create/cp/start/exec/exec/rm, alternating in rounds of CELLS cells (default 10), ROUNDS rounds
# (default 2: 20 cells a side). Target: ftmatrix/shell <= 1.05 per cell.
#   bench/overhead.sh [CELLS] [ROUNDS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cells="${1:-10}"
rounds="${2:-2}"
work="${WORK:-/tmp/ftmatrix-bench}/overhead"
mkdir -p "$work"
docker_setup "$work"
bench_matrix "$cells" 1 "" >"$work/matrix.yaml"
warm_launcher
machine

run_shell() {
  for _ in $(seq "$cells"); do
    shell_cell
  done
}

printf '%-6s %14s %14s %14s\n' round "ftmatrix s" "of which cells" "shell s"
ft_total=0 span_total=0 sh_total=0
for round in $(seq "$rounds"); do
  rm -rf "$work/run-$round"
  ft=$(wall "$ftmatrix" run "$work/matrix.yaml" --containers "$bench_containers" --out "$work/run-$round" \
    --progress plain)
  span=$(cells_span "$work/run-$round")
  sh=$(wall run_shell)
  printf '%-6s %14s %14s %14s\n' "$round" "$ft" "$span" "$sh"
  read -r ft_total span_total sh_total < <(awk -v a="$ft_total" -v b="$span_total" -v c="$sh_total" \
    -v x="$ft" -v y="$span" -v z="$sh" 'BEGIN { print a + x, b + y, c + z }')
done
n=$(( cells * rounds ))
echo
printf '%-52s %s\n' "cells per side" "$n"
printf '%-52s %s\n' "shell s/cell" "$(awk -v t="$sh_total" -v n="$n" 'BEGIN { printf "%.3f", t / n }')"
printf '%-52s %s\n' "ftmatrix s/cell, cells only (first start to last end)" \
  "$(awk -v t="$span_total" -v n="$n" 'BEGIN { printf "%.3f", t / n }')"
printf '%-52s %s\n' "ftmatrix s/cell, whole process (JVM start included)" \
  "$(awk -v t="$ft_total" -v n="$n" 'BEGIN { printf "%.3f", t / n }')"
printf '%-52s %s\n' "ratio ftmatrix/shell, cells only" "$(ratio "$span_total" "$sh_total")"
printf '%-52s %s\n' "ratio ftmatrix/shell, whole process" "$(ratio "$ft_total" "$sh_total")"
