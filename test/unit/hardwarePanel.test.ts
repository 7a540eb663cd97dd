// The panel's hardware comparison: units in the headers, the ten best and the current device first
// with a keyboard-operable "Show all N", while the CLI's --hardware-table md stays complete.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { hardwareTable } from '../../src/core/hardwareTable';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { hardwareTableMarkdown } from '../../src/engine/hardwareTableText';
import { engineApi } from '../../src/host/engineApi';
import type { RenderContext } from '../../src/webview/app/context';
import { hardwareBlock, HARDWARE_TOP, visibleHardwareRows } from '../../src/webview/app/renderHardware';
import { fileModel } from '../../src/webview/viewModel';
import { FakeElement, installFakeDom } from './helpers/fakeDom';

const settings = normalizeSettings({});
// A 7B LoRA fits on nearly every catalogued accelerator: well over ten rows.
const RUN = 'hardware: A100 80GB\ncount: 1\nhours: 10\nregion: aws:us-east-1\n';

describe('hardware comparison in the panel', () => {
  let restore: () => void;
  before(() => {
    restore = installFakeDom();
  });
  after(() => restore());

  it('shows the ten best plus the current device, wherever it ranks', () => {
    const rows = Array.from({ length: 14 }, (_, i) => ({ id: `d${i}`, current: i === 12 }));
    assert.deepStrictEqual(visibleHardwareRows(rows, false).map((r) => r.id), ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd12']);
    assert.strictEqual(visibleHardwareRows(rows, true).length, 14);
    // Ten or fewer: all of them, no control needed.
    assert.strictEqual(visibleHardwareRows(rows.slice(0, 10), false).length, 10);
  });

  function block(expanded: boolean): { section: FakeElement; toggled: string[]; total: number } {
    const result = evaluateText(RUN, 'run.yaml', settings);
    const hardware = hardwareTable(result.analysis!.runs[0], settings);
    const { model } = fileModel({ uri: 'file:///w/run.yaml', fileName: 'run.yaml', result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false, extras: { hardware } });
    const toggled: string[] = [];
    const ctx = { model, revision: 1, sort: { key: 'co2e', dir: 'desc' }, post: () => undefined, setSort: () => undefined, expanded: new Set(expanded ? ['hardware-all'] : []), toggleExpanded: (k: string) => toggled.push(k) } as RenderContext;
    return { section: hardwareBlock(model.kind === 'file' ? model.run! : (undefined as never), ctx) as unknown as FakeElement, toggled, total: hardware.length };
  }

  it('puts the units in the headers and a Show all button that is a real <button>', () => {
    const { section, toggled, total } = block(false);
    assert.ok(total > HARDWARE_TOP, `only ${total} accelerators: the example no longer exercises "Show all"`);
    const heads = section.querySelectorAll('th').filter((t) => t.getAttribute('scope') === 'col').map((t) => t.textContent);
    assert.deepStrictEqual(heads, ['Accelerator', 'Time (h)', 'Energy (kWh)', 'CO₂e (kg CO₂e)', 'Embodied (kg CO₂e, share)']);
    const bodyRows = section.querySelectorAll('tbody')[0].querySelectorAll('tr');
    assert.strictEqual(bodyRows.length, HARDWARE_TOP + (bodyRows.slice(0, HARDWARE_TOP).some((r) => r.getAttribute('aria-current')) ? 0 : 1));
    const all = section.querySelectorAll('button').find((b) => b.dataset.key === 'hw-all')!;
    assert.ok(all, 'no Show all button');
    assert.strictEqual(all.textContent.trim(), `Show all ${total}`);
    assert.strictEqual(all.getAttribute('aria-expanded'), 'false');
    // A <button type=button> is reachable by Tab and fires click on Enter and Space.
    assert.strictEqual(all.getAttribute('type'), 'button');
    all.listeners.get('click')!.forEach((fn) => fn());
    assert.deepStrictEqual(toggled, ['hardware-all']);
  });

  it('lists every row when expanded', () => {
    const { section, total } = block(true);
    assert.strictEqual(section.querySelectorAll('tbody')[0].querySelectorAll('tr').length, total);
    assert.strictEqual(section.querySelectorAll('button').find((b) => b.dataset.key === 'hw-all')!.getAttribute('aria-expanded'), 'true');
  });

  it('the Markdown export (CLI --hardware-table md) keeps every row, with units in its header', () => {
    const result = evaluateText(RUN, 'run.yaml', settings);
    const rows = hardwareTable(result.analysis!.runs[0], settings);
    const md = hardwareTableMarkdown(rows);
    // Header, separator, then one line per accelerator.
    assert.strictEqual(md.trim().split('\n').length, 2 + rows.length);
    assert.match(md.split('\n')[0], /\| Time \(h\) \| Energy \(kWh\) \| CO₂e \(kg CO₂e\) \|/);
  });

  it('the engine worker computes the same rows as the core (the op the panel calls)', () => {
    const result = evaluateText(RUN, 'run.yaml', settings);
    const run = result.analysis!.runs[0];
    // What crosses the thread boundary is a structured clone of the run.
    assert.deepStrictEqual(engineApi.hardwareRows(structuredClone(run), settings), hardwareTable(run, settings));
  });
});
