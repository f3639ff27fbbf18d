#!/usr/bin/env python3
"""Merges part directories (each with people.ndjson, missions.ndjson and/or records.ndjson, as the compilation's
helpers write them) into db/catalogue/*.ndjson. A part line whose slug exists REPLACES the existing line entirely;
a new slug is inserted; every file stays sorted by slug. Lines are copied byte for byte, so the diff shows only
what a part changed.

Usage: tools/catalogue/merge-parts.py [--check] PART_DIR [PART_DIR ...]
  --check   merge in memory and run the checks, but write nothing

Two parts that give different lines for the same slug are not merged: the script stops and names the slug, and
the lines must be merged by hand (put the merged line in one part and drop it from the other).

After merging it checks the whole catalogue and stops without writing if any check fails:
  - every line is JSON with the right "type" and a slug, and no slug is there twice;
  - no person is there twice under two slugs (same name once accents, case and punctuation are dropped, or same
    surname, first initial and birth date);
  - every crew row names a person of people.ndjson, and every holding's people and mission exist.
Then run ./run.sh catalogue import --dry-run on the files (docs/catalogue.md, "Changing the data")."""
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'db', 'catalogue')
FILES = {'people.ndjson': 'person', 'missions.ndjson': 'mission', 'records.ndjson': 'record'}


def fail(message):
    sys.exit(f'merge-parts: {message}')


def read_lines(path, kind):
    """Lines of an NDJSON file as {slug: raw line}, checking each one."""
    lines = {}
    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            raw = raw.rstrip('\n')
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as e:
                fail(f'{path}:{number}: not JSON: {e}')
            if row.get('type') != kind or not isinstance(row.get('slug'), str):
                fail(f'{path}:{number}: expected a "{kind}" line with a slug')
            if row['slug'] in lines:
                fail(f'{path}:{number}: slug {row["slug"]} is there twice')
            lines[row['slug']] = raw
    return lines


def plain(name):
    """A name without accents, case or punctuation: 'Franklin Chang-Díaz' -> 'franklin chang diaz'."""
    name = unicodedata.normalize('NFKD', name or '').encode('ascii', 'ignore').decode().lower()
    return ' '.join(re.sub(r'[^a-z0-9]+', ' ', name).split())


def check(merged):
    problems = []
    people = {s: json.loads(l) for s, l in merged['people.ndjson'].items()}
    missions = {s: json.loads(l) for s, l in merged['missions.ndjson'].items()}
    records = {s: json.loads(l) for s, l in merged['records.ndjson'].items()}

    by_name, by_key = {}, {}
    for slug, p in people.items():
        name = plain(p['name'])
        if name in by_name:
            problems.append(f'people {by_name[name]} and {slug} have the same name: {p["name"]}')
        by_name[name] = slug
        words = name.split()
        if words and p.get('birthDate'):
            key = (words[-1], words[0][0], p['birthDate'])
            if key in by_key:
                problems.append(f'people {by_key[key]} and {slug}: same surname, initial and birth date')
            by_key[key] = slug

    for slug, m in missions.items():
        seen = set()
        for c in m.get('crew', []):
            if c['person'] not in people:
                problems.append(f'mission {slug}: crew person {c["person"]} is not in people.ndjson')
            if c['person'] in seen:
                problems.append(f'mission {slug}: {c["person"]} is on the crew twice')
            seen.add(c['person'])
    for slug, r in records.items():
        for h in r.get('holdings', []):
            if h.get('mission') and h['mission'] not in missions:
                problems.append(f'record {slug}: holding mission {h["mission"]} is not in missions.ndjson')
            for person in h.get('people', []):
                if person not in people:
                    problems.append(f'record {slug}: holding person {person} is not in people.ndjson')
    return problems


def main(args):
    write = True
    if args and args[0] == '--check':
        write, args = False, args[1:]
    if not args:
        fail(__doc__.split('\n\n')[1])

    merged = {name: read_lines(os.path.join(ROOT, name), kind) for name, kind in FILES.items()}
    changes = {name: {} for name in FILES}  # slug -> (part, raw line)
    for part in args:
        if not os.path.isdir(part):
            fail(f'{part}: not a directory')
        for name, kind in FILES.items():
            path = os.path.join(part, name)
            if not os.path.exists(path):
                continue
            for slug, raw in read_lines(path, kind).items():
                earlier = changes[name].get(slug)
                if earlier and earlier[1] != raw:
                    fail(f'{name}: {slug} is changed by both {earlier[0]} and {part}: merge the two lines by hand')
                changes[name][slug] = (part, raw)

    for name in FILES:
        added = replaced = unchanged = 0
        for slug, (_, raw) in changes[name].items():
            if slug not in merged[name]:
                added += 1
            elif merged[name][slug] == raw:
                unchanged += 1
            else:
                replaced += 1
            merged[name][slug] = raw
        print(f'{name}: {added} added, {replaced} replaced, {unchanged} unchanged, {len(merged[name])} lines')

    problems = check(merged)
    if problems:
        print('\n'.join(problems), file=sys.stderr)
        fail(f'{len(problems)} problems; nothing written')
    if write:
        for name in FILES:
            if changes[name]:
                with open(os.path.join(ROOT, name), 'w', encoding='utf-8') as f:
                    for slug in sorted(merged[name]):
                        f.write(merged[name][slug] + '\n')
    print('checks passed' + ('' if write else ' (--check: nothing written)'))


if __name__ == '__main__':
    main(sys.argv[1:])
