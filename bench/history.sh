#!/usr/bin/env bash
# Benchmark 6, the history at a year's scale: a generated year of nightly runs (bench/gen-history.sh: 365 runs of
# a 2,000-trial matrix, 730,000 rows) in SQLite and in PostgreSQL. Per database: the year's first 364 nights are
# imported once (the set-up, timed for information), then REPS rounds (default 3) of: importing the last night
# into a fresh copy of that history (target < 2 s), `history trend` and `history flaky` over the year (< 3 s each),
# and `report --history` of the last night (< 3 s). Times are whole commands through the launcher, JVM start
# included; the table has the median of the rounds. PostgreSQL is a throwaway cluster of Debian's postgresql
# package (apt-get install postgresql), made with initdb in WORK, on 127.0.0.1 at a free port, removed at the end.
#   bench/history.sh [REPS]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reps="${1:-3}"
work="${WORK:-/tmp/ftmatrix-bench}"
data="$work/history-year"
mkdir -p "$work"
[[ -s "$data/night/cells.jsonl" ]] || "$bench_dir/gen-history.sh" "$data"
warm_launcher
machine

printf '%-12s %-44s %8s %8s\n' database command "median s" target

# The rounds on one database. FRESH prints the location of a new copy of the year's history.
rounds() {
  local db="$1" fresh="$2" year="$3" imports=() trends=() flakies=() reports=() copy
  for _ in $(seq "$reps"); do
    copy=$("$fresh")
    imports+=("$(wall "$ftmatrix" history import "$data/night" --history "$copy")")
    trends+=("$(wall "$ftmatrix" history trend --history "$copy")")
    flakies+=("$(wall "$ftmatrix" history flaky --history "$copy")")
    reports+=("$(wall "$ftmatrix" report "$data/night" --out "$work/history-report" --history "$copy")")
  done
  printf '%-12s %-44s %8s %8s\n' "$db" "history import of the year's 364 nights" "$year" "(set-up)"
  printf '%-12s %-44s %8s %8s\n' "$db" "history import of one night (2,000 rows)" "$(median "${imports[@]}")" "< 2"
  printf '%-12s %-44s %8s %8s\n' "$db" "history trend over the year" "$(median "${trends[@]}")" "< 3"
  printf '%-12s %-44s %8s %8s\n' "$db" "history flaky over the year" "$(median "${flakies[@]}")" "< 3"
  printf '%-12s %-44s %8s %8s\n' "$db" "report --history of one night" "$(median "${reports[@]}")" "< 3"
  echo "rounds: import ${imports[*]}; trend ${trends[*]}; flaky ${flakies[*]}; report ${reports[*]}"
}

# SQLite: the year's file, copied for each round (with its write-ahead log checkpointed into it by the import).
sqlite_year="$work/history-year.sqlite"
rm -f "$sqlite_year" "$sqlite_year"-*
year_s=$(wall "$ftmatrix" history import "$data/year" --history "$sqlite_year")
sqlite_fresh() {
  rm -f "$work/history-round.sqlite" "$work/history-round.sqlite"-*
  cp "$sqlite_year" "$work/history-round.sqlite"
  echo "$work/history-round.sqlite"
}
rounds sqlite sqlite_fresh "$year_s"
rm -f "$work/history-round.sqlite"* "$sqlite_year"*

# PostgreSQL: a throwaway cluster; each round's copy is a new database made from the year's as a template.
pg_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -1)
if [[ -z "$pg_bin" ]]; then
  echo "postgresql    not measured: Debian's postgresql package is not installed (apt-get install postgresql)"
  exit 0
fi
pg_dir=$(mktemp -d "$work/pg.XXXXXX")
as_pg=()
if [[ $EUID -eq 0 ]]; then
  chown postgres:postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U ftmatrix -A trust -E UTF8 --locale=C --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off" start >/dev/null
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null; rm -rf "$pg_dir"' EXIT
psql() {
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U ftmatrix -d postgres -c "$1" >/dev/null
}
pg_url() {
  echo "jdbc:postgresql://127.0.0.1:$pg_port/$1?user=ftmatrix"
}
psql "CREATE DATABASE year"
year_s=$(wall "$ftmatrix" history import "$data/year" --history "$(pg_url year)")
pg_fresh() {
  local name
  name="round$(date +%s%N)"
  psql "CREATE DATABASE $name TEMPLATE year"
  pg_url "$name"
}
rounds postgresql pg_fresh "$year_s"
