#!/usr/bin/env bash
# Makes sure there is a development API key, and prints it (on stderr).
#
# The first time, and whenever the saved key no longer works (a fresh database, a revoked key), it
# makes a write key named "dev" (replacing any live "dev" key) with the service's own
# `keys create` command and saves it in .data/dev-api-key (git-ignored, readable by you only).
# Every run prints the key so it can be pasted into Swagger UI's Authorize dialog or sent as X-Api-Key.
#
# Needs ConnectionStrings__Postgres set, as run.sh does before calling it. Writes nothing on stdout,
# which run.sh --db-only keeps for the connection string.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
key_file=.data/dev-api-key

if [[ -z ${ConnectionStrings__Postgres:-} ]]; then
    echo "ensure-dev-key: ConnectionStrings__Postgres is not set; run it through ./run.sh." >&2
    exit 1
fi

dotnet build src/RecordsApi -c Release --nologo -v quiet -clp:NoSummary >&2
keys() { dotnet run --project src/RecordsApi -c Release --no-build --no-launch-profile -- keys "$@"; }

if [[ -s $key_file ]] && keys check <"$key_file" >&2; then
    :
else
    key="$(keys create --name dev --scope write --replace 2>/dev/null | grep -E '^rk_[a-z2-7]{8}_' | tail -n 1 || true)"
    if [[ -z $key ]]; then
        echo "ensure-dev-key: could not make a development key; see: dotnet run --project src/RecordsApi -- keys create --name dev" >&2
        exit 1
    fi
    mkdir -p "$(dirname "$key_file")"
    (umask 077 && printf '%s\n' "$key" >"$key_file")
    echo "run.sh: made a development API key (scope write, name dev) and saved it in $key_file" >&2
fi

echo "run.sh: development API key: $(<"$key_file")  (send it as X-Api-Key, or paste it into Swagger UI's Authorize)" >&2
