#!/usr/bin/env bash
# Benchmark 2, parallel throughput. I/O-like: 16 cells whose recipe waits SLEEP seconds (default 20) before the
# real probe, at --parallel 1, 4, 8 and 16; speedup against --parallel 1, target >= 0.8 x the parallelism.
# CPU-bound: 2 x cores cells whose recipe spins a core for CPU seconds (default 10), at --parallel 1, cores and
# 2 x cores; they can speed up to the core count and no further. Times are from the first cell's start to the
# last cell's end (cells_span), so JVM start does not dilute the speedup; the process wall is shown too.
#   bench/parallel.sh [SLEEP] [CPU]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sleep_s="${1:-20}"
cpu_s="${2:-10}"
cores=$(nproc)
work="${WORK:-/tmp/ftmatrix-bench}/parallel"
mkdir -p "$work"
docker_setup "$work"
warm_launcher
machine

# One table: parallel, cells span, process wall, speedup, target.
series() {
  local kind="$1" cells="$2" with="$3" base="" p span ft
  shift 3
  printf '%-10s %9s %9s %10s %9s %9s\n' "$kind" parallel "cells s" "process s" speedup target
  for p in "$@"; do
    bench_matrix "$cells" "$p" "$with" >"$work/$kind-$p.yaml"
    rm -rf "$work/$kind-$p"
    ft=$(wall "$ftmatrix" run "$work/$kind-$p.yaml" --containers "$bench_containers" --out "$work/$kind-$p" \
      --progress plain)
    span=$(cells_span "$work/$kind-$p")
    base=${base:-$span}
    printf '%-10s %9s %9s %10s %9s %9s\n' "" "$p" "$span" "$ft" "$(ratio "$base" "$span")" \
      "$(awk -v p="$p" -v c="$cores" -v k="$kind" 'BEGIN { n = (k == "cpu" && p > c) ? c : p; printf ">= %.1f", 0.8 * n }')"
  done
}

series io 16 ", sleep_s: $sleep_s" 1 4 8 16
series cpu $(( 2 * cores )) ", cpu_s: $cpu_s" 1 "$cores" $(( 2 * cores ))
