#!/usr/bin/env bash
# What response compression costs and saves: for a few typical answers, the bytes sent and the
# service's CPU time per request without compression, with gzip and with Brotli.
#
#   bench/compression.sh [--duration 5s] [--connections 8] [--level Fastest|Optimal|SmallestSize]
#
# It runs on the shipped catalogue, not the million-row bench data: it gets the database from
# ./run.sh --db-only (the cluster in .data/postgres, made on the first run), publishes the service
# (Release) into bench/out/bin/compression, starts it on 127.0.0.1 and a free port with the rate
# limits lifted, and for each answer and encoding runs wrk (a 2 s warm-up, then --duration) while
# reading the service's CPU time (utime + stime, /proc/PID/stat) before and after. CPU per request is
# that difference over the requests wrk made; "extra CPU per KiB saved" is what compressing costs per
# KiB it saves. The table goes to bench/out/compression.md and standard output; the service is stopped
# by its PID at the end. --level sets ResponseCompression:Level (the service's default otherwise).
# Takes about two minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
DURATION=5s
CONNECTIONS=8
LEVEL=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) DURATION="$2"; shift ;;
        --connections) CONNECTIONS="$2"; shift ;;
        --level) LEVEL="$2"; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
    shift
done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null || { log "wrk is needed (apt-get install wrk)"; exit 1; }

SERVICE_PID=""
cleanup() { if [[ -n "$SERVICE_PID" ]]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

mkdir -p "$OUT/bin"
REPORT="$OUT/compression${LEVEL:+-$LEVEL}.md"
CONNECTION=$("$ROOT/run.sh" --db-only)
log "publishing the service (Release)"
dotnet publish "$ROOT/src/RecordsApi/RecordsApi.csproj" -c Release -o "$OUT/bin/compression" -v quiet -nologo >"$OUT/build-compression.log" 2>&1 \
    || { cat "$OUT/build-compression.log" >&2; exit 1; }

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
INT_MAX=2147483647
(cd "$OUT/bin/compression" && exec env "ConnectionStrings__Postgres=$CONNECTION" ASPNETCORE_ENVIRONMENT=Production "ASPNETCORE_URLS=$URL" \
    "RateLimits__AnonymousReads=$INT_MAX" "RateLimits__KeyedReads=$INT_MAX" \
    "RateLimits__AnonymousWrites=$INT_MAX" "RateLimits__KeyedWrites=$INT_MAX" \
    ${LEVEL:+"ResponseCompression__Level=$LEVEL"} dotnet RecordsApi.dll) >"$OUT/compression-service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$URL/health/ready" && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { log "the service exited; see $OUT/compression-service.log"; exit 1; }
    sleep 0.5
done
log "service ready on $URL (pid $SERVICE_PID)"

# A record with a metric: its progression and its agreement with the data (a leaderboard query) each time.
RECORD=oldest-person-to-fly-in-space
PATHS=(
    "/v1/people?limit=200"
    "/v1/people?limit=50"
    "/v1/missions?limit=50"
    "/v1/leaderboards/most-time-in-space?limit=100"
    "/v1/records/$RECORD"
    "/v1/people/yulia-peresild"
    "/v1/export"
)
# Warm every path and encoding first, so no row pays for the service's first compilations.
log "warming up"
for path in "${PATHS[@]}"; do
    for encoding in identity gzip br; do
        wrk -t1 -c"$CONNECTIONS" -d1s -H "Accept-Encoding: $encoding" "$URL$path" >/dev/null 2>&1 || true
    done
done
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat"; }

{
    echo "# Response compression: bytes saved against CPU"
    echo
    echo "Written by \`bench/compression.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) at commit \`$(git -C "$ROOT" rev-parse --short HEAD)\`;"
    echo "$(nproc) cores, wrk with $CONNECTIONS connections for $DURATION per row, the catalogue's data, compression level ${LEVEL:-the default}. Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| answer | encoding | bytes | saved | req/s | CPU µs/request | extra CPU µs per KiB saved |"
    echo "|---|---|--:|--:|--:|--:|--:|"
} >"$REPORT"

for path in "${PATHS[@]}"; do
    plain_bytes=""
    plain_cpu=""
    for encoding in identity gzip br; do
        bytes=$(curl -fs -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $encoding" "$URL$path") \
            || { log "$path answers no 200; skipped"; continue 2; }
        wrk -t1 -c"$CONNECTIONS" -d2s -H "Accept-Encoding: $encoding" "$URL$path" >/dev/null 2>&1 || true
        before=$(cpu_ticks)
        result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Accept-Encoding: $encoding" "$URL$path" 2>&1 || true)
        after=$(cpu_ticks)
        requests=$(awk '/requests in/ { print $1 }' <<<"$result")
        rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$result")
        cpu_us=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$requests" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }')
        if [[ $encoding == identity ]]; then
            plain_bytes=$bytes; plain_cpu=$cpu_us; saved=""; per_kib=""
        else
            saved=$(awk -v a="$bytes" -v b="$plain_bytes" 'BEGIN { printf "%.0f %%", 100 * (1 - a / b) }')
            per_kib=$(awk -v c="$cpu_us" -v p="$plain_cpu" -v a="$bytes" -v b="$plain_bytes" \
                'BEGIN { k = (b - a) / 1024; printf "%s", (k > 0.05 ? sprintf("%.1f", (c - p) / k) : "") }')
        fi
        log "$path $encoding: $bytes bytes, $rps req/s, $cpu_us µs CPU/request"
        echo "| \`$path\` | $encoding | $bytes | $saved | $rps | $cpu_us | $per_kib |" >>"$REPORT"
    done
done

log "wrote $REPORT"
cat "$REPORT"
