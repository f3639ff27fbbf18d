#!/usr/bin/env bash
# The fleet against one instance: starts scripts/fleet.sh's fleet (two Release instances behind nginx,
# a primary and a streaming replica, Redis), runs a few read scenarios with wrk against one instance
# directly and against the load balancer, writes bench/FLEET.md, and stops the fleet it started.
#
# Usage: bench/fleet.sh [--duration 10s] [--connections 64] [--keep]
#   --keep  leave the fleet running afterwards (stop it with scripts/fleet.sh stop)
#
# The data set is the catalogue the service loads into a fresh database at start (a few hundred people
# and missions), not bench/run.sh's million rows: this measures what a second instance and a load
# balancer add or cost, not how the queries scale. FLEET_PORT, FLEET_PG_PORT and FLEET_REDIS_PORT
# choose the ports (scripts/fleet.sh).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
duration=10s
connections=64
threads=2
warmup=3s
keep=false
while (($#)); do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --keep) keep=true; shift ;;
        *) echo "usage: bench/fleet.sh [--duration 10s] [--connections 64] [--keep]" >&2; exit 2 ;;
    esac
done

log() { printf 'bench/fleet.sh: %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

lb_port="${FLEET_PORT:-8090}"
single="http://127.0.0.1:$((lb_port + 1))"
fleet="http://127.0.0.1:$lb_port"

# wrk comes from one address: lift every budget, or it would measure the anonymous read budget.
for budget in AnonymousReads KeyedReads AnonymousWrites KeyedWrites; do
    export "RateLimits__$budget=2147483647"
done

scripts/fleet.sh start
if ! $keep; then trap 'scripts/fleet.sh stop' EXIT; fi

slug="$(curl -fsS "$fleet/v1/people?limit=1" | grep -o '"slug":"[^"]*"' | head -n 1 | cut -d'"' -f4)"
[[ -n $slug ]] || { log "the fleet has no people to read"; exit 1; }

scenarios=(
    "people-first-page|/v1/people?limit=50"
    "person-by-slug|/v1/people/$slug"
    "missions-first-page|/v1/missions?limit=50"
    "leaderboard|/v1/leaderboards/oldest-at-launch"
)

# One wrk run: "req/s p50-ms p99-ms errors" (errors: socket errors plus non-2xx/3xx answers).
measure() {
    local out rps p50 p99 errors
    wrk -t"$threads" -c"$connections" -d"$warmup" "$1" >/dev/null
    out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1")"
    rps="$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")"
    p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
    p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    errors="$(awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")"
    echo "$rps $(to_ms "$p50") $(to_ms "$p99") $errors"
}

to_ms() { # wrk prints 812.00us, 3.41ms or 1.02s
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else print v }'
}

rows=()
for scenario in "${scenarios[@]}"; do
    name="${scenario%%|*}"
    path="${scenario#*|}"
    log "$name: one instance"
    read -r s_rps s_p50 s_p99 s_err <<<"$(measure "$single$path")"
    log "$name: the fleet"
    read -r f_rps f_p50 f_p99 f_err <<<"$(measure "$fleet$path")"
    ratio="$(awk -v f="$f_rps" -v s="$s_rps" 'BEGIN { printf "%.2f", (s > 0 ? f / s : 0) }')"
    rows+=("| $name | $s_rps | $s_p50 | $s_p99 | $s_err | $f_rps | $f_p50 | $f_p99 | $f_err | ×$ratio |")
done

{
    echo "# The fleet against one instance"
    echo
    echo "Written by \`bench/fleet.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), on $(nproc) cores."
    echo "One instance: instance 1 of the fleet, asked directly. The fleet: nginx in front of both instances."
    echo "Both read through the same primary and replica; budgets counted in Redis (lifted, so nothing is refused)."
    echo "wrk: $threads threads, $connections connections, $duration per run after a $warmup warm-up; errors are socket errors and non-2xx/3xx answers."
    echo
    echo "| scenario | one instance req/s | p50 ms | p99 ms | errors | fleet req/s | p50 ms | p99 ms | errors | fleet ÷ one |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "What the numbers mean is in docs/fleet.md, \"Measured\"."
} >bench/FLEET.md
log "wrote bench/FLEET.md"
cat bench/FLEET.md
