#!/usr/bin/env bash
# The live view's benchmark (issue 16, part 3), one command: builds the release binary, makes a
# cabildo abierto with TICKETS tickets (100,000) on SQLite, serves it on 127.0.0.1 and runs
# `cabildo bench --live-load` against it:
#  1. the first half of the tickets vote from CLIENTS keep-alive connections (1,000), nobody watching;
#  2. WATCHERS screens (10,000) open the live view's event stream; the server's VmRSS before/after;
#  3. the second half vote with them watching (the rate is compared with step 1, same run);
#  4. the vote is closed, then the assembly: the time until every screen has the outcome, and then
#     the final `end` event, from when each close was sent.
# Results go to bench-out/sse-results.md. Every loop is bounded (one vote per ticket, deadlines).
#
#   bash scripts/sse-bench.sh
#   WATCHERS=2000 TICKETS=20000 CLIENTS=200 bash scripts/sse-bench.sh
#   BIN=/path/to/cabildo bash scripts/sse-bench.sh      # measure another binary, no build
#   DB_DIR=/dev/shm bash scripts/sse-bench.sh           # the database in memory (see below)
#
# The vote box commits with `synchronous = FULL`: on a disk shared with other work, the vote rate
# is bound by how long each fsync waits, which moves with the others' writes far more than with
# the watchers. DB_DIR=/dev/shm (tmpfs: fsync returns at once) takes the disk out, so that what is
# compared between the two phases is what the watchers cost in CPU. scripts/vote-bench.sh
# measures votes on disk, durably.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
tickets=${TICKETS:-100000}
clients=${CLIENTS:-1000}
watchers=${WATCHERS:-10000}
port=${PORT:-18091}
backends=sqlite
out=bench-out
mkdir -p "$out"
# Watchers and phones: one file descriptor each, on both sides.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((watchers + clients + 512)) ]; then
  echo "sse-bench: ulimit -n is $(ulimit -n), too low for $watchers watchers and $clients phones" >&2
  exit 1
fi
bench_binary
results="$out/sse-results.md"
bench_header "$results" "Cabildo live view: server-sent events under load"
bench_postgres cabildo-sse-pg

db="${DB_DIR:-$out}/sse.db"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --lang en --db "$db" bench --live-setup "$tickets" --dir "$out"
"$bin" --lang en --db "$db" serve --listen "127.0.0.1:$port" >"$out/sse-server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
{
  echo "## SQLite: $watchers watchers, $tickets tickets, $clients phones"
  echo
  "$bin" --lang en bench --live-load "http://127.0.0.1:$port" --watchers "$watchers" --clients "$clients" \
    --server-pid "$server" --dir "$out"
  echo
} >> "$results"
cat "$results"
