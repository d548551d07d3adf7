#!/usr/bin/env bash
# How long a padrón import through the web server keeps other writers waiting.
#
#   bash scripts/bench-import-lock.sh BINARY FAMILIES [PORT] [DATABASE]
#
# Makes the demo's tree in a fresh database (SQLite, or the PostgreSQL DATABASE URL given, whose
# schema must be empty), writes the demo padrón of FAMILIES families, adds a small sindicato with
# an assembly at its door, serves the database, imports the file through the API and, meanwhile,
# signs in every 100 ms on one connection and checks a family in at the door (alternately present
# and excused: a write each time) every 100 ms on another. Prints the import's time, and the
# slowest and median sign-in and check-in during it.
set -euo pipefail
bin=$1
families=$2
port=${3:-18431}
dir=$(mktemp -d)
trap 'kill "${server:-0}" "${doors:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
db=${4:-"$dir/bench.db"}
"$bin" --db "$db" demo --bodies-only --families "$families" --no-serve >/dev/null
"$bin" --db "$db" demo --csv "$dir/padron.csv" --families "$families" >/dev/null
root=TROPICO
# The door: a sindicato outside the file, with the first sindicato's families of a small padrón.
"$bin" --db "$db" body add --kind sindicato --parent "$root" --name "Sindicato Banco" --code BANCO >/dev/null
"$bin" --db "$db" demo --csv "$dir/small.csv" --families 50 >/dev/null
(head -1 "$dir/small.csv"; grep '^F1-C01-S01;' "$dir/small.csv") | cut -d';' -f3- >"$dir/banco.csv"
"$bin" --db "$db" import "$dir/banco.csv" --body BANCO >/dev/null
assembly=$("$bin" --db "$db" --lang en assembly convene --body BANCO --kind ordinaria --title Asamblea \
    --at "2026-11-30 09:00" --place Cancha | sed -n 's/^Assembly \([0-9]*\) .*/\1/p')
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

check_in() {
    local excused=$1
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data "{\"household_id\": 1, \"excused\": $excused}" "http://127.0.0.1:$port/api/v1/assemblies/$assembly/attendance"
}
: >"$dir/doors"
(
    while :; do
        check_in true >>"$dir/doors"
        sleep 0.1
        check_in false >>"$dir/doors"
        sleep 0.1
    done
) &
doors=$!
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
kill "$doors" 2>/dev/null || true
echo "file: $(du -h "$dir/padron.csv" | cut -f1), $(wc -l <"$dir/padron.csv") lines; wall $(echo "$end - $start" | bc) s"
head -c 300 "$dir/import.json"; echo
sort -n "$dir/latencies" | awk '{a[NR]=$1} END {print "sign-ins during the import:", NR, " median", a[int((NR+1)/2)], "s  slowest", a[NR], "s"}'
sort -n "$dir/doors" | awk '{a[NR]=$1} END {print "check-ins during the import:", NR, " median", a[int((NR+1)/2)], "s  slowest", a[NR], "s"}'
