#!/usr/bin/env bash
# Assemblies benchmarks, one command: builds the release binaries and, for each backend,
#  1. phone voting in a cabildo abierto over HTTP, side by side with a reference: the smallest
#     honest vote server (benches/vote-reference: one route, one writer thread committing batches
#     on SQLite in WAL, answering after commit) and `cabildo serve`, alternating in one run
#     (reference, cabildo, reference, cabildo: ROUNDS rounds), under the same load generator —
#     wrk with scripts/phone-vote.lua, CLIENTS keep-alive connections (1,000), one distinct ticket
#     per request, TICKETS tickets (100,000) per server and round — then checks that every
#     acknowledged vote is in the tally and no ticket counted twice. The reference always runs on
#     SQLite; on the postgres backend it is Cabildo on PostgreSQL beside the reference on SQLite.
#  2. `cabildo bench --assemblies` (ASSEMBLIES=0 leaves it out): tally of 100,000 ballots, seal +
#     verify of an acta with 200 attendees and 30 votes, verifying a chain of 1,000 sealed actas.
# Results go to bench-out/vote-results.md. Every loop is bounded: one vote per ticket, wrk stops
# after its tickets (or LIMIT seconds), every wait has a count. Everything runs on 127.0.0.1.
#
#   bash scripts/vote-bench.sh
#   BACKENDS=sqlite TICKETS=20000 CLIENTS=200 ROUNDS=1 ASSEMBLIES=0 bash scripts/vote-bench.sh
#   BIN=/path/to/cabildo REF=/path/to/vote-reference bash scripts/vote-bench.sh   # no build
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
tickets=${TICKETS:-100000}
clients=${CLIENTS:-1000}
rounds=${ROUNDS:-2}
limit=${LIMIT:-120}
backends=${BACKENDS:-"sqlite postgres"}
port=${PORT:-18089}
ref_port=${REF_PORT:-18090}
wrk_threads=2
out=bench-out
mkdir -p "$out"
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
bench_binary
if [ -n "${REF:-}" ]; then
  ref=$REF
else
  cargo build --release -p vote-reference
  ref=target/release/vote-reference
fi
results="$out/vote-results.md"
bench_header "$results" "Cabildo assemblies benchmarks"

bench_postgres cabildo-vote-pg
reference=""
stop_reference() {
  if [ -n "$reference" ]; then kill "$reference" 2>/dev/null || true; wait "$reference" 2>/dev/null || true; fi
  reference=""
}
trap 'stop_reference; bench_cleanup' EXIT

fresh_db() { # backend name -> location of an empty database
  if [ "$1" = postgres ]; then
    psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
    echo "${pg_url%/*}/$2"
  else
    rm -f "$out/$2.db" "$out/$2.db-wal" "$out/$2.db-shm"
    echo "$out/$2.db"
  fi
}

wait_up() { # port: until it answers TCP, at most 10 s
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2
  return 1
}

# Sends one vote per ticket of $out/tickets.txt to the server on port $1 with wrk; leaves wrk's
# line in $out/wrk-line.txt ("acknowledged busy other p50 p90 p99 max answers seconds").
load() {
  local line="$out/wrk-line.txt" w
  rm -f "$line" "$line".done.*
  wrk "-t$wrk_threads" "-c$clients" "-d${limit}s" --timeout 30s -s scripts/phone-vote.lua \
    "http://127.0.0.1:$1" -- "$out/tickets.txt" "$(cat "$out/phone-motion.txt")" "$line" "$wrk_threads" \
    >"$out/wrk-output.txt" 2>&1 &
  w=$!
  for _ in $(seq 1 $((limit * 10))); do
    [ "$(find "$out" -maxdepth 1 -name 'wrk-line.txt.done.*' | wc -l)" -ge "$wrk_threads" ] && break
    kill -0 "$w" 2>/dev/null || break
    sleep 0.1
  done
  # Every thread is done: interrupt wrk's wait so that it reports now.
  for _ in $(seq 1 50); do
    kill -0 "$w" 2>/dev/null || break
    kill -INT "$w" 2>/dev/null || true
    sleep 0.1
  done
  wait "$w" || true
  [ -s "$line" ] || { echo "wrk wrote no result; its output:" >&2; cat "$out/wrk-output.txt" >&2; return 1; }
}

# One row of the side-by-side table from wrk's line, the tally ($1 backend, $2 server, $3 round,
# $4 votes in the tally, $5 the check's verdict).
row() {
  read -r ack busy other p50 p90 p99 max answers seconds < "$out/wrk-line.txt"
  rate=$(awk -v a="$ack" -v s="$seconds" 'BEGIN { printf "%.0f", a / s }')
  echo "$rate" > "$out/rate-$2-$3.txt"
  echo "| $1 | $3 | $2 | **$rate** | $p50 | $p90 | **$p99** | $max | $busy | $other | $ack | $4 | $5 |" >> "$results"
}

for backend in $backends; do
  pages=()
  echo "== $backend: phone votes over HTTP, reference and Cabildo alternating" >&2
  {
    echo "## $backend: phone votes over HTTP, side by side ($tickets tickets each, $clients connections, wrk)"
    echo
    [ "$backend" = postgres ] && echo "Cabildo on PostgreSQL; the reference on SQLite (it has no other backend)." && echo
    echo "| backend | round | server | accepted votes/s | p50 ms | p90 ms | p99 ms | max ms | refused busy (503) | other answers | acknowledged | in the tally | every acknowledged vote counted, none twice |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } >> "$results"
  for round in $(seq 1 "$rounds"); do
    # A fresh cabildo abierto and tickets for each round (a ticket votes once).
    db=$(fresh_db "$backend" votes)
    "$bin" --lang en --db "$db" bench --phone-setup "$tickets" --dir "$out"

    echo "-- round $round: reference" >&2
    "$ref" serve --db "$out/reference.db" --tickets "$out/tickets.txt" --motion "$(cat "$out/phone-motion.txt")" \
      --listen "127.0.0.1:$ref_port" >"$out/reference.log" 2>&1 &
    reference=$!
    wait_up "$ref_port"
    load "$ref_port"
    stop_reference
    ack=$(cut -d' ' -f1 "$out/wrk-line.txt")
    if check=$("$ref" check --db "$out/reference.db" --acknowledged "$ack"); then verdict=yes; else verdict=**no**; fi
    row "$backend" reference "$round" "$(echo "$check" | awk -F'|' '/votes stored/ {gsub(/ /, "", $3); print $3}')" "$verdict"

    echo "-- round $round: cabildo" >&2
    "$bin" --lang en --db "$db" serve --listen "127.0.0.1:$port" >"$out/vote-server.log" 2>&1 &
    server=$!
    wait_up "$port"
    load "$port"
    # The phone page of the same vote, as phones first open it (gzip, no cookie yet), at the same
    # number of connections: requests/s and latency beside the votes', and its weight.
    motion=$(cat "$out/phone-motion.txt")
    report=$(wrk "-t$wrk_threads" "-c$clients" "-d${PAGE_SECONDS:-5}s" --timeout 30s --latency \
      -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/vote/$motion")
    pages+=("$(wrk_row "/vote/$motion, $backend, round $round" "$report")")
    weight=$(curl -fsS -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/vote/$motion" | wc -c)
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    cut -d' ' -f1 "$out/wrk-line.txt" > "$out/acknowledged.txt"
    if check=$("$bin" --lang en --db "$db" bench --phone-check --dir "$out"); then verdict=yes; else verdict=**no**; fi
    row "$backend" cabildo "$round" "$(echo "$check" | awk -F'|' '/votes in the final tally/ {gsub(/ /, "", $3); print $3}')" "$verdict"
  done
  {
    echo
    echo "The phone page (\`GET /vote/{motion}\`, gzip, $clients connections, ${PAGE_SECONDS:-5} s, the vote open; $weight bytes as sent):"
    echo
    echo "| page | requests/s | p50 | p90 | p99 | errors |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${pages[@]}"
    echo
    for round in $(seq 1 "$rounds"); do
      awk -v r="$(cat "$out/rate-reference-$round.txt")" -v c="$(cat "$out/rate-cabildo-$round.txt")" -v n="$round" \
        'BEGIN { printf "Round %d: Cabildo accepted %.0f %% of the reference'"'"'s votes/s.\n", n, 100 * c / r }'
    done
    echo
  } >> "$results"

  if [ "${ASSEMBLIES:-1}" = 1 ]; then
    echo "== $backend: tally, seal and verify, chain of actas" >&2
    db=$(fresh_db "$backend" actas)
    { echo "## $backend: tally, seal and verify, chain of actas"; echo; "$bin" --lang en --db "$db" bench --assemblies; echo; } >> "$results"
  fi
done
cat "$results"
