// Metamorphic properties of the estimator (issue #19): relations between two estimates that must hold
// whatever the inputs, so they catch a wrong formula even where no hand-derived figure exists.
//   energy ∝ hours, ∝ trials; CO₂e ∝ intensity; embodied ∝ device-hours and trials; a region change
//   within a provider changes CO₂e and not energy; a what-if's promised CO₂e is the estimate of the file
//   after its edit is applied.
// Deterministic: the seed is fixed (FUZZ_SEED varies it, METAMORPHIC_RUNS sets the cases per property).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { listRegions } from '../../src/core/catalog';
import { estimateRun } from '../../src/core/estimate';
import type { Range3, RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { planChange } from '../../src/formats/edits';
import { LineIndex } from '../../src/formats/lineIndex';
import type { TextEditSpec } from '../../src/formats/types';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261205;
const RUNS = Number(process.env.METAMORPHIC_RUNS ?? 150);
const options = { seed: SEED, numRuns: RUNS };

const HARDWARE = ['A100 80GB', 'H100', 'L4', 'L40S', 'A100 40GB', 'H100 PCIe', 'MI300X', 'TPU v5p'];
const REGIONS = ['aws:us-east-1', 'aws:eu-north-1', 'gcp:europe-west1', 'gcp:us-central1', 'azure:westeurope', 'azure:eastus', 'FR', 'PL', 'IN', ''];
const MODELS = ['meta-llama/Llama-3.1-8B', 'meta-llama/Llama-3.1-70B', 'mistralai/Mistral-7B-v0.1', 'Qwen/Qwen2.5-7B-Instruct'];

function run(inputs: Record<string, unknown>, phase: RunSpec['phase'] = 'training'): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) if (v !== undefined && v !== '') (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'm', phase, format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

function near(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

function assertScaled(actual: Range3, base: Range3, k: number, what: string): void {
  for (const b of ['low', 'mid', 'high'] as const) {
    assert.ok(near(actual[b], base[b] * k), `${what}.${b}: ${actual[b]} ≠ ${k} × ${base[b]}`);
  }
}

/** A timed training run: the length is stated as wall-clock hours. */
const timed = fc.record({
  hardware: fc.constantFrom(...HARDWARE),
  count: fc.integer({ min: 1, max: 512 }),
  hours: fc.double({ min: 0.1, max: 1000, noNaN: true }),
  region: fc.constantFrom(...REGIONS),
});

/** A FLOPs-based training run: a model and a number of tokens, no time. */
const flops = fc.record({
  model: fc.constantFrom(...MODELS),
  hardware: fc.constantFrom(...HARDWARE),
  count: fc.integer({ min: 1, max: 256 }),
  tokens: fc.double({ min: 1e6, max: 1e12, noNaN: true }),
  region: fc.constantFrom(...REGIONS),
});

const settings = normalizeSettings({});
const noEmbodied = normalizeSettings({ includeEmbodied: false });

describe('metamorphic: the estimator scales as the physics says', () => {
  it('energy ∝ hours (timed runs): k × hours gives k × energy and k × CO₂e', () => {
    // k ≤ 50 keeps k × hours under the 100,000 h plausibility limit (src/core/plausibility.ts).
    fc.assert(fc.property(timed, fc.double({ min: 0.01, max: 50, noNaN: true }), (r, k) => {
      const a = estimateRun(run(r), settings);
      const b = estimateRun(run({ ...r, hours: r.hours * k }), settings);
      assertScaled(b.energyKwh, a.energyKwh, k, 'energy');
      assertScaled(b.co2eKg, a.co2eKg, k, 'CO₂e');
      assert.ok(near(b.embodiedKg, a.embodiedKg * k), 'embodied');
    }), options);
  });

  it('energy ∝ FLOPs (token count) for FLOPs-based runs, within one workload class', () => {
    fc.assert(fc.property(flops, fc.double({ min: 0.01, max: 100, noNaN: true }), (r, k) => {
      // 1e11 tokens or more is "large pre-training" (src/core/power.ts), with its own MFU and draw:
      // crossing that line changes the class, not just the length.
      fc.pre(r.tokens < 1e11 === r.tokens * k < 1e11);
      const a = estimateRun(run(r), settings);
      const b = estimateRun(run({ ...r, tokens: r.tokens * k }), settings);
      assert.strictEqual(a.method, 'flops');
      assertScaled(b.energyKwh, a.energyKwh, k, 'energy');
      assertScaled(b.hours, a.hours, k, 'hours');
    }), options);
  });

  it('energy ∝ trials, for timed and FLOPs-based runs', () => {
    fc.assert(fc.property(fc.oneof(timed, flops), fc.integer({ min: 2, max: 500 }), (r, t) => {
      const one = estimateRun(run(r), settings);
      const many = estimateRun(run({ ...r, trials: t }), settings);
      assertScaled(many.energyKwh, one.energyKwh, t, 'energy');
      assertScaled(many.co2eKg, one.co2eKg, t, 'CO₂e');
      assertScaled(many.hours, one.hours, 1, 'hours of one trial');
    }), options);
  });

  it('CO₂e ∝ intensity, and the intensity leaves energy alone', () => {
    fc.assert(fc.property(fc.oneof(timed, flops), fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 0.01, max: 2.5, noNaN: true }), (r, g, k) => {
      const a = estimateRun(run({ ...r, intensity: g }), settings);
      const b = estimateRun(run({ ...r, intensity: g * k }), settings);
      assertScaled(b.co2eKg, a.co2eKg, k, 'CO₂e');
      assertScaled(b.energyKwh, a.energyKwh, 1, 'energy');
      // Exactly: kg = kWh × g / 1000.
      assert.ok(near(a.co2eKg.mid, (a.energyKwh.mid * g) / 1000));
    }), options);
  });

  it('embodied ∝ device-hours × trials: count × hours × trials, whatever the split', () => {
    // Embodied = count × kg/device × h / lifetime + count/8 × kg/server × h / lifetime: linear in count × h × trials.
    fc.assert(fc.property(fc.constantFrom(...HARDWARE), fc.integer({ min: 1, max: 64 }), fc.double({ min: 0.5, max: 2000, noNaN: true }), fc.integer({ min: 1, max: 50 }), (hardware, count, hours, trials) => {
      const unit = estimateRun(run({ hardware, count: 1, hours: 1 }), settings).embodiedKg;
      const e = estimateRun(run({ hardware, count, hours, trials }), settings).embodiedKg;
      assert.ok(unit > 0);
      assert.ok(near(e, unit * count * hours * trials), `${e} ≠ ${unit} × ${count} × ${hours} × ${trials}`);
    }), options);
  });

  it('a region change within one provider changes CO₂e by the intensity ratio, and not the energy', () => {
    const pairsOf = (p: string) => listRegions(p).map((r) => `${p}:${r.region}`);
    const sameProvider = fc.constantFrom('aws', 'gcp', 'azure').chain((p) => fc.tuple(fc.constantFrom(...pairsOf(p)), fc.constantFrom(...pairsOf(p))));
    fc.assert(fc.property(timed, sameProvider, (r, [x, y]) => {
      const a = estimateRun(run({ ...r, region: x }), noEmbodied);
      const b = estimateRun(run({ ...r, region: y }), noEmbodied);
      assertScaled(b.energyKwh, a.energyKwh, 1, 'energy');
      const ga = a.inputs.intensity!.value;
      const gb = b.inputs.intensity!.value;
      assertScaled(b.co2eKg, a.co2eKg, gb / ga, 'CO₂e');
      if (ga !== gb) assert.notStrictEqual(a.co2eKg.mid, b.co2eKg.mid);
    }), options);
  });
});

/** Applies edits the way an editor does: from the end of the file backwards. */
function applyEdits(text: string, edits: TextEditSpec[]): string {
  const index = new LineIndex(text);
  const at = (l: number, c: number) => index.offsetOf(l, c);
  const sorted = [...edits].sort((a, b) => at(b.range.startLine, b.range.startCol) - at(a.range.startLine, a.range.startCol));
  let out = text;
  for (const e of sorted) out = out.slice(0, at(e.range.startLine, e.range.startCol)) + e.newText + out.slice(at(e.range.endLine, e.range.endCol));
  return out;
}

/** For every what-if a file offers with an edit: the edited file's estimate is the promised one. Returns how many were checked. */
function whatIfsKeepTheirPromise(text: string, name: string, withSettings = settings): number {
  const settings = withSettings;
  const before = evaluateText(text, name, settings);
  let checked = 0;
  before.analysis?.runs.forEach((r, i) => {
    const e = before.estimates[i];
    if (!e || e.name !== r.name) return;
    for (const s of e.suggestions) {
      if (!s.change) continue;
      const edits = planChange(text, name, r, s.change);
      if (!edits?.length) continue;
      const after = evaluateText(applyEdits(text, edits), name, settings);
      const again = after.estimates.find((x) => x.name === r.name) ?? after.estimates[i];
      assert.ok(again, `${name}: the run is gone after "${s.title}"`);
      assert.ok(near(again.co2eKg.mid, s.co2eKg, 1e-9), `${name}: "${s.title}" promised ${s.co2eKg} kg, the edited file gives ${again.co2eKg.mid} kg`);
      checked++;
    }
  });
  return checked;
}

describe('metamorphic: a what-if delivers what it promises', () => {
  it('generated run descriptions: apply each edit, re-evaluate, same CO₂e', () => {
    let checked = 0;
    const yaml = fc.oneof(
      timed.map((r) => ({ ...r, model: undefined as string | undefined, tokens: undefined as number | undefined })),
      flops.map((r) => ({ ...r, hours: undefined as number | undefined })),
    );
    fc.assert(fc.property(yaml, fc.option(fc.integer({ min: 2, max: 20 }), { nil: undefined }), (r, trials) => {
      const lines = Object.entries({ ...r, trials }).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}: ${v}`);
      checked += whatIfsKeepTheirPromise(lines.join('\n') + '\n', 'run.yaml');
    }), { ...options, numRuns: Math.max(20, Math.floor(RUNS / 3)) });
    assert.ok(checked > 0, 'no what-if with an edit was generated');
  });

  it('our own format fixtures: every what-if with an edit keeps its promise', () => {
    let checked = 0;
    for (const sub of ['fixtures/formats/training', 'fixtures/formats/orchestration', 'fixtures/workspace', 'fixtures/whatifs', '../examples']) {
      const dir = path.resolve(__dirname, '..', sub);
      for (const f of fs.readdirSync(dir).filter((x) => /\.(ya?ml|json|ipynb|py)$/.test(x))) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        checked += whatIfsKeepTheirPromise(text, f);
        // With a cloud region and traffic: region, serving-quantization and distillation what-ifs appear.
        checked += whatIfsKeepTheirPromise(text, f, normalizeSettings({ defaultRegion: 'aws:us-east-1', queriesPerDay: 100000 }));
      }
    }
    assert.ok(checked >= 5, `only ${checked} what-ifs with edits across the fixtures`);
  });
});
