// Lifecycle (training vs serving), measured-vs-estimated and sweeps that run another config.
// Expected values are computed by hand in the comments from src/core/constants.ts and the catalogue.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compareMeasured } from '../../src/core/calibration';
import { estimateRun } from '../../src/core/estimate';
import { againstTraining, breakEvenQueries, servingGpus } from '../../src/core/lifecycle';
import { minGpusFor } from '../../src/core/inferenceEnergy';
import type { Accelerator } from '../../src/core/catalogTypes';
import { lifecycleLines, measuredLines } from '../../src/core/lifecycleText';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { comparisonFor, findRecordSync } from '../../src/engine/measured';
import { pairLifecycles } from '../../src/engine/pairLifecycle';
import { hydraSweepTrials, sweepChoices } from '../../src/formats/hydraSweep';
import { parseYamlDocs } from '../../src/formats/tree';
import { mergeRecords, parseCodeCarbonCsv, parseRecord, parseTrainerRecord, recordCandidates, splitCsvLine } from '../../src/formats/measuredRecords';
import { closeWithin } from './helpers/runAsserts';

const settings = normalizeSettings({ includeEmbodied: false });

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

const close = closeWithin(1e-6);

describe('lifecycle: training vs serving', () => {
  // The serving run's rule (minGpusFor): weights × 1.2 (KV cache) in 90 % of memory (72 GB of 80), next power of two.
  it('sizes a serving replica as a serving run is sized (weights + KV cache in 90 % of memory)', () => {
    assert.strictEqual(servingGpus(7e9, 16, 80), 1); // 14 GB × 1.2 = 16.8 GB / 72 → 1
    assert.strictEqual(servingGpus(70.55e9, 16, 80), 4); // 141.1 GB × 1.2 = 169.3 / 72 = 2.35 → 3 → 4
    assert.strictEqual(servingGpus(70.55e9, 8, 80), 2); // 70.55 GB × 1.2 = 84.7 / 72 = 1.18 → 2 (issue #16: was 1 here, 2 for a serving run)
    assert.strictEqual(servingGpus(405e9, 16, 80), 16); // 810 GB × 1.2 = 972 / 72 = 13.5 → 14 → 16
    assert.strictEqual(servingGpus(405e9, 4, 80), 4); // 202.5 GB × 1.2 = 243 / 72 = 3.4 → 4
  });

  it('agrees with the serving run\'s sizing for every model size and precision (one rule)', () => {
    const h100 = { memoryGb: 80 } as Accelerator;
    for (const params of [1e9, 7e9, 13e9, 30e9, 46.7e9, 70.55e9, 141e9, 405e9]) {
      for (const [bits, precision, quant] of [[16, 'bf16', undefined], [8, 'int8', 8], [4, 'int4', 4]] as const) {
        assert.strictEqual(servingGpus(params, bits, 80), minGpusFor(params, h100, precision, quant), `${params / 1e9}B at ${bits}-bit`);
      }
    }
  });

  it('break-even is training over per-query, rounded up; none without either side', () => {
    assert.strictEqual(breakEvenQueries(100, 0.001), 100_000);
    assert.strictEqual(breakEvenQueries(100, 0.0003), 333_334);
    assert.strictEqual(breakEvenQueries(0, 0.001), undefined);
    assert.strictEqual(breakEvenQueries(100, 0), undefined);
  });

  // Llama-2-7b (6.74B), served on 1 × H100 SXM (700 W) after training, 1,000 output tokens per query,
  // PUE 1.2, 400 g/kWh. Per output token (ML.ENERGY v3 model, batch 64 assumed, src/core/inferenceEnergy.ts):
  //   memory 0.375 × 6.74 / 64 = 0.0394922 J + compute 0.0118 × 6.74^0.82 (4.78091) = 0.0564135 J = 0.0959057 J.
  // Per query: × 1000 × host factor (1 + 0.3 × 700 / (0.8 × 700) = 1.375) × 1.2 = 158.244 J = 4.39568e-5 kWh
  //   → × 0.4 = 1.758271e-5 kg (mid). Low: ÷ 1.7 with host 0.15 (factor 1.1875) = 8.93239e-6 kg.
  it('gives a training run its per-query serving cost and break-even (hand-computed)', () => {
    const e = estimateRun(run({ model: 'meta-llama/Llama-2-7b-hf', hardware: 'H100 SXM', count: 64, tokens: 1e11, pue: 1.2, intensity: 400 }), settings);
    const l = e.lifecycle!;
    assert.ok(l, 'a training run with a known model has a lifecycle');
    assert.strictEqual(l.servingGpus, 1);
    close(l.perQueryKg!.mid, 1.758271e-5, 1e-5);
    close(l.perQueryKg!.low, 8.93239e-6, 1e-5);
    // Training by hand: 64 devices → "large pre-training", H100 MFU 0.38 typical (Llama 3 405B, 38–43 %).
    // 6 × 6.74e9 × 1e11 = 4.044e21 FLOPs / (64 × 989 TFLOP/s × 0.38) = 46.7034 h;
    // 64 × 46.7034 h × (700 × 0.8 + host 0.3 × 700 = 770 W) × 1.2 = 2,761.85 kWh × 0.4 = 1,104.74 kg (mid).
    close(l.trainingKg?.mid, 1104.742, 1e-5);
    // Break-even: 1,104.742 kg / 1.758271e-5 kg per query = 6.28311e7 queries.
    close(l.breakEvenQueries, 6.28311e7, 1e-5);
    assert.strictEqual(l.inferenceKg, undefined, 'no traffic setting: no annual inference figure');
  });

  it('with a traffic setting, adds the inference over the horizon and the break-even in days', () => {
    const s = normalizeSettings({ includeEmbodied: false, queriesPerDay: 1e6 });
    const e = estimateRun(run({ model: 'meta-llama/Llama-2-7b-hf', hardware: 'H100 SXM', count: 64, tokens: 1e11, pue: 1.2, intensity: 400 }), s);
    const l = e.lifecycle!;
    // 1e6 queries/day × 365 days × 1.758271e-5 kg = 6,417.69 kg.
    close(l.inferenceKg!.mid, 6417.69, 1e-5);
    close(l.breakEvenDays, l.breakEvenQueries! / 1e6);
    const text = lifecycleLines(l).map((x) => `${x.label}: ${x.value}`).join('\n');
    assert.match(text, /Break-even: after [\d.]+[kM]? queries inference exceeds training — [\d.]+ (days|h|min) at 1M queries\/day/);
    assert.match(text, /Inference, 1M queries\/day for 1 year: 6\.4 t CO₂e/);
  });

  it('an inference run at stated traffic gets its per-query share, and a break-even against a training cost', () => {
    // 100M users × 10 queries/day: per query = the year's CO₂e / 3.65e11 queries.
    const e = estimateRun(run({ model: 'meta-llama/Llama-3.1-70B-Instruct', hardware: 'H100 SXM', count: 2, queriesPerDay: 1e9, tokensPerQuery: 1000, horizonDays: 365, pue: 1.2, intensity: 400 }, 'inference'), settings);
    const l = e.lifecycle!;
    // By hand (as in estimate.test.ts): 0.800324 J per output token for the 2-GPU replica; per query × 1000
    // × host factor 1.375 × PUE 1.2 = 1320.53 J = 3.668153e-4 kWh → × 0.4 = 1.467261e-4 kg.
    close(l.perQueryKg!.mid, 1.467261e-4, 1e-5);
    // …which is the year's CO₂e shared over 1e9 × 365 queries.
    close(l.perQueryKg!.mid, e.co2eKg.mid / 3.65e11);
    assert.strictEqual(l.breakEvenQueries, undefined, 'the serving file alone knows no training cost');
    const paired = againstTraining(l, { low: 1e5, mid: 2e5, high: 4e5 });
    assert.strictEqual(paired.breakEvenQueries, Math.ceil(2e5 / l.perQueryKg!.mid));
    close(paired.breakEvenDays, paired.breakEvenQueries! / 1e9);
  });

  it('a device without a memory figure is sized as 80 GB; an exact fit is one device', () => {
    assert.strictEqual(servingGpus(7e9, 16, undefined), 1);
    assert.strictEqual(servingGpus(70.55e9, 16, 0), 4); // sized as 80 GB: 169.3 / 72 → 4
    assert.strictEqual(servingGpus(70.55e9, 16, 40), 8); // 169.3 / 36 = 4.7 → 5 → 8
    assert.strictEqual(servingGpus(30e9, 16, 80), 1); // 60 GB × 1.2 = 72 GB in 72 GB: an exact fit
    assert.strictEqual(servingGpus(40e9, 16, 80), 2); // 80 GB × 1.2 = 96 GB > 72 GB
  });

  // Llama 3.1 70B (70.55B) served after training, 1,000 tokens per query, PUE 1.2, 400 g/kWh. Per output token on
  // 4 × H100 (141.1 GB × 1.2 in 72 GB per device → 4, the serving run's own count, so no extra-GPU factor):
  // 0.375 × 70.55 / 64 + 0.0118 × 70.55^0.82 = 0.413379 + 0.386945 = 0.800324 J; per query × 1000 × 1.375 (host)
  // × 1.2 = 1,320.535 J = 3.668153e-4 kWh → 1.467261e-4 kg.
  const base70 = { model: 'meta-llama/Llama-3.1-70B', hardware: 'H100 SXM', count: 8, tokens: 1e9, pue: 1.2, intensity: 400 };

  it('serves the trained model at the bits its basis names, with that basis sentence', () => {
    const plain = estimateRun(run(base70), settings).lifecycle!;
    close(plain.perQueryKg!.mid, 1.467261e-4, 1e-5);
    assert.strictEqual(plain.basis, 'Serving the trained model: 1000 tokens per query on 4 × H100 SXM5 80GB (weights at 16-bit), ML.ENERGY v3 per-token model at batch 64, same grid.');
    // QLoRA: the merged model is served at 16 bits on the same 4 GPUs, so the same figure. (Before the fix the
    // 4-bit base leaked into the per-token model: × 1.01 (FP8 factor) × 1.1 (2 GPUs where 4-bit fits 1) = 1.630127e-4 kg.)
    const qlora = estimateRun(run({ ...base70, quantization: 4, adapter: 'qlora', precision: 'int4' }), settings).lifecycle!;
    assert.strictEqual(qlora.basis, plain.basis);
    close(qlora.perQueryKg!.mid, 1.467261e-4, 1e-5);
    // 8-bit weights without an adapter are served at 8 bits: 70.55 GB × 1.2 = 84.7 GB in 72 GB per device → 2, as a
    // serving run of it would be sized (no extra-GPU factor); FP8 factor 1.01 at batch 64: 1.467261e-4 × 1.01 = 1.481934e-4 kg.
    const int8 = estimateRun(run({ ...base70, quantization: 8 }), settings).lifecycle!;
    assert.strictEqual(int8.servingGpus, 2);
    assert.ok(int8.basis.includes('on 2 × H100 SXM5 80GB (weights at 8-bit)'), int8.basis);
    close(int8.perQueryKg!.mid, 1.481934e-4, 1e-5);
    // Half the tokens per query, half the per-query figure.
    close(estimateRun(run({ ...base70, tokensPerQuery: 500 }), settings).lifecycle!.perQueryKg!.mid, 1.467261e-4 / 2, 1e-5);
  });

  it('an inference run without traffic has no lifecycle; with it, the basis names the queries', () => {
    assert.strictEqual(estimateRun(run({ hardware: 'L4', count: 2 }, 'inference'), settings).lifecycle, undefined);
    const l = estimateRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', queriesPerDay: 1000, horizonDays: 30, intensity: 400 }, 'inference'), settings).lifecycle!;
    assert.strictEqual(l.basis, 'Per query: the estimate over 30 days divided by 30000 queries.'); // it read "3.00e+4"
    assert.strictEqual(estimateRun(run({ model: 'meta-llama/Llama-3.1-8B', hardware: 'H100', queriesPerDay: 1e8, intensity: 400 }, 'inference'), settings).lifecycle!.basis, 'Per query: the estimate over 365 days divided by 3.65e10 queries.');
    assert.deepStrictEqual([l.queriesPerDay, l.horizonDays, l.tokensPerQuery], [1000, 30, 1000]);
  });

  it('against a training cost without traffic: a break-even in queries, none in days', () => {
    const paired = againstTraining({ perQueryKg: { low: 1, mid: 2, high: 3 }, tokensPerQuery: 1000, horizonDays: 365, basis: 'x' }, { low: 10, mid: 20, high: 40 });
    assert.strictEqual(paired.breakEvenQueries, 10); // 20 / 2
    assert.strictEqual(paired.breakEvenDays, undefined);
    assert.deepStrictEqual(paired.trainingKg, { low: 10, mid: 20, high: 40 });
    assert.strictEqual(againstTraining({ tokensPerQuery: 1000, horizonDays: 365, basis: 'x' }, { low: 10, mid: 20, high: 40 }).breakEvenQueries, undefined);
  });

  it('has no lifecycle when the estimate is missing information', () => {
    const e = estimateRun(run({ hardware: 'H100 SXM', count: 8 }), settings);
    assert.ok(e.missing.length > 0);
    assert.strictEqual(e.lifecycle, undefined);
  });
});

const CSV_HEADER = 'timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue';
const csvRow = (duration: number, kg: number, kwh: number, gpuKwh: number) =>
  `2024-05-01T10:00:00,codecarbon,abc,${duration},${kg},0.0005,42.5,2400,20,0.06,${gpuKwh},0.03,${kwh},United States,USA,virginia,aws,us-east-1,Linux,3.10.12,2.3.4,32,"Intel(R) Xeon(R) CPU @ 2.20GHz, 8 ""cores""",8,"8 x NVIDIA A100-SXM4-80GB",-77.4,39.0,1000,machine,Y,1.0`;

describe('measured records', () => {
  it('splits CSV with quoted commas and doubled quotes', () => {
    assert.deepStrictEqual(splitCsvLine('a,"b, c","say ""hi""",'), ['a', 'b, c', 'say "hi"', '']);
  });

  it('reads the last run of a CodeCarbon emissions.csv (BOM, CRLF)', () => {
    const text = `\uFEFF${CSV_HEADER}\r\n${csvRow(100, 1, 2, 1.5)}\r\n${csvRow(7200, 3.1, 7.29, 7.2)}\r\n`;
    const r = parseCodeCarbonCsv(text)!;
    assert.strictEqual(r.rows, 2);
    assert.strictEqual(r.seconds, 7200);
    assert.strictEqual(r.co2eKg, 3.1);
    assert.strictEqual(r.energyKwh, 7.29);
    assert.strictEqual(r.gpuEnergyKwh, 7.2);
    assert.strictEqual(r.gpuCount, 8);
    assert.strictEqual(r.gpuModel, '8 x NVIDIA A100-SXM4-80GB');
    assert.strictEqual(r.location, 'aws:us-east-1');
  });

  it('refuses what is not a CodeCarbon file and junk values', () => {
    assert.strictEqual(parseCodeCarbonCsv('a,b\n1,2\n'), undefined);
    assert.strictEqual(parseCodeCarbonCsv(`${CSV_HEADER}\n`), undefined);
    const junk = parseCodeCarbonCsv(`${CSV_HEADER}\n${csvRow(-5, NaN, 0, 0)}`);
    assert.strictEqual(junk, undefined, 'negative duration, NaN emissions and zero energy measure nothing');
  });

  it('reads the Trainer runtime from log_history or a results file', () => {
    const st = parseTrainerRecord(JSON.stringify({ global_step: 9, log_history: [{ loss: 1 }, { train_runtime: 5400, total_flos: 1e17 }] }), 'out/trainer_state.json')!;
    assert.strictEqual(st.seconds, 5400);
    assert.strictEqual(st.flops, 1e17);
    assert.strictEqual(parseTrainerRecord('{"train_runtime": 12.5}', 'all_results.json')!.seconds, 12.5);
    assert.strictEqual(parseTrainerRecord('{"train_runtime": "soon"}', 'all_results.json'), undefined);
    assert.strictEqual(parseTrainerRecord('{not json', 'all_results.json'), undefined);
    assert.strictEqual(parseRecord('x/emissions.csv', 'nonsense'), undefined);
  });

  it('looks beside the config and in its output_dir, never outside the folder', () => {
    assert.deepStrictEqual(recordCandidates('output_dir: ./outputs/run1/\n').slice(4), ['outputs/run1/emissions.csv', 'outputs/run1/trainer_state.json', 'outputs/run1/train_results.json', 'outputs/run1/all_results.json']);
    assert.strictEqual(recordCandidates('output_dir: ../elsewhere\n').length, 4);
    assert.strictEqual(recordCandidates('output_dir: /abs/path\n').length, 4);
    assert.strictEqual(recordCandidates('"output_dir": "${oc.env:OUT}"').length, 4);
  });

  it('merges CodeCarbon energy with the Trainer’s FLOPs', () => {
    const m = mergeRecords([{ file: 'emissions.csv', tool: 'codecarbon', co2eKg: 1 }, { file: 'out/trainer_state.json', tool: 'hf-trainer', seconds: 60, flops: 5 }])!;
    assert.strictEqual(m.seconds, 60);
    assert.strictEqual(m.flops, 5);
    assert.strictEqual(m.co2eKg, 1);
  });

  // 8 × A100 80GB, LoRA on a 7B: the estimator's FLOPs and MFU give a time; the MFU that matches a
  // measured time is FLOPs / (8 × peak × measured seconds).
  it('compares measured with estimated and derives the matching MFU and power share', () => {
    const e = estimateRun(run({ model: 'meta-llama/Llama-2-7b-hf', hardware: 'A100 80GB', count: 8, tokens: 1e9, pue: 1.2, intensity: 400 }), settings);
    assert.strictEqual(e.method, 'flops');
    const c = e.compute!;
    const measuredSeconds = e.hours.mid * 3600 * 2; // twice as slow as the mid estimate
    const cmp = compareMeasured(e, { file: 'emissions.csv', tool: 'codecarbon', seconds: measuredSeconds, gpuEnergyKwh: 8 * 0.4 * (measuredSeconds / 3600) * 0.5, energyKwh: 10, co2eKg: 4 })!;
    close(cmp.effectiveMfu, c.mfu / 2, 1e-9);
    // gpu energy = 8 GPUs × 0.4 kW × hours × 0.5 → half of TDP.
    close(cmp.effectivePowerShare, 0.5, 1e-9);
    const hours = cmp.rows.find((r) => r.what === 'hours')!;
    close(hours.ratio, 2, 1e-9);
    assert.match(measuredLines(cmp)[0].value, /^measured .+, estimated .+ — (within the range|×2 the estimate)$/);
  });

  it('says when a measured time is impossible for the FLOPs (a partial or different run)', () => {
    const e = estimateRun(run({ model: 'meta-llama/Llama-2-7b-hf', hardware: 'A100 80GB', count: 8, tokens: 1e9, pue: 1.2, intensity: 400 }), settings);
    const cmp = compareMeasured(e, { file: 'all_results.json', tool: 'hf-trainer', seconds: 1 })!;
    assert.strictEqual(cmp.effectiveMfu, undefined);
    assert.match(cmp.notes.join(' '), /not possible/);
  });

  it('finds a record beside a config and attaches it to its one training run only', () => {
    const cfg = 'name: r\nmodel: meta-llama/Llama-2-7b-hf\ntokens: 1000000000\nhardware: A100 80GB\ncount: 8\noutput_dir: out\n';
    const result = evaluateText(cfg, '/w/run.yaml', settings);
    const files: Record<string, string> = { 'out/trainer_state.json': JSON.stringify({ global_step: 1, log_history: [{ train_runtime: 3600 }] }) };
    const rec = findRecordSync(result, cfg, (rel) => files[rel])!;
    assert.strictEqual(rec.seconds, 3600);
    assert.ok(comparisonFor(result, rec));
    const sweep = evaluateText('name: s\nmodel: meta-llama/Llama-2-7b-hf\ntokens: 1000000000\ntrials: 4\n', '/w/s.yaml', settings);
    assert.strictEqual(findRecordSync(sweep, '', (rel) => files[rel] ?? (rel === 'emissions.csv' ? `${CSV_HEADER}\n${csvRow(1, 1, 1, 1)}` : undefined)), undefined, 'a record beside a sweep could be any trial');
  });
});

describe('sweeps that run another config', () => {
  const sweep = (command: string) => `program: train.py\nmethod: grid\ncommand: ${command}\nparameters:\n  learning_rate:\n    values: [0.0001, 0.0002, 0.0005]\n`;
  const train = 'base_model: meta-llama/Llama-2-7b-hf\nadapter: lora\nsequence_len: 2048\nmicro_batch_size: 2\ngradient_accumulation_steps: 4\nnum_epochs: 1\nmax_steps: 100\ndatasets:\n  - path: x\n    type: alpaca\n';

  it('multiplies the referenced config’s run by the grid (3 trials = 3 × the config alone)', () => {
    // The W&B macros are quoted: a bare `${env}` inside a flow list is a YAML syntax error (`{` is a
    // flow indicator), and a file that does not parse is not estimated.
    const text = sweep('["${env}", python, "${program}", --config, train.yaml, "${args}"]');
    const alone = evaluateText(train, '/w/train.yaml', settings).estimates[0];
    const result = evaluateText(text, '/w/sweep.yaml', settings, new Map([['train.yaml', train]]));
    assert.deepStrictEqual(result.analysis!.references, ['train.yaml']);
    const e = result.estimates[0];
    assert.deepStrictEqual(e.missing, []);
    close(e.co2eKg.mid, 3 * alone.co2eKg.mid, 1e-9);
    assert.strictEqual(e.breakdown.find((b) => b.id === 'trials')!.label, '2 more trials (× 3 in all)');
    assert.strictEqual(e.inputs.model!.origin, 'inferred');
    assert.match(e.inputs.model!.note!, /from train\.yaml line 1/);
    assert.strictEqual(e.inputs.model!.range!.startLine, 2, 'shown where the sweep names the file');
  });

  it('reads --config=path and a fixed parameters.config value; says so when the file is absent', () => {
    const eq = evaluateText(sweep('[python, train.py, --config=cfg/train.yaml]'), '/w/s.yaml', settings);
    assert.deepStrictEqual(eq.analysis!.references, ['cfg/train.yaml']);
    assert.match(eq.estimates[0].assumptions.join(' '), /Each trial runs with cfg\/train\.yaml/);
    const param = 'method: random\nrun_cap: 5\nparameters:\n  config:\n    value: exp.yaml\n  lr:\n    min: 0.1\n    max: 0.2\n';
    assert.deepStrictEqual(evaluateText(param, '/w/s.yaml', settings).analysis!.references, ['exp.yaml']);
  });

  it('a referenced file with no training run leaves the per-trial cost unknown, with a note', () => {
    const result = evaluateText(sweep('[python, train.py, --config, data.yaml]'), '/w/s.yaml', settings, new Map([['data.yaml', 'just: data\n']]));
    assert.ok(result.estimates[0].missing.length > 0);
    assert.match(result.estimates[0].assumptions.join(' '), /describes no training run/);
  });
});

describe('Hydra multirun sweeps', () => {
  it('counts the basic sweeper’s choices: lists, choice(), range(); continuous ones are not a grid', () => {
    assert.strictEqual(sweepChoices('0.1,0.01,0.001'), 3);
    assert.strictEqual(sweepChoices('choice(a, b)'), 2);
    assert.strictEqual(sweepChoices('choice([1,2],[3,4],[5])'), 3);
    assert.strictEqual(sweepChoices('range(1,5)'), 4);
    assert.strictEqual(sweepChoices('range(0,10,step=3)'), 4);
    assert.strictEqual(sweepChoices('range(5)'), 5);
    assert.strictEqual(sweepChoices('interval(0.1, 1.0)'), undefined);
    assert.strictEqual(sweepChoices('range(1,5,0)'), undefined);
  });

  it('multiplies a NeMo training config by its hydra.sweeper.params grid (3 × 2 = 6 runs)', () => {
    // Our own NeMo launcher fixture (in the shape of the launcher's gpt3/5b.yaml): it has a top-level hydra block.
    const base = fs.readFileSync(path.resolve(__dirname, '../fixtures/formats/training/nemo-pretrain.yaml'), 'utf8');
    const sweep = base.replace(/^hydra:\n/m, 'hydra:\n  sweeper:\n    params:\n      model.optim.lr: 1e-4,2e-4,3e-4\n      model.micro_batch_size: choice(1, 2)\n');
    assert.notStrictEqual(sweep, base, 'the fixture has a top-level hydra block');
    const one = evaluateText(base, 'gpt3.yaml', settings).estimates[0];
    const six = evaluateText(sweep, 'gpt3.yaml', settings).estimates[0];
    assert.strictEqual(six.inputs.trials?.value, 6);
    assert.match(six.inputs.trials!.note!, /model\.optim\.lr 3 × model\.micro_batch_size 2 = 6 runs/);
    close(six.co2eKg.mid, 6 * one.co2eKg.mid, 1e-9);
  });
});

describe('pairing serving with training of the same model', () => {
  it('gives the 100M-users inference run a break-even against the 70B fine-tune in the same report', () => {
    const ex = (f: string) => fs.readFileSync(path.resolve(__dirname, '../../examples', f), 'utf8');
    const files = [
      evaluateText(ex('inference-100m-users.yaml'), 'examples/inference-100m-users.yaml', settings),
      evaluateText(ex('llama70b-lora.yaml'), 'examples/llama70b-lora.yaml', settings),
      evaluateText(ex('pretrain-run.yaml'), 'examples/pretrain-run.yaml', settings),
    ];
    pairLifecycles(files);
    const inf = files[0].estimates[0].lifecycle!;
    const training = files[1].estimates[0];
    assert.deepStrictEqual(inf.trainingKg, training.co2eKg, 'only the same model’s training (not the 7B run)');
    assert.deepStrictEqual(inf.trainingFrom, ['examples/llama70b-lora.yaml (Llama 3.1 70B LoRA fine-tune, 2B tokens)']);
    assert.strictEqual(inf.breakEvenQueries, Math.ceil(training.co2eKg.mid / inf.perQueryKg!.mid));
    close(inf.breakEvenDays, inf.breakEvenQueries! / 1e9);
    // The fine-tune's own serving estimate (2 × H100 for 16-bit 70B weights) agrees per query.
    close(files[1].estimates[0].lifecycle!.perQueryKg!.mid, inf.perQueryKg!.mid, 0.02);
  });
});

describe('calibration only from stated inputs', () => {
  it('offers no MFU when the FLOPs rest on a default dataset size, and says why', () => {
    // The example names tatsu-lab/alpaca, which the dataset catalogue sizes; a private dataset leaves the default.
    const ex = fs.readFileSync(path.resolve(__dirname, '../../examples/axolotl-qlora.yaml'), 'utf8').replace('tatsu-lab/alpaca', 'my-org/private-data');
    const e = evaluateText(ex, 'axolotl-qlora.yaml', settings).estimates[0];
    assert.strictEqual(e.inputs.datasetSamples?.origin, 'default');
    const cmp = compareMeasured(e, { file: 'emissions.csv', tool: 'codecarbon', seconds: e.hours.mid * 3600, gpuEnergyKwh: 1, gpuCount: 8 })!;
    assert.strictEqual(cmp.effectiveMfu, undefined);
    assert.match(cmp.notes.join(' '), /No MFU calibration: the FLOPs rest on assumed datasetSamples/);
  });

  it('uses the GPU count the record measured, not the config’s', () => {
    const e = estimateRun(run({ model: 'meta-llama/Llama-2-7b-hf', hardware: 'A100 80GB', count: 8, tokens: 1e9, pue: 1.2, intensity: 400 }), settings);
    const secs = e.hours.mid * 3600;
    const eight = compareMeasured(e, { file: 'emissions.csv', tool: 'codecarbon', seconds: secs })!;
    const four = compareMeasured(e, { file: 'emissions.csv', tool: 'codecarbon', seconds: secs, gpuCount: 4 })!;
    close(four.effectiveMfu, eight.effectiveMfu! * 2, 1e-9);
  });
});

describe('Hydra Optuna sweeper chosen in defaults', () => {
  it('counts n_trials, not the search space, when the sweeper is picked by a defaults override', () => {
    const yaml = 'defaults:\n  - override hydra/sweeper: optuna\nhydra:\n  sweeper:\n    n_trials: 20\n    params:\n      x: range(-5.5, 5.5, step=0.5)\n      y: choice(-5, 0, 5)\n';
    const t = hydraSweepTrials(parseYamlDocs(yaml)[0].root)!;
    assert.strictEqual(t.value, 20);
  });
});

describe('pairing does not count a sweep’s per-trial config twice', () => {
  it('a serving run of the Axolotl model counts the 9-trial sweep, not the sweep plus the config it runs', () => {
    const ex = (f: string) => fs.readFileSync(path.resolve(__dirname, '../../examples', f), 'utf8');
    const serve = evaluateText('phase: inference\nmodel: meta-llama/Meta-Llama-3-8B\nhardware: A100 80GB\ncount: 1\nqueriesPerDay: 100000\n', 'examples/serve.yaml', settings);
    const axolotl = evaluateText(ex('axolotl-qlora.yaml'), 'examples/axolotl-qlora.yaml', settings);
    const sweep = evaluateText(ex('wandb-sweep.yaml'), 'examples/wandb-sweep.yaml', settings, new Map([['axolotl-qlora.yaml', ex('axolotl-qlora.yaml')]]));
    const files = [serve, axolotl, sweep];
    pairLifecycles(files);
    const l = serve.estimates[0].lifecycle!;
    assert.deepStrictEqual(l.trainingKg, sweep.estimates[0].co2eKg);
    assert.deepStrictEqual(l.trainingFrom, ['examples/wandb-sweep.yaml (wandb-sweep.yaml)']);
  });
});

describe('lifecycle: only for models served per token', () => {
  it('a vision run (counted per image) gets no "one query of 1,000 tokens" comparison', () => {
    // ResNet-50 on ImageNet, 8 × A100 (test/fixtures/vision): trained per image, never served per token.
    const file = path.join(__dirname, '..', 'fixtures', 'vision', 'resnet50_8xb32_in1k.py');
    const result = evaluateText(fs.readFileSync(file, 'utf8'), 'resnet50_8xb32_in1k.py', settings);
    const est = result.estimates[0];
    assert.strictEqual(est.missing.length, 0, 'the vision run gets a number');
    assert.strictEqual(est.lifecycle, undefined);
    // The same kind of run with a language model (tokens) keeps its comparison.
    const example = path.join(__dirname, '..', '..', 'examples', 'llama70b-lora.yaml');
    const lm = evaluateText(fs.readFileSync(example, 'utf8'), 'llama70b-lora.yaml', settings).estimates[0];
    assert.ok(lm.lifecycle, 'an LLM training run keeps its lifecycle');
  });
});
