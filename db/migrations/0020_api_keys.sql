-- API keys: who may write. A key is shown once when made (rk_<prefix>_<secret>) and never stored:
-- the table keeps only the SHA-256 of its 256-bit secret, so a copy of the database writes nothing.
CREATE TABLE api_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Public and short: names a key in lists, logs and `keys revoke` without revealing it.
    prefix text NOT NULL CHECK (prefix ~ '^[a-z2-7]{8}$'),
    secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
    -- Public too: revisions record it as changedBy.
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    scope text NOT NULL CHECK (scope IN ('write', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_by text,
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

CREATE UNIQUE INDEX api_keys_prefix ON api_keys (prefix);
-- Every authenticated request looks its key up by this digest.
CREATE UNIQUE INDEX api_keys_secret_hash ON api_keys (secret_hash);
-- One live key per name, so a name in history means one holder at a time; a revoked name may be reused.
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
