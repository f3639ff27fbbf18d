#!/usr/bin/env bash
# Regenerates docs/openapi.json, the committed OpenAPI contract, from a Release build of the service.
# Swashbuckle's CLI (a local tool: .config/dotnet-tools.json) loads the built service and writes the
# document it serves at /swagger/v1/swagger.json; no database is needed.
# Run it after changing any endpoint, contract or validator, and commit the diff with the change.
#
# Usage: tools/generate-openapi.sh [--no-build]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [[ ${1:-} != --no-build ]]; then
    dotnet build src/RecordsApi -c Release -v quiet -nologo >&2
fi
dotnet tool restore >/dev/null
# The document must not depend on where it is made: the production defaults, no environment overrides.
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
    dotnet swagger tofile --output docs/openapi.json src/RecordsApi/bin/Release/net10.0/RecordsApi.dll v1 >/dev/null
echo "tools/generate-openapi.sh: wrote docs/openapi.json" >&2
