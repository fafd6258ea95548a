#!/usr/bin/env bash
# Writes a year of nightly runs for the history benchmark: NIGHTS runs (default 365) of a TRIALS-cell matrix
# (default 2000: 40 methods in tiers 1-4 and a control, 10 images, 5 repeats; the same cell ids every night).
#   gen-history.sh DIR [NIGHTS] [TRIALS]
# DIR/year/cells.jsonl holds every night but the last, DIR/night/cells.jsonl the last one (what one nightly
# import adds), both shaped exactly like `ftmatrix run` writes them. About 1 in 10 cells fails (carrying one of 20
# shared logs), 1 in 50 ends in INFRA_ERROR. The same arguments give the same bytes.
set -euo pipefail

dir="${1:?usage: gen-history.sh DIR [NIGHTS] [TRIALS]}"
nights="${2:-365}"
trials="${3:-2000}"
mkdir -p "$dir/year/logs" "$dir/night/logs"
for i in $(seq 0 19); do
  for d in year night; do
    log="$dir/$d/logs/shared-$i.log"
    [[ -f "$log" ]] || for line in $(seq 1 400); do
      printf '[step install] line %d of a failing build, cell log %d: gcc -c Objects/object.c\n' "$line" "$i"
    done >"$log"
  done
done

awk -v nights="$nights" -v trials="$trials" -v year="$dir/year/cells.jsonl" -v night="$dir/night/cells.jsonl" '
function outcome(h) {
  if (h % 50 == 7) return "INFRA_ERROR"
  if (h % 10 != 0) return "PASS"
  h = int(h / 10) % 5
  return h == 0 ? "INSTALL_FAILED" : h == 1 ? "VENV_FAILED" : h == 2 ? "GIL_REENABLED" : h == 3 ? "TIMEOUT" : "CRASHED"
}
BEGIN {
  # Day numbers to dates without a date library: 2026 is not a leap year.
  split("31 28 31 30 31 30 31 31 30 31 30 31", len, " ")
  for (d = 0; d < nights; d++) {
    day = d % 365; month = 1
    while (day >= len[month]) { day -= len[month]; month++ }
    date = sprintf("2026-%02d-%02d", month, day + 1)
    run = sprintf("%s-030000-nightly", date)
    out = d == nights - 1 ? night : year
    for (i = 0; i < trials; i++) {
      h = ((d * trials + i) * 2654435761) % 4294967296
      o = outcome(int(h / 7))
      m = i % 40; os = int(i / 40) % 10 + 1; rep = int(i / 400) + 1
      tier = m % 8 == 7 ? "control" : (m % 4) + 1
      failure = o == "PASS" ? "null" : sprintf("{\"category\":\"%s\",\"detail\":\"generated failure %d\"}", \
        o == "INFRA_ERROR" ? "daemon" : o == "INSTALL_FAILED" ? "build" : "probe", i)
      logf = o == "PASS" ? "null" : sprintf("\"logs/shared-%d.log\"", i % 20)
      printf("{\"attempt\":1,\"cell\":\"debian-%02d/m%02d/3.13t#%d\",\"cleanup_error\":null," \
        "\"durations\":{\"install_s\":%d.%d,\"probe_s\":5.1,\"total_s\":%d.5},\"failure\":%s," \
        "\"finished_at\":\"%sT03:%02d:%02d.000Z\",\"image\":\"debian:trixie\",\"image_digest\":\"sha256:fcbd8bb80b7f\"," \
        "\"install_reused\":false,\"interpreter\":\"/opt/ftmatrix/python3.13t/bin/python3.13t\",\"log\":%s," \
        "\"matrix\":\"nightly\",\"method\":\"m%02d\",\"os\":\"debian-%02d\",\"outcome\":\"%s\",\"parameters\":{}," \
        "\"probe\":null,\"python\":\"3.13t\",\"recipe\":\"source-build\",\"recipe_sha256\":\"6c24cbe0\",\"repeat\":%d," \
        "\"run_id\":\"%s\",\"simulated\":false,\"started_at\":\"%sT03:00:00.000Z\",\"tier\":\"%s\",\"warnings\":[]}\n", \
        os, m, rep, 30 + i % 600, i % 10, 40 + i % 700, failure, date, int(i / 60) % 60, i % 60, logf, m, os, o, \
        rep, run, date, tier) > out
    }
  }
}'
