#!/usr/bin/env bash
# The OpenAPI document checked against its linters and against the live service, as CI runs it:
#   1. Spectral (spectral:oas + OWASP API Security Top 10)   tools/api-checks/.spectral.yaml
#   2. Redocly lint (recommended)                           tools/api-checks/redocly.yaml
#   3. the TypeScript client generated from docs/openapi.json with openapi-typescript, type-checked by tsc
#   4. the client's tests against the live service           clients/typescript/test/
#   5. the same tests through Prism's validating proxy: any response the document does not describe fails
#   6. Swagger UI in Debian's chromium: Try it out on a read and a write   tools/api-checks/swagger-ui.test.mjs
# It starts what it needs (a throwaway PostgreSQL unless ConnectionStrings__Postgres is set, the Release
# build of the service on 127.0.0.1, Prism), stops all of it by PID, and closes with
#   api-checks: N passed, N failed
# exiting non-zero when any check failed. Swagger UI's screenshots are left in artifacts/: swagger-ui.png (the write
# it made, down to the answer) and swagger-ui-page.png (the whole page).
set -uo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
root="$PWD"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Nothing here may reach beyond the package registries: no telemetry, no update checks.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false
export npm_config_fund=false npm_config_audit=false

passed=0
failed=0
work="$(mktemp -d /tmp/records-api-checks.XXXXXX)"
chmod 755 "$work"
service_pid=""
prism_pid=""
pg_data=""
pg_bin=""

log() { printf 'api-checks: %s\n' "$*"; }

as_postgres() {
    if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_pid() {
    local pid="$1"
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null
    fi
}

cleanup() {
    stop_pid "$prism_pid"
    stop_pid "$service_pid"
    if [[ -n $pg_data && -f $pg_data/postmaster.pid ]]; then
        as_postgres "$pg_bin/pg_ctl" stop -D "$pg_data" -m immediate -w >/dev/null 2>&1
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Runs one check, counts it, and shows its output only when it fails.
check() {
    local name="$1" output="$work/check.log"
    shift
    if timeout --kill-after=10s 15m "$@" >"$output" 2>&1; then
        passed=$((passed + 1))
        log "PASS $name"
    else
        failed=$((failed + 1))
        log "FAIL $name"
        tail -n 80 "$output" | sed 's/^/    /'
    fi
}

fail_all() {
    local name
    for name in "$@"; do
        failed=$((failed + 1))
        log "FAIL $name (not run: $reason)"
    done
}

finish() {
    echo "api-checks: $passed passed, $failed failed"
    ((failed == 0))
    exit
}

free_port() {
    node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_for_http() {
    local url="$1" seconds="$2"
    for _ in $(seq "$seconds"); do
        if node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url" 2>/dev/null; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# ---- Prerequisites: what a fresh machine of this kind lacks -------------------------------------------
apt_install() {
    log "installing $* (apt)"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; } >"$work/apt.log" 2>&1 \
        || { tail -n 20 "$work/apt.log"; return 1; }
}

find_pg_bin() {
    local dir
    for dir in "$(pg_config --bindir 2>/dev/null)" $(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r) "$(dirname "$(command -v initdb 2>/dev/null || echo .)")"; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then echo "$dir"; return 0; fi
    done
    return 1
}

command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
command -v chromium >/dev/null || [[ -n ${CHROMIUM:-} ]] || apt_install chromium
if [[ -z ${ConnectionStrings__Postgres:-} ]] && ! find_pg_bin >/dev/null; then apt_install postgresql; fi

reason="the npm packages did not install"
log "installing the npm packages (npm ci)"
if ! { (cd tools/api-checks && npm ci --no-audit --no-fund >"$work/npm-tools.log" 2>&1) \
        && (cd clients/typescript && npm ci --no-audit --no-fund >"$work/npm-client.log" 2>&1); }; then
    cat "$work"/npm-*.log | tail -n 40
    fail_all "spectral lint" "redocly lint" "typescript client" "client against the service" "client through prism" "swagger ui in chromium"
    finish
fi

# ---- The document alone ------------------------------------------------------------------------------
cd "$root/tools/api-checks"
check "spectral lint" node_modules/.bin/spectral lint ../../docs/openapi.json --ruleset .spectral.yaml --fail-severity error --display-only-failures
check "redocly lint" node_modules/.bin/redocly lint ../../docs/openapi.json --config redocly.yaml --format stylish
cd "$root/clients/typescript"
rm -rf generated
check "typescript client" sh -c 'node_modules/.bin/openapi-typescript ../../docs/openapi.json --output generated/schema.d.ts && node_modules/.bin/tsc -p tsconfig.json'
cd "$root"

# ---- The live service ----------------------------------------------------------------------------------
live_checks=("client against the service" "client through prism" "swagger ui in chromium")

start_postgres() {
    pg_bin="$(find_pg_bin)" || { echo "no PostgreSQL binaries"; return 1; }
    # As root the cluster runs as postgres, which must own the directory holding its data, log and socket.
    local pg_root="$work/pg"
    pg_data="$pg_root/data"
    mkdir -p "$pg_root"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$pg_root"; fi
    # C.UTF-8: pg_trgm treats Cyrillic letters as word characters only in a UTF-8 locale.
    as_postgres "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 \
        || { cat "$work/initdb.log"; return 1; }
    local port
    port="$(free_port)"
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nfsync = off\n" "$port" "$pg_root" \
        | as_postgres tee -a "$pg_data/postgresql.conf" >/dev/null
    as_postgres "$pg_bin/pg_ctl" start -D "$pg_data" -l "$pg_root/server.log" -w -t 60 >/dev/null \
        || { cat "$pg_root/server.log"; return 1; }
    "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE records" || return 1
    export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$port;Database=records;Username=postgres"
}

reason="PostgreSQL did not start"
if [[ -z ${ConnectionStrings__Postgres:-} ]] && ! start_postgres; then
    fail_all "${live_checks[@]}"
    finish
fi

reason="the service did not build"
log "building the service (Release)"
if ! dotnet build src/RecordsApi -c Release -v quiet -nologo >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log"
    fail_all "${live_checks[@]}"
    finish
fi

reason="the service did not become ready"
service_port="$(free_port)"
export RECORDSAPI_URL="http://127.0.0.1:$service_port"
ASPNETCORE_URLS="$RECORDSAPI_URL" ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/RecordsApi/bin/Release/net10.0/RecordsApi.dll >"$work/service.log" 2>&1 &
service_pid=$!
if ! wait_for_http "$RECORDSAPI_URL/health/ready" 120; then
    tail -n 40 "$work/service.log"
    fail_all "${live_checks[@]}"
    finish
fi
log "service ready at $RECORDSAPI_URL"

# Writes need a key once the document has a security scheme: make one with the service's own command.
if [[ -z ${RECORDSAPI_KEY:-} ]] && grep -q '"securitySchemes"' docs/openapi.json; then
    key_output="$(dotnet src/RecordsApi/bin/Release/net10.0/RecordsApi.dll keys create --name api-checks --scope write 2>"$work/key.log")"
    RECORDSAPI_KEY="$(grep -oE '[A-Za-z0-9_.~-]{20,}' <<<"$key_output" | tail -n 1)"
    export RECORDSAPI_KEY
    [[ -n $RECORDSAPI_KEY ]] || { log "could not make an API key:"; cat "$work/key.log"; }
fi

cd "$root/clients/typescript"
check "client against the service" node --test generated/dist/test/*.test.js

# Prism in proxy mode validates every response against the document; --errors turns a mismatch into an
# error response the tests see, and the log is searched as well. Requests are not validated: the tests
# send some invalid ones on purpose, to see the service's 400.
cd "$root/tools/api-checks"
prism_port="$(free_port)"
node node_modules/@stoplight/prism-cli/dist/index.js proxy ../../docs/openapi.json "$RECORDSAPI_URL" \
    --errors --validate-request=false --host 127.0.0.1 --port "$prism_port" >"$work/prism.log" 2>&1 &
prism_pid=$!
for _ in $(seq 90); do grep -q "Prism is listening" "$work/prism.log" && break; sleep 1; done
through_prism() {
    RECORDSAPI_URL="http://127.0.0.1:$prism_port" node --test "$root"/clients/typescript/generated/dist/test/*.test.js || return 1
    if grep -E "VIOLATIONS|✖" "$work/prism.log"; then
        echo "Prism found responses the document does not describe (above)."
        return 1
    fi
}
export -f through_prism
export work prism_port root
check "client through prism" bash -c through_prism
stop_pid "$prism_pid"
prism_pid=""

check "swagger ui in chromium" node --test swagger-ui.test.mjs
cd "$root"

finish
