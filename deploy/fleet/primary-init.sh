#!/usr/bin/env bash
# Run once by the postgres image when the fleet's primary is first initialised: a role the replica
# streams WAL with, and the line in pg_hba.conf that lets it in from the fleet's network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
