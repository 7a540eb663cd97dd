// `npm run calibrate`: how the estimates compare with published energy the constants were not
// fitted to (held out) and with those they were (fit). Sets: test/fixtures/calibration/*.json.
import { inferenceSummary } from '../test/calibration/inferenceSet';
import type { Summary } from '../test/calibration/stats';
import { trainingSummary } from '../test/calibration/trainingSet';

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
function line(label: string, s: Summary): string {
  return `${label.padEnd(46)} n=${String(s.n).padStart(3)}  in band ${s.inBand}/${s.n} (${s.inBandPct.toFixed(0)} %)  median |mid/published − 1| ${pct(s.medianError)}  median width ${s.medianWidth.toFixed(2)}×`;
}

const measured = (r: { basis: string }) => r.basis === 'measured';
const rows: [string, Summary][] = [
  ['Training from FLOPs, held out', trainingSummary('flops', (r) => r.split === 'heldout')],
  ['Training from FLOPs, fit', trainingSummary('flops', (r) => r.split === 'fit')],
  ['Training from FLOPs, all', trainingSummary('flops')],
  ['Training from time (measured), held out', trainingSummary('time', (r) => measured(r) && r.split === 'heldout')],
  ['Training from time (measured), fit', trainingSummary('time', (r) => measured(r) && r.split === 'fit')],
  ['Training from time (measured), all', trainingSummary('time', measured)],
  ['Inference per output token (GPU), held out', inferenceSummary('heldout')],
  ['Inference per output token (GPU), fit', inferenceSummary('fit')],
  ['Inference per output token (GPU), all', inferenceSummary()],
];
for (const [label, s] of rows) {
  console.log(line(label, s));
  for (const o of s.outside) console.log(`    outside: ${o}`);
}
