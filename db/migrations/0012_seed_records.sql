-- Seed data: the records of the founding story and their holdings, each backed by the URLs in `sources`.
-- People and missions come from 0003_seed_people.sql and 0005_seed_missions.sql and are looked up by slug;
-- the check at the end fails the migration if a slug matched nothing.
-- Ages are in days from birth to the (UTC) launch date, as the leaderboards count them; durations in days.

INSERT INTO records (slug, title, category, description, metric, sources) VALUES
('first-human-in-space', 'First human in space', 'first',
 'The first person to fly in space: Yuri Gagarin made one orbit of the Earth aboard Vostok 1 in about 108 minutes.',
 NULL,
 ARRAY['https://www.rosa.ro/index.php/en/news-menu/stiri/272-gagarin-50',
       'https://marspedia.org/Yuri_Gagarin']),

('first-feature-film-shot-in-space', 'First feature film shot in space', 'first',
 'The first fictional feature film with scenes shot in space by a film crew: "The Challenge" («Вызов»), directed by Klim Shipenko and starring Yulia Peresild, filmed aboard the International Space Station in October 2021.',
 NULL,
 ARRAY['https://en.wikipedia.org/wiki/The_Challenge_(2023_film)',
       'https://www.russianspaceweb.com/soyuz-ms-19.html']),

('oldest-person-to-fly-in-space', 'Oldest person to fly in space', 'age',
 'The greatest age at launch of anyone who has flown in space (above the Kármán line, 100 km).',
 'oldest-at-launch',
 ARRAY['https://www.guinnessworldrecords.com/news/2021/10/william-shatner-breaks-record-for-oldest-person-in-space-after-blue-origin-flight-678841']),

('youngest-person-to-fly-in-space', 'Youngest person to fly in space', 'age',
 'The youngest age at launch of anyone who has flown in space (above the Kármán line, 100 km). Gherman Titov remains the youngest to have flown in orbit.',
 'youngest-at-launch',
 ARRAY['http://www.fact-index.com/g/gh/gherman_titov.html',
       'https://en.wikipedia.org/wiki/Oliver_Daemen']),

('longest-single-human-spaceflight', 'Longest single human spaceflight', 'duration',
 'The longest time one person has spent in space on a single flight, from the launch of the vehicle they went up on to the landing of the one they came down on.',
 'longest-flight',
 ARRAY['https://www.britannica.com/biography/Valery-Vladimirovich-Polyakov',
       'https://www.wikiwand.com/en/Valeri_Polyakov']);

-- Holdings, oldest first within each record.
INSERT INTO holdings (record_id, achieved_on, mission_id, value, unit, notes, sources)
SELECT r.id, h.achieved_on, m.id, h.value, h.unit, h.notes, h.sources
FROM (VALUES
    ('first-human-in-space', date '1961-04-12', 'vostok-1', NULL::numeric, NULL::text,
     'Launched from Baikonur at 06:07 UTC; one orbit, landing in Saratov Oblast after about 108 minutes.',
     ARRAY['https://www.rosa.ro/index.php/en/news-menu/stiri/272-gagarin-50',
           'http://www.businessinsider.com/yuri-gagarin-the-first-man-in-space-2011-4?op=1']),

    ('first-feature-film-shot-in-space', date '2021-10-05', 'soyuz-ms-19', NULL, NULL,
     'Director Klim Shipenko and actress Yulia Peresild launched on Soyuz MS-19 with Anton Shkaplerov on 5 October 2021, filmed scenes of "The Challenge" («Вызов») aboard the ISS for twelve days, and landed on Soyuz MS-18 with Oleg Novitskiy in Kazakhstan on 17 October 2021.',
     ARRAY['https://en.wikipedia.org/wiki/The_Challenge_(2023_film)',
           'https://www.russianspaceweb.com/soyuz-ms-19.html',
           'https://ybw-group.com/news/deadline-informs-the-challenge-russias-klim-shipenko--yuliya-peresild-talk-shooting-first-film-in-space--its-a-four-dimensional-world-up-there']),

    ('oldest-person-to-fly-in-space', date '1998-10-29', 'sts-95', 28227, 'days',
     'John Glenn, 77 years 103 days old, returned to orbit on Space Shuttle Discovery.',
     ARRAY['https://www.guinnessworldrecords.com/news/2021/10/william-shatner-breaks-record-for-oldest-person-in-space-after-blue-origin-flight-678841',
           'https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=1998-064A']),
    ('oldest-person-to-fly-in-space', date '2021-07-20', 'new-shepard-ns-16', 30120, 'days',
     'Wally Funk, 82 years 169 days old, on the first crewed New Shepard flight.',
     ARRAY['https://www.guinnessworldrecords.com/news/2021/10/william-shatner-breaks-record-for-oldest-person-in-space-after-blue-origin-flight-678841',
           'https://simple.wikipedia.org/wiki/Wally_Funk']),
    ('oldest-person-to-fly-in-space', date '2021-10-13', 'new-shepard-ns-18', 33078, 'days',
     'William Shatner, 90 years 205 days old.',
     ARRAY['https://www.guinnessworldrecords.com/news/2021/10/william-shatner-breaks-record-for-oldest-person-in-space-after-blue-origin-flight-678841',
           'https://blueorigin.com/news/new-shepard-ns-18-mission-updates']),
    ('oldest-person-to-fly-in-space', date '2024-05-19', 'new-shepard-ns-25', 33125, 'days',
     'Ed Dwight, 90 years 253 days old, 47 days older than William Shatner was.',
     ARRAY['https://en.wikipedia.org/wiki/Ed_Dwight',
           'https://blueorigin.com/news/new-shepard-ns-25-mission-announcement']),

    ('youngest-person-to-fly-in-space', date '1961-04-12', 'vostok-1', 9896, 'days',
     'Yuri Gagarin, 27 years 34 days old, the first person in space.',
     ARRAY['https://www.rosa.ro/index.php/en/news-menu/stiri/272-gagarin-50']),
    ('youngest-person-to-fly-in-space', date '1961-08-06', 'vostok-2', 9461, 'days',
     'Gherman Titov, 25 years 329 days old, a month short of 26; still the youngest to have flown in orbit.',
     ARRAY['http://www.fact-index.com/g/gh/gherman_titov.html',
           'https://en.scientificrussia.ru/historical-events/6-avgusta-1961-goda-v-sssr-zapustili-vtoroj-kosmiceskij-korabl-s-celovekom-na-bortu-2']),
    ('youngest-person-to-fly-in-space', date '2021-07-20', 'new-shepard-ns-16', 6909, 'days',
     'Oliver Daemen, 18 years 334 days old, on the first crewed New Shepard flight.',
     ARRAY['https://www.guinnessworldrecords.com/news/2021/10/william-shatner-breaks-record-for-oldest-person-in-space-after-blue-origin-flight-678841',
           'https://en.wikipedia.org/wiki/Oliver_Daemen',
           'https://nltimes.nl/2021/07/15/dutch-teen-become-youngest-ever-astronaut-blue-origins-first-customer']),

    ('longest-single-human-spaceflight', date '1995-03-22', 'soyuz-tm-18', 437.75, 'days',
     'Valeri Polyakov spent 437 days and about 18 hours in space, aboard Mir: up on Soyuz TM-18 on 8 January 1994, down on Soyuz TM-20 on 22 March 1995.',
     ARRAY['https://www.britannica.com/biography/Valery-Vladimirovich-Polyakov',
           'https://aerospacelectures.com/cosmonaut-who-holds-the-record-for-longest-stay-in-space-dies/',
           'https://www.wikiwand.com/en/Valeri_Polyakov'])
) AS h (record_slug, achieved_on, mission_slug, value, unit, notes, sources)
JOIN records r ON r.slug = h.record_slug
JOIN missions m ON m.slug = h.mission_slug
ORDER BY r.id, h.achieved_on;

-- The holders of each holding, in order (director before actress, as the credits have them).
INSERT INTO holding_people (holding_id, position, person_id)
SELECT h.id, x.position, p.id
FROM (VALUES
    ('first-human-in-space', date '1961-04-12', 1, 'yuri-gagarin'),
    ('first-feature-film-shot-in-space', date '2021-10-05', 1, 'klim-shipenko'),
    ('first-feature-film-shot-in-space', date '2021-10-05', 2, 'yulia-peresild'),
    ('oldest-person-to-fly-in-space', date '1998-10-29', 1, 'john-glenn'),
    ('oldest-person-to-fly-in-space', date '2021-07-20', 1, 'wally-funk'),
    ('oldest-person-to-fly-in-space', date '2021-10-13', 1, 'william-shatner'),
    ('oldest-person-to-fly-in-space', date '2024-05-19', 1, 'ed-dwight'),
    ('youngest-person-to-fly-in-space', date '1961-04-12', 1, 'yuri-gagarin'),
    ('youngest-person-to-fly-in-space', date '1961-08-06', 1, 'gherman-titov'),
    ('youngest-person-to-fly-in-space', date '2021-07-20', 1, 'oliver-daemen'),
    ('longest-single-human-spaceflight', date '1995-03-22', 1, 'valeri-polyakov')
) AS x (record_slug, achieved_on, position, person_slug)
JOIN records r ON r.slug = x.record_slug
JOIN holdings h ON h.record_id = r.id AND h.achieved_on = x.achieved_on
JOIN people p ON p.slug = x.person_slug;

-- Every holding and every holder above was found.
DO $$
BEGIN
    IF (SELECT count(*) FROM holdings) <> 10 OR (SELECT count(*) FROM holding_people) <> 11 THEN
        RAISE EXCEPTION 'a seeded holding or holder was not found: check the slugs above';
    END IF;
END
$$;

-- The seeded records' first revisions, so their history starts where their data does.
SELECT append_revision('records', r.id, r.version, 'create', 'seed', record_document(r))
FROM records r ORDER BY r.id;
