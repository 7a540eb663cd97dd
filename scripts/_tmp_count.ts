// Counts corpus runs whose dataset size is the default vs a catalogued dataset.
import * as path from 'path';
import { estimateFile, collectFiles } from '../src/cli';
import { normalizeSettings } from '../src/core/settings';
const CORPUS = '/work/shared/corpus';
const s = normalizeSettings({});
let def = 0, cat = 0; const rows: string[] = [];
for (const f of collectFiles(CORPUS)) {
  const r: any = estimateFile(f, s, 20 * 1024 * 1024);
  for (const e of (r.estimates ?? [])) {
    const ds = e.inputs?.datasetSamples; const dt = e.inputs?.datasetTokens;
    const a = (e.assumptions ?? []).join(' ');
    const isDef = ds?.origin === 'default';
    const isCat = /catalogue|dataset card/i.test((dt?.note ?? '') + (ds?.note ?? '')) ;
    if (isDef) def++; if (isCat) cat++;
    rows.push(`${path.relative(CORPUS, f)} | ${e.name} | samples=${ds?.value}(${ds?.origin}: ${ds?.note}) tokens=${dt?.value}(${dt?.note}) | T=${e.inputs?.tokens?.value} | ${e.co2eKg?.mid?.toPrecision(3)}`);
  }
}
console.log(rows.join('\n')); console.log(`default-dataset runs: ${def}, catalogued-dataset runs: ${cat}`);
