-- The seeded missions' first revisions (with their crews), so their history starts where their data does.
SELECT append_revision('missions', m.id, m.version, 'create', 'seed', mission_document(m))
FROM missions m ORDER BY m.id;
