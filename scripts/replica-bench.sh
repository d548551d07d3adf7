#!/usr/bin/env bash
# Reads with zero, one and two PostgreSQL read replicas, one command: a throwaway primary and two
# streaming replicas on loopback (`scripts/pg-cluster.sh start-replica`), the Trópico demo loaded
# into the primary, then for 0, 1 and 2 replicas `cabildo serve --replica …` and wrk with
# CONNECTIONS readers signed in as a federation officer against a sindicato's page and padrón
# search, each request to one of the sindicatos at random. Prints a table, with how many
# transactions each server ran during each load (pg_stat_database): where the reads went.
#
#   bash scripts/replica-bench.sh                              # 360,000 families, 1,000 readers, 15 s
#   FAMILIES=3000000 CONNECTIONS=1000 SECONDS_EACH=20 bash scripts/replica-bench.sh
#
# BIN=path measures that binary instead of a release build of this checkout; OUT=dir keeps the
# results (default bench-out). Every step is bounded: the load by LOAD_TIMEOUT seconds (default
# 5400), each replica's copy by REPLICA_TIMEOUT (default 3600), the server's start by
# START_TIMEOUT (default 600), each wrk run by its duration and two minutes. The load averages
# (`/proc/loadavg`) before and after each run go into the table: the machine may be shared.
# Everything runs on this one machine: the primary, the replicas, the server and wrk share its
# cores, so the figures say what the routing costs and where the reads go, not how far replicas
# on their own machines would carry.
# PRIMARY_DIR=dir measures on a cluster already holding the demo of FAMILIES families (started
# with `scripts/pg-cluster.sh start dir`; checked, never loaded again, kept afterwards, with the
# replicas' slots dropped): a second run, with another binary, costs no second load.
#
# TIMEOUT (default 10s) is wrk's: a request not answered within it counts as a timeout. How long
# each server's first request (the officer's list of bodies, which reads the register's snapshot)
# took goes into the results.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
families=${FAMILIES:-360000}
connections=${CONNECTIONS:-1000}
seconds=${SECONDS_EACH:-15}
wrk_timeout=${TIMEOUT:-10s}
load_timeout=${LOAD_TIMEOUT:-5400}
replica_timeout=${REPLICA_TIMEOUT:-3600}
start_timeout=${START_TIMEOUT:-600}
port=${PORT:-18282}
out=${OUT:-bench-out}
mkdir -p "$out"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
bench_binary

server=""
dirs=()
cleanup() {
  # (`|| true`: a failing `wait` would end the trap under `set -e` and leave the clusters running.)
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    bash scripts/pg-cluster.sh stop "${dirs[$i]}" >/dev/null 2>&1 || true
    rm -rf "${dirs[$i]}"
  done
  # A primary kept (PRIMARY_DIR) must not keep WAL for the replicas just removed.
  if [ -n "${PRIMARY_DIR:-}" ] && [ -n "${primary:-}" ]; then
    PGCONNECT_TIMEOUT=10 psql -X -Atq "$primary" \
      -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active AND slot_name LIKE 'cabildo\_%'" \
      >/dev/null 2>&1 || true
  fi
  true
}
trap cleanup EXIT
if [ -n "${PRIMARY_DIR:-}" ]; then
  primary_dir=$PRIMARY_DIR
  bash scripts/pg-cluster.sh start "$primary_dir" >/dev/null
  primary=$(bash scripts/pg-cluster.sh url "$primary_dir")
  held=$(psql -X -Atq "$primary" -c "SELECT COUNT(*) FROM households WHERE ended_on IS NULL" 2>/dev/null || echo 0)
  [ "$held" = "$families" ] || { echo "$primary_dir holds $held families, not $families" >&2; exit 1; }
  echo "measuring on $primary ($families families, loaded before)" >&2
else
  primary_dir=$(mktemp -d /tmp/cabildo-rb-p.XXXXXX)
  dirs+=("$primary_dir")
  bash scripts/pg-cluster.sh start "$primary_dir" >/dev/null
  primary=$(bash scripts/pg-cluster.sh url "$primary_dir")
  echo "loading $families families into $primary ($(date -u +%H:%M:%S))" >&2
  loaded_from=$(date +%s)
  timeout "$load_timeout" "$bin" --db "$primary" demo --families "$families" --no-serve >&2
  echo "loaded in $(($(date +%s) - loaded_from)) s; database $(psql -X -Atq "$primary" -c 'SELECT pg_size_pretty(pg_database_size(current_database()))')" >&2
fi
replicas=()
for n in 1 2; do
  dir=$(mktemp -d "/tmp/cabildo-rb-r$n.XXXXXX")
  dirs+=("$dir")
  copied_from=$(date +%s)
  timeout "$replica_timeout" bash scripts/pg-cluster.sh start-replica "$primary_dir" "$dir" >/dev/null
  echo "replica $n copied and started in $(($(date +%s) - copied_from)) s" >&2
  replicas+=("$(bash scripts/pg-cluster.sh url "$dir")")
done
urls=("$primary" "${replicas[@]}")

# Transactions each server has run in the test database so far.
transactions() {
  local url
  for url in "${urls[@]}"; do
    PGCONNECT_TIMEOUT=10 psql -X -Atq "$url" -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
  done | paste -sd' '
}

firsts=()
results="$out/replica-results.md"
bench_header "$results" "Reads with read replicas"
{
  echo "$families families on PostgreSQL $(psql -X -Atq "$primary" -c 'SHOW server_version'), a primary and two streaming replicas on this machine; wrk -t2 -c$connections -d${seconds}s --timeout $wrk_timeout on 127.0.0.1; each request to one of the sindicatos at random."
  echo
  echo "| replicas | page | requests/s | p50 | p90 | p99 | errors | transactions: primary / replica 1 / replica 2 | replicas' share | load average before → after |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} >> "$results"
for count in 0 1 2; do
  args=()
  for ((i = 0; i < count; i++)); do args+=(--replica "${replicas[$i]}"); done
  # `demo` serves the loaded demo, with its accounts.
  "$bin" --db "$primary" --lang en demo --listen "127.0.0.1:$port" "${args[@]}" > "$out/replica-server-$count.log" 2>&1 &
  server=$!
  started_at=$(date +%s)
  until curl -fs --max-time 5 "http://127.0.0.1:$port/health" >/dev/null; do
    if ! kill -0 "$server" 2>/dev/null || (($(date +%s) - started_at > start_timeout)); then
      echo "the server with $count replicas did not start; its log:" >&2
      tail -n 20 "$out/replica-server-$count.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  cookie=$(bench_sign_in "$port")
  spread="$out/replica-spread.lua"
  listed_from=$(date +%s%N)
  listing=$(curl -s --max-time 300 -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/bodies")
  firsts+=("$count: $(( ($(date +%s%N) - listed_from) / 1000000 )) ms")
  echo "$listing" | python3 -c '
import json, sys
ids = [b["id"] for b in json.load(sys.stdin)["bodies"] if b["kind"] == "sindicato"]
print("ids = {" + ",".join(map(str, ids)) + "}")
print("local suffix = os.getenv(\"SUFFIX\") or \"\"")
print("request = function() return wrk.format(\"GET\", \"/bodies/\" .. ids[math.random(#ids)] .. suffix) end")
' > "$spread"
  for suffix in "" "/padron?q=mamani"; do
    page="/bodies/{any}$suffix"
    echo "== $count replicas: $page" >&2
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    before=($(transactions))
    report=$(SUFFIX="$suffix" timeout $((seconds + 120)) wrk -t2 -c"$connections" -d"${seconds}s" --timeout "$wrk_timeout" --latency -s "$spread" \
      -H "Cookie: $cookie" "http://127.0.0.1:$port/")
    after=($(transactions))
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "$report" >&2
    echo "load average before: $load_before, after: $load_after" >&2
    done_here=()
    for i in 0 1 2; do done_here+=($((after[i] - before[i]))); done
    row=$(wrk_row "$page" "$report")
    all=$((done_here[0] + done_here[1] + done_here[2]))
    share=$(awk -v r=$((done_here[1] + done_here[2])) -v a="$all" 'BEGIN { if (a > 0) printf "%.0f %%", 100 * r / a; else print "–" }')
    echo "| $count ${row} ${done_here[0]} / ${done_here[1]} / ${done_here[2]} | $share | $load_before → $load_after |" >> "$results"
  done
  kill "$server" && wait "$server" 2>/dev/null || true
  server=""
done
{
  echo
  echo "The first request after each start (the officer's list of bodies, reading the register's snapshot), by replicas: ${firsts[*]}."
} >> "$results"
cat "$results"
