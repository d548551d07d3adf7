#!/usr/bin/env bash
# The consultas' benchmarks (issue 13, item 8), one command: builds the release binary, then on
# SQLite and on PostgreSQL (a throwaway cluster) runs `cabildo bench --consulta` — a consulta of
# the confederation to 30,000 bases with 3,000,000 members: the roll-up from the database, one
# more base answering and every ancestor's results showing it, every base answering — and then
# serves that database on 127.0.0.1 and measures results pages under 200 concurrent readers
# (bounded in time): with hey at a steady rate (200 readers, RATE requests/s in all: people
# reading pages) and with wrk flat out (each connection asks again as soon as it is answered).
# Results go to bench-out/consulta-results.md.
#
#   bash scripts/consulta-bench.sh
#   BASES=3000 BACKENDS=sqlite CONNECTIONS=50 SECONDS_EACH=5 bash scripts/consulta-bench.sh
#   BIN=target/release/cabildo bash scripts/consulta-bench.sh    # without building
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
bases=${BASES:-30000}
per_base=${MEMBERS_PER_BASE:-100}
backends=${BACKENDS:-"sqlite postgres"}
connections=${CONNECTIONS:-200}
seconds=${SECONDS_EACH:-15}
port=${PORT:-18182}
out=${OUT:-bench-out}
mkdir -p "$out"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v hey >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey; }
rate=${RATE:-2000}
bench_binary
results="$out/consulta-results.md"
bench_header "$results" "Consulta benchmarks"
bench_postgres cabildo-consulta-pg
for backend in $backends; do
  echo "== $backend: generating and timing" >&2
  if [ "$backend" = postgres ]; then
    psql -q "$pg_url" -c "DROP DATABASE IF EXISTS consulta_bench" -c "CREATE DATABASE consulta_bench" >/dev/null
    db="${pg_url%/*}/consulta_bench"
  else
    db="$out/consulta-$bases.db"
    rm -f "$db" "$db-wal" "$db-shm"
  fi
  stress=()
  [ "${NO_STRESS:-}" = "$backend" ] && stress=(--no-stress)   # NO_STRESS=postgres skips its stress part
  "$bin" --lang en --db "$db" bench --consulta --bases "$bases" --members-per-base "$per_base" "${stress[@]}" >> "$results"
  echo >> "$results"
  # A reader of the results: an afiliado of the first central (roles reach down; results are
  # open to anyone whose roles reach the consulted subtree).
  echo "cabildo-bench-reader" | "$bin" --db "$db" user add lectora --name "Lectora" --password-stdin >/dev/null
  "$bin" --db "$db" grant lectora C1 afiliado >/dev/null
  "$bin" --db "$db" --lang en serve --listen "127.0.0.1:$port" > "$out/consulta-server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
  form_cookie=$(curl -s -i "http://127.0.0.1:$port/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(cabildo_form=[^;]*\).*/\1/p')
  cookie=$(curl -s -i -X POST -H "Cookie: $form_cookie" \
    -d "username=lectora&password=cabildo-bench-reader&csrf=${form_cookie#cabildo_form=}" "http://127.0.0.1:$port/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(cabildo_session=[^;]*\).*/\1/p')
  [ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }
  # Requests spread over every sindicato's results (a wrk script picks one at random).
  spread="$out/consulta-spread.lua"
  cat > "$spread" <<LUA
request = function() return wrk.format("GET", "/consultas/1/results?body=S" .. math.random($bases)) end
LUA
  pages=("/consultas/1/results" "/consultas/1/results?body=D1" "/consultas/1/results?body=F1" \
    "/consultas/1/results?body=C1" "/consultas/1/results?body=S1" "/consultas/1/results/radio.txt")
  for page in "${pages[@]}"; do curl -fs -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port$page"; done
  {
    echo "Results pages of consulta 1 on $backend, $connections readers at a steady $rate requests/s in all (hey -c $connections -q $((rate / connections)) -z ${seconds}s), signed in, 127.0.0.1:"
    echo
    echo "| page | requests/s | p50 | p90 | p99 | non-200 |"
    echo "|---|---|---|---|---|---|"
  } >> "$results"
  for page in "${pages[@]}"; do
    echo "== $backend steady $page" >&2
    report=$(hey -z "${seconds}s" -c "$connections" -q $((rate / connections)) -H "Cookie: $cookie" \
      "http://127.0.0.1:$port$page")
    echo "$report" >&2
    rps=$(echo "$report" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$report" | awk '$1=="50%" {printf "%.2f ms", $3 * 1000}')
    p90=$(echo "$report" | awk '$1=="90%" {printf "%.2f ms", $3 * 1000}')
    p99=$(echo "$report" | awk '$1=="99%" {printf "%.2f ms", $3 * 1000}')
    bad=$(echo "$report" | awk '/^\s*\[[0-9]+\]/ && $1 != "[200]" {n += $2} END {print n + 0}')
    echo "| \`$page\` | $rps | $p50 | $p90 | **$p99** | $bad |" >> "$results"
  done
  {
    echo
    echo "The same flat out: wrk -t2 -c$connections -d${seconds}s (\`{any}\`: any of the $bases sindicatos, at random)."
    echo
    echo "| page | requests/s | p50 | p90 | p99 | errors |"
    echo "|---|---|---|---|---|---|"
  } >> "$results"
  for page in "${pages[@]}" "/consultas/1/results?body={any}"; do
    script=()
    [[ "$page" == *"{any}"* ]] && script=(-s "$spread")
    echo "== $backend flat out $page" >&2
    report=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "${script[@]}" -H "Cookie: $cookie" \
      "http://127.0.0.1:$port${page//\{any\}/S1}")
    echo "$report" >&2
    wrk_row "$page" "$report" >> "$results"
  done
  echo >> "$results"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
cat "$results"
