-- Idempotent POSTs: the first response to a request carrying an Idempotency-Key, kept so that a
-- retry with the same key gets it again instead of doing the work twice. One row per caller and key.
CREATE TABLE idempotency_keys (
    scope text NOT NULL,                -- the caller: keys of different callers never meet
    key text NOT NULL,
    request_hash bytea NOT NULL,        -- SHA-256 of method, path and the request body as parsed
    attempt uuid NOT NULL,              -- the attempt that holds the key; a write commits only while it still does
    created_at timestamptz NOT NULL DEFAULT now(),
    applied_sequence bigint,            -- the revision the attempt's write committed, set in that same transaction
    status smallint,                    -- the stored response, once there is one
    headers jsonb,
    body bytea,
    completed_at timestamptz,
    PRIMARY KEY (scope, key),
    CONSTRAINT idempotency_keys_key_length CHECK (length(key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_response CHECK ((status IS NULL) = (headers IS NULL) AND (status IS NULL) = (body IS NULL))
);

-- The clean-up deletes rows past the retention window.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
