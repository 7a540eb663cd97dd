import { estimateRun } from './src/core/estimate';
import { normalizeSettings } from './src/core/settings';
const settings = normalizeSettings({ includeEmbodied: false });
function run(inputs: Record<string, unknown>, phase: any = 'training'): any {
  const ins: any = {};
  for (const [k, v] of Object.entries(inputs)) ins[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}
const e = estimateRun(run({ model: 'meta-llama/Llama-2-7b-hf', hardware: 'H100 SXM', count: 64, tokens: 1e11, pue: 1.2, intensity: 400 }), settings);
console.log(e.co2eKg, e.lifecycle?.breakEvenQueries, e.lifecycle?.perQueryKg, e.hours);
const i = estimateRun(run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100 SXM', count: 2, queriesPerDay: 1e9, tokensPerQuery: 1000, horizonDays: 365, pue: 1.2, intensity: 400 }, 'inference'), settings);
console.log(i.co2eKg, i.lifecycle?.perQueryKg, i.inputs.params?.value, i.method);
