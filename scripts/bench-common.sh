# What the benchmark scripts share (bench.sh, load-bench.sh, vote-bench.sh, consulta-bench.sh):
# sourced from the repository's root, after `set -euo pipefail`.

# The binary to measure in `bin`: $BIN when given (to measure an older one), or a release build of
# this checkout.
bench_binary() {
  if [ -n "${BIN:-}" ]; then
    bin=$BIN
  else
    cargo build --release -p cabildo
    bin=target/release/cabildo
  fi
}

# Starts the results file $1 with the title $2, the day and the machine it ran on.
bench_header() {
  {
    echo "# $2 — $(date -u +%Y-%m-%d)"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
    echo
  } > "$1"
}

# Stops the server the script started (`server`, if any) and the throwaway cluster (`pg_dir`).
bench_cleanup() {
  # Each step on its own, never stopped by the one before: under `set -e` a failing `wait` (a
  # killed server answers 143) would otherwise end the clean-up and leave the cluster running.
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ -n "$pg_dir" ]; then
    bash scripts/pg-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  true
}

# A throwaway PostgreSQL cluster under /tmp/$1.XXXXXX when $backends names postgres (its folder in
# `pg_dir`, its address in `pg_url`), stopped on exit with the server the script starts in `server`.
bench_postgres() {
  pg_dir=""
  server=""
  trap bench_cleanup EXIT
  if [[ " $backends " == *" postgres "* ]]; then
    pg_dir=$(mktemp -d "/tmp/$1.XXXXXX")
    bash scripts/pg-cluster.sh start "$pg_dir" >/dev/null
    pg_url=$(bash scripts/pg-cluster.sh url "$pg_dir")
  fi
}

# The row of a results table for wrk's report $2 on the page $1:
# | page | requests/s | p50 | p90 | p99 | errors |
wrk_row() {
  local rps p50 p90 p99 errors
  rps=$(echo "$2" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$2" | awk '$1=="50%" {print $2}')
  p90=$(echo "$2" | awk '$1=="90%" {print $2}')
  p99=$(echo "$2" | awk '$1=="99%" {print $2}')
  errors=$(echo "$2" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')
  echo "| \`$1\` | $rps | $p50 | $p90 | $p99 | ${errors:-0} |"
}

# Signs `dirigente` in at the server on 127.0.0.1:$1 as a browser does (the sign-in page gives a
# form token, cookie and hidden field) and prints its session cookie (`cabildo_session=…`).
bench_sign_in() {
  local form_cookie cookie
  form_cookie=$(curl -s -i "http://127.0.0.1:$1/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(cabildo_form=[^;]*\).*/\1/p')
  cookie=$(curl -s -i -X POST -H "Cookie: $form_cookie" \
    -d "username=dirigente&password=cabildo-demo&csrf=${form_cookie#cabildo_form=}" "http://127.0.0.1:$1/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(cabildo_session=[^;]*\).*/\1/p')
  [ -n "$cookie" ] || { echo "could not sign in" >&2; return 1; }
  echo "$cookie"
}
