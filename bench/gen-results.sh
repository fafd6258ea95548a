#!/usr/bin/env bash
# Writes a deterministic result directory of TRIALS results (default 1000000) for the report benchmark:
#   gen-results.sh DIR [TRIALS]
# DIR/cells.jsonl has lines shaped exactly like `ftmatrix run` writes them (probe report included), over 40
# methods in tiers 1-4 and a control, 10 images and 2 Python versions. About 1 in 10 cells fails and carries a log
# (one of 200 shared log files of 20 KiB, so junit.xml reads a real tail for each failure), 1 in 50 is an
# INFRA_ERROR attempt followed by a retry, and 1 in 100 reused an install. The same arguments give the same bytes.
set -euo pipefail

dir="${1:?usage: gen-results.sh DIR [TRIALS]}"
trials="${2:-1000000}"
mkdir -p "$dir/logs"

for i in $(seq 0 199); do
  log="$dir/logs/shared-$i.log"
  [[ -f "$log" ]] && continue
  for line in $(seq 1 400); do
    printf '[step install] line %d of a failing build, cell log %d: gcc -c Objects/object.c\n' "$line" "$i"
  done >"$log"
done

awk -v trials="$trials" '
function outcome(h) {
  if (h % 10 != 0) return "PASS"
  h = int(h / 10) % 6
  return h == 0 ? "INSTALL_FAILED" : h == 1 ? "VENV_FAILED" : h == 2 ? "GIL_REENABLED" : h == 3 ? "TIMEOUT" \
       : h == 4 ? "CRASHED" : "NOT_FREE_THREADED"
}
function line(n, attempt, out, reused, m, tier, os, py, rep,   failure, logf, install, cell) {
  cell = sprintf("debian-%02d/m%02d/%s#%d", os, m, py, rep)
  failure = out == "PASS" ? "null" \
          : sprintf("{\"category\":\"%s\",\"detail\":\"generated failure %d\"}", out == "INSTALL_FAILED" ? "build" : "probe", n)
  logf = out == "PASS" ? "null" : sprintf("\"logs/shared-%d.log\"", n % 200)
  install = reused ? "null" : sprintf("%d.%d", 30 + n % 600, n % 10)
  printf("{\"cell\":\"%s\",\"cleanup_error\":null,\"durations\":{\"install_s\":%s,\"probe_s\":5.%d,\"total_s\":%d.%d}," \
    "\"failure\":%s,\"finished_at\":\"2026-11-25T17:26:20.864687787Z\",\"image\":\"debian:trixie\"," \
    "\"image_digest\":\"sha256:fcbd8bb80b7f07768cbbe681bec25e7bea0b41ce55765a1dda3549a3b29f6349\"," \
    "\"interpreter\":\"/opt/ftmatrix/python3.13t/bin/python3.13t\",\"log\":%s,\"matrix\":\"bench-report\"," \
    "\"method\":\"m%02d\",\"os\":\"debian-%02d\",\"outcome\":\"%s\",\"parameters\":{\"source\":\"debian\"}," \
    "\"probe\":{\"errors\":[],\"executable\":\"/opt/ftmatrix/python3.13t/bin/python3.13t\",\"gil_enabled_at_end\":false," \
    "\"gil_enabled_at_start\":false,\"implementation\":\"cpython\",\"probe_version\":1,\"py_gil_disabled\":1," \
    "\"threads\":{\"n\":4,\"n_threads_s\":0.2%02d,\"one_thread_s\":0.13%d,\"single_thread_s\":0.12%d,\"speedup\":2.0%d}," \
    "\"venv\":{\"created\":true,\"error\":null,\"gil_enabled\":false,\"pip_version\":\"25.1.1\",\"py_gil_disabled\":1," \
    "\"python\":\"/tmp/ftmatrix-probe/venv/bin/python\",\"requested\":true}," \
    "\"version\":\"3.13.5 experimental free-threading build (main, Nov 25 2026, 17:25:09) [GCC 14.2.0]\"}," \
    "\"python\":\"%s\",\"recipe\":\"source-build\",\"recipe_sha256\":\"6c24cbe09d92358fdb58144d425a7c9133279411c3342b747dc6804f88e45f84\"," \
    "\"repeat\":%d,\"run_id\":\"20261125-1713%02d-bench\",\"simulated\":false,\"started_at\":\"2026-11-25T17:13:30.404285308Z\"," \
    "\"tier\":\"%s\",\"install_reused\":%s,\"attempt\":%d,\"warnings\":[]}\n", \
    cell, install, n % 10, 40 + n % 700, n % 10, failure, logf, m, os, out, n % 100, n % 10, n % 10, n % 10, \
    py, rep, n % 60, tier, reused ? "true" : "false", attempt)
}
BEGIN {
  n = 0
  for (i = 0; n < trials; i++) {
    # A multiplicative hash of the index: deterministic in every awk, spread like random draws.
    h = (i * 2654435761) % 4294967296
    m = i % 40; os = int(i / 40) % 10 + 1; py = int(i / 400) % 2 ? "3.14t" : "3.13t"; rep = int(i / 800) + 1
    tier = m % 8 == 7 ? "control" : (m % 4) + 1
    if (h % 50 == 7) { line(n, 1, "INFRA_ERROR", 0, m, tier, os, py, rep); n++; if (n >= trials) break; attempt = 2 }
    else attempt = 1
    line(n, attempt, outcome(int(h / 7)), h % 100 == 3, m, tier, os, py, rep); n++
  }
}' >"$dir/cells.jsonl"
