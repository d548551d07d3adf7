#!/usr/bin/env bash
# Assemblies benchmarks, one command: builds the release binary and, for each backend,
#  1. phone voting in a cabildo abierto over HTTP: TICKETS ticket holders (100,000), one vote each,
#     from CLIENTS concurrent keep-alive connections (1,000) to `cabildo serve` on 127.0.0.1,
#     then checks that every acknowledged vote is in the final tally;
#  2. `cabildo bench --assemblies`: tally of 100,000 ballots, seal + verify of an acta with 200
#     attendees and 30 votes, verifying a chain of 1,000 sealed actas.
# Results go to bench-out/vote-results.md. Every loop is bounded: one vote per ticket.
#
#   bash scripts/vote-bench.sh
#   BACKENDS=sqlite TICKETS=20000 CLIENTS=200 bash scripts/vote-bench.sh
#   BIN=/path/to/older/cabildo bash scripts/vote-bench.sh     # measure another binary, no build
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
tickets=${TICKETS:-100000}
clients=${CLIENTS:-1000}
backends=${BACKENDS:-"sqlite postgres"}
port=${PORT:-18089}
out=bench-out
mkdir -p "$out"
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
bench_binary
results="$out/vote-results.md"
bench_header "$results" "Cabildo assemblies benchmarks"

bench_postgres cabildo-vote-pg

fresh_db() { # backend name -> location of an empty database
  if [ "$1" = postgres ]; then
    psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
    echo "${pg_url%/*}/$2"
  else
    rm -f "$out/$2.db" "$out/$2.db-wal" "$out/$2.db-shm"
    echo "$out/$2.db"
  fi
}

for backend in $backends; do
  echo "== $backend: phone votes over HTTP" >&2
  db=$(fresh_db "$backend" votes)
  "$bin" --lang en --db "$db" bench --phone-setup "$tickets" --dir "$out"
  "$bin" --lang en --db "$db" serve --listen "127.0.0.1:$port" >"$out/vote-server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  {
    echo "## $backend: phone votes over HTTP ($tickets tickets, $clients clients)"
    echo
    "$bin" --lang en bench --phone-load "http://127.0.0.1:$port" --clients "$clients" --dir "$out"
  } >> "$results"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  "$bin" --lang en --db "$db" bench --phone-check --dir "$out" >> "$results"
  echo >> "$results"

  echo "== $backend: tally, seal and verify, chain of actas" >&2
  db=$(fresh_db "$backend" actas)
  { echo "## $backend: tally, seal and verify, chain of actas"; echo; "$bin" --lang en --db "$db" bench --assemblies; echo; } >> "$results"
done
cat "$results"
