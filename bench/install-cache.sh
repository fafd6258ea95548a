#!/usr/bin/env bash
# Benchmark 5, the install cache: the quickstart's source-build cell run twice with `run --reuse-installs`; the
# second run starts from the image the first committed and skips the ~10-minute CPython build. Target: second /
# first <= 0.1. The cell's image is ftmatrix-bench:trixie, debian:trixie with one label added (built here,
# offline), so its cache key is its own: the shared ftmatrix-install-cache images stay untouched and warm, and the
# first run here is really cold. The os id `bench-trixie` marks the cache image this benchmark adds (its
# dev.ftmatrix.cache.cell label), and only that image is removed, before and after.
#   bench/install-cache.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

work="${WORK:-/tmp/ftmatrix-bench}/install-cache"
mkdir -p "$work"
cat >"$work/matrix.yaml" <<'YAML'
name: bench-install-cache
python: ["3.13t"]
timeout: 60m
network: host
os:
  - id: bench-trixie
    image: ftmatrix-bench:trixie
methods:
  - id: source-debian
    recipe: source-build
    tier: 4
    with: { source: debian }
YAML
if ! docker image inspect ftmatrix-bench:trixie >/dev/null 2>&1; then
  # The legacy builder's deprecation notice goes to stderr; a failed build is reported by the inspect below.
  printf 'FROM debian:trixie\nLABEL dev.ftmatrix.bench=install-cache\n' |
    docker build -q -t ftmatrix-bench:trixie - >/dev/null 2>&1 || true
  docker image inspect ftmatrix-bench:trixie >/dev/null 2>&1 ||
    { echo "bench: cannot build ftmatrix-bench:trixie from debian:trixie (ftmatrix images bootstrap debian:trixie)" >&2; exit 2; }
fi
warm_launcher
machine

own_cache() {
  docker images --filter "label=dev.ftmatrix.cache.cell=bench-trixie/source-debian/3.13t#1" --format '{{.ID}}' | sort -u
}
cleanup() {
  own_cache | xargs -r docker rmi -f >/dev/null
}
trap cleanup EXIT
cleanup

reused() {
  python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())["install_reused"])' "$1/cells.jsonl"
}

printf '%-8s %10s %10s %15s\n' run "process s" "cell s" "install reused"
walls=()
for n in 1 2; do
  rm -rf "$work/run-$n"
  t=$(wall "$ftmatrix" run "$work/matrix.yaml" --reuse-installs --out "$work/run-$n" --progress plain)
  printf '%-8s %10s %10s %15s\n' "$n" "$t" "$(cells_span "$work/run-$n")" "$(reused "$work/run-$n")"
  walls+=("$t")
done
if [[ $(reused "$work/run-1") != False ]]; then
  echo "bench: the first run was not cold (a cache image with this key existed before); its figure is void" >&2
  exit 1
fi
printf '%-8s %10s\n' ratio "$(ratio "${walls[1]}" "${walls[0]}")"
