#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and CI.
#
#   scripts/pg-cluster.sh start  DIR   create (if needed) and start a cluster in DIR
#   scripts/pg-cluster.sh stop   DIR   stop it (pg_ctl -m fast); no-op if not running
#   scripts/pg-cluster.sh url    DIR   print postgres://postgres@127.0.0.1:PORT/cabildo_test
#   scripts/pg-cluster.sh status DIR   say whether it runs (exit 0 if it does, 3 if not)
#   scripts/pg-cluster.sh start-replica PRIMARY_DIR DIR
#                                      make DIR a streaming replica (hot standby) of the
#                                      running cluster in PRIMARY_DIR, if it is not one yet,
#                                      and start it; `url`, `stop`, `status` and `start` then
#                                      work on DIR as on any cluster
#
# A replica is made with `pg_basebackup -R -X stream -c fast` from the primary over
# 127.0.0.1, through a physical replication slot of its own (cabildo_<hash of
# DIR>: the primary keeps the WAL the replica has not received, even while the
# replica is stopped), with hot_standby=on (it answers read-only queries) and
# hot_standby_feedback=on (the primary's vacuum does not cancel its queries).
# Its database `cabildo_test` is the primary's. Stopping the primary and the
# replica and removing their directories is enough to clean up.
#
# The cluster is for tests only: trust authentication, superuser `postgres`,
# UTF8 with the C locale, fsync/synchronous_commit/full_page_writes off. It
# listens on 127.0.0.1 only, on the first free port from 55432 upwards (a
# cluster started again takes the port it had, recorded in DIR/port, while that
# port is free: clients keep their URL across a restart), and keeps its unix
# socket inside DIR. `start` creates the database
# `cabildo_test`. Both `start` and `stop` are idempotent.
#
# PostgreSQL refuses to run as root: when run as root, the server runs as the
# system user `cabildo-pg` (created if missing) and DIR is chown'ed to it, so
# DIR's parent directories must be searchable by that user (e.g. under /tmp).
#
# Layout of DIR: data/ (PGDATA), socket/, port, postgresql.log, initdb.log.
#
# Environment (all optional):
#   PG_BINDIR               directory holding initdb and pg_ctl (default: the
#                           highest /usr/lib/postgresql/*/bin, else $PATH)
#   PG_CLUSTER_BASE_PORT    first port to try (default 55432)
#   PG_CLUSTER_PORT_TRIES   how many ports to try (default 200)
#   PG_CLUSTER_USER         system user when run as root (default cabildo-pg)
set -euo pipefail

readonly DB_NAME=cabildo_test
readonly DB_SUPERUSER=postgres
readonly PG_SYSTEM_USER=${PG_CLUSTER_USER:-cabildo-pg}
readonly BASE_PORT=${PG_CLUSTER_BASE_PORT:-55432}
readonly PORT_TRIES=${PG_CLUSTER_PORT_TRIES:-200}
readonly TIMEOUT=60

die() { echo "pg-cluster: error: $*" >&2; exit 1; }
say() { echo "pg-cluster: $*" >&2; }

usage() {
    echo "usage: $0 start|stop|url|status DIR" >&2
    echo "       $0 start-replica PRIMARY_DIR DIR" >&2
    exit 2
}

# --- locating the PostgreSQL binaries --------------------------------------

INITDB="" PG_CTL="" PSQL="" PG_ISREADY="" PG_BASEBACKUP=""

find_pg_binaries() {
    local dir="" d
    if [[ -n ${PG_BINDIR:-} ]]; then
        [[ -x $PG_BINDIR/initdb && -x $PG_BINDIR/pg_ctl ]] \
            || die "PG_BINDIR=$PG_BINDIR does not contain initdb and pg_ctl"
        dir=$PG_BINDIR
    else
        # Highest version under /usr/lib/postgresql (Debian/Ubuntu layout).
        while IFS= read -r d; do
            if [[ -x $d/initdb && -x $d/pg_ctl ]]; then dir=$d; fi
        done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
    fi
    if [[ -n $dir ]]; then
        INITDB=$dir/initdb
        PG_CTL=$dir/pg_ctl
    else
        INITDB=$(command -v initdb || true)
        PG_CTL=$(command -v pg_ctl || true)
        # initdb may be a symlink into the real bin dir, where pg_ctl lives.
        if [[ -n $INITDB && -z $PG_CTL ]]; then
            d=$(dirname "$(readlink -f "$INITDB")")
            [[ -x $d/pg_ctl ]] && PG_CTL=$d/pg_ctl
        fi
        [[ -n $INITDB ]] || die "initdb not found (looked in /usr/lib/postgresql/*/bin and \$PATH); install PostgreSQL, e.g. 'apt-get install -y postgresql', or set PG_BINDIR"
        [[ -n $PG_CTL ]] || die "pg_ctl not found next to $INITDB nor in \$PATH; set PG_BINDIR"
        dir=$(dirname "$(readlink -f "$PG_CTL")")
    fi
    if [[ -x $dir/psql ]]; then PSQL=$dir/psql; else PSQL=$(command -v psql || true); fi
    if [[ -x $dir/pg_isready ]]; then PG_ISREADY=$dir/pg_isready; else PG_ISREADY=$(command -v pg_isready || true); fi
    if [[ -x $dir/pg_basebackup ]]; then PG_BASEBACKUP=$dir/pg_basebackup; else PG_BASEBACKUP=$(command -v pg_basebackup || true); fi
    [[ -n $PSQL ]] || die "psql not found (needed to create database $DB_NAME); install postgresql-client"
}

# --- running as the cluster owner ------------------------------------------

RUN_AS=""   # empty: run as the current user

ensure_system_user() {
    if id -u "$PG_SYSTEM_USER" >/dev/null 2>&1; then return; fi
    say "creating system user $PG_SYSTEM_USER"
    if ! useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PG_SYSTEM_USER" 2>/dev/null; then
        # Another run may have created it concurrently.
        id -u "$PG_SYSTEM_USER" >/dev/null 2>&1 \
            || die "could not create system user $PG_SYSTEM_USER (useradd failed)"
    fi
}

# Runs "$@" as $RUN_AS (if set), from inside $DIR so that the server tools
# never start in a directory they cannot read (e.g. /root).
as_owner() {
    if [[ -z $RUN_AS ]]; then
        (cd "$DIR" && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd "$DIR" && runuser -u "$RUN_AS" -- "$@")
    else
        (cd "$DIR" && su "$RUN_AS" -s /bin/sh -c "$(printf '%q ' "$@")")
    fi
}

# As root, act as whoever owns the data directory (normally cabildo-pg).
pick_owner_of_existing_cluster() {
    ((EUID == 0)) || return 0
    local owner
    owner=$(stat -c %U "$DATA")
    [[ $owner != root ]] || die "$DATA is owned by root; PostgreSQL cannot run as root"
    RUN_AS=$owner
}

is_running() {
    [[ -f $DATA/PG_VERSION ]] || return 1
    as_owner "$PG_CTL" -D "$DATA" status >/dev/null 2>&1
}

# Port recorded by the running postmaster (line 4 of postmaster.pid).
running_port() {
    local port
    port=$(sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true)
    [[ $port =~ ^[0-9]+$ ]] || return 1
    echo "$port"
}

port_in_use() {
    # Something accepts connections on 127.0.0.1:$1 -> in use.
    # shellcheck disable=SC2016 # $1 is expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" >/dev/null 2>&1
}

psql_admin() {
    PGCONNECT_TIMEOUT=10 "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" \
        -U "$DB_SUPERUSER" -d postgres "${@:2}"
}

show_log_tail() {
    local f=$1
    if [[ -s $f ]]; then
        echo "---- last lines of $f ----" >&2
        tail -n 25 "$f" >&2
        echo "----" >&2
    fi
}

# --- commands --------------------------------------------------------------

# Starts the server of $DATA on the first free port from the one it had (or
# $BASE_PORT) upwards, logging to $1.
start_on_free_port() {
    local logfile=$1
    local port=$BASE_PORT tries=0 started=0 previous=""
    if [[ -f $DIR/port ]]; then previous=$(<"$DIR/port"); fi
    if [[ $previous =~ ^[0-9]+$ ]] && ! port_in_use "$previous"; then
        port=$previous
    fi
    while ((tries < PORT_TRIES)); do
        tries=$((tries + 1))
        if port_in_use "$port"; then
            port=$((port + 1))
            continue
        fi
        rm -f "$logfile"
        if as_owner "$PG_CTL" -D "$DATA" -l "$logfile" -w -t "$TIMEOUT" \
                -o "-p $port" start >/dev/null 2>&1; then
            started=1
            break
        fi
        # Lost a race for the port: try the next one.
        if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$logfile" 2>/dev/null; then
            say "port $port is taken, trying $((port + 1))"
            as_owner "$PG_CTL" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
            port=$((port + 1))
            continue
        fi
        show_log_tail "$logfile"
        die "pg_ctl start failed (server log: $logfile)"
    done
    ((started)) || die "no free port in $BASE_PORT..$((BASE_PORT + PORT_TRIES - 1))"
    say "started on 127.0.0.1:$port (data: $DATA, log: $logfile)"
}


cmd_start() {
    find_pg_binaries
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    DATA=$DIR/data
    local sock=$DIR/socket logfile=$DIR/postgresql.log

    # sun_path is 108 bytes including the NUL; the socket is
    # "$sock/.s.PGSQL.NNNNN" (15 more bytes).
    if ((${#sock} + 15 > 107)); then
        die "socket path $sock is too long for a unix socket; use a shorter DIR"
    fi

    if ((EUID == 0)); then
        ensure_system_user
        if [[ -f $DATA/PG_VERSION ]]; then
            pick_owner_of_existing_cluster
        else
            RUN_AS=$PG_SYSTEM_USER
        fi
        chown -R "$RUN_AS:" "$DIR" || die "could not chown $DIR to $RUN_AS"
        as_owner test -w "$DIR" -a -x "$DIR" 2>/dev/null \
            || die "$DIR is not reachable by user $RUN_AS (is a parent directory private, e.g. /root?); use a directory under /tmp"
    fi

    if is_running; then
        local port
        port=$(running_port) || die "a server is running on $DATA but its port is unknown"
        say "already running on 127.0.0.1:$port"
    else
        if [[ ! -f $DATA/PG_VERSION ]]; then
            if [[ -d $DATA ]] && [[ -n $(ls -A "$DATA") ]]; then
                die "$DATA exists, is not empty and is not a PostgreSQL cluster; refusing to touch it"
            fi
            say "initdb ($("$INITDB" --version)) in $DATA"
            if ! as_owner "$INITDB" -D "$DATA" -A trust -U "$DB_SUPERUSER" \
                    --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1; then
                show_log_tail "$DIR/initdb.log"
                die "initdb failed (full output in $DIR/initdb.log)"
            fi
            local sock_conf=${sock//\'/\'\'}
            cat >>"$DATA/postgresql.conf" <<EOF

# ---- added by scripts/pg-cluster.sh: throwaway test cluster ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock_conf'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        fi
        as_owner mkdir -p "$sock"
        start_on_free_port "$logfile"
    fi

    local port exists
    port=$(running_port) || die "server started but its port is unknown"
    echo "$port" >"$DIR/port"
    exists=$(psql_admin "$port" -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") \
        || die "could not connect to the new server on 127.0.0.1:$port"
    if [[ $exists != 1 ]]; then
        psql_admin "$port" -c "CREATE DATABASE $DB_NAME" || die "could not create database $DB_NAME"
        say "created database $DB_NAME"
    fi
    say "url: postgres://$DB_SUPERUSER@127.0.0.1:$port/$DB_NAME"
}

cmd_start_replica() {
    local primary_dir=$1 primary_port
    find_pg_binaries
    [[ -d $primary_dir ]] || die "$primary_dir does not exist (run: $0 start $primary_dir)"
    primary_dir=$(cd "$primary_dir" && pwd -P)
    primary_port=$(sed -n 4p "$primary_dir/data/postmaster.pid" 2>/dev/null || true)
    [[ $primary_port =~ ^[0-9]+$ ]] || die "no running cluster in $primary_dir (run: $0 start $primary_dir)"
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    DATA=$DIR/data
    [[ $DIR != "$primary_dir" ]] || die "a cluster cannot be its own replica"
    if [[ ! -f $DATA/PG_VERSION ]]; then
        if [[ -d $DATA ]] && [[ -n $(ls -A "$DATA") ]]; then
            die "$DATA exists, is not empty and is not a PostgreSQL cluster; refusing to touch it"
        fi
        [[ -n $PG_BASEBACKUP ]] || die "pg_basebackup not found next to $PG_CTL nor in \$PATH; set PG_BINDIR"
        if ((EUID == 0)); then
            # The replica runs as the primary's owner.
            RUN_AS=$(stat -c %U "$primary_dir/data")
            [[ $RUN_AS != root ]] || die "$primary_dir/data is owned by root; PostgreSQL cannot run as root"
            chown -R "$RUN_AS:" "$DIR" || die "could not chown $DIR to $RUN_AS"
        fi
        local slot sock=$DIR/socket
        slot=cabildo_$(printf '%s' "$DIR" | sha256sum | cut -c1-16)
        # A slot left by an earlier replica in this directory would keep WAL for nobody.
        psql_admin "$primary_port" -tA \
            -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$slot'" >/dev/null \
            || die "could not reach the primary on 127.0.0.1:$primary_port"
        say "pg_basebackup from 127.0.0.1:$primary_port into $DATA (slot $slot)"
        if ! as_owner "$PG_BASEBACKUP" -h 127.0.0.1 -p "$primary_port" -U "$DB_SUPERUSER" -D "$DATA" \
                -R -X stream -c fast -C -S "$slot" >"$DIR/basebackup.log" 2>&1; then
            show_log_tail "$DIR/basebackup.log"
            die "pg_basebackup failed (full output in $DIR/basebackup.log)"
        fi
        local sock_conf=${sock//\'/\'\'}
        cat >>"$DATA/postgresql.conf" <<EOF

# ---- added by scripts/pg-cluster.sh start-replica: streaming replica of $primary_dir ----
unix_socket_directories = '$sock_conf'
hot_standby = on
hot_standby_feedback = on
EOF
        echo "$primary_dir" >"$DIR/primary"
        rm -f "$DIR/port"
    fi
    cmd_start
}

cmd_stop() {
    if [[ ! -d $DIR ]]; then
        say "nothing to stop: $DIR does not exist"
        return 0
    fi
    DIR=$(cd "$DIR" && pwd -P)
    DATA=$DIR/data
    if [[ ! -f $DATA/PG_VERSION ]]; then
        say "nothing to stop: no cluster in $DIR"
        return 0
    fi
    find_pg_binaries
    pick_owner_of_existing_cluster
    if ! is_running; then
        say "not running ($DATA)"
        return 0
    fi
    if ! as_owner "$PG_CTL" -D "$DATA" -m fast -w -t "$TIMEOUT" stop >/dev/null 2>&1; then
        say "fast shutdown failed; trying immediate shutdown"
        as_owner "$PG_CTL" -D "$DATA" -m immediate -w -t "$TIMEOUT" stop >/dev/null 2>&1 \
            || die "could not stop the server in $DATA (log: $DIR/postgresql.log)"
    fi
    say "stopped ($DATA)"
}

cmd_url() {
    [[ -d $DIR ]] || die "$DIR does not exist (run: $0 start $DIR)"
    DIR=$(cd "$DIR" && pwd -P)
    DATA=$DIR/data
    local port
    port=$(running_port) || die "no running cluster in $DIR (run: $0 start $DIR)"
    if [[ -z $PG_ISREADY ]]; then
        PG_ISREADY=$(command -v pg_isready || true)
    fi
    if [[ -n $PG_ISREADY ]] && ! "$PG_ISREADY" -q -h 127.0.0.1 -p "$port" -t 5; then
        die "the cluster in $DIR does not accept connections on 127.0.0.1:$port (stale postmaster.pid? see $DIR/postgresql.log)"
    fi
    echo "postgres://$DB_SUPERUSER@127.0.0.1:$port/$DB_NAME"
}

cmd_status() {
    [[ -d $DIR ]] || { echo "not running ($DIR does not exist)"; return 3; }
    DIR=$(cd "$DIR" && pwd -P)
    DATA=$DIR/data
    [[ -f $DATA/PG_VERSION ]] || { echo "not running (no cluster in $DIR)"; return 3; }
    find_pg_binaries
    pick_owner_of_existing_cluster
    if is_running; then
        echo "running on 127.0.0.1:$(running_port || echo '?') ($DATA)"
    else
        echo "not running ($DATA)"
        return 3
    fi
}

if [[ ${1:-} == start-replica ]]; then
    (($# == 3)) || usage
    [[ -n $2 && -n $3 ]] || usage
    DIR=$3
    DATA=""
    cmd_start_replica "$2"
    exit 0
fi
(($# == 2)) || usage
[[ -n $2 ]] || usage
DIR=$2
DATA=""

case $1 in
    start) cmd_start ;;
    stop) cmd_stop ;;
    url) cmd_url ;;
    status) cmd_status ;;
    *) usage ;;
esac
