// The panel's view model: estimates in, formatted plain data out. It must match the protocol
// schema exactly (the webview drops anything else), format ranges, and carry file text only as
// cleaned text.
import * as assert from 'assert';
import { estimateRun } from '../../src/core/estimate';
import type { Estimate, Suggestion } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText, type FileResult } from '../../src/engine/evaluate';
import { hostToWebviewSchema, isHostToWebview, type FileModel, type PanelModel } from '../../src/shared/protocol';
import {
  applyEdits, canonicalRegion, catalogView, cleanText, estimateView, fileModel, sanitizeEdits, sortSuggestions, welcomeModel, workspaceModel,
} from '../../src/webview/viewModel';

const settings = normalizeSettings({});
const RUN = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';

function analyse(text: string, name = 'run.yaml'): FileResult {
  return evaluateText(text, name, settings);
}

function model(result: FileResult, extra: Partial<Parameters<typeof fileModel>[0]> = {}): FileModel {
  return fileModel({ uri: 'file:///w/run.yaml', fileName: 'run.yaml', result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false, ...extra }).model;
}

function assertValid(m: PanelModel): void {
  const why = hostToWebviewSchema.validate({ type: 'update', revision: 1, model: m }, 'update');
  assert.strictEqual(why, null, why ?? '');
}

/** Every string anywhere in a value. */
function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) x.forEach((v) => strings(v, out));
  else if (x && typeof x === 'object') Object.values(x).forEach((v) => strings(v, out));
  return out;
}

function keys(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((v) => keys(v, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) { out.push(k); keys(v, out); }
  return out;
}

describe('viewModel: a file with one run', () => {
  let result: FileResult;
  let m: FileModel;
  // Built in before(), not while mocha loads the file: mutation testing treats load-time calls as static code.
  before(() => {
    result = analyse(RUN);
    m = model(result);
  });

  it('matches the protocol schema', () => {
    assertValid(m);
    assert.ok(isHostToWebview({ type: 'update', revision: 3, model: m }));
  });

  it('formats CO₂e and energy as low–mid–high ranges', () => {
    const e = result.estimates[0];
    const f = m.run!.file;
    assert.ok(f.known);
    assert.ok(f.co2e.low < f.co2e.mid && f.co2e.mid < f.co2e.high);
    assert.strictEqual(f.co2e.mid, e.co2eKg.mid);
    // By hand: 8 × 24 h × (272 + 120 W) × PUE 1.135 = 85.42 kWh (low 240 W → 52.30, high 580 W → 126.4);
    // × 379.069 g/kWh = 32.38 kg (19.83–47.91).
    assert.ok(Math.abs(f.co2e.mid - 32.381833) < 1e-4, `${f.co2e.mid}`);
    assert.strictEqual(f.co2e.text, '≈ 32 kg CO₂e (20–48)');
    assert.strictEqual(f.energy.text, '85 kWh (52 kWh–130 kWh)');
    // Equal bounds read as one value, not "24 h (24 h–24 h)".
    assert.strictEqual(f.hours.text, '24 h');
    // 32.38 kg + embodied (8 × 150 + 5,700) × 24 / 35,040 = 4.73 kg → 37.11 kg.
    assert.strictEqual(f.totalText, '≈ 37 kg CO₂e incl. embodied');
  });

  it('shows each input with its origin and file line', () => {
    const row = (field: string) => m.run!.inputs.find((r) => r.field === field)!;
    assert.strictEqual(row('hardware').origin, 'file');
    assert.strictEqual(row('hardware').line, 1);
    assert.strictEqual(row('hardware').editor?.raw, 'nvidia-a100-sxm4-80gb');
    assert.strictEqual(row('count').line, 2);
    assert.strictEqual(row('region').editor?.raw, 'aws:us-east-1');
    assert.strictEqual(row('precision').origin, 'default');
    assert.ok(row('precision').note);
    assert.strictEqual(row('intensity').origin, 'inferred');
    assert.strictEqual(row('model').origin, 'none');
    assert.strictEqual(row('model').value, '—');
  });

  it('lists the breakdown and equivalences with sources', () => {
    const ids = m.run!.file.breakdown.map((b) => b.id);
    assert.deepStrictEqual(ids, ['run', 'embodied']);
    assert.ok(m.run!.file.equivalences.length > 0);
    for (const q of m.run!.file.equivalences) assert.match(q.source, /\d{4}$/);
  });

  it('sorts what-ifs by saving and says whether they can be applied', () => {
    const pcts = m.run!.suggestions.map((s) => s.savingPct);
    assert.deepStrictEqual(pcts, pcts.slice().sort((a, b) => b - a));
    for (const s of m.run!.suggestions) {
      assert.match(s.savingText, /^[−+]\d+%$/);
      assert.doesNotMatch(s.title, /% CO₂e\)$/, 'the saving is not repeated in the title');
      assert.match(s.resultText, /CO₂e$/);
    }
    assert.ok(m.run!.suggestions.some((s) => s.canApply));
    assert.strictEqual(m.run!.scheduleNote, true);
  });
});

describe('viewModel: text from the file stays text', () => {
  const hostile = 'name: "<img src=x onerror=alert(1)>\u202Egnp.exe\u0007"\n' + RUN;
  let m: FileModel;
  before(() => {
    m = model(analyse(hostile));
  });

  it('keeps markup characters as literal text, without bidi overrides or controls', () => {
    assert.strictEqual(m.run!.name, '<img src=x onerror=alert(1)>gnp.exe');
    assert.strictEqual(m.runs[0].name, m.run!.name);
    for (const s of strings(m)) assert.doesNotMatch(s, /[\u202A-\u202E\u2066-\u2069\u0000-\u0008]/);
  });

  it('has no field meant to be parsed as markup', () => {
    for (const k of keys(m)) assert.doesNotMatch(k, /html|markup|innerhtml/i);
  });

  it('clips long text and folds newlines', () => {
    assert.strictEqual(cleanText('a\nb\r\n  c'), 'a b c');
    const long = cleanText('x'.repeat(5000), 300);
    assert.strictEqual(long.length, 300);
    assert.ok(long.endsWith('…'));
    assert.strictEqual(cleanText(undefined), '');
  });

  it('clips a hostile model id so the model still fits the schema', () => {
    const m2 = model(analyse(`model: "${'m'.repeat(5000)}"\n` + RUN));
    assertValid(m2);
  });
});

describe('viewModel: missing information', () => {
  let result: FileResult;
  let m: FileModel;
  before(() => {
    result = analyse('hardware: H100\ncount: 8\nepochs: 3\n');
    m = model(result);
  });

  it('says what is needed and shows no number', () => {
    assertValid(m);
    const f = m.run!.file;
    assert.strictEqual(f.known, false);
    assert.ok(f.missing.length > 0);
    assert.strictEqual(f.co2e.mid, 0);
    assert.doesNotMatch(f.co2e.text, /\d/);
    assert.deepStrictEqual(f.breakdown, []);
    assert.deepStrictEqual(f.equivalences, []);
    assert.deepStrictEqual(m.run!.suggestions, []);
    assert.match(m.runs[0].co2eText, /needs/);
  });
});

describe('viewModel: what-ifs', () => {
  let result: FileResult;
  let run: NonNullable<FileResult['analysis']>['runs'][number];
  before(() => {
    result = analyse(RUN);
    run = result.analysis!.runs[0];
  });

  it('re-estimates with edits, marks edited rows and compares with the file', () => {
    const edits = sanitizeEdits({ region: 'FR', count: 4 }).edits;
    const estimate = estimateRun(applyEdits(run, edits), settings, { withSuggestions: false });
    const m = model(result, { whatIf: { edits, estimate } });
    assertValid(m);
    const w = m.run!.whatIf!;
    assert.ok(w.estimate.known);
    assert.ok(w.deltaPct !== null && w.deltaPct < -50, `delta ${w.deltaPct}`);
    // By hand: FR has no provider, so PUE 1.56: 4 × 24 h × 392 W × 1.56 = 58.71 kWh × 56.039 g/kWh = 3.290 kg,
    // against 32.38 kg in the file: −89.8 % → −90 %.
    assert.strictEqual(w.deltaText, '−90% vs the file (32 kg CO₂e)');
    assert.deepStrictEqual(w.edits, { count: 4, region: 'FR' });
    const region = m.run!.inputs.find((r) => r.field === 'region')!;
    assert.strictEqual(region.origin, 'whatif');
    assert.match(region.fileValue!, /us-east-1/);
    assert.strictEqual(region.line, 4, 'an edited row still points at the file line it overrides');
    // The file's own numbers are unchanged.
    assert.strictEqual(m.run!.file.co2e.mid, result.estimates[0].co2eKg.mid);
  });

  it('lets a what-if supply what the file lacks', () => {
    const partial = analyse('hardware: H100\ncount: 8\n');
    const estimate = estimateRun(applyEdits(partial.analysis!.runs[0], { hours: 10 }), settings, { withSuggestions: false });
    const m = model(partial, { whatIf: { edits: { hours: 10 }, estimate } });
    assert.strictEqual(m.run!.file.known, false);
    assert.ok(m.run!.whatIf!.estimate.known);
    assert.strictEqual(m.run!.whatIf!.deltaPct, null);
    assertValid(m);
  });

  it('checks edits against the catalogue', () => {
    const { edits, dropped } = sanitizeEdits({ hardware: 'quantum toaster', region: 'us-east-1', model: ' llama\u202E-3 ', precision: 'bf16', count: 0 });
    assert.deepStrictEqual(dropped.sort(), ['count', 'hardware']);
    assert.strictEqual(edits.region, 'aws:us-east-1');
    assert.strictEqual(edits.model, 'llama-3');
    assert.strictEqual(sanitizeEdits({ hardware: 'H100' }).edits.hardware?.startsWith('nvidia-h100'), true);
    assert.strictEqual(sanitizeEdits({ region: 'atlantis-9' }).dropped[0], 'region');
  });

  it('a new model drops the file’s parameter count, unless params is edited too', () => {
    const withParams = analyse('model: gpt2\nparams: 124000000\nhardware: A100\ncount: 1\nhours: 1\n').analysis!.runs[0];
    assert.strictEqual(applyEdits(withParams, { model: 'meta-llama/Llama-3.1-8B' }).inputs.params, undefined);
    assert.strictEqual(applyEdits(withParams, { model: 'x', params: 7e9 }).inputs.params?.value, 7e9);
    assert.strictEqual(applyEdits(withParams, {}).inputs.params?.value, 124000000);
  });

  it('never changes the RunSpec it is given', () => {
    const before = JSON.stringify(run);
    applyEdits(run, { count: 2, region: 'FR' });
    assert.strictEqual(JSON.stringify(run), before);
  });
});

describe('viewModel: suggestions', () => {
  it('sorts by saving without changing the input', () => {
    const s = (savingPct: number): Suggestion => ({ kind: 'region', title: `${savingPct}`, co2eKg: 1, savingPct, explanation: '', caveats: [] });
    const list = [s(10), s(90), s(-5), s(50)];
    assert.deepStrictEqual(sortSuggestions(list).map((x) => x.savingPct), [90, 50, 10, -5]);
    assert.deepStrictEqual(list.map((x) => x.savingPct), [10, 90, -5, 50]);
  });

  it('offers Apply only for changes the file can take', () => {
    const result = analyse(RUN);
    const m = fileModel({ uri: 'file:///w/run.yaml', fileName: 'run.yaml', result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false, canWrite: () => false }).model;
    assertValid(m);
    assert.ok(m.run!.suggestions.length > 0);
    for (const s of m.run!.suggestions) {
      assert.strictEqual(s.canApply, false);
      assert.match(s.manualText ?? '', /by hand/);
    }
    const ok = model(result);
    assert.ok(ok.run!.suggestions.every((s) => s.canApply && s.manualText === undefined));
  });

  it('omits the schedule note when a timing suggestion exists', () => {
    const result = analyse(RUN);
    const e: Estimate = { ...result.estimates[0], suggestions: [{ kind: 'schedule', title: 'Start at 02:00', co2eKg: 20, savingPct: 30, explanation: 'x', caveats: [] }] };
    const m = model({ ...result, estimates: [e] });
    assert.strictEqual(m.run!.scheduleNote, false);
    assert.strictEqual(m.run!.suggestions[0].canApply, false);
  });
});

describe('viewModel: other panel models', () => {
  it('welcome lists the formats Carbon Lens reads', () => {
    const w = welcomeModel('notes.md does not describe an ML run', true);
    assertValid(w);
    assert.ok(w.formats.some((f) => /Axolotl/.test(f)));
    assert.ok(w.formats.some((f) => /notebook/i.test(f)));
  });

  it('a file with an error and no run', () => {
    const m = model({ path: 'a.yaml', format: 'axolotl', error: 'bad: YAML', errorLine: 4, estimates: [] });
    assertValid(m);
    assert.strictEqual(m.error?.line, 5);
    assert.strictEqual(m.run, undefined);
  });

  it('workspace rows: one per run, unknown ones without a number, and totals', () => {
    const r = (mid: number) => ({ low: mid / 2, mid, high: mid * 2 });
    const { model: w, targets } = workspaceModel([
      { label: 'a/train.yaml', format: 'axolotl', runs: [{ name: 'a', co2eKg: r(10) }, { name: 'b', co2eKg: null }] },
      { label: 'b/bad.yaml', format: 'deepspeed', error: 'malformed', runs: [] },
      { label: 'c/serve.yaml', format: 'vllm', runs: [{ name: 'serve', co2eKg: r(1500) }] },
    ]);
    assertValid(w);
    assert.strictEqual(w.rows.length, 4);
    assert.deepStrictEqual(targets, [{ file: 0, runIndex: 0 }, { file: 0, runIndex: 1 }, { file: 1, runIndex: 0 }, { file: 2, runIndex: 0 }]);
    assert.strictEqual(w.rows[1].kg, null);
    assert.match(w.rows[1].co2eText, /needs/);
    assert.strictEqual(w.rows[0].co2eText, '10 kg');
    assert.strictEqual(w.rows[0].format, 'Axolotl');
    assert.match(w.totalText, /1\.5 t CO₂e/);
    assert.match(w.summary, /3 runs in 3 files; 1 needs more information/);
  });

  it('workspace without a report', () => {
    const { model: w } = workspaceModel(undefined);
    assertValid(w);
    assert.strictEqual(w.available, false);
  });

  it('caps the workspace table', () => {
    const runs = Array.from({ length: 5003 }, (_, i) => ({ name: `r${i}`, co2eKg: { low: 1, mid: 1, high: 1 } }));
    const { model: w, targets } = workspaceModel([{ label: 'big.yaml', format: 'ray', runs }]);
    assertValid(w);
    assert.strictEqual(w.rows.length, 5000);
    assert.strictEqual(targets.length, 5000);
    assert.strictEqual(w.omitted, 3);
  });

  it('the picker catalogue is valid and canonical', () => {
    const c = catalogView();
    assert.ok(isHostToWebview({ type: 'init', catalog: c }));
    assert.ok(c.accelerators.length > 10);
    assert.ok(c.regions.some((r) => r.id === 'aws:us-east-1'));
    assert.ok(c.regions.some((r) => r.id === 'FR'));
    for (const r of c.regions) assert.strictEqual(canonicalRegion(r.id), r.id, r.id);
  });

  it('an estimate view never shows NaN', () => {
    const e = { ...analyse(RUN).estimates[0], embodiedKg: Number.NaN };
    const v = estimateView(e);
    assert.strictEqual(v.embodiedKg, 0);
    assert.ok(Number.isFinite(v.totalKg));
  });
});

describe('viewModel: lifecycle, measured and timing sections', () => {
  const TRAIN = 'model: meta-llama/Llama-2-7b-hf\ntokens: 1000000000\nhardware: A100 80GB\ncount: 8\nregion: DE\n';

  it('a training run with a known model shows training vs inference with a break-even', () => {
    const m = model(analyse(TRAIN));
    assertValid(m);
    const l = m.run!.lifecycle!;
    assert.ok(l, 'lifecycle section present');
    assert.deepStrictEqual(l.lines.map((x) => x.label), ['One query (1,000 tokens)', 'Training (one-time)', 'Break-even']);
    assert.match(l.lines[2].value, /^after [\d.]+[kMB]? queries inference exceeds training$/);
    assert.match(l.note, /carbonLens\.inference\.queriesPerDay/);
  });

  it('an inference run compares with same-model training the host found', () => {
    const inf = analyse('phase: inference\nmodel: meta-llama/Llama-2-7b-hf\nhardware: A100 80GB\ncount: 1\nqueriesPerDay: 100000\n');
    const m = model(inf, { extras: { training: { kg: { low: 50, mid: 100, high: 200 }, from: '1 training run of this model in the workspace report — train.yaml (t)' } } });
    assertValid(m);
    const labels = m.run!.lifecycle!.lines.map((x) => x.label);
    assert.ok(labels.includes('Training (one-time)') && labels.includes('Break-even'), labels.join(', '));
    assert.match(m.run!.lifecycle!.note, /train\.yaml/);
  });

  it('shows a measured record with the calibration offer, cleaned of unsafe characters', () => {
    const result = analyse(TRAIN);
    const e = result.estimates[0];
    const measured = { record: { file: 'emissions.csv\u202E', tool: 'codecarbon' as const, seconds: 3600 }, rows: [{ what: 'hours' as const, measured: 1, low: e.hours.low, mid: e.hours.mid, high: e.hours.high, ratio: 1 / e.hours.mid, within: false }], effectiveMfu: 0.31, notes: ['n'] };
    const m = model(result, { extras: { measured } });
    assertValid(m);
    const v = m.run!.measured!;
    assert.strictEqual(v.file, 'emissions.csv');
    assert.strictEqual(v.canCalibrate, true);
    assert.match(v.calibrationText!, /MFU of 31 %/);
  });

  it('timing: offline verdict, and no fetch offered while online features are off', () => {
    const m = model(analyse(TRAIN), { extras: { timing: { offline: 'Germany’s grid…', online: false, providerText: 'Electricity Maps (zone DE)', canFetch: false } } });
    assertValid(m);
    assert.strictEqual(m.run!.timing!.online, false);
    assert.strictEqual(m.run!.timing!.canFetch, false);
  });
});
