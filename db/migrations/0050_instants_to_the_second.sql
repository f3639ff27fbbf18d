-- Instants are written to the second (db/functions/01_text.sql, rfc3339): the documents kept in the
-- revisions were written with the fraction the database had stamped (createdAt 2026-11-25T18:38:45.243232Z).
-- Cut those the same way, so that a resource's latest revision still holds exactly its current
-- document and the history and the changes feed show instants in one shape. Only the instants the
-- documents carry are touched (the four members below, at any depth), never free text.
UPDATE revisions
SET data = regexp_replace(
        data::text,
        '("(createdAt|updatedAt|launchAt|landingAt)": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\.[0-9]+Z"',
        '\1Z"',
        'g')::jsonb
WHERE data::text ~ '"(createdAt|updatedAt|launchAt|landingAt)": "[^"]*\.[0-9]+Z"';
