-- The revision log (tables: 0001_foundation.sql, 0040_unserialised_revisions.sql). Repeatable:
-- re-applied whenever this file changes (see db/README.md).

-- Appends a revision and returns its id. It takes no lock that another write would wait for.
-- PL/pgSQL, not SQL: a write calls it in the statement that makes its change (RevisionLog.ChangeAsync),
-- and the planner, weighing whether to inline an SQL function, would open (lock) revisions while
-- planning, so a write would wait on a lock of revisions before making its change, not after.
CREATE OR REPLACE FUNCTION append_revision(
    p_resource text, p_resource_id bigint, p_version integer, p_operation text,
    p_changed_by text, p_data jsonb) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO revisions (resource, resource_id, version, operation, changed_by, data)
    VALUES (p_resource, p_resource_id, p_version, p_operation, p_changed_by, p_data)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- Gives every committed, unnumbered revision the next change numbers, in id order, and returns the
-- last number handed out. Call it in a transaction of its own (autocommit) at READ COMMITTED:
--
-- * One numberer at a time: each holds the change_sequence row lock until it commits, so the
--   numbers of one call become visible together, and only after those of every earlier call.
--   A reader therefore sees the feed as a prefix 1..n with no hole: since=<nextSince> skips nothing.
-- * The rows are chosen by a statement that starts after the lock is taken. PL/pgSQL in a VOLATILE
--   function (the default) takes a new snapshot per statement at READ COMMITTED, so that statement
--   sees everything the previous holder of the lock numbered (no number given twice) and every
--   revision committed up to then. Choosing the rows in the same statement that takes the lock
--   would not: its snapshot predates the wait and would offer rows the previous holder numbered.
-- * A revision that committed before another was appended has the lower id and is seen by any
--   numberer that sees the other, so it gets the lower number. A rolled-back write leaves no row,
--   so no gap.
CREATE OR REPLACE FUNCTION number_revisions() RETURNS bigint
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_last bigint;
    v_numbered bigint;
BEGIN
    -- Nothing to number (the usual case): answer without taking any lock.
    IF NOT EXISTS (SELECT FROM revisions WHERE sequence IS NULL) THEN
        RETURN (SELECT last_sequence FROM change_sequence);
    END IF;

    SELECT last_sequence INTO v_last FROM change_sequence FOR UPDATE;

    WITH waiting AS (
        SELECT id, v_last + row_number() OVER (ORDER BY id) AS sequence
        FROM revisions
        WHERE sequence IS NULL
    )
    UPDATE revisions r SET sequence = waiting.sequence
    FROM waiting
    WHERE r.id = waiting.id;
    GET DIAGNOSTICS v_numbered = ROW_COUNT;

    UPDATE change_sequence SET last_sequence = v_last + v_numbered;
    RETURN v_last + v_numbered;
END
$$;
