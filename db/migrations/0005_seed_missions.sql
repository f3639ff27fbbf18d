-- Seed data: the missions of the founding story and their crews (people come from 0003_seed_people.sql).
-- Times are UTC, to the minute (seconds dropped). apogee_km is the highest altitude reached: the
-- published capsule apogee for New Shepard, the orbit's apogee for free-flying orbital missions, and the
-- host station's approximate altitude for Soyuz ferry flights (NULL where no figure could be confirmed).
-- Superseded by the catalogue (db/catalogue, docs/catalogue.md), which re-sources these rows to the second.

INSERT INTO missions (slug, name, operator, vehicle, kind, apogee_km, launch_at, launch_site, landing_at, landing_site,
                      destination, summary, wikidata, cospar, sources) VALUES

('vostok-1', 'Vostok 1', 'Soviet space program', 'Vostok 3KA (Vostok-K rocket)', 'orbital', 327,
 '1961-04-12T06:07Z', 'Baikonur Cosmodrome, Site 1/5', '1961-04-12T07:55Z', 'Saratov Oblast, USSR',
 NULL,
 'The first human spaceflight: Yuri Gagarin made a single orbit of the Earth in about 108 minutes, ejecting from the capsule during descent and landing by parachute.',
 NULL, '1961-012A',
 ARRAY['https://www.rosa.ro/index.php/en/news-menu/stiri/272-gagarin-50',
       'http://techsciencenews.com/wikisearch/view_html.php?sq=Facebook&lang=en&q=Vostok_1']),

('vostok-2', 'Vostok 2', 'Soviet space program', 'Vostok 3KA (Vostok-K rocket)', 'orbital', 232,
 '1961-08-06T06:00Z', 'Baikonur Cosmodrome, Site 1/5', '1961-08-07T07:18Z', 'near Krasny Kut, Saratov Oblast, USSR',
 NULL,
 'Gherman Titov spent just over a day in orbit, completing seventeen orbits; he was the first person to sleep in space and to suffer from space sickness.',
 NULL, '1961-019A',
 ARRAY['http://spacefacts.net/mission/english/vostok-2.htm',
       'https://www.worldspaceflight.com/russia/vostok/vostok2.php',
       'https://wikimili.com/en/Vostok_2']),

('sts-95', 'STS-95', 'NASA', 'Space Shuttle Discovery', 'orbital', 561,
 '1998-10-29T19:19Z', 'Kennedy Space Center, LC-39B', '1998-11-07T17:04Z', 'Kennedy Space Center, Shuttle Landing Facility',
 NULL,
 'A nine-day Discovery science flight that returned Senator John Glenn to orbit at 77 to study ageing in weightlessness, and flew the first Spanish astronaut, Pedro Duque.',
 NULL, '1998-064A',
 ARRAY['https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=1998-064A',
       'http://astronautix.com/s/sts-95.html',
       'http://spacefacts.net/mission/english/sts-95.htm']),

('soyuz-tm-18', 'Soyuz TM-18', 'Russian Space Agency', 'Soyuz-TM (Soyuz-U2 rocket)', 'orbital', NULL,
 '1994-01-08T10:05Z', 'Baikonur Cosmodrome, Site 1/5', '1994-07-09T10:32Z', '110 km north of Arkalyk, Kazakhstan',
 'Mir',
 'Carried the fifteenth Mir resident crew; Afanasyev and Usachov came home on it after six months, while physician Valeri Polyakov stayed aboard for his record 437-day flight.',
 NULL, '1994-001A',
 ARRAY['http://www.astronautix.com/s/soyuztm-18.html',
       'https://kosmogon.com/?p=6164&post_type=history_launch',
       'https://de.zxc.wiki/wiki/Sojus_TM-18']),

('soyuz-tm-19', 'Soyuz TM-19', 'Russian Space Agency', 'Soyuz-TM (Soyuz-U2 rocket)', 'orbital', 397,
 '1994-07-01T12:24Z', 'Baikonur Cosmodrome, Site 1/5', '1994-11-04T11:18Z', '88 km north-east of Arkalyk, Kazakhstan',
 'Mir',
 'An all-rookie crew of Yuri Malenchenko and Talgat Musabayev flew a four-month Mir expedition and returned with ESA astronaut Ulf Merbold.',
 NULL, '1994-036A',
 ARRAY['https://www.wikiwand.com/en/articles/Soyuz_TM-19',
       'http://www.infogalactic.com/info/Soyuz_TM-19']),

('soyuz-tm-20', 'Soyuz TM-20', 'Russian Space Agency', 'Soyuz-TM (Soyuz-U2 rocket)', 'orbital', 394,
 '1994-10-03T22:42Z', 'Baikonur Cosmodrome, Site 1/5', '1995-03-22T04:04Z', 'Kazakhstan',
 'Mir',
 'Launched Aleksandr Viktorenko, Yelena Kondakova and Ulf Merbold (Euromir 94) to Mir; five months later it brought Valeri Polyakov home from his record-long stay.',
 NULL, '1994-063A',
 ARRAY['https://www.knowpia.com/knowpedia/Soyuz_TM-20',
       'https://raumfahrtkalender.de/raumfahrtchronik/1994/oktober/1994-063']),

('soyuz-tm-31', 'Soyuz TM-31', 'Rosaviakosmos', 'Soyuz-TM (Soyuz-U rocket)', 'orbital', NULL,
 '2000-10-31T07:52Z', 'Baikonur Cosmodrome, Site 1/5', '2001-05-06T05:41Z', '90 km north-east of Arkalyk, Kazakhstan',
 'International Space Station',
 'Took Expedition 1, the first resident crew, to the International Space Station; it later served as the lifeboat and landed the crew of the first paying space tourist, Dennis Tito.',
 NULL, '2000-070A',
 ARRAY['https://wikimili.com/en/Soyuz_TM-31',
       'https://de.wiki.li/Sojus_TM-31']),

('soyuz-tm-32', 'Soyuz TM-32', 'Rosaviakosmos', 'Soyuz-TM (Soyuz-U rocket)', 'orbital', 407,
 '2001-04-28T07:37Z', 'Baikonur Cosmodrome, Site 1/5', '2001-10-31T04:59Z', 'near Arkalyk, Kazakhstan',
 'International Space Station',
 'The first ISS taxi flight, carrying Dennis Tito with two cosmonauts; the spacecraft stayed docked as the lifeboat and in October landed the Andromède crew.',
 NULL, '2001-017A',
 ARRAY['http://spacefacts.info/mission/english/soyuz-tm32.htm',
       'https://www.worldspaceflight.com/russia/iss/soyuztm32.php',
       'https://wikimili.com/en/Soyuz_TM-32']),

('soyuz-ms-18', 'Soyuz MS-18', 'Roscosmos', 'Soyuz MS (Soyuz-2.1a rocket)', 'orbital', 421,
 '2021-04-09T07:42Z', 'Baikonur Cosmodrome, Site 31/6', '2021-10-17T04:35Z', 'south-east of Dzhezkazgan, Kazakhstan',
 'International Space Station',
 'Flew Oleg Novitskiy, Pyotr Dubrov and Mark Vande Hei to the ISS; Novitskiy returned in it with the film crew of "The Challenge", Yulia Peresild and Klim Shipenko.',
 NULL, '2021-029A',
 ARRAY['https://www.spaceflightinsider.com/missions/iss/soyuz-ms-18-reaches-international-space-station-after-2-orbits/',
       'https://spaceref.com/space-stations/nasa-space-station-on-orbit-update-17-october-2021/',
       'https://nssdc.gsfc.nasa.gov/nmc/spacecraft/display.action?id=2021-029A']),

('soyuz-ms-19', 'Soyuz MS-19', 'Roscosmos', 'Soyuz MS (Soyuz-2.1a rocket)', 'orbital', 421,
 '2021-10-05T08:55Z', 'Baikonur Cosmodrome, Site 31/6', '2022-03-30T11:28Z', 'south-east of Dzhezkazgan, Kazakhstan',
 'International Space Station',
 'Carried actress Yulia Peresild and director Klim Shipenko to the ISS to film scenes of "The Challenge", with Anton Shkaplerov in command; it landed Shkaplerov, Dubrov and Vande Hei in March 2022.',
 NULL, '2021-089A',
 ARRAY['https://www.russianspaceweb.com/soyuz-ms-19.html',
       'https://simple.wikipedia.org/wiki/Soyuz_MS-19',
       'https://tass.com/science/1328573/amp']),

('new-shepard-ns-16', 'New Shepard NS-16', 'Blue Origin', 'New Shepard (RSS First Step)', 'suborbital', 107.05,
 '2021-07-20T13:11Z', 'Launch Site One, West Texas', '2021-07-20T13:21Z', 'Launch Site One, West Texas',
 NULL,
 'The first crewed New Shepard flight, carrying Jeff and Mark Bezos, 82-year-old aviator Wally Funk and 18-year-old Oliver Daemen on a ten-minute hop above the Kármán line.',
 NULL, NULL,
 ARRAY['https://www.iheart.com/content/2021-07-20-jeff-bezos-makes-history-with-space-flight',
       'https://www.keneci.com/science/new-shepard-blue-origin-launches-jeff-bezos-3-others-into-space',
       'https://kiwix.lema.org/wikipedia_en_all_mini_2024-02/A/Blue_Origin_NS-16']),

('new-shepard-ns-18', 'New Shepard NS-18', 'Blue Origin', 'New Shepard (RSS First Step)', 'suborbital', 107.04,
 '2021-10-13T14:49Z', 'Launch Site One, West Texas', '2021-10-13T15:00Z', 'Launch Site One, West Texas',
 NULL,
 'The second crewed New Shepard flight; at 90, actor William Shatner became the oldest person to reach space, flying with Audrey Powers, Chris Boshuizen and Glen de Vries.',
 NULL, NULL,
 ARRAY['https://blueorigin.com/news/new-shepard-ns-18-mission-updates',
       'https://www.americaspace.com/2021/10/13/blue-origins-ns-18-boldly-goes-delivers-shatner-crewmates-to-threshold-of-space/',
       'https://www.knowpia.com/knowpedia/Blue_Origin_NS-18']),

('new-shepard-ns-25', 'New Shepard NS-25', 'Blue Origin', 'New Shepard (RSS First Step)', 'suborbital', 105.7,
 '2024-05-19T14:35Z', 'Launch Site One, West Texas', '2024-05-19T14:45Z', 'Launch Site One, West Texas',
 NULL,
 'New Shepard''s return to crewed flight after the 2022 failure; Ed Dwight, the first Black US astronaut candidate, flew at 90 to become the oldest person in space.',
 NULL, NULL,
 ARRAY['https://wikimili.com/en/Blue_Origin_NS-25',
       'https://bitsserver1.blogspot.com/2024/05/bezos-blue-origin-launches-first-crew.html',
       'https://blueorigin.com/news/new-shepard-ns-25-mission-announcement']);

-- Crews: one row per (mission vehicle, person). launched = rode this vehicle up; landed = rode it down.
-- Ids are looked up by slug; crew_members.mission_id/person_id are NOT NULL, so a bad slug fails the migration.
INSERT INTO crew_members (mission_id, person_id, role, launched, landed) VALUES
((SELECT id FROM missions WHERE slug = 'vostok-1'), (SELECT id FROM people WHERE slug = 'yuri-gagarin'), 'pilot', true, true),

((SELECT id FROM missions WHERE slug = 'vostok-2'), (SELECT id FROM people WHERE slug = 'gherman-titov'), 'pilot', true, true),

((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'curtis-brown'), 'commander', true, true),
((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'steven-lindsey'), 'pilot', true, true),
((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'scott-parazynski'), 'mission-specialist', true, true),
((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'stephen-robinson'), 'mission-specialist', true, true),
((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'pedro-duque'), 'mission-specialist', true, true),
((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'chiaki-mukai'), 'payload-specialist', true, true),
((SELECT id FROM missions WHERE slug = 'sts-95'), (SELECT id FROM people WHERE slug = 'john-glenn'), 'payload-specialist', true, true),

((SELECT id FROM missions WHERE slug = 'soyuz-tm-18'), (SELECT id FROM people WHERE slug = 'viktor-afanasyev'), 'commander', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-18'), (SELECT id FROM people WHERE slug = 'yury-usachov'), 'flight-engineer', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-18'), (SELECT id FROM people WHERE slug = 'valeri-polyakov'), 'mission-specialist', true, false),

((SELECT id FROM missions WHERE slug = 'soyuz-tm-19'), (SELECT id FROM people WHERE slug = 'yuri-malenchenko'), 'commander', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-19'), (SELECT id FROM people WHERE slug = 'talgat-musabayev'), 'flight-engineer', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-19'), (SELECT id FROM people WHERE slug = 'ulf-merbold'), 'mission-specialist', false, true),

((SELECT id FROM missions WHERE slug = 'soyuz-tm-20'), (SELECT id FROM people WHERE slug = 'aleksandr-viktorenko'), 'commander', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-20'), (SELECT id FROM people WHERE slug = 'yelena-kondakova'), 'flight-engineer', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-20'), (SELECT id FROM people WHERE slug = 'ulf-merbold'), 'mission-specialist', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-20'), (SELECT id FROM people WHERE slug = 'valeri-polyakov'), 'mission-specialist', false, true),

((SELECT id FROM missions WHERE slug = 'soyuz-tm-31'), (SELECT id FROM people WHERE slug = 'yuri-gidzenko'), 'commander', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-31'), (SELECT id FROM people WHERE slug = 'sergei-krikalev'), 'flight-engineer', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-31'), (SELECT id FROM people WHERE slug = 'william-shepherd'), 'flight-engineer', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-31'), (SELECT id FROM people WHERE slug = 'talgat-musabayev'), 'commander', false, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-31'), (SELECT id FROM people WHERE slug = 'yuri-baturin'), 'flight-engineer', false, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-31'), (SELECT id FROM people WHERE slug = 'dennis-tito'), 'spaceflight-participant', false, true),

((SELECT id FROM missions WHERE slug = 'soyuz-tm-32'), (SELECT id FROM people WHERE slug = 'talgat-musabayev'), 'commander', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-32'), (SELECT id FROM people WHERE slug = 'yuri-baturin'), 'flight-engineer', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-32'), (SELECT id FROM people WHERE slug = 'dennis-tito'), 'spaceflight-participant', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-32'), (SELECT id FROM people WHERE slug = 'viktor-afanasyev'), 'commander', false, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-32'), (SELECT id FROM people WHERE slug = 'claudie-haignere'), 'flight-engineer', false, true),
((SELECT id FROM missions WHERE slug = 'soyuz-tm-32'), (SELECT id FROM people WHERE slug = 'konstantin-kozeyev'), 'flight-engineer', false, true),

((SELECT id FROM missions WHERE slug = 'soyuz-ms-18'), (SELECT id FROM people WHERE slug = 'oleg-novitskiy'), 'commander', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-18'), (SELECT id FROM people WHERE slug = 'pyotr-dubrov'), 'flight-engineer', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-18'), (SELECT id FROM people WHERE slug = 'mark-vande-hei'), 'flight-engineer', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-18'), (SELECT id FROM people WHERE slug = 'klim-shipenko'), 'spaceflight-participant', false, true),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-18'), (SELECT id FROM people WHERE slug = 'yulia-peresild'), 'spaceflight-participant', false, true),

((SELECT id FROM missions WHERE slug = 'soyuz-ms-19'), (SELECT id FROM people WHERE slug = 'anton-shkaplerov'), 'commander', true, true),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-19'), (SELECT id FROM people WHERE slug = 'klim-shipenko'), 'spaceflight-participant', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-19'), (SELECT id FROM people WHERE slug = 'yulia-peresild'), 'spaceflight-participant', true, false),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-19'), (SELECT id FROM people WHERE slug = 'pyotr-dubrov'), 'flight-engineer', false, true),
((SELECT id FROM missions WHERE slug = 'soyuz-ms-19'), (SELECT id FROM people WHERE slug = 'mark-vande-hei'), 'flight-engineer', false, true),

((SELECT id FROM missions WHERE slug = 'new-shepard-ns-16'), (SELECT id FROM people WHERE slug = 'jeff-bezos'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-16'), (SELECT id FROM people WHERE slug = 'mark-bezos'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-16'), (SELECT id FROM people WHERE slug = 'wally-funk'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-16'), (SELECT id FROM people WHERE slug = 'oliver-daemen'), 'passenger', true, true),

((SELECT id FROM missions WHERE slug = 'new-shepard-ns-18'), (SELECT id FROM people WHERE slug = 'audrey-powers'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-18'), (SELECT id FROM people WHERE slug = 'chris-boshuizen'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-18'), (SELECT id FROM people WHERE slug = 'glen-de-vries'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-18'), (SELECT id FROM people WHERE slug = 'william-shatner'), 'passenger', true, true),

((SELECT id FROM missions WHERE slug = 'new-shepard-ns-25'), (SELECT id FROM people WHERE slug = 'mason-angel'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-25'), (SELECT id FROM people WHERE slug = 'sylvain-chiron'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-25'), (SELECT id FROM people WHERE slug = 'ed-dwight'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-25'), (SELECT id FROM people WHERE slug = 'kenneth-hess'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-25'), (SELECT id FROM people WHERE slug = 'carol-schaller'), 'passenger', true, true),
((SELECT id FROM missions WHERE slug = 'new-shepard-ns-25'), (SELECT id FROM people WHERE slug = 'gopi-thotakura'), 'passenger', true, true);
