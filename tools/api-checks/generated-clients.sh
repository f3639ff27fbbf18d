#!/usr/bin/env bash
# Clients generated from the committed docs/openapi.json by Kiota and by NSwag (System.Text.Json), as a user of
# the API would make them: generated (any generator warning fails), compiled with warnings as errors, and run
# against the live service, reading every GET endpoint (tools/api-checks/generated-clients/Program.cs).
# The generators are the local dotnet tools of .config/dotnet-tools.json; the generated code is never committed.
#
# Usage: RECORDSAPI_URL=http://127.0.0.1:8080 RECORDSAPI_ADMIN_KEY=<an admin key> tools/api-checks/generated-clients.sh
#        tools/api-checks/generated-clients.sh --generate-only    (generate and compile; no service needed)
# .ci/api-checks.sh runs it with the service it started. Closes with "generated clients: N passed, N failed"
# (from the run) or exits non-zero when generating or compiling failed.
set -uo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
root="$PWD"
project="$root/tools/api-checks/generated-clients"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Kiota checks GitHub for a newer release and sends telemetry unless told not to.
export KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false

fail() { echo "generated-clients: $*" >&2; exit 1; }

dotnet tool restore >/dev/null || fail "dotnet tool restore failed"
rm -rf "$project/generated"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# A warning from either generator is a place where the document says something a client cannot express.
generate() {
    local name="$1"
    shift
    if ! "$@" >"$log" 2>&1; then
        cat "$log"
        fail "$name could not generate a client"
    fi
    if grep -Ei '(^|[^a-z])(warn|warning|fail|crit|error)[:: ]' "$log"; then
        fail "$name warned about docs/openapi.json (above)"
    fi
}

generate kiota dotnet kiota generate --language CSharp --openapi docs/openapi.json --output "$project/generated/Kiota" \
    --class-name RecordsKiotaClient --namespace-name GeneratedClients.Kiota --log-level Warning --clean-output --exclude-backward-compatible
generate nswag dotnet nswag openapi2csclient /input:docs/openapi.json /output:"$project/generated/NSwag/RecordsNSwagClient.cs" \
    /namespace:GeneratedClients.NSwag /classname:RecordsNSwagClient /JsonLibrary:SystemTextJson /JsonLibraryVersion:10.0 \
    /GenerateNullableReferenceTypes:true /GenerateOptionalPropertiesAsNullable:true /GenerateOptionalParameters:true /UseBaseUrl:true

# TreatWarningsAsErrors comes from Directory.Build.props; said again here so that it cannot be lost.
if ! dotnet build "$project" -c Release -v quiet -nologo -p:TreatWarningsAsErrors=true >"$log" 2>&1; then
    grep -E "error|warning" "$log" | sort -u | head -n 40
    fail "the generated clients do not compile without warnings"
fi
echo "generated-clients: Kiota and NSwag clients generated and compiled without warnings"
[[ ${1:-} == --generate-only ]] && exit 0

[[ -n ${RECORDSAPI_URL:-} && -n ${RECORDSAPI_ADMIN_KEY:-} ]] || fail "set RECORDSAPI_URL and RECORDSAPI_ADMIN_KEY"
dotnet "$project/bin/Release/net10.0/GeneratedClients.dll" "$root/docs/openapi.json"
