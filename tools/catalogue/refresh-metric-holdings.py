#!/usr/bin/env python3
"""Rewrites the holdings of every record with a metric in db/catalogue/records.ndjson from the computed
progression of a running service loaded with the catalogue, so the curated succession and the computed one
cannot drift apart. Each holding is sourced by its person's and its mission's first sources.

Usage: tools/catalogue/refresh-metric-holdings.py [BASE_URL]      (default http://localhost:8080)
Run it after changing people or missions, with the service started on the changed catalogue (./run.sh),
then restart the service so it loads the new records file, and run the tests (CatalogueDataTests)."""
import json
import os
import sys
import urllib.request

base = (sys.argv[1] if len(sys.argv) > 1 else 'http://localhost:8080').rstrip('/')
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'db', 'catalogue')
DURATION = ('longest-flight', 'most-time-in-space')


def rows(name):
    with open(os.path.join(root, name), encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


people = {p['slug']: p for p in rows('people.ndjson')}
missions = {m['slug']: m for m in rows('missions.ndjson')}


def holdings_of(metric):
    with urllib.request.urlopen(f'{base}/v1/leaderboards/{metric}/progression') as response:
        steps = json.load(response)['progression']
    holdings = []
    for step in steps:
        person, up = step['person']['slug'], step['mission']['slug']
        down = (step.get('landingMission') or {}).get('slug')
        mission = down if metric in DURATION and down else up
        name = step['person']['name']
        if 'age' in step:
            unit = 'days'
            note = f"{name}, {step['age']['years']} years {step['age']['days']} days old at launch on {step['mission']['name']}."
        elif 'duration' in step:
            unit = 'seconds'
            d = step['duration']
            span = f"{d['days']} d {d['hours']} h {d['minutes']} min {d['seconds']} s"
            landed = (step.get('landingMission') or step['mission'])['name']
            note = (f"{name}: {span}, up on {step['mission']['name']}, down on {landed}." if metric == 'longest-flight'
                    else f"{name}: {span} in space in all, once {landed} landed.")
        else:
            unit = 'flights'
            note = f"{name}: flight number {step['value']}, on {step['mission']['name']}."
        sources = []
        for url in missions[mission]['sources'][:1] + people[person]['sources'][:1] + ([missions[up]['sources'][0]] if mission != up else []):
            if url not in sources:
                sources.append(url)
        holding = {'achievedOn': step['date'], 'mission': mission, 'people': [person], 'value': step['value'], 'unit': unit,
                   'notes': note + ' Computed from the catalogue.', 'sources': sources}
        # Co-holders of a tie share a day: one holding naming them all.
        last = holdings[-1] if holdings else None
        if last and last['achievedOn'] == holding['achievedOn'] and last['value'] == holding['value']:
            last['people'] += [p for p in holding['people'] if p not in last['people']]
            last['notes'] = last['notes'].replace(' Computed from the catalogue.', ' ') + holding['notes']
            last['sources'] += [u for u in holding['sources'] if u not in last['sources']]
        else:
            holdings.append(holding)
    return holdings


records = rows('records.ndjson')
for record in records:
    if record.get('metric'):
        record['holdings'] = holdings_of(record['metric'])
        print(f"{record['slug']}: {len(record['holdings'])} holdings")
with open(os.path.join(root, 'records.ndjson'), 'w', encoding='utf-8') as f:
    for record in sorted(records, key=lambda r: r['slug']):
        f.write(json.dumps(record, ensure_ascii=False, separators=(',', ':')) + '\n')
