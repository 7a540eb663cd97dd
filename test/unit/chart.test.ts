// The webview's pure helpers: chart geometry, workspace-table ordering, quantity parsing and
// restored-state checking. They run in plain node; only the draw functions need a DOM.
import * as assert from 'assert';
import type { BarView, WorkspaceRowView } from '../../src/shared/protocol';
import { chartRows, MIN_VISIBLE_PCT, rangeBarLayout, scaleMax, stackLayout } from '../../src/webview/app/chart';
import { parseNumber, parseQuantity } from '../../src/webview/app/quantity';
import { nextSort, sortRows } from '../../src/webview/app/sort';
import { loadState } from '../../src/webview/app/state';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe('chart geometry', () => {
  it('stacks segments in proportion, closing at exactly 100 %', () => {
    const s = stackLayout([{ id: 'run', value: 30 }, { id: 'trials', value: 60 }, { id: 'embodied', value: 10 }]);
    assert.deepStrictEqual(s.map((x) => x.id), ['run', 'trials', 'embodied']);
    close(s[0].x, 0);
    close(s[0].width, 30);
    close(s[1].x, 30);
    close(s[1].width, 60);
    close(s[2].x, 90);
    assert.strictEqual(s[2].x + s[2].width, 100);
  });

  it('gives zero, negative and non-finite parts no room', () => {
    const s = stackLayout([{ id: 'a', value: 0 }, { id: 'b', value: 5 }, { id: 'c', value: -3 }, { id: 'd', value: Number.NaN }]);
    assert.deepStrictEqual(s, [{ id: 'b', x: 0, width: 100 }]);
    assert.deepStrictEqual(stackLayout([]), []);
    assert.deepStrictEqual(stackLayout([{ id: 'a', value: 0 }]), []);
  });

  it('scales bars to the largest high value', () => {
    assert.strictEqual(scaleMax([{ low: 1, mid: 2, high: 8 }, { low: 3, mid: 4, high: 5 }]), 8);
    assert.strictEqual(scaleMax([]), 1);
    assert.strictEqual(scaleMax([{ low: 0, mid: 0, high: 0 }]), 1);
    assert.strictEqual(scaleMax([{ low: 1, mid: Number.NaN, high: 2 }]), 2);
  });

  it('lays out a bar with its low–high whisker, in percent', () => {
    const g = rangeBarLayout({ low: 2, mid: 4, high: 8 }, 8);
    assert.deepStrictEqual(g, { width: 50, from: 25, to: 100 });
  });

  it('keeps a tiny non-zero bar visible and a zero bar empty', () => {
    assert.strictEqual(rangeBarLayout({ low: 0.001, mid: 0.001, high: 0.001 }, 1000).width, MIN_VISIBLE_PCT);
    assert.strictEqual(rangeBarLayout({ low: 0, mid: 0, high: 0 }, 10).width, 0);
  });

  it('clamps to the chart and survives a bad scale', () => {
    assert.deepStrictEqual(rangeBarLayout({ low: -5, mid: 20, high: 30 }, 10), { width: 100, from: 0, to: 100 });
    const g = rangeBarLayout({ low: 1, mid: 2, high: 3 }, 0);
    assert.ok([g.width, g.from, g.to].every((v) => v >= 0 && v <= 100));
    // Inverted bounds still draw low → high.
    const inv = rangeBarLayout({ low: 8, mid: 5, high: 2 }, 10);
    assert.ok(inv.from <= inv.to);
  });

  it('pairs the what-if parts with the file’s, zero where one side lacks a part', () => {
    const bar = (id: BarView['id'], mid: number): BarView => ({ id, label: id, low: mid, mid, high: mid, text: `${mid}`, energyText: '' });
    const rows = chartRows([bar('run', 10), bar('embodied', 2)], [bar('run', 4), bar('trials', 6)]);
    assert.deepStrictEqual(rows.map((r) => r.id), ['run', 'embodied', 'trials']);
    assert.strictEqual(rows[1].whatIf?.mid, 0);
    assert.strictEqual(rows[2].file.mid, 0);
    assert.strictEqual(rows[2].whatIf?.mid, 6);
    assert.strictEqual(chartRows([bar('run', 1)])[0].whatIf, undefined);
  });
});

describe('workspace table order', () => {
  const row = (index: number, file: string, format: string, kg: number | null): WorkspaceRowView => ({ index, file, run: 'r', format, kg, co2eText: '' });
  const rows = [row(0, 'b.yaml', 'Ray', 5), row(1, 'a.yaml', 'Axolotl', null), row(2, 'c.yaml', 'vLLM', 50), row(3, 'a10.yaml', 'Axolotl', 1)];

  it('sorts by CO₂e, unknown runs always last', () => {
    assert.deepStrictEqual(sortRows(rows, { key: 'co2e', dir: 'desc' }).map((r) => r.index), [2, 0, 3, 1]);
    assert.deepStrictEqual(sortRows(rows, { key: 'co2e', dir: 'asc' }).map((r) => r.index), [3, 0, 2, 1]);
  });

  it('sorts by file (numeric-aware) and by format', () => {
    assert.deepStrictEqual(sortRows(rows, { key: 'file', dir: 'asc' }).map((r) => r.file), ['a.yaml', 'a10.yaml', 'b.yaml', 'c.yaml']);
    assert.deepStrictEqual(sortRows(rows, { key: 'format', dir: 'desc' }).map((r) => r.format), ['vLLM', 'Ray', 'Axolotl', 'Axolotl']);
  });

  it('does not reorder the model’s rows', () => {
    sortRows(rows, { key: 'file', dir: 'asc' });
    assert.deepStrictEqual(rows.map((r) => r.index), [0, 1, 2, 3]);
  });

  it('toggles direction on the same column, sensible default on another', () => {
    assert.deepStrictEqual(nextSort({ key: 'co2e', dir: 'desc' }, 'co2e'), { key: 'co2e', dir: 'asc' });
    assert.deepStrictEqual(nextSort({ key: 'co2e', dir: 'desc' }, 'file'), { key: 'file', dir: 'asc' });
    assert.deepStrictEqual(nextSort({ key: 'file', dir: 'asc' }, 'co2e'), { key: 'co2e', dir: 'desc' });
  });
});

describe('quantity input', () => {
  it('reads suffixes, separators and exponents', () => {
    assert.strictEqual(parseQuantity('8B'), 8e9);
    assert.strictEqual(parseQuantity('8.03 b'), 8.03e9);
    assert.strictEqual(parseQuantity('500M'), 5e8);
    assert.strictEqual(parseQuantity('2T'), 2e12);
    assert.strictEqual(parseQuantity('10k'), 1e4);
    assert.strictEqual(parseQuantity('1,500,000'), 1.5e6);
    assert.strictEqual(parseQuantity('1_000'), 1000);
    assert.strictEqual(parseQuantity('7e9'), 7e9);
  });

  it('refuses junk', () => {
    for (const s of ['', 'abc', '8BB', '-5', '1e999', '0x10', '8 billion', 'NaN', 'Infinity']) assert.strictEqual(parseQuantity(s), undefined, s);
  });

  it('plain numbers for number inputs', () => {
    assert.strictEqual(parseNumber('1.2'), 1.2);
    assert.strictEqual(parseNumber(' 400 '), 400);
    for (const s of ['', '1,2', '8B', 'e5', '--1']) assert.strictEqual(parseNumber(s), undefined, s);
  });
});

describe('restored panel state', () => {
  it('keeps valid parts and drops the rest', () => {
    const s = loadState({ sort: { key: 'file', dir: 'asc' }, restore: { uri: 'file:///a.yaml', runIndex: 1, edits: { count: 4 } } });
    assert.deepStrictEqual(s.sort, { key: 'file', dir: 'asc' });
    assert.deepStrictEqual(s.restore, { uri: 'file:///a.yaml', runIndex: 1, edits: { count: 4 } });
  });

  it('falls back to defaults for anything malformed', () => {
    for (const raw of [undefined, null, 'x', 42, { sort: { key: 'evil', dir: 'up' } }, { restore: { uri: 5 } }, JSON.parse('{"restore":{"__proto__":{"a":1}}}')]) {
      const s = loadState(raw);
      assert.deepStrictEqual(s.sort, { key: 'co2e', dir: 'desc' });
      assert.deepStrictEqual(s.restore, {});
    }
  });
});
