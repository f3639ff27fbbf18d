#!/usr/bin/env bash
# Starts the Records API at http://localhost:8080 (or at $ASPNETCORE_URLS, or http://localhost:$PORT).
#
# Its PostgreSQL database, in this order:
#   1. $ConnectionStrings__Postgres, when set;
#   2. else the `db` service of docker-compose.yml, where a Docker engine answers;
#   3. else a cluster of its own in .data/postgres, made from the machine's PostgreSQL binaries on
#      the first run and reused (same data, same port, kept in .data/postgres.port) on later runs.
#      It keeps running when the service stops; the script prints how to stop it.
#
# Usage: ./run.sh [--db-only] [ARGS...]
#   ARGS      passed to the service: ./run.sh keys create --name me  runs  dotnet run ... -- keys create --name me
#   --db-only get the database ready, print its connection string on stdout and exit, e.g.
#             export ConnectionStrings__Postgres="$(./run.sh --db-only)"
# Everything else the script says goes to stderr.
set -euo pipefail

caller_dir="$PWD"
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
root="$PWD"
data_dir="$root/.data/postgres"
port_file="$root/.data/postgres.port"

log() { printf 'run.sh: %s\n' "$*" >&2; }

# initdb and postgres refuse to run as root: as root they run as the postgres user.
if [[ $EUID -eq 0 ]]; then
    as_pg() { runuser -u postgres -- "$@"; }
    as_pg_hint="runuser -u postgres -- "
else
    as_pg() { "$@"; }
    as_pg_hint=""
fi

# The directory with initdb and pg_ctl: pg_config's (it may be libpq-dev's alone, hence the check),
# else the newest /usr/lib/postgresql/N/bin (Debian/Ubuntu), else wherever PATH has initdb.
find_pg_bindir() {
    local dir
    local candidates=()
    if command -v pg_config >/dev/null 2>&1; then
        candidates+=("$(pg_config --bindir 2>/dev/null || true)")
    fi
    while IFS= read -r dir; do candidates+=("$dir"); done < <(
        compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r || true)
    if command -v initdb >/dev/null 2>&1; then
        candidates+=("$(dirname "$(command -v initdb)")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

explain_how_to_get_postgres() {
    cat >&2 <<'EOF'
run.sh: no PostgreSQL found: no ConnectionStrings__Postgres, no Docker engine, no PostgreSQL binaries.
Do one of these, then run ./run.sh again:
  - install PostgreSQL:  sudo apt-get install -y postgresql      (Debian/Ubuntu; macOS: brew install postgresql@16)
                         ./run.sh then keeps its own cluster in .data/postgres
  - use a server you have:
        export ConnectionStrings__Postgres='Host=localhost;Port=5432;Database=records;Username=USER;Password=PASSWORD'
  - install Docker (https://docs.docker.com/engine/install/): ./run.sh then starts the `db` service of docker-compose.yml
EOF
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Below the kernel's ephemeral range (32768+), so outgoing connections do not take it later.
pick_free_port() {
    local port
    for port in $(seq 15432 15531); do
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    log "no free TCP port in 15432-15531"
    return 1
}

# As root, the postgres user must be able to reach .data/postgres: grant search (not read) permission
# on any parent directory that lacks it, e.g. a repository under /root.
ensure_reachable_by_postgres() {
    local dir="" part
    local parts
    IFS=/ read -ra parts <<<"$(dirname "$1")"
    # From / down: a directory below an unreachable one looks unreachable too.
    for part in "${parts[@]}"; do
        [[ -n $part ]] || continue
        dir="$dir/$part"
        if ! runuser -u postgres -- test -x "$dir"; then
            log "granting o+x on $dir so the postgres user can reach $1"
            chmod o+x "$dir"
        fi
    done
}

# Sets $connection_string to the `records` database of the cluster in .data/postgres, creating,
# starting and (re)configuring it as needed.
use_local_cluster() {
    local bindir
    if ! bindir="$(find_pg_bindir)"; then
        explain_how_to_get_postgres
        exit 1
    fi

    mkdir -p "$root/.data"
    if [[ $EUID -eq 0 ]]; then
        if ! id postgres >/dev/null 2>&1; then
            log "running as root, PostgreSQL must run as the 'postgres' user, and there is none (apt-get install -y postgresql makes it)"
            exit 1
        fi
        ensure_reachable_by_postgres "$data_dir"
    fi

    if [[ ! -f $data_dir/PG_VERSION ]]; then
        log "creating a PostgreSQL cluster in .data/postgres (first run only)"
        mkdir -p "$data_dir"
        chmod 700 "$data_dir"
        if [[ $EUID -eq 0 ]]; then chown postgres: "$data_dir"; fi
        # C.UTF-8, not C: pg_trgm treats non-ASCII letters (Cyrillic names) as word characters only in a UTF-8 locale.
        as_pg "$bindir/initdb" -D "$data_dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
        # Settings this script rewrites on every start live in their own file.
        echo "include_if_exists = 'run-sh.conf'" | as_pg tee -a "$data_dir/postgresql.conf" >/dev/null
    fi

    # A cluster must be run by the major version that made it, whatever is newest now.
    local version
    version="$(cat "$data_dir/PG_VERSION")"
    if [[ -x /usr/lib/postgresql/$version/bin/pg_ctl ]]; then
        bindir="/usr/lib/postgresql/$version/bin"
    fi

    local port
    if as_pg "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
        port="$(sed -n 4p "$data_dir/postmaster.pid")" # the port line of postmaster.pid
    else
        port="$(cat "$port_file" 2>/dev/null || true)"
        if [[ -z $port ]] || port_in_use "$port"; then
            if [[ -n $port ]]; then log "port $port is taken now; moving the cluster to another one"; fi
            port="$(pick_free_port)"
        fi
        # Local connections only, TCP only: no socket in a directory that may not be ours (/var/run/postgresql).
        as_pg tee "$data_dir/run-sh.conf" >/dev/null <<EOF
# Written by run.sh on every start.
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
EOF
        log "starting PostgreSQL on 127.0.0.1:$port (log: .data/postgres/server.log)"
        if ! as_pg "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 start >/dev/null; then
            log "PostgreSQL did not start; the end of its log:"
            tail -n 20 "$data_dir/server.log" >&2 || true
            exit 1
        fi
    fi
    echo "$port" >"$port_file"

    local psql=("$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres)
    if [[ -z $("${psql[@]}" -d postgres -tAc "select 1 from pg_database where datname = 'records'") ]]; then
        log "creating database records"
        "${psql[@]}" -d postgres -c "create database records" >/dev/null
    fi

    connection_string="Host=127.0.0.1;Port=$port;Database=records;Username=postgres"
    stop_hint="the database keeps running; stop it with: ${as_pg_hint}$bindir/pg_ctl -D .data/postgres stop"
}

# Sets $connection_string to the database of docker-compose.yml's `db` service, started and healthy.
use_compose_db() {
    log "starting the db service of docker-compose.yml"
    docker compose up -d --wait db >&2
    # Credentials as in docker-compose.yml.
    connection_string="Host=localhost;Port=5432;Database=records;Username=records;Password=records"
    stop_hint="the database keeps running; stop it with: docker compose stop db"
}

# ---- Development API key -------------------------------------------------------------------------
# Called once the database is ready: makes a `dev` write key the first time (or when the saved one no
# longer works), keeps it in .data/dev-api-key and prints it on stderr (stdout is for --db-only).
ensure_dev_key() {
    "$root/scripts/ensure-dev-key.sh"
}
# ---------------------------------------------------------------------------------------------------

db_only=false
if [[ ${1:-} == --db-only ]]; then
    db_only=true
    shift
fi
if [[ ${1:-} == -- ]]; then shift; fi

stop_hint=""
if [[ -n ${ConnectionStrings__Postgres:-} ]]; then
    connection_string="$ConnectionStrings__Postgres"
    log "using the database in ConnectionStrings__Postgres"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    use_compose_db
else
    use_local_cluster
fi
export ConnectionStrings__Postgres="$connection_string"

ensure_dev_key

if $db_only; then
    echo "$connection_string"
    exit 0
fi

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:${PORT:-8080}}"
# The first URL, with a wildcard host (+, *, 0.0.0.0, [::]) shown as localhost.
base_url="$(sed -E 's#;.*##; s#//(\+|\*|0\.0\.0\.0|\[::\])#//localhost#; s#/+$##' <<<"$ASPNETCORE_URLS")"
log "Swagger UI: $base_url/swagger"
if [[ -n $stop_hint ]]; then log "$stop_hint"; fi

# The files of `catalogue import FILE...` and `catalogue export FILE` are where the caller ran the script
# from; dotnet run starts the process in the project's folder, so a relative path is made absolute here.
if [[ ${1:-} == catalogue ]]; then
    args=("$1")
    for arg in "${@:2}"; do
        if [[ $arg != -* && $arg != /* && $arg != import && $arg != export ]]; then
            arg="$caller_dir/$arg"
        fi
        args+=("$arg")
    done
    set -- "${args[@]}"
fi

# --no-launch-profile: launchSettings.json would otherwise override ASPNETCORE_URLS.
exec dotnet run --project src/RecordsApi -c Release --no-launch-profile -- "$@"
