// Every button, link, field and disclosure in the estimate panel and the workspace report has a name a
// screen reader can say, and no two share one: a list of "Apply, Apply, Apply" (issue 16 §7) or "Copy,
// Copy" tells a keyboard user nothing. The panel is rendered for every example (with its hardware table
// expanded, a what-if, and Apply on every suggestion) in a small fake DOM (helpers/fakeDom.ts), and
// the names are computed the way the accname rules do (aria-labelledby, aria-label, <label for>, content).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { hardwareTable } from '../../src/core/hardwareTable';
import { normalizeSettings } from '../../src/core/settings';
import { reportView } from '../../src/editor/reportView';
import { summariseWorkspace } from '../../src/editor/workspaceSummary';
import { evaluateText } from '../../src/engine/evaluate';
import type { PanelModel } from '../../src/shared/protocol';
import type { RenderContext } from '../../src/webview/app/context';
import { render } from '../../src/webview/app/render';
import { DEFAULT_SORT } from '../../src/webview/app/sort';
import { renderReport } from '../../src/webview/report/render';
import { catalogView, fileModel, workspaceModel } from '../../src/webview/viewModel';
import { accessibleNames, FakeElement, installFakeDom } from './helpers/fakeDom';

const settings = normalizeSettings({});
const EXAMPLES = path.join(__dirname, '../../examples');

/** The controls without a name, and the names more than one control has. */
function problems(root: FakeElement): { missing: string[]; duplicates: string[] } {
  const names = accessibleNames(root);
  const missing = names.filter((n) => !n.name).map((n) => `<${n.tag}${n.key ? ` data-key=${n.key}` : ''}>`);
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n.name.toLowerCase(), (seen.get(n.name.toLowerCase()) ?? 0) + 1);
  const duplicates = [...seen].filter(([name, k]) => name && k > 1).map(([name, k]) => `"${name}" ×${k}`);
  return { missing, duplicates };
}

function ctxFor(model: PanelModel): RenderContext {
  return { model, revision: 1, catalog: catalogView(), sort: { ...DEFAULT_SORT }, post: () => undefined, setSort: () => undefined, expanded: new Set(['hardware-all']) };
}

function renderPanel(model: PanelModel): FakeElement {
  const root = document.createElement('main') as unknown as FakeElement;
  render(root as unknown as HTMLElement, ctxFor(model));
  return root;
}

describe('accessible names in the panel and the workspace report', () => {
  let restore: () => void;
  before(() => {
    restore = installFakeDom();
  });
  after(() => restore());

  it('the check itself catches two buttons with one name, and a button with none', () => {
    const root = document.createElement('div');
    const a = document.createElement('button');
    a.textContent = 'Apply';
    const b = document.createElement('button');
    b.textContent = 'Apply';
    const icon = document.createElement('button');
    const glyph = document.createElement('span');
    glyph.setAttribute('aria-hidden', 'true');
    glyph.textContent = '→';
    icon.appendChild(glyph);
    root.append(a, b, icon);
    const p = problems(root as unknown as FakeElement);
    assert.deepStrictEqual(p.duplicates, ['"apply" ×2']);
    assert.deepStrictEqual(p.missing, ['<button>']);
  });

  const files = fs.readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  for (const f of files) {
    it(`every control of the panel for examples/${f} has its own name`, () => {
      const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
      const result = evaluateText(text, f, settings);
      assert.ok(result.estimates.length, `${f} has no run`);
      let controls = 0;
      for (let i = 0; i < result.estimates.length; i++) {
        const run = result.analysis?.runs[i];
        const hardware = run && !result.estimates[i].missing.length ? hardwareTable(run, settings) : undefined;
        const e = result.estimates[i];
        // A what-if too, so its Reset sits beside the inputs' Reset.
        const whatIf = { edits: { hours: 1 }, estimate: e };
        const { model } = fileModel({ uri: `file:///w/${f}`, fileName: f, result, selected: i, whatIf, canReveal: true, onlineEnabled: false, hasWorkspaceReport: true, canWrite: () => true, extras: hardware ? { hardware } : {} });
        const root = renderPanel(model);
        const p = problems(root);
        controls += accessibleNames(root).length;
        assert.deepStrictEqual(p.missing, [], `${f} run ${i}: controls without a name`);
        assert.deepStrictEqual(p.duplicates, [], `${f} run ${i}: names shared by several controls`);
      }
      assert.ok(controls > 5, `${f}: only ${controls} controls rendered; the render did not run`);
    });
  }

  it('the Apply buttons of an example with several what-ifs say which what-if each applies', () => {
    const f = 'axolotl-qlora.yaml';
    const result = evaluateText(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), f, settings);
    const { model } = fileModel({ uri: `file:///w/${f}`, fileName: f, result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false, canWrite: () => true });
    const applies = accessibleNames(renderPanel(model)).filter((n) => n.key?.startsWith('apply-'));
    assert.ok(applies.length >= 2, `expected several Apply buttons, got ${applies.length}`);
    for (const a of applies) assert.match(a.name, /^Apply to file: \S/);
  });

  it('the Apply buttons read "Apply to file…" when carbonLens.apply.preview will ask first, and "Apply to file" when they write at once', () => {
    const f = 'axolotl-qlora.yaml';
    const result = evaluateText(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), f, settings);
    const labels = (applyAsks: boolean) => {
      const { model } = fileModel({ uri: `file:///w/${f}`, fileName: f, result, selected: 0, canReveal: true, onlineEnabled: false, applyAsks, hasWorkspaceReport: false, canWrite: () => true });
      return renderPanel(model).descendants().filter((e) => e.tagName === 'button' && e.dataset.key?.startsWith('apply-')).map((e) => e.textContent.trim());
    };
    const asking = labels(true);
    assert.ok(asking.length >= 2, `expected several Apply buttons, got ${asking.length}`);
    assert.deepStrictEqual(new Set(asking), new Set(['Apply to file…']));
    assert.deepStrictEqual(new Set(labels(false)), new Set(['Apply to file']));
  });

  it('the workspace table names each row by file and run (two runs of one file are two names)', () => {
    const range = { low: 1, mid: 2, high: 3 };
    const { model } = workspaceModel([{ label: 'sweeps/grid.yaml', format: 'wandb-sweep', runs: [{ name: 'lr-1', co2eKg: range }, { name: 'lr-2', co2eKg: range }] }]);
    const root = renderPanel(model);
    const p = problems(root);
    assert.deepStrictEqual(p, { missing: [], duplicates: [] });
    const rows = accessibleNames(root).filter((n) => n.key?.startsWith('row-')).map((n) => n.name);
    assert.deepStrictEqual(rows, ['Open sweeps/grid.yaml, run lr-1', 'Open sweeps/grid.yaml, run lr-2']);
  });

  it('every control of the editor-area workspace report has its own name', () => {
    const A = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';
    const mk = (relPath: string, text: string) => ({ uri: `file:///ws/${relPath}`, relPath, result: evaluateText(text, relPath, settings) });
    const s = summariseWorkspace([mk('a/run.yaml', A), mk('b/run.yaml', A), mk('c/broken.yaml', 'hours: [1\n'), mk('d/broken.yaml', 'hours: [1\n')], { includeServing: false });
    const root = document.createElement('main') as unknown as FakeElement;
    renderReport(root as unknown as HTMLElement, reportView(s, { generatedAt: '2026-12-06T05:00:00.000Z' }), () => undefined);
    const names = accessibleNames(root);
    assert.ok(names.length >= 4, JSON.stringify(names));
    assert.deepStrictEqual(problems(root), { missing: [], duplicates: [] });
  });
});
