// The fast .ipynb scan (src/formats/notebookScan.ts): it must build exactly what the full parse
// (tree.ts) builds for the keys the notebook handler reads, skip everything else, and decline —
// so the full parse reports the problems — on anything that parse would not read cleanly.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import type { SourceRange } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import { LineIndex } from '../../src/formats/lineIndex';
import { NOTEBOOK_SPEC, scanJson, scanNotebook, type ScanSpec } from '../../src/formats/notebookScan';
import { parseJsonDoc, type TNode } from '../../src/formats/tree';
import { CORPUS } from './helpers/corpus';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const RUNS = Math.max(50, Math.floor(Number(process.env.FUZZ_RUNS ?? 4000) / 8));

function notebooks(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ipynb')) out.push({ name: e.name, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(CORPUS);
  walk(FIXTURES);
  return out;
}

function textAt(text: string, r: SourceRange): string {
  const index = new LineIndex(text);
  return text.slice(index.offsetOf(r.startLine, r.startCol), index.offsetOf(r.endLine, r.endCol));
}

/** The full parse's tree cut down to `spec` the way the scan cuts it (placeholders included). */
function prune(node: TNode, spec: ScanSpec): TNode {
  if (spec === 'full') return node;
  const placeholder: TNode = { kind: 'scalar', value: null, range: node.range };
  if (spec === 'skip') return placeholder;
  if ('keys' in spec) {
    if (node.kind !== 'map') return placeholder;
    const entries = node.entries.filter((e) => spec.keys.has(e.key)).map((e) => ({ ...e, value: prune(e.value, spec.keys.get(e.key)!) }));
    return { kind: 'map', entries, range: node.range };
  }
  if (node.kind !== 'seq') return placeholder;
  return { kind: 'seq', items: node.items.map((i) => prune(i, spec.items)), range: node.range };
}

/** When the scan answers, the full parse must find no problem and build the same pruned tree. */
function assertAgrees(text: string): boolean {
  const index = new LineIndex(text);
  const scan = scanNotebook(text, index);
  if (!scan) return false;
  const full = parseJsonDoc(text, index);
  assert.deepStrictEqual(full.errors, [], `the scan read a text the full parse finds problems in: ${JSON.stringify(full.errors[0])}`);
  assert.deepStrictEqual(scan.root, prune(full.root!, NOTEBOOK_SPEC));
  return true;
}

const cell = (source: unknown, extra: Record<string, unknown> = {}) => ({ cell_type: 'code', metadata: {}, source, outputs: [], ...extra });
const nb = (cells: unknown[], extra: Record<string, unknown> = {}, indent = 1) =>
  JSON.stringify({ cells, metadata: { colab: { gpuType: 'T4' } }, nbformat: 4, nbformat_minor: 5, ...extra }, null, indent);

describe('notebook scan', () => {
  it('builds what the full parse builds, for every notebook in the corpus and fixtures', () => {
    const files = notebooks();
    assert.ok(files.length >= 3, `found ${files.length} notebooks`);
    for (const f of files) {
      const body = f.text.replace(/^\ufeff/, '');
      for (const variant of [body, body.replace(/\n/g, '\r\n'), body.replace(/\n/g, '\r'), JSON.stringify(JSON.parse(body))]) {
        assert.ok(assertAgrees(variant), `${f.name}: the scan declined a well-formed notebook`);
      }
    }
  });

  it('gives each source string its exact range and value, through escapes and surrogate pairs', () => {
    const line0 = 'x = "\u00e9\ud83d\ude00"\n';
    const text = nb([cell([line0, 'y = 1\tz\\\\']), cell('one string\r\nsource')], {}, 2);
    assert.ok(text.includes('\\"'));
    const root = scanNotebook(text, new LineIndex(text))!.root;
    assert.ok(root && root.kind === 'map');
    const cells = root.entries.find((e) => e.key === 'cells')!.value;
    assert.ok(cells.kind === 'seq' && cells.items.length === 2);
    const src0 = cells.items[0].kind === 'map' ? cells.items[0].entries.find((e) => e.key === 'source')!.value : undefined;
    assert.ok(src0 && src0.kind === 'seq');
    assert.strictEqual(src0.items[0].kind === 'scalar' && src0.items[0].value, line0);
    assert.strictEqual(textAt(text, src0.items[0].range), JSON.stringify(line0));
    assert.strictEqual(textAt(text, src0.items[1].range), JSON.stringify('y = 1\tz\\\\'));
    const src1 = cells.items[1].kind === 'map' ? cells.items[1].entries.find((e) => e.key === 'source')!.value : undefined;
    assert.ok(src1 && src1.kind === 'scalar');
    assert.strictEqual(src1.value, 'one string\r\nsource');
    assert.strictEqual(textAt(text, src1.range), '"one string\\r\\nsource"');
  });

  it('maps a value found in a source back to the file through \\", \\u00e9, surrogate pairs and raw non-ASCII', () => {
    for (const single of [true, false]) {
      const lines = ['s = "\u00e9\ud83d\ude00 é😀 \\"q\\""; TrainingArguments(num_train_epochs=7, per_device_train_batch_size=4)\n', 'trainer.train()'];
      // Escape every non-ASCII character the way Jupyter's ensure_ascii writers do, keeping the raw é😀 from the source.
      const json = nb([cell(single ? lines.join('') : lines)]).replace(/\u00e9\ud83d\ude00 /, '\\u00e9\\ud83d\\ude00 ');
      for (const text of [json, '\ufeff' + json.replace(/\n/g, '\r\n')]) {
        const run = analyzeText(text, 'esc.ipynb').runs[0];
        assert.ok(run, `single=${single}: no run`);
        const body = text.replace(/^\ufeff/, '');
        assert.strictEqual(run.inputs.epochs!.value, 7);
        assert.strictEqual(textAt(body, run.inputs.epochs!.range!), '7');
        assert.strictEqual(textAt(body, run.inputs.epochs!.keyRange!), 'num_train_epochs');
        assert.ok(assertAgrees(body));
      }
    }
  });

  it('skips outputs: nested brackets and strings that look like "source" or "cell_type" are not read', () => {
    const outputs = [
      { output_type: 'stream', name: 'stdout', text: ['"source": ["TrainingArguments(num_train_epochs=99)"], "cell_type": "code" ]]}} [[[{{{\n'] },
      { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo'.padEnd(50_000, 'A'), nested: [[[{ source: 'TrainingArguments(num_train_epochs=98)', cell_type: 'code' }]]] }, metadata: {} },
    ];
    const text = nb([cell(['args = TrainingArguments(num_train_epochs=2)\n', 'trainer.train()'], { outputs })]);
    assert.ok(assertAgrees(text));
    const root = scanNotebook(text, new LineIndex(text))!.root!;
    const built = JSON.stringify(root);
    assert.ok(!built.includes('num_train_epochs=9'), 'an output was built into the tree');
    assert.ok(!built.includes('iVBOR'), 'an image was built into the tree');
    const a = analyzeText(text, 'o.ipynb');
    assert.strictEqual(a.format, 'notebook');
    assert.deepStrictEqual(a.problems, []);
    assert.strictEqual(a.runs.length, 1);
    assert.strictEqual(a.runs[0].inputs.epochs!.value, 2);
    assert.strictEqual(a.runs[0].inputs.hardware!.key, 'colab.gpuType');
  });

  it('reads the accelerator metadata with the full parse’s ranges, first duplicate key winning', () => {
    const text = '{"cells": [], "metadata": {"kaggle": {"accelerator": "nvidiaTeslaT4", "accelerator": "tpu"}, "colab": "x"}, "nbformat": 4, "cells": 5}';
    assert.ok(assertAgrees(text));
    const root = scanNotebook(text, new LineIndex(text))!.root!;
    assert.strictEqual(JSON.stringify(root).includes('"tpu"'), true); // both duplicates kept, in order
  });

  it('agrees on odd shapes: a non-object root or cell, cells that are not a list, keys written with escapes', () => {
    for (const text of [
      '[1, 2, {"cells": []}]', '"cells"', '4', 'null', '{}', '{"cells": {"0": {}}, "nbformat": 4}',
      '{"cells": [1, "x", null, [], {"cell_type": ["code"], "source": {"a": 1}}, {"cell_type": "code", "source": [1, true, "ok\\n"]}], "nbformat": null}',
      '{"c\\u0065lls": [{"cell\\u005ftype": "code", "sourc\\u0065": "TrainingArguments(num_train_epochs=3)\\ntrainer.train()"}], "nbformat": 4}',
      '{"cells": [], "nbformat": -0.5e+3, "metadata": {"colab": {"gpuType": 1E2}}}',
    ]) assert.ok(assertAgrees(text), text);
    const escapedKeys = '{"c\\u0065lls": [{"cell\\u005ftype": "code", "sourc\\u0065": "TrainingArguments(num_train_epochs=3)\\ntrainer.train()"}], "nbformat": 4}';
    assert.strictEqual(analyzeText(escapedKeys, 'k.ipynb').runs[0].inputs.epochs!.value, 3);
  });

  it('declines what the full parse would not read cleanly, so its problems are reported as before', () => {
    const good = nb([cell(['args = TrainingArguments(num_train_epochs=2)\n', 'trainer.train()'], { outputs: [{ text: 'ok [x]' }] })]);
    assert.ok(scanNotebook(good, new LineIndex(good)));
    const bad = [
      good.replace('"nbformat_minor": 5', '"nbformat_minor": 5,'), // trailing commas (jsonc-parser allows them)
      good.replace('"trainer.train()"', '"trainer.train()",'),
      good.replace('"trainer.train()"', '"trainer.train()",,'),
      good.replace('"outputs": [', '"outputs": [,'),
      good.replace('{', '{ // comment\n'), // comment (jsonc-parser allows it)
      good.replace('/* x */', '').replace('"metadata": {}', '"metadata": {/* x */}'),
      good.replace('ok [x]', 'ok\t[x]'), // raw tab inside a string
      good.replace('ok [x]', 'ok\n[x]'), // raw line break inside a string
      good.replace('ok [x]', 'ok \\x41'), // invalid escape
      good.replace('ok [x]', 'ok \\u12g4'), // invalid \u escape
      good.replace('"nbformat": 4', '"nbformat": 04'),
      good.replace('"nbformat": 4', '"nbformat": 4.'),
      good.replace('"nbformat": 4', '"nbformat": NaN'),
      good.replace('"nbformat": 4', "'nbformat': 4"),
      good.replace('"nbformat": 4', '"nbformat":\u00a04'), // whitespace JSON does not allow
      good.replace('"nbformat": 4', '"nbformat": 4\u2028'),
      good + ' {}',
      good + '\u0000',
      '',
      '   ',
      good.replace('ok [x]', 'ok ' + '['.repeat(250)), // tree.ts counts brackets in strings too
      JSON.stringify({ cells: [], nbformat: 4, deep: JSON.parse('['.repeat(205) + ']'.repeat(205)) }),
    ];
    for (const text of bad) {
      assert.strictEqual(scanNotebook(text, new LineIndex(text)), undefined, JSON.stringify(text.slice(0, 80)));
      const full = parseJsonDoc(text);
      // The analyser reports exactly the full parse's problems for a file the scan declined.
      assert.deepStrictEqual(analyzeText(text, 'bad.ipynb').problems, full.errors);
    }
    // Brackets inside strings that balance out are fine, however many.
    const balanced = good.replace('ok [x]', 'ok ' + '[x] {y} '.repeat(500));
    assert.ok(assertAgrees(balanced));
  });

  it('declines every truncation of a notebook, and the analyser reports the full parse’s problems', () => {
    const text = nb([cell(['a = "\\u00e9"\n', 'TrainingArguments(num_train_epochs=2)\n', 'trainer.train()'], { outputs: [{ data: { 'text/plain': ['[1, {2}]'] } }] })], {}, 1).replace(/\n/g, '\r\n');
    for (let n = 0; n < text.length; n++) {
      const cut = text.slice(0, n);
      assert.strictEqual(scanNotebook(cut, new LineIndex(cut)), undefined, `prefix of ${n} chars`);
      if (n % 7 === 0) assert.deepStrictEqual(analyzeText(cut, 't.ipynb').problems, parseJsonDoc(cut).errors);
    }
    assert.ok(assertAgrees(text));
  });

  it('never builds skipped values (a custom spec skips everything)', () => {
    const text = JSON.stringify({ a: [1, { b: 'x' }], c: 'y' });
    assert.deepStrictEqual(scanJson(text, new LineIndex(text), 'skip'), { root: undefined });
    assert.strictEqual(scanJson(text + ']', new LineIndex(text + ']'), 'skip'), undefined);
  });

  it('property: on mutated notebooks the scan either declines or agrees with the full parse', () => {
    const files = notebooks().map((f) => f.text.replace(/^\ufeff/, ''));
    const junk = fc.constantFrom('\t', '\n', '\r\n', '"', '\\', '\\"', '\\u00e9', '\\ud83d\\ude00', ',', '[', ']', '{', '}', ':', '/*c*/', '\u00a0', '01', '-', 'null', 'true', ' ', '\u0000', '"source"', '"cell_type": "code",', '[[[[');
    const mutated = fc.tuple(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), junk), { maxLength: 3 })).map(([t, ins]) => {
      for (const [k, j] of ins) {
        const at = k % (t.length + 1);
        t = t.slice(0, at) + j + t.slice(at);
      }
      return t;
    });
    const generated = fc.record({
      cells: fc.array(fc.record({ cell_type: fc.constantFrom('code', 'markdown', 1, null), source: fc.oneof(fc.string(), fc.array(fc.string())), outputs: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }), { maxLength: 4 }),
      metadata: fc.jsonValue({ maxDepth: 2 }),
      nbformat: fc.jsonValue({ maxDepth: 1 }),
    }, { requiredKeys: [] }).chain((o) => fc.constantFrom(0, 1, 2).map((indent) => JSON.stringify(o, null, indent)));
    let answered = 0;
    fc.assert(fc.property(fc.oneof(mutated, generated, fc.json()), (text) => {
      if (assertAgrees(text)) answered++;
      return true;
    }), { numRuns: RUNS });
    assert.ok(answered > RUNS / 5, `the scan answered only ${answered} of ${RUNS}`);
  });
});

describe('LineIndex finds the same line starts as a character loop', () => {
  const naive = (text: string): number[] => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    return starts;
  };
  it('on random mixes of \\n, \\r, \\r\\n and text', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('\n', '\r', '\r\n', 'a', 'bc', '\n\r', ''), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const index = new LineIndex(text);
      const starts = naive(text);
      assert.strictEqual(index.lineCount, starts.length);
      for (let i = 0; i < starts.length; i++) assert.deepStrictEqual(index.position(starts[i]), { line: i, col: 0 });
      return true;
    }), { numRuns: 500 });
  });
});
