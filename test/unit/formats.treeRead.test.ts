// The YAML/JSON reader every format handler reads through (src/formats/tree.ts): where keys and values
// are (what a lens and a what-if edit point at), anchors, aliases and merge keys as a config uses them,
// keys without a value, several documents, parse errors, JSON with comments and trailing commas, and the
// bounds on hostile files (nesting, alias counts per document and per file). Ranges are 0-based
// line/column, counted by hand in each snippet.
import * as assert from 'assert';
import { getEntry, getNode, parseJsonDoc, parseYamlDocs, scalarOf, toPlain, topKeys, walkEntries } from '../../src/formats/tree';

const r = (startLine: number, startCol: number, endLine: number, endCol: number) => ({ startLine, startCol, endLine, endCol });

describe('YAML reader', () => {
  const YAML = [
    'base: &base', //     0
    '  lr: 0.1', //       1
    '  epochs: 3', //     2
    'run:', //            3
    '  <<: *base', //     4
    '  epochs: 5', //     5
    'empty:', //          6
    'ref: *base', //      7
  ].join('\n') + '\n';

  it('a merge key brings the anchored keys in; the run\'s own key after it wins', () => {
    const doc = parseYamlDocs(YAML)[0];
    assert.deepStrictEqual(doc.errors, []);
    assert.deepStrictEqual(toPlain(doc.root), { base: { lr: 0.1, epochs: 3 }, run: { lr: 0.1, epochs: 5 }, empty: null, ref: { lr: 0.1, epochs: 3 } });
    // getEntry finds the first `epochs` of run: the merged one, at the anchor's line 2, value `3` at columns 10–11.
    assert.deepStrictEqual(getEntry(doc.root, 'run.epochs')?.value.range, r(2, 10, 2, 11));
    assert.deepStrictEqual(topKeys(doc.root), ['base', 'run', 'empty', 'ref']);
  });

  it('the anchor is listed once, with its name and line; an alias value is shown where the alias is written', () => {
    const doc = parseYamlDocs(YAML)[0];
    assert.deepStrictEqual(doc.shared, [{ name: 'base', range: r(1, 2, 3, 0), line: 0 }]);
    // `*base` on line 7 is columns 5–10.
    assert.deepStrictEqual(getNode(doc.root, 'ref')?.range, r(7, 5, 7, 10));
  });

  it('a key without a value is null, placed just after the key', () => {
    const e = getEntry(parseYamlDocs(YAML)[0].root, 'empty');
    assert.deepStrictEqual(e?.keyRange, r(6, 0, 6, 5));
    assert.deepStrictEqual(e?.value, { kind: 'scalar', value: null, range: r(6, 6, 6, 6) });
    assert.strictEqual(scalarOf(e?.value), null);
  });

  it('several documents, each with its own range and its own errors (first line of the message only)', () => {
    const docs = parseYamlDocs('a: 1\n---\nb: [\n');
    assert.strictEqual(docs.length, 2);
    assert.deepStrictEqual([docs[0].errors, toPlain(docs[0].root)], [[], { a: 1 }]);
    assert.strictEqual(docs[1].range.startLine, 1);
    assert.strictEqual(docs[1].errors.length, 1);
    assert.ok(!docs[1].errors[0].message.includes('\n'));
    assert.deepStrictEqual(docs[1].errors[0].range, r(3, 0, 3, 1));
  });

  it('a collection used as a key keeps its source text as the key; YAML numbers are numbers', () => {
    const root = parseYamlDocs('? [a, b]\n: x\n0x10: 0x10\n')[0].root;
    assert.deepStrictEqual(root?.kind === 'map' && root.entries.map((e) => [e.key, toPlain(e.value)]), [['[a, b]', 'x'], ['16', 16]]);
  });

  it('entries depth first with their paths, sequence items as [i]', () => {
    const root = parseYamlDocs('a:\n  - b: 1\n  - c: [2, {d: 3}]\n')[0].root;
    assert.deepStrictEqual([...walkEntries(root)].map((e) => e.path), ['a', 'a[0].b', 'a[1].c', 'a[1].c[1].d']);
    assert.strictEqual(getEntry(root, 'a.b'), undefined, 'a sequence is not a map');
  });
});

describe('YAML reader: hostile files', () => {
  it('brackets nested 201 deep are refused at the 201st; 200 deep, and many shallow ones, are read', () => {
    assert.deepStrictEqual(parseYamlDocs('['.repeat(201) + ']'.repeat(201))[0].errors, [{ message: 'Not read: brackets nest deeper than 200 levels.', range: r(0, 200, 0, 201) }]);
    assert.deepStrictEqual(parseYamlDocs('['.repeat(200) + ']'.repeat(200))[0].errors, []);
    // 301 sibling lists close as they open: never deeper than 2.
    assert.deepStrictEqual(parseYamlDocs(`x: [${'[], '.repeat(300)}[]]\n`)[0].errors, []);
  });

  it('more than 100 aliases in a document, or 1000 in a file, is not read, and says which', () => {
    const doc = (n: number) => `a: &a x\n${Array.from({ length: n }, (_, i) => `k${i}: *a`).join('\n')}`;
    assert.deepStrictEqual(parseYamlDocs(doc(100))[0].errors, []);
    assert.deepStrictEqual(parseYamlDocs(doc(101))[0].errors.map((e) => e.message), ['Could not read this document: the document expands to more than 100 YAML aliases']);
    // 11 documents of 95 aliases: the 11th passes 1000 for the file.
    const file = parseYamlDocs(Array.from({ length: 11 }, () => doc(95)).join('\n---\n'));
    assert.deepStrictEqual(file.map((d) => d.errors.length), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.strictEqual(file[10].errors[0].message, 'Could not read this document: the file expands to more than 1000 YAML aliases');
  });
});

describe('JSON reader', () => {
  it('comments and trailing commas are allowed; a key without a value is null and reported', () => {
    const doc = parseJsonDoc('{\n  // c\n  "a": 1,\n  "b": [1, 2,],\n  "c": \n}');
    assert.deepStrictEqual(toPlain(doc.root), { a: 1, b: [1, 2], c: null });
    // `"a"` is columns 2–5 of line 2, its value column 7.
    assert.deepStrictEqual(getEntry(doc.root, 'a')?.keyRange, r(2, 2, 2, 5));
    assert.deepStrictEqual(getEntry(doc.root, 'a')?.value.range, r(2, 7, 2, 8));
    assert.deepStrictEqual(getEntry(doc.root, 'c')?.value.range, r(4, 5, 4, 5));
    assert.deepStrictEqual(doc.errors, [{ message: 'JSON: ValueExpected', range: r(5, 0, 5, 1) }]);
  });

  it('nesting deeper than 200 is refused before parsing', () => {
    const doc = parseJsonDoc('['.repeat(201));
    assert.strictEqual(doc.root, undefined);
    assert.deepStrictEqual(doc.errors, [{ message: 'Not read: brackets nest deeper than 200 levels.', range: r(0, 200, 0, 201) }]);
  });
});
