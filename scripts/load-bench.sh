#!/usr/bin/env bash
# Page latency under load, one command: the Trópico demo (360,000 families) on SQLite, `cabildo
# serve` on 127.0.0.1, and load tools on loopback (bounded in time) against a sindicato's page and
# its padrón as a signed-in federation officer: wrk flat out (each connection asks again as soon
# as it is answered), the same pages with gzip beside a minimal axum GET served by the same binary
# (`cabildo bench --minimal-get`), then oha at a steady rate. Prints the tools' reports and a
# summary table.
#
#   bash scripts/load-bench.sh                      # 200 connections, 15 s each, 2,000/s steady
#   CONNECTIONS=50 SECONDS_EACH=10 RATE=500 FAMILIES=95000 bash scripts/load-bench.sh
#   bash scripts/load-bench.sh --db postgres://postgres@127.0.0.1:55432/load   # on PostgreSQL
#
# With --db postgres://…, the demo is loaded into that database when it does not hold it yet (an
# empty database is needed the first time). STEADY=0 skips the steady-rate part (no oha needed);
# BIN=path serves with that binary instead of building this checkout (to measure an older one);
# LABEL names the run in the results; OUT=dir keeps its database and results apart (default bench-out).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
db_url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db_url=${2:?--db needs a postgres:// URL}; shift 2 ;;
    *) echo "usage: $0 [--db postgres://…]" >&2; exit 2 ;;
  esac
done
case "$db_url" in
  "" | postgres://* | postgresql://*) ;;
  *) echo "--db takes a postgres:// URL (SQLite is the default)" >&2; exit 2 ;;
esac
families=${FAMILIES:-360000}
connections=${CONNECTIONS:-200}
seconds=${SECONDS_EACH:-15}
port=${PORT:-18181}
steady=${STEADY:-1}
out=${OUT:-bench-out}
mkdir -p "$out"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
if [ "$steady" = 1 ]; then
  command -v oha >/dev/null || cargo install oha --locked   # a load tool with a steady rate (crates.io)
fi
rate=${RATE:-2000}
bench_binary
if [ -n "$db_url" ]; then
  db=$db_url
  backend="PostgreSQL ($(echo "$db_url" | sed -E 's#^(postgres(ql)?://)[^:@/]*(:[^@/]*)?@#\1#'))"
  # Loads the demo into an empty database; says it is there and stops otherwise.
  "$bin" --db "$db" demo --families "$families" --no-serve
else
  db="$out/load-$families.db"
  backend=SQLite
  if [ ! -f "$db" ]; then
    "$bin" --db "$db" demo --families "$families" --no-serve
  fi
fi
"$bin" --db "$db" --lang en demo --listen "127.0.0.1:$port" > "$out/load-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
# Sign in as a browser does: the sign-in page gives a form token (cookie and hidden field).
form_cookie=$(curl -s -i "http://127.0.0.1:$port/login" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(cabildo_form=[^;]*\).*/\1/p')
cookie=$(curl -s -i -X POST -H "Cookie: $form_cookie" \
  -d "username=dirigente&password=cabildo-demo&csrf=${form_cookie#cabildo_form=}" "http://127.0.0.1:$port/login" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(cabildo_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }
bodies=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/bodies")
sindicato=$(echo "$bodies" \
  | python3 -c 'import json,sys; print(next(b["id"] for b in json.load(sys.stdin)["bodies"] if b["code"]=="F1-C01-S01"))')
# Every sindicato the officer sees, for requests spread over all of them (a wrk script picks one
# at random for each request; the first view of each reads the database, later ones memory).
spread="$out/load-spread.lua"
echo "$bodies" | python3 -c '
import json, sys
ids = [b["id"] for b in json.load(sys.stdin)["bodies"] if b["kind"] == "sindicato"]
print("ids = {" + ",".join(map(str, ids)) + "}")
print("local suffix = os.getenv(\"SUFFIX\") or \"\"")
print("request = function() return wrk.format(\"GET\", \"/bodies/\" .. ids[math.random(#ids)] .. suffix) end")
' > "$spread"
sindicatos=$(grep -o ',' "$spread" | wc -l)
results="$out/load-results.md"
{
  echo "# Page latency under load — $(date -u +%Y-%m-%d)${LABEL:+ — $LABEL}"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $families families on $backend; wrk -t2 -c$connections -d${seconds}s on 127.0.0.1."
  echo "\`{any}\`: each request to one of the $((sindicatos + 1)) sindicatos the officer sees, at random."
  echo
  echo "| page | requests/s | p50 | p90 | p99 | errors |"
  echo "|---|---|---|---|---|---|"
} > "$results"
# Each page is viewed once before it is timed: the first view after a write reads the database
# (`cabildo bench` times that); the load measures the views that follow.
for page in "/bodies/$sindicato" "/bodies/$sindicato/padron?q=mamani" "/bodies/$sindicato/padron?page=2"; do
  curl -fs -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port$page"
done
for page in "/bodies/$sindicato" "/bodies/$sindicato/padron?q=mamani" "/bodies/$sindicato/padron?page=2" \
  "/bodies/{any}" "/bodies/{any}/padron?q=mamani" "/health"; do
  echo "== $page" >&2
  script=()
  case "$page" in
    */\{any\}*) script=(-s "$spread"); export SUFFIX="${page#/bodies/\{any\}}" ;;
  esac
  report=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "${script[@]}" -H "Cookie: $cookie" \
    "http://127.0.0.1:$port${page//\{any\}/$sindicato}")
  echo "$report" >&2
  wrk_row "$page" "$report" >> "$results"
done
# With gzip, as every browser asks, beside a minimal axum GET served by the same binary on the
# same machine (`cabildo bench --minimal-get`), measured before and after the pages in this run:
# the pages' target is at least half the minimal server's rate, p99 under 10 ms.
minimal_port=$((port + 1))
"$bin" bench --minimal-get "127.0.0.1:$minimal_port" > "$out/minimal-get.log" 2>&1 &
minimal=$!
trap 'kill $server $minimal 2>/dev/null; wait $server $minimal 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$minimal_port/" >/dev/null && break; sleep 0.1; done
{
  echo
  echo "With gzip (\`Accept-Encoding: gzip, deflate, br\`), beside a minimal axum GET in the same run (wrk -t2 -c$connections -d${seconds}s):"
  echo
  echo "| page | requests/s | p50 | p90 | p99 | errors |"
  echo "|---|---|---|---|---|---|"
} >> "$results"
gzip_rows=()
minimal_rows=()
for page in "minimal" "/bodies/$sindicato" "/bodies/$sindicato/padron?q=mamani" "/bodies/$sindicato/padron?page=2" "minimal"; do
  echo "== gzip $page" >&2
  if [ "$page" = minimal ]; then
    report=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "http://127.0.0.1:$minimal_port/")
    row=$(wrk_row "minimal axum GET" "$report")
    minimal_rows+=("$(echo "$report" | awk '/Requests\/sec/ {print $2}')")
  else
    report=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -H "Cookie: $cookie" \
      -H "Accept-Encoding: gzip, deflate, br" "http://127.0.0.1:$port$page")
    row=$(wrk_row "$page (gzip)" "$report")
    gzip_rows+=("$(echo "$report" | awk '/Requests\/sec/ {print $2}')")
  fi
  echo "$report" >&2
  echo "$row" >> "$results"
done
{
  echo
  python3 - "${minimal_rows[@]}" "${gzip_rows[@]}" <<'PY'
import sys
minimal = [float(x) for x in sys.argv[1:3]]
pages = [float(x) for x in sys.argv[3:]]
reference = sum(minimal) / len(minimal)
names = ["a sindicato's page", "padrón search", "padrón page 2"]
print(f"Minimal GET: {reference:,.0f} requests/s (mean of before and after). Pages with gzip as a share of it: "
      + "; ".join(f"{n} {p / reference:.0%}" for n, p in zip(names, pages)) + " (target ≥ 50 %).")
PY
} >> "$results"
if [ "$steady" != 1 ]; then
  cat "$results"
  exit 0
fi
# The same pages at a steady pace (people clicking, not a flood): oha sends RATE requests/s in
# all over the connections and, with --latency-correction, times each from when it was due, so a
# stall shows in the figures instead of slowing the load down.
{
  echo
  echo "Steady load: oha -c $connections -q $rate --latency-correction ($rate requests/s offered over $connections connections), ${seconds}s."
  echo
  echo "| page | requests/s | p50 | p90 | p99 | p99.9 | errors |"
  echo "|---|---|---|---|---|---|---|"
} >> "$results"
for page in "/bodies/$sindicato" "/bodies/$sindicato/padron?q=mamani" "/bodies/$sindicato/padron?page=2"; do
  echo "== steady $page" >&2
  oha -z "${seconds}s" -c "$connections" -q "$rate" --latency-correction --no-tui --output-format json \
    -H "Cookie: $cookie" "http://127.0.0.1:$port$page" > "$out/oha.json"
  python3 - "$page" "$out/oha.json" >> "$results" <<'PY'
import json, sys
page, report = sys.argv[1], json.load(open(sys.argv[2]))
ms = lambda p: f"{report['latencyPercentiles'][p] * 1000:.2f}ms"
errors = sum(n for code, n in report["statusCodeDistribution"].items() if code != "200")
# Requests still in flight when the time is up are cut off by oha itself: not the server's errors.
errors += sum(n for e, n in report.get("errorDistribution", {}).items() if e != "aborted due to deadline")
print(f"| `{page}` | {report['summary']['requestsPerSec']:.0f} | {ms('p50')} | {ms('p90')} | {ms('p99')} | {ms('p99.9')} | {errors} |")
PY
done
cat "$results"
