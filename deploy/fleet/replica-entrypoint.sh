#!/usr/bin/env bash
# The fleet's streaming replica: on first start, a base backup of the primary with -R (which writes
# primary_conninfo and standby.signal), then PostgreSQL as a hot standby. Runs as the postgres user.
set -euo pipefail
if [[ ! -s $PGDATA/PG_VERSION ]]; then
    until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h fleet-db-primary -U replicator -D "$PGDATA" -R -X stream; do
        echo "replica: the primary is not ready yet, trying again" >&2
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
    chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
