#!/usr/bin/env python3
"""Transcribes ../shared/reference-data/availability/accelerator_regions.csv into src/core/data/availability.json.

Which cloud regions offer which accelerator (see that folder's SOURCES.md for how the rows were read and what
"no row" means per provider). Each row keeps its own source, source date and verification, because the rows
come from sources of different dates (AWS per-region files 2025-10 to 2026-08, SkyPilot catalogues ~2024/~2026).
Re-run when the reference table changes, like build_catalog.py:
    python3 scripts/data/build_availability.py [OUT_DIR]
Exits non-zero when an accelerator id is not in src/core/data/accelerators.json (printed first).
"""
import csv, json, os, sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.environ.get('REFERENCE_DATA', os.path.join(HERE, '../../../shared/reference-data'))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '../../src/core/data')
DATA = os.path.join(HERE, '../../src/core/data')


def dump(path, rows):
    # One row per line, like build_catalog.py: compact to ship, diffable row by row.
    text = '[\n' + ',\n'.join(' ' + json.dumps(r, ensure_ascii=False, separators=(',', ':')) for r in rows) + '\n]'
    json.loads(text)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text + '\n')


with open(os.path.join(DATA, 'accelerators.json'), encoding='utf-8') as f:
    known = {a['id'] for a in json.load(f)}

out, problems, seen = [], [], set()
with open(os.path.join(REF, 'availability/accelerator_regions.csv'), newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        # Azure region ids are ARM names; the intensity table spells some in mixed case, so lower-case both.
        region = r['region'].strip().lower() if r['provider'] == 'azure' else r['region'].strip()
        key = (r['provider'], region, r['accelerator_id'])
        if key in seen:
            problems.append(f'duplicate row {key}')
            continue
        seen.add(key)
        if r['accelerator_id'] not in known:
            problems.append(f"accelerator id {r['accelerator_id']!r} ({r['provider']}:{region}) is not in accelerators.json")
        row = OrderedDict()
        row['provider'] = r['provider']
        row['region'] = region
        row['accelerator'] = r['accelerator_id']
        row['types'] = r['instance_or_machine_types']
        row['source'] = r['source']
        # `YYYY-MM-DD`, `~YYYY` (undated, year from content) or `>=YYYY-MM` (undated, newer than), as in the CSV.
        row['sourceDate'] = r['source_date']
        row['verification'] = r['verification']
        out.append(row)

out.sort(key=lambda x: (x['provider'], x['region'], x['accelerator']))
for p in problems:
    print('problem:', p, file=sys.stderr)
dump(os.path.join(OUT, 'availability.json'), out)
print(f'{len(out)} rows, {len({(x["provider"], x["region"]) for x in out})} regions, '
      f'{len({x["accelerator"] for x in out})} accelerators; {len(problems)} problems', file=sys.stderr)
sys.exit(1 if problems else 0)
