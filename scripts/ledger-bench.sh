#!/usr/bin/env bash
# The ledger's benchmarks (issue 15, item 8), one command: builds the release binary, then on
# SQLite and on PostgreSQL (a throwaway cluster, removed at the end) runs `cabildo bench --ledger`
# on a new database — the Trópico with two years of monthly dues and four contributions for every
# family, built through the use-cases — and times one contribution levied on every family, a
# family's statement, a sindicato's report for a year, the federation's arrears, and a payment
# at the table (median and p99 over bounded samples). Each backend's run is bounded in time
# (TIMEOUT seconds, default 3600). Results go to bench-out/ledger-results.md; the databases are
# removed afterwards (KEEP=1 keeps the SQLite one).
#
#   bash scripts/ledger-bench.sh
#   FAMILIES=36000 BACKENDS=sqlite bash scripts/ledger-bench.sh
#   BIN=target/release/cabildo bash scripts/ledger-bench.sh    # without building
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
families=${FAMILIES:-360000}
backends=${BACKENDS:-"sqlite postgres"}
samples=${SAMPLES:-201}
limit=${TIMEOUT:-3600}
out=${OUT:-bench-out}
mkdir -p "$out"
bench_binary
results="$out/ledger-results.md"
bench_header "$results" "Ledger benchmarks, $families families"
bench_postgres cabildo-ledger-pg
for backend in $backends; do
  echo "== $backend: building and timing" >&2
  if [ "$backend" = postgres ]; then
    psql -q "$pg_url" -c "DROP DATABASE IF EXISTS ledger_bench" -c "CREATE DATABASE ledger_bench" >/dev/null
    db="${pg_url%/*}/ledger_bench"
  else
    db="$out/ledger-$families.db"
    rm -f "$db" "$db-wal" "$db-shm"
  fi
  timeout "$limit" "$bin" --lang en --db "$db" bench --ledger --families "$families" --samples "$samples" >> "$results"
  echo >> "$results"
  if [ "$backend" = sqlite ] && [ -z "${KEEP:-}" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
  fi
done
cat "$results"
