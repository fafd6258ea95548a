#!/usr/bin/env bash
# Writes a deterministic matrix of CELLS cells (default 100000) to stdout, for the scale benchmark:
# 10 images x M methods x 2 Python versions x 50 repeats, with M = CELLS / 1000 (at least 1).
# The recipes are real ones from containers/recipes that run on Debian images, so validate checks it like any
# matrix and every cell is valid (deadsnakes, Ubuntu only, would be refused on these images).
set -euo pipefail

cells="${1:-100000}"
methods=$(( cells / 1000 ))
(( methods >= 1 )) || methods=1
recipes=(source-build distro-apt conda uv pyenv python-org docker-official)

cat <<YAML
name: bench-scale
python: ["3.13t", "3.14t"]
repeats: 50
timeout: 30m
parallel: 8
os:
YAML
for i in $(seq 1 10); do
  printf '  - id: debian-%02d\n    image: debian:trixie\n' "$i"
done
echo "methods:"
for i in $(seq 1 "$methods"); do
  recipe="${recipes[$(( i % ${#recipes[@]} ))]}"
  tier=$(( i % 4 + 1 ))
  [[ "$recipe" == distro-apt ]] && tier=control
  printf '  - id: m%04d-%s\n    recipe: %s\n    tier: %s\n' "$i" "$recipe" "$recipe" "$tier"
done
