import { evaluateText } from './src/engine/evaluate';
import { normalizeSettings } from './src/core/settings';
import { pairRuns, mainLensTitle } from './src/editor/lensText';
const s = normalizeSettings({});
for (const y of ['hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n', 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\ntrials: 3\n',
  'model: meta-llama/Llama-3.1-8B\nhardware: H100\ncount: 8\nsteps: 2000\nbatchSize: 64\nseqLen: 4096\nregion: gcp:us-central1\n',
  'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\ncount: 2\nregion: FR\n',
  'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\nregion: FR\nqueriesPerDay: 100000\n',
  ]) {
  const p = pairRuns(evaluateText(y, 'run.yaml', s))[0];
  const e = p.estimate;
  console.log(JSON.stringify({ method: e.method, hours: e.hours, kwh: e.energyKwh, kg: e.co2eKg, emb: e.embodiedKg, params: e.inputs.params?.value, tokens: (e.inputs as any).tokens?.value, pue: (e.inputs as any).pue?.value, int: e.inputs.intensity?.value }));
  console.log(mainLensTitle(e, s));
}
