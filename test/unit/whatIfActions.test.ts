// What-ifs a user can act on (#15 parts 2-6): valid edits that keep their promise, distillation for
// training runs with its lifecycle, the hardware comparison table, budget raises.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { availabilityFor } from '../../src/core/catalog';
import { studentFor } from '../../src/core/distillation';
import { hardwareTable } from '../../src/core/hardwareTable';
import { quantizedCheckpoint } from '../../src/core/quantizedCheckpoints';
import type { Estimate, RunSpec, Suggestion } from '../../src/core/runSpec';
import { normalizeSettings, type EstimateSettings } from '../../src/core/settings';
import { parseBudgetFile, resolveBudget } from '../../src/engine/budgetFile';
import { raisedBudgetKg, withFileBudget } from '../../src/engine/budgetRaise';
import { evaluateText } from '../../src/engine/evaluate';
import { hardwareTableCsv, hardwareTableMarkdown } from '../../src/engine/hardwareTableText';
import { planChange } from '../../src/formats/edits';
import { LineIndex } from '../../src/formats/lineIndex';
import { estimateRun } from '../../src/core/estimate';
import { applyEdits as applyPanelEdits, fileModel } from '../../src/webview/viewModel';
import { hostToWebviewSchema, webviewToHostSchema } from '../../src/shared/protocol';
import { cloudRegionOptions } from '../../src/webview/regionOptions';
import type { TextEditSpec } from '../../src/formats/types';

const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

function applyEdits(text: string, edits: TextEditSpec[]): string {
  const index = new LineIndex(text);
  const at = (l: number, c: number) => index.offsetOf(l, c);
  const sorted = [...edits].sort((a, b) => at(b.range.startLine, b.range.startCol) - at(a.range.startLine, a.range.startCol));
  let out = text;
  for (const e of sorted) out = out.slice(0, at(e.range.startLine, e.range.startCol)) + e.newText + out.slice(at(e.range.endLine, e.range.endCol));
  return out;
}

/** Applies `s` to the file and returns the edited text and its re-evaluated estimate. */
function apply(text: string, name: string, settings: EstimateSettings, s: Suggestion): { text: string; after: Estimate } {
  const before = evaluateText(text, name, settings);
  const run = before.analysis!.runs[0];
  const edits = planChange(text, name, run, s.change!);
  assert.ok(edits?.length, `"${s.title}" has no edit`);
  const edited = applyEdits(text, edits!);
  const after = evaluateText(edited, name, settings).estimates[0];
  return { text: edited, after };
}

const totalOf = (e: Estimate) => e.co2eKg.mid + e.embodiedKg;

describe('what-ifs: serving quantization writes a checkpoint vLLM accepts', () => {
  const text = read('examples/vllm-serve.yaml');
  const settings = normalizeSettings({ defaultRegion: 'aws:us-east-1' });

  it('4-bit switches to the catalogued AWQ repository, float16 and one GPU; the new estimate is the promise', () => {
    const e = evaluateText(text, 'vllm-serve.yaml', settings).estimates[0];
    const q4 = e.suggestions.find((s) => s.kind === 'quantization' && /4-bit/.test(s.title))!;
    assert.ok(q4, 'a 4-bit what-if');
    // 70.55B parameters × 4 bits = 35.3 GB × 1.2 = 42.3 GB: one 80 GB A100 instead of tensor-parallel 4.
    // The always-on fleet's energy and embodied carbon both scale with the devices: 1 − 1/4 = 75 %.
    assert.strictEqual(q4.savingPct, 75);
    assert.deepStrictEqual(q4.change, { field: 'model', value: 'hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4', also: [{ field: 'count', value: 1 }, { field: 'precision', value: 'fp16' }] });
    const { text: edited, after } = apply(text, 'vllm-serve.yaml', settings, q4);
    // vLLM keys (vLLM engine arguments, docs.vllm.ai 2025): model, tensor-parallel-size, dtype.
    assert.match(edited, /^model: hugging-quants\/Meta-Llama-3\.1-70B-Instruct-AWQ-INT4$/m);
    assert.match(edited, /^tensor-parallel-size: 1$/m);
    assert.match(edited, /^dtype: float16$/m);
    assert.ok(!/quantization: awq/.test(edited) || /AWQ/.test(edited));
    assert.ok(Math.abs(after.co2eKg.mid - q4.co2eKg) < 1e-9 * q4.co2eKg, `${after.co2eKg.mid} vs promised ${q4.co2eKg}`);
    assert.ok(Math.abs(1 - totalOf(after) / totalOf(e) - 0.75) < 1e-9);
  });

  it('8-bit prefers the FP8 checkpoint; a model without one gets on-the-fly fp8 or says what to do by hand', () => {
    assert.strictEqual(quantizedCheckpoint('meta-llama/Llama-3.1-70B-Instruct', 8)?.repo, 'neuralmagic/Meta-Llama-3.1-70B-Instruct-FP8');
    assert.strictEqual(quantizedCheckpoint('Qwen/Qwen2.5-72B-Instruct', 4)?.repo, 'Qwen/Qwen2.5-72B-Instruct-AWQ');
    assert.strictEqual(quantizedCheckpoint('meta-llama/Llama-3.1-70B', 4), undefined);
    const base = text.replace('meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-70B');
    const e = evaluateText(base, 'vllm-serve.yaml', settings).estimates[0];
    const q8 = e.suggestions.find((s) => s.kind === 'quantization' && /8-bit/.test(s.title))!;
    assert.deepStrictEqual(q8.change, { field: 'quantization', value: 8, also: [{ field: 'count', value: 2 }] });
    const { text: edited, after } = apply(base, 'vllm-serve.yaml', settings, q8);
    assert.match(edited, /^quantization: fp8$/m);
    assert.match(edited, /^tensor-parallel-size: 2$/m);
    assert.ok(Math.abs(after.co2eKg.mid - q8.co2eKg) < 1e-9 * q8.co2eKg);
    const q4 = e.suggestions.find((s) => s.kind === 'quantization' && /4-bit/.test(s.title))!;
    assert.strictEqual(q4.change, undefined, 'no 4-bit checkpoint: nothing to apply');
    assert.match(q4.byHand!, /No 4-bit checkpoint of meta-llama\/Llama-3\.1-70B is in the catalogue.*tensor-parallel size to 1/);
  });
});

describe('what-ifs: a QLoRA Axolotl run lists quantization, distillation and region what-ifs', () => {
  const name = 'axolotl-qlora-70b.yaml';
  const text = read(`test/fixtures/whatifs/${name}`);
  const settings = normalizeSettings({ defaultRegion: 'aws:us-east-1', defaultHardware: 'A100 80GB', defaultCount: 8 });
  // Computed per test in beforeEach, not while mocha loads the file: Stryker counts code run at load as
  // static, and a static mutant restarts the test process (README, Mutation testing).
  let e!: Estimate;
  beforeEach(() => { e = evaluateText(text, name, settings).estimates[0]; });

  it('says it is already 4-bit, with nothing to apply', () => {
    const q = e.suggestions.filter((s) => s.kind === 'quantization');
    assert.deepStrictEqual(q.map((s) => [s.title, s.info, s.change]), [['Already 4-bit: the base weights are loaded in 4-bit (QLoRA)', true, undefined]]);
    assert.strictEqual(e.suggestions[e.suggestions.length - 1], q[0], 'the note sorts after every saving');
  });

  it('distillation names the 8B student and writes base_model; the new estimate is the promise', () => {
    const d = e.suggestions.find((s) => s.kind === 'distillation')!;
    assert.strictEqual(studentFor('meta-llama/Llama-3.1-70B-Instruct')?.id, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.deepStrictEqual(d.change, { field: 'model', value: 'meta-llama/Llama-3.1-8B-Instruct' });
    // FLOPs (so hours, energy and device-hours for embodied) ∝ parameters at equal tokens and MFU band:
    // 1 − 8.03 / 70.55 = 0.88618 → 88.6 %.
    assert.strictEqual(d.savingPct, 88.6);
    const { text: edited, after } = apply(text, name, settings, d);
    // Axolotl's documented key for the model (axolotl docs/config.qmd): base_model.
    assert.match(edited, /^base_model: meta-llama\/Llama-3\.1-8B-Instruct$/m);
    assert.match(edited, /^load_in_4bit: true$/m);
    assert.ok(Math.abs(after.co2eKg.mid - d.co2eKg) < 1e-9 * d.co2eKg);
    // Lifecycle: break-even = ⌈one-time cost / per-query saving⌉; the quality caveat cites its source.
    const p = d.distillation!;
    assert.strictEqual(p.breakEvenQueries, Math.ceil(p.oneTimeKg / (p.teacherPerQueryKg! - p.studentPerQueryKg!)));
    // Serving sizes each model's replica for its 16-bit weights: the teacher (141 GB) needs 2 A100 80GB, the
    // student (16 GB) 1, and the per-token fit grows with the active parameters: the student costs less per query.
    assert.ok(p.studentPerQueryKg! < p.teacherPerQueryKg!);
    assert.ok(d.caveats.some((c) => /Sanh et al\., 2019/.test(c)));
    assert.match(d.explanation, /pays back after .* queries/);
  });

  it('region what-ifs stay on AWS regions that offer the A100 80GB; Axolotl has no region key, so they say how by hand', () => {
    const regions = e.suggestions.filter((s) => s.kind === 'region');
    assert.ok(regions.length >= 1);
    const offered = new Set(availabilityFor('nvidia-a100-sxm4-80gb', 'aws').map((r) => `aws:${r.region}`));
    for (const s of regions) assert.ok(offered.has(String(s.change?.value)), `${s.change?.value} lists no A100 80GB`);
    const run = evaluateText(text, name, settings).analysis!.runs[0];
    for (const s of regions) {
      assert.strictEqual(planChange(text, name, run, s.change!), undefined);
      assert.match(s.byHand!, /^Launch the job in aws:/);
    }
  });

  it('with traffic, the distillation break-even is given in days', () => {
    const withTraffic = evaluateText(text, name, { ...settings, queriesPerDay: 100000 }).estimates[0];
    const p = withTraffic.suggestions.find((s) => s.kind === 'distillation')!.distillation!;
    assert.strictEqual(p.breakEvenDays, p.breakEvenQueries! / 100000);
  });
});

describe('what-ifs: LoRA → QLoRA is said honestly', () => {
  it('a LoRA run hears that 4-bit saves memory, not energy, with the keys to set by hand', () => {
    const e = evaluateText(read('examples/llama70b-lora.yaml'), 'llama70b-lora.yaml', normalizeSettings({})).estimates[0];
    const q = e.suggestions.find((s) => s.kind === 'quantization')!;
    assert.strictEqual(q.info, true);
    assert.match(q.title, /save memory, not energy/);
    assert.ok(q.caveats.some((c) => /load_in_4bit: true` \+ `adapter: qlora`/.test(c)));
  });
});

describe('hardware comparison table', () => {
  const run: RunSpec = {
    name: 'ft', phase: 'training', format: 'carbon-lens', notes: [], warnings: [],
    inputs: { model: { value: 'meta-llama/Llama-3.1-8B', origin: 'file' }, tokens: { value: 1e9, origin: 'file' }, hardware: { value: 'A100 80GB', origin: 'file' }, count: { value: 8, origin: 'file' }, region: { value: 'aws:us-east-1', origin: 'file' } },
  };
  let rows!: ReturnType<typeof hardwareTable>;
  beforeEach(() => { rows = hardwareTable(run, normalizeSettings({})); });

  it('lists devices that hold the run, sorted by total CO₂e, the current one marked', () => {
    assert.ok(rows.length > 10);
    assert.deepStrictEqual(rows.filter((r) => r.current).map((r) => r.id), ['nvidia-a100-sxm4-80gb']);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].co2eKg + rows[i - 1].embodiedKg <= rows[i].co2eKg + rows[i].embodiedKg);
    // Full training keeps ~16 bytes per parameter: 8.03e9 × 16 = 128 GB; 8 × 16 GB × 0.9 = 115 GB cannot hold it.
    assert.ok(!rows.some((r) => r.id === 'nvidia-v100-sxm2-16gb' || r.id === 'nvidia-t4'));
    for (const r of rows) assert.ok(Math.abs(r.embodiedShare - r.embodiedKg / (r.co2eKg + r.embodiedKg)) < 1e-12);
  });

  it('exports CSV and Markdown', () => {
    const csv = hardwareTableCsv(rows).split('\n');
    assert.strictEqual(csv[0], 'Accelerator,Count,Hours,Energy (kWh),CO2e (kg),Embodied (kg),Embodied share,Current');
    assert.strictEqual(csv.filter((l) => l.endsWith(',yes')).length, 1);
    const md = hardwareTableMarkdown(rows, 'ft');
    assert.match(md, /^### ft\n\n\| Accelerator \|/);
    assert.match(md, /\| \*\*A100 SXM4 80GB\*\* \| 8 \|/);
  });
});

describe('budget quick fix: raise this file\'s budget', () => {
  it('rounds the run up to two significant figures with 5 % headroom', () => {
    // 90.45 × 1.05 = 94.97 → 95; 0.0123 × 1.05 = 0.012915 → 0.013; 1234 × 1.05 = 1295.7 → 1300.
    assert.strictEqual(raisedBudgetKg(90.45), 95);
    assert.strictEqual(raisedBudgetKg(0.0123), 0.013);
    assert.strictEqual(raisedBudgetKg(1234), 1300);
  });

  it('writes a rule the budget parser reads as this file\'s budget, in a new or an existing file', () => {
    for (const existing of [undefined, 'perRunKg: 10\n', 'budgets:\n  - path: "*.yaml"\n    perRunKg: 5\n\nworkspaceKg: 100\n']) {
      const text = withFileBudget(existing, 'train.yaml', 95);
      const parsed = parseBudgetFile(text);
      assert.deepStrictEqual(parsed.problems, [], text);
      assert.strictEqual(resolveBudget([{ dir: '/w', file: parsed }], '/w/train.yaml')?.kg, 95, text);
      if (existing?.includes('workspaceKg')) assert.strictEqual(parsed.workspaceKg?.kg, 100);
    }
  });
});

describe('panel what-ifs: every section follows an edit (#15 part 5)', () => {
  const name = 'axolotl-qlora-70b.yaml';
  const text = read(`test/fixtures/whatifs/${name}`);
  const settings = normalizeSettings({ defaultRegion: 'aws:us-east-1', defaultHardware: 'A100 80GB', defaultCount: 8 });
  let result!: ReturnType<typeof evaluateText>;
  let run!: RunSpec;
  beforeEach(() => {
    result = evaluateText(text, name, settings);
    run = result.analysis!.runs[0];
  });

  it('halving the steps halves the headline and every what-if, and the list is the edited run\'s', () => {
    // max_steps 2000 → 1000: tokens = steps × batch 64 × 4096 halve, so do the FLOPs, hours and CO₂e.
    const edits = { steps: 1000 };
    const edited = estimateRun(applyPanelEdits(run, edits), settings);
    const file = result.estimates[0];
    assert.ok(Math.abs(edited.co2eKg.mid / file.co2eKg.mid - 0.5) < 1e-9);
    const { model, suggestions } = fileModel({ uri: 'file:///w/a.yaml', fileName: name, result, selected: 0, whatIf: { edits, estimate: edited }, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false });
    const d = suggestions.find((s) => s.kind === 'distillation')!;
    const dFile = file.suggestions.find((s) => s.kind === 'distillation')!;
    assert.ok(Math.abs(d.co2eKg / dFile.co2eKg - 0.5) < 1e-9, 'the distillation what-if was recomputed for the edit');
    assert.strictEqual(d.savingPct, dFile.savingPct);
    assert.ok(model.run!.inputs.some((r) => r.field === 'steps' && r.origin === 'whatif'));
    assert.ok(model.run!.inputs.some((r) => r.field === 'queriesPerDay'), 'traffic is editable for a training run');
  });

  it('an epochs edit lifts the steps that would otherwise decide', () => {
    const spec = applyPanelEdits(run, { epochs: 1 });
    assert.strictEqual(spec.inputs.steps, undefined);
    assert.strictEqual(spec.inputs.epochs?.value, 1);
  });
});

describe('panel: hardware comparison section', () => {
  it('is in the model, valid under the message schema, the current device marked; the export message validates', () => {
    const name = 'axolotl-qlora-70b.yaml';
    const settings = normalizeSettings({ defaultRegion: 'aws:us-east-1', defaultHardware: 'A100 80GB', defaultCount: 8 });
    const result = evaluateText(read(`test/fixtures/whatifs/${name}`), name, settings);
    const rows = hardwareTable(result.analysis!.runs[0], settings);
    const { model } = fileModel({ uri: 'file:///w/a.yaml', fileName: name, result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false, extras: { hardware: rows } });
    assert.strictEqual(hostToWebviewSchema.validate({ type: 'update', revision: 1, model }, 'update'), null);
    const h = model.run!.hardware!;
    assert.strictEqual(h.rows.length, rows.length);
    assert.deepStrictEqual(h.rows.filter((r) => r.current).map((r) => r.name), ['A100 SXM4 80GB']);
    assert.strictEqual(webviewToHostSchema.validate({ type: 'exportHardware', format: 'csv' }, 'msg'), null);
    assert.notStrictEqual(webviewToHostSchema.validate({ type: 'exportHardware', format: 'xlsx' }, 'msg'), null);
  });
});

describe('panel: the region picker', () => {
  it('hides regions that offer no accelerator, and labels each with intensity, year and offered devices', () => {
    const options = cloudRegionOptions();
    // gcp:europe-north2 (Stockholm, 2.73 g/kWh) is in the intensity table but lists no GPU or TPU.
    assert.ok(!options.some((o) => o.id === 'gcp:europe-north2'));
    assert.deepStrictEqual(options.find((o) => o.id === 'gcp:europe-north1'), { id: 'gcp:europe-north1', label: 'europe-north1 — Finland · 39.32 g/kWh (2024) · B200, H100, TPU v5e', group: 'Google Cloud' });
    // Azure outside the US is not covered by the availability data: kept, and said to be unknown.
    assert.match(options.find((o) => o.id === 'azure:swedencentral')!.label, /5\.67 g\/kWh \(2021\) · availability unknown$/);
    assert.deepStrictEqual([...new Set(options.map((o) => o.group))], ['AWS', 'Azure', 'Google Cloud']);
  });
});

describe('what-ifs: Slurm --gres hardware edit', () => {
  const text = '#!/bin/bash\n#SBATCH --nodes=1\n#SBATCH --gres=gpu:a100:8\n#SBATCH --time=24:00:00\ntorchrun --nproc_per_node 8 train.py --model_name_or_path meta-llama/Llama-3.1-8B --num_train_epochs 2\n';
  const settings = normalizeSettings({});

  it('writes the short GRES type that reads back as the device; the estimate is the run\'s on that device', () => {
    const before = evaluateText(text, 'train.sbatch', settings);
    const run = before.analysis!.runs[0];
    const edits = planChange(text, 'train.sbatch', run, { field: 'hardware', value: 'nvidia-b200-sxm' })!;
    const edited = applyEdits(text, edits);
    assert.match(edited, /^#SBATCH --gres=gpu:b200:8$/m);
    const after = evaluateText(edited, 'train.sbatch', settings).estimates[0];
    const expected = estimateRun({ ...run, inputs: { ...run.inputs, hardware: { value: 'nvidia-b200-sxm', origin: 'file' } } }, settings);
    assert.strictEqual(after.inputs.hardware?.value, 'nvidia-b200-sxm');
    assert.ok(Math.abs(after.co2eKg.mid - expected.co2eKg.mid) < 1e-9 * expected.co2eKg.mid);
  });

  it('a TPU is not a GRES GPU: no edit, the what-if says what to do by hand', () => {
    const run = evaluateText(text, 'train.sbatch', settings).analysis!.runs[0];
    assert.strictEqual(planChange(text, 'train.sbatch', run, { field: 'hardware', value: 'google-tpu-v5p' }), undefined);
  });
});
