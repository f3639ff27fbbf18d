#!/usr/bin/env bash
# The fleet of docker-compose.yml's "fleet" profile, on this machine without Docker, from local binaries:
# a PostgreSQL primary and a streaming replica (pg_basebackup -R), redis-server for the shared rate
# budgets, two Release instances of the service on loopback ports, and nginx in front of them.
#
# Usage: scripts/fleet.sh start|stop|status
#
#   FLEET_PORT        nginx's port (default 8090); the instances listen on the next two ports
#   FLEET_PG_PORT     the primary's port (default 15540); the replica's is the next one
#   FLEET_REDIS_PORT  redis-server's port (default 16379)
#   FLEET_SKIP_BUILD  1: use the build already in .data/fleet/app
#
# Everything lives in .data/fleet (git ignores it); every process is stopped by the PID it wrote there
# (the clusters with pg_ctl). Other settings of the service pass through the environment, e.g.
# RateLimits__KeyedReads=10000 scripts/fleet.sh start. Needs: the .NET SDK, the PostgreSQL server
# binaries, redis-server, nginx and curl (apt-get install -y postgresql redis-server nginx curl).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
root="$PWD"
state="$root/.data/fleet"
lb_port="${FLEET_PORT:-8090}"
api_ports=("$((lb_port + 1))" "$((lb_port + 2))")
primary_port="${FLEET_PG_PORT:-15540}"
replica_port="$((primary_port + 1))"
redis_port="${FLEET_REDIS_PORT:-16379}"

log() { printf 'fleet.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# initdb and postgres refuse to run as root: as root they run as the postgres user.
if [[ $EUID -eq 0 ]]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

pg_bin() {
    local dir
    for dir in "$(pg_config --bindir 2>/dev/null || true)" $(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r); do
        if [[ -n $dir && -x $dir/initdb && -x $dir/pg_basebackup ]]; then echo "$dir"; return 0; fi
    done
    die "no PostgreSQL server binaries: apt-get install -y postgresql"
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_ready() { # URL SECONDS
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

primary_string="Host=127.0.0.1;Port=$primary_port;Database=records;Username=postgres"
replica_string="Host=127.0.0.1;Port=$replica_port;Database=records;Username=postgres"

# A data directory PostgreSQL accepts: private, and owned by postgres when run as root.
make_data_dir() {
    mkdir -p "$1" && chmod 700 "$1"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$1"; fi
}

# Starts the cluster in $2 on port $3 (its name for the log: $4) unless it runs already.
start_cluster() {
    local bin="$1" data="$2" port="$3" name="$4"
    if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "starting the $name on 127.0.0.1:$port"
        as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null
    fi
}

start_primary() {
    local bin="$1" data="$state/primary"
    if [[ ! -f $data/PG_VERSION ]]; then
        log "creating the primary in .data/fleet/primary"
        make_data_dir "$data"
        # trust on loopback, replication included (initdb's default pg_hba.conf): a local test fleet only.
        as_pg "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
        as_pg tee -a "$data/postgresql.conf" >/dev/null <<EOF
# scripts/fleet.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
port = $primary_port
wal_level = replica
max_wal_senders = 5
hot_standby = on
shared_buffers = 256MB
EOF
    fi
    start_cluster "$bin" "$data" "$primary_port" primary
    local psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres)
    if [[ -z $("${psql[@]}" -tAc "select 1 from pg_database where datname = 'records'") ]]; then
        "${psql[@]}" -c "create database records" >/dev/null
    fi
}

start_replica() {
    local bin="$1" data="$state/replica"
    if [[ ! -f $data/PG_VERSION ]]; then
        log "copying the primary into .data/fleet/replica (pg_basebackup -R)"
        make_data_dir "$data"
        as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$data" -R -X stream
    fi
    start_cluster "$bin" "$data" "$replica_port" replica
}

start_redis() {
    alive "$state/redis.pid" && return 0
    command -v redis-server >/dev/null || die "no redis-server: apt-get install -y redis-server"
    log "starting redis-server on 127.0.0.1:$redis_port"
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --pidfile "$state/redis.pid" \
        --dir "$state" --logfile "$state/redis.log" --save "" --appendonly no
    local deadline=$((SECONDS + 10))
    until [[ -s $state/redis.pid ]]; do ((SECONDS < deadline)) || die "redis-server did not start"; sleep 0.2; done
}

start_instance() { # N
    local n="$1" port="${api_ports[$(($1 - 1))]}" pidfile="$state/api-$1.pid"
    alive "$pidfile" && return 0
    log "starting instance $n on 127.0.0.1:$port (log: .data/fleet/api-$n.log)"
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
        ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
        ConnectionStrings__Postgres="$primary_string" \
        ConnectionStrings__PostgresRead="$replica_string" \
        ConnectionStrings__Redis="127.0.0.1:$redis_port" \
        ForwardedHeaders__KnownProxies__0=127.0.0.1 \
        setsid nohup dotnet "$state/app/RecordsApi.dll" >"$state/api-$n.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    wait_ready "http://127.0.0.1:$port/health/ready" 180 || die "instance $n did not become ready; see .data/fleet/api-$n.log"
}

start_nginx() {
    alive "$state/nginx.pid" && return 0
    command -v nginx >/dev/null || die "no nginx: apt-get install -y nginx"
    mkdir -p "$state/nginx/logs"
    # As in deploy/fleet/nginx.conf, with loopback upstreams and every file in .data/fleet/nginx.
    cat >"$state/nginx.conf" <<EOF
worker_processes 2;
pid $state/nginx.pid;
error_log $state/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    client_body_temp_path $state/nginx/body;
    proxy_temp_path $state/nginx/proxy;
    upstream records_api {
        server 127.0.0.1:${api_ports[0]} max_fails=2 fail_timeout=5s;
        server 127.0.0.1:${api_ports[1]} max_fails=2 fail_timeout=5s;
        keepalive 64;
        keepalive_timeout 20s;
    }
    server {
        listen 127.0.0.1:$lb_port;
        client_max_body_size 1m;
        location / {
            proxy_pass http://records_api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }
    }
}
EOF
    log "starting nginx on 127.0.0.1:$lb_port"
    nginx -p "$state/nginx" -c "$state/nginx.conf"
    wait_ready "http://127.0.0.1:$lb_port/health/ready" 20 || die "nginx does not answer; see .data/fleet/nginx/error.log"
}

start() {
    command -v curl >/dev/null || die "no curl: apt-get install -y curl"
    mkdir -p "$state"
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "as root, PostgreSQL runs as the 'postgres' user, and there is none (apt-get install -y postgresql)"
        # The postgres user must reach .data/fleet: search permission on each parent that lacks it.
        local dir=""
        local part
        local parts
        IFS=/ read -ra parts <<<"$state"
        for part in "${parts[@]}"; do
            [[ -n $part ]] || continue
            dir="$dir/$part"
            runuser -u postgres -- test -x "$dir" || chmod o+x "$dir"
        done
    fi
    local bin
    bin="$(pg_bin)"
    if [[ ${FLEET_SKIP_BUILD:-0} != 1 || ! -f $state/app/RecordsApi.dll ]]; then
        log "building the service (Release) into .data/fleet/app"
        dotnet publish "$root/src/RecordsApi" -c Release -o "$state/app" --nologo -v q >&2
    fi
    start_primary "$bin"
    start_replica "$bin"
    start_redis
    # One instance first: it migrates and loads the catalogue; the second then finds it done.
    start_instance 1
    start_instance 2
    start_nginx
    log "the fleet answers at http://127.0.0.1:$lb_port (instances: ${api_ports[*]}; primary $primary_port, replica $replica_port, redis $redis_port)"
    log "stop it with: scripts/fleet.sh stop"
}

stop_pid() { # PIDFILE NAME
    if alive "$1"; then
        local pid
        pid="$(cat "$1")"
        log "stopping $2 (pid $pid)"
        kill "$pid"
        local deadline=$((SECONDS + 20))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    fi
    rm -f "$1"
}

stop() {
    # nginx removes its own pid file on a graceful stop: wait for that, not for the process.
    if alive "$state/nginx.pid"; then
        log "stopping nginx"
        kill -QUIT "$(cat "$state/nginx.pid")"
        local deadline=$((SECONDS + 10))
        while [[ -f $state/nginx.pid ]] && ((SECONDS < deadline)); do sleep 0.2; done
    fi
    stop_pid "$state/api-2.pid" "instance 2"
    stop_pid "$state/api-1.pid" "instance 1"
    stop_pid "$state/redis.pid" "redis-server"
    local bin data
    bin="$(pg_bin)"
    for data in "$state/replica" "$state/primary"; do
        if [[ -f $data/PG_VERSION ]] && as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
            log "stopping PostgreSQL in ${data#"$root/"}"
            as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        fi
    done
}

status() {
    local name
    for name in nginx api-1 api-2 redis; do
        if alive "$state/$name.pid"; then echo "$name: running (pid $(cat "$state/$name.pid"))"; else echo "$name: stopped"; fi
    done
    local bin data
    bin="$(pg_bin)"
    for data in primary replica; do
        if [[ -f $state/$data/PG_VERSION ]] && as_pg "$bin/pg_ctl" -D "$state/$data" status >/dev/null 2>&1; then
            echo "postgres $data: running"
        else
            echo "postgres $data: stopped"
        fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) die "usage: scripts/fleet.sh start|stop|status" ;;
esac
