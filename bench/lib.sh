#!/usr/bin/env bash
# Shared by the benchmarks: timing, medians and the table header. Sourced, not run.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/.." && pwd)"
ftmatrix="$repo/ftmatrix"

# Wall seconds of one command, its output discarded; fails when the command fails.
wall() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

# The median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# a / b to two decimals.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'
}

# What a reader needs to judge the figures: the machine and how busy it was.
machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
    "$(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load:   $(uptime | sed 's/.*load average/load average/')"
}

# Builds the jar (and the start-up archive) once, so no benchmark times a build.
warm_launcher() {
  "$ftmatrix" --version >/dev/null
}

# The benchmarks' Docker side: an image with a free-threaded CPython at $bench_python, and a containers directory
# (ftmatrix's own, plus the present recipe) at $bench_containers.
bench_image="ftmatrix-bench:python"
bench_python=/opt/ftmatrix/python3.13t/bin/python3.13t

# The image is a second tag of an install-cache image (an already-built CPython from the quickstart's source
# build), so nothing is built or downloaded; the cache's own tag is left alone.
docker_setup() {
  local work="$1" candidate
  if ! docker image inspect "$bench_image" >/dev/null 2>&1; then
    for candidate in $(docker images ftmatrix-install-cache --format '{{.Repository}}:{{.Tag}}'); do
      if docker run --rm --network none "$candidate" "$bench_python" -c 'import sys; sys.exit(sys._is_gil_enabled())' \
          >/dev/null 2>&1; then
        docker tag "$candidate" "$bench_image"
        break
      fi
    done
  fi
  if ! docker image inspect "$bench_image" >/dev/null 2>&1; then
    echo "bench: no install-cache image holds $bench_python; fill the cache once with" >&2
    echo "  ./ftmatrix run matrices/quickstart.yaml --only '*/source-debian/*' --reuse-installs" >&2
    exit 2
  fi
  bench_containers="$work/containers"
  rm -rf "$bench_containers"
  cp -r "$repo/containers" "$bench_containers"
  cp "$bench_dir/recipes/present.sh" "$bench_containers/recipes/present.sh"
}

# A matrix of CELLS cells of the present recipe on the bench image; the rest of the arguments are its `with:` map.
bench_matrix() {
  local cells="$1" parallel="$2" with="$3"
  cat <<YAML
name: bench-cells
python: ["3.13t"]
repeats: $cells
timeout: 10m
parallel: $parallel
network: none
os:
  - id: bench
    image: $bench_image
methods:
  - id: present
    recipe: present
    tier: 1
    with: { interpreter: $bench_python$with }
smoke:
  venv: false
  threads: 2
  timing: false   # engine overhead and throughput, not the interpreter's speed: no serialised timing phase
YAML
}

# Seconds from the first cell's start to the last cell's end in a result directory: the run without JVM start,
# matrix loading and Docker connection.
cells_span() {
  python3 - "$1/cells.jsonl" <<'PY'
import json, sys
from datetime import datetime
def t(s):
    return datetime.fromisoformat(s[:26].rstrip("Z") if len(s) > 26 else s.rstrip("Z"))
rows = [json.loads(line) for line in open(sys.argv[1])]
bad = [r["cell"] + ": " + r["outcome"] for r in rows if r["outcome"] != "PASS"]
if bad:
    sys.exit("bench: cells did not pass: " + ", ".join(bad[:3]))
print("%.3f" % (max(t(r["finished_at"]) for r in rows) - min(t(r["started_at"]) for r in rows)).total_seconds())
PY
}

# One cell done the way a shell loop would: the same container options, recipe, inputs and probe as ftmatrix's
# CellRunner (create, copy the containers directory, start, exec the recipe, exec the probe, remove).
shell_cell() {
  local id interpreter
  id=$(docker create --label dev.ftmatrix.bench=shell --network none --memory 4g --memory-swap 4g \
    --pids-limit 4096 "$bench_image" sleep infinity)
  docker cp "$bench_containers/." "$id:/ftmatrix"
  docker start "$id" >/dev/null
  interpreter=$(docker exec -e FTMATRIX_PYTHON=3.13t -e FTMATRIX_PYTHON_VERSION=3.13 -e FTMATRIX_PYTHON_MINOR=3.13 \
    -e FTMATRIX_PARAM_INTERPRETER="$bench_python" "$id" bash /ftmatrix/recipes/present.sh \
    | sed -n 's/^FTMATRIX-PYTHON: //p')
  docker exec -e FTMATRIX_SMOKE_VENV=0 -e FTMATRIX_WORK=/tmp/ftmatrix-probe "$id" \
    "$interpreter" /ftmatrix/probe/smoke.py >/dev/null
  docker rm -f "$id" >/dev/null
}
