// The workspace totals a user reads in the Runs view and the editor-area report: one-time training
// and per-year serving kept apart, a sweep and the config it repeats counted once, budgets marked.
//
// Figures derived by hand (as in surfaces.pinned.test.ts):
//  - a.yaml: 8 × A100 80GB × 24 h, aws:us-east-1, no model ("multi-GPU or full fine-tuning" draw
//    0.45/0.68/0.95 × 400 W, host 60/120/200 W): mid 8 × 24 h × (272 + 120 = 392 W) × PUE 1.135 =
//    85.42464 kWh → × 0.379069 kg/kWh = 32.3818 kg (low 19.826, high 47.912).
//  - sweep.yaml: a W&B grid of 3 values, each trial runs a.yaml: 3 × 32.3818 = 97.1455 kg mid
//    (low 59.48, high 143.74), 3 × 85.42464 = 256.27392 kWh.
//  - s.yaml: 2 × L4 always on, France, PUE 1.56, serving draw 36 W + host 0.3 × 72 = 57.6 W, horizon
//    730 days: 2 × 17,520 h × 57.6 W × 1.56 = 3,148.554 kWh → × 0.056039 = 176.4418 kg over two years,
//    i.e. 88.2209 kg and 1,574.277 kWh a year (low 49.62, high 143.36 kg a year).
import * as assert from 'assert';
import * as fs from 'fs';
import { ipynbLocator } from '../../src/formats/ipynbLines';
import { normalizeSettings } from '../../src/core/settings';
import { reportView, rowDescription } from '../../src/editor/reportView';
import { summariseWorkspace, type SummaryFile } from '../../src/editor/workspaceSummary';
import { evaluateText } from '../../src/engine/evaluate';
import { isPageToReport, isReportToPage } from '../../src/shared/reportProtocol';
import { renderReportHtml } from '../../src/webview/reportHtml';

const settings = normalizeSettings({});
const A = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';
const SWEEP = 'method: grid\ncommand: [python, train.py, --config, a.yaml]\nparameters:\n  lr:\n    values: [0.1, 0.2, 0.3]\n';
const SERVE = 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\ncount: 2\nregion: FR\nhorizonDays: 730\n';

function file(relPath: string, text: string, budgetKg?: number, siblings?: Map<string, string>): SummaryFile {
  return { uri: `file:///ws/${relPath}`, relPath, result: evaluateText(text, relPath, settings, siblings), ...(budgetKg !== undefined ? { budgetKg } : {}) };
}

function close(actual: number, expected: number, rel = 1e-5): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
}

describe('workspace summary (Runs view, workspace report)', () => {
  // Computed per test in beforeEach, not while mocha loads the file: Stryker counts code run at load as
  // static, and a static mutant restarts the test process (README, Mutation testing).
  let files!: SummaryFile[];
  let s!: ReturnType<typeof summariseWorkspace>;
  beforeEach(() => {
    files = [
      file('train/a.yaml', A, 50),
      file('train/sweep.yaml', SWEEP, 50, new Map([['a.yaml', A]])),
      file('serve/s.yaml', SERVE, 50),
      file('train/broken.yaml', 'hardware: A100 80GB\ncount: 8\nhours: [24\n'),
    ];
    s = summariseWorkspace(files, { includeServing: false });
  });

  it('adds a sweep once: the config it runs per trial is listed, marked, and left out of the total', () => {
    const a = s.rows.find((r) => r.relPath === 'train/a.yaml');
    assert.strictEqual(a?.countedIn, 'train/sweep.yaml');
    close(s.totals.oneTime.co2eKg.mid, 97.14549); // the sweep alone, not 97.15 + 32.38
    close(s.totals.oneTime.energyKwh.mid, 256.27392);
    assert.strictEqual(s.totals.oneTime.runs, 1);
    assert.strictEqual(s.totals.counted, 1);
  });

  it('keeps serving apart, scaled to one year of its horizon', () => {
    const serve = s.rows.find((r) => r.relPath === 'serve/s.yaml');
    assert.strictEqual(serve?.cadence, 'per-year');
    close(serve!.co2eKg!.mid, 88.22092); // 176.44 kg over 730 days
    close(s.totals.perYear.co2eKg.mid, 88.22092);
    close(s.totals.perYear.energyKwh.mid, 1574.27712);
    assert.strictEqual(s.totals.perYear.runs, 1);
  });

  it('marks the run over its budget, not the serving run a per-run budget does not apply to', () => {
    const by = (p: string) => s.rows.find((r) => r.relPath === p)!.budget.state;
    assert.strictEqual(by('train/sweep.yaml'), 'over'); // 97.1 kg > 50 kg
    assert.strictEqual(by('train/a.yaml'), 'within'); // 32.4 kg ≤ 50 kg
    assert.strictEqual(by('serve/s.yaml'), 'not-compared');
    assert.strictEqual(s.overBudget, 1);
    // With includeServing the serving run's own figure (two years, 176 kg) is compared, as the Problems panel does.
    const withServing = summariseWorkspace(files, { includeServing: true });
    assert.strictEqual(withServing.rows.find((r) => r.relPath === 'serve/s.yaml')!.budget.state, 'over');
  });

  it('lists a file that did not parse as a problem with its line, with no figure', () => {
    const issue = s.issues.find((i) => i.relPath === 'train/broken.yaml');
    assert.ok(issue, JSON.stringify(s.issues));
    assert.strictEqual(issue.folder, 'train');
    assert.strictEqual(issue.line, 3); // the parser's range: 0-based line 3, past the unclosed `[`
    assert.ok(!s.rows.some((r) => r.relPath === 'train/broken.yaml' && r.co2eKg));
  });

  it('names a notebook run by its cell, from the JSON line the reader reports', () => {
    const text = fs.readFileSync('test/fixtures/workspace/train.ipynb', 'utf8');
    const nb: SummaryFile = { ...file('nb/train.ipynb', text), locate: ipynbLocator(text) };
    const [row] = summariseWorkspace([nb], { includeServing: false }).rows;
    // The Trainer's run is configured in cell 4 (`args = TrainingArguments(...)`, its line 3).
    assert.strictEqual(row.place.cell, 3);
    assert.match(row.place.where, /^cell 4(, line \d+)?$/);
    assert.doesNotMatch(reportView(summariseWorkspace([nb], { includeServing: false }), { generatedAt: 'x' }).rows[0].where, /^line/);
  });

  it('groups by folder and keys rows by uri and run index', () => {
    assert.deepStrictEqual(
      s.rows.map((r) => [r.folder, r.key]),
      [
        ['serve', 'file:///ws/serve/s.yaml#0'],
        ['train', 'file:///ws/train/a.yaml#0'],
        ['train', 'file:///ws/train/sweep.yaml#0'],
      ],
    );
  });

  it('reads the totals apart in the report, with figures the formatter rounds to two digits', () => {
    const v = reportView(s, { generatedAt: '2026-12-06T02:00:00.000Z', workspaceBudgetKg: 80 });
    assert.strictEqual(v.oneTime.co2e, '≈ 97 kg CO₂e (59–140)'); // 97.15 kg; low 59.48, high 143.7
    assert.strictEqual(v.perYear.co2e, '≈ 88 kg CO₂e (50–140)'); // 88.22 kg; low 49.62, high 143.36
    assert.strictEqual(v.oneTime.label, 'One-time (training)');
    assert.strictEqual(v.perYear.label, 'Per year (serving)');
    const serve = v.rows.find((r) => r.file === 'serve/s.yaml')!;
    assert.strictEqual(serve.phase, 'serving');
    assert.strictEqual(serve.co2e, '≈ 88 kg CO₂e (50–140) / year');
    assert.strictEqual(v.rows.find((r) => r.file === 'train/a.yaml')!.note, 'counted in train/sweep.yaml');
    assert.ok(v.rows.find((r) => r.file === 'train/sweep.yaml')!.over);
    assert.ok(v.notes.some((n) => /one-time runs exceed it \(97 kg\)/.test(n)), v.notes.join('\n'));
    // The view passes the schema the page checks it with.
    assert.ok(isReportToPage({ type: 'report', view: v }));
    assert.strictEqual(rowDescription(s.rows.find((r) => r.relPath === 'train/sweep.yaml')!), 'training · 97 kg CO₂e (59–140) · 260 kWh · over budget');
  });
});

describe('an unbounded sweep in the Runs view and the workspace report', () => {
  it('its row says the trial count is assumed, in the lens’s words; a capped sweep says nothing', () => {
    const bayes = 'method: bayes\nmetric: {name: loss, goal: minimize}\ncommand: [python, train.py, --config, a.yaml]\nparameters:\n  lr: {min: 0.0001, max: 0.1}\n';
    const rowOf = (text: string) => summariseWorkspace([file('train/a.yaml', A), file('train/sweep.yaml', text, undefined, new Map([['a.yaml', A]]))], { includeServing: false })
      .rows.find((r) => r.relPath === 'train/sweep.yaml')!;
    const open = rowOf(bayes);
    assert.strictEqual(open.unbounded, 'unbounded sweep: 20 trials assumed — set run_cap');
    // 20 assumed trials × 32.38 kg (a.yaml, derived in cli.test.ts) = 647.6 kg → "650 kg".
    assert.match(rowDescription(open), /^training · 650 kg CO₂e \(\S+\) · \S+ MWh · unbounded sweep: 20 trials assumed — set run_cap$/);
    const capped = rowOf(`${bayes}run_cap: 4\n`);
    assert.strictEqual(capped.unbounded, undefined);
    assert.doesNotMatch(rowDescription(capped), /unbounded/);
  });
});

describe('workspace report page boundary', () => {
  it('accepts only the messages the page may send', () => {
    assert.ok(isPageToReport({ type: 'open', key: 'file:///ws/a.yaml#0' }));
    assert.ok(!isPageToReport({ type: 'open', key: 42 }));
    assert.ok(!isPageToReport({ type: 'command', id: 'workbench.action.terminal.new' }));
    assert.ok(!isPageToReport({ type: 'open', key: 'x', __proto__: { polluted: true }, extra: 1 }));
  });

  it('renders a shell with a nonce-only script policy and no inline data', () => {
    const html = renderReportHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abcdefghijklmnop1234', scriptUri: 'https://x.vscode-cdn.net/dist/report.js', styleUris: ['https://x.vscode-cdn.net/media/panel.css'] });
    assert.match(html, /script-src &#39;nonce-abcdefghijklmnop1234&#39;/);
    assert.match(html, /default-src &#39;none&#39;/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.throws(() => renderReportHtml({ cspSource: "'unsafe-inline'", nonce: 'abcdefghijklmnop1234', scriptUri: 'a', styleUris: [] }));
  });
});
