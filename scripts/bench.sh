#!/usr/bin/env bash
# Cabildo's benchmarks, one command: builds the release binary, starts a throwaway PostgreSQL
# cluster, and runs `cabildo bench` for the Trópico (360,000 families) and the stress case
# (3,000,000) on SQLite and PostgreSQL. Results go to bench-out/results.md (Markdown tables).
#
#   bash scripts/bench.sh                 # both sizes, both backends
#   FAMILIES="360000" bash scripts/bench.sh
#   BACKENDS="sqlite" bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
families=${FAMILIES:-"360000 3000000"}
backends=${BACKENDS:-"sqlite postgres"}
out=bench-out
mkdir -p "$out"
cargo build --release -p cabildo
bin=target/release/cabildo
results="$out/results.md"
bench_header "$results" "Cabildo benchmarks"

bench_postgres cabildo-bench-pg

for n in $families; do
  for backend in $backends; do
    echo "== $backend, $n families" >&2
    extra=()
    [ "$n" -le 400000 ] && extra=(--reimport --export)
    if [ "$backend" = postgres ]; then
      db="bench_$n"
      psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
      url="${pg_url%/*}/$db"
      { echo "## PostgreSQL, $n families"; echo; } >> "$results"
      "$bin" --lang en --db "$url" bench --families "$n" --dir "$out" "${extra[@]}" >> "$results"
    else
      { echo "## SQLite, $n families"; echo; } >> "$results"
      "$bin" --lang en bench --families "$n" --dir "$out" "${extra[@]}" >> "$results"
    fi
    echo >> "$results"
  done
done
cat "$results"
