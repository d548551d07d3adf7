#!/usr/bin/env bash
# How long a padrón import through the web server keeps sign-ins waiting.
#
#   bash scripts/bench-import-lock.sh BINARY FAMILIES [PORT]
#
# Makes the demo's tree in a fresh SQLite database, writes the demo padrón of FAMILIES families,
# serves the database, imports the file through the API and, meanwhile, signs in every 100 ms on
# another connection. Prints the import's time, the slowest and the median sign-in during it.
set -euo pipefail
bin=$1
families=$2
port=${3:-18431}
dir=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
db="$dir/bench.db"
"$bin" --db "$db" demo --bodies-only --families "$families" --no-serve >/dev/null
"$bin" --db "$db" demo --csv "$dir/padron.csv" --families "$families" >/dev/null
root=TROPICO
CABILDO_PASSWORD=cabildo-demo-2026 "$bin" --db "$db" user add admin --name Admin >/dev/null
"$bin" --db "$db" grant admin "$root" administrador >/dev/null
token=$("$bin" --db "$db" token admin 2>/dev/null | tail -1)
"$bin" --db "$db" serve --listen "127.0.0.1:$port" 2>"$dir/server.log" &
server=$!
until curl -fs "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
root_id=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/bodies" |
    python3 -c "import json,sys; print([b['id'] for b in json.load(sys.stdin)['bodies'] if b['code']=='$root'][0])")

sign_in() {
    local jar="$dir/jar" form
    form=$(curl -fs -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' \
        --data "username=admin&password=cabildo-demo-2026&csrf=$form" "http://127.0.0.1:$port/login"
}

start=$(date +%s.%N)
curl -s -o "$dir/import.json" -w 'import: HTTP %{http_code} in %{time_total} s\n' \
    -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
    --data-binary "@$dir/padron.csv" "http://127.0.0.1:$port/api/v1/bodies/$root_id/import" &
importer=$!
: >"$dir/latencies"
while kill -0 "$importer" 2>/dev/null; do
    sign_in >>"$dir/latencies"
    sleep 0.1
done
wait "$importer"
end=$(date +%s.%N)
echo "file: $(du -h "$dir/padron.csv" | cut -f1), $(wc -l <"$dir/padron.csv") lines; wall $(echo "$end - $start" | bc) s"
head -c 300 "$dir/import.json"; echo
sort -n "$dir/latencies" | awk '{a[NR]=$1} END {print "sign-ins during the import:", NR, " median", a[int((NR+1)/2)], "s  slowest", a[NR], "s"}'
