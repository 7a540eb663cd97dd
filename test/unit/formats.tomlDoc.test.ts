// TOML in the tree shape of the YAML/JSON readers (src/formats/tomlDoc.ts): where each key and value is
// (the line a lens or a what-if edit points at), the value types a kohya `--config_file` holds, the
// section flattening kohya's own reader does, and what a user sees for a broken or oversized file.
// Ranges are 0-based lines and columns, counted by hand from the snippets.
import * as assert from 'assert';
import type { SourceRange } from '../../src/core/runSpec';
import { LineIndex } from '../../src/formats/lineIndex';
import { flattenSections, parseTomlDoc } from '../../src/formats/tomlDoc';
import type { TDoc, TEntry, TMap, TNode } from '../../src/formats/tree';

const parse = (text: string): TDoc => parseTomlDoc(text, new LineIndex(text));
const r = (startLine: number, startCol: number, endLine: number, endCol: number): SourceRange => ({ startLine, startCol, endLine, endCol });

/** The entry at a dotted path of plain keys. */
function entry(root: TNode | undefined, p: string): TEntry {
  let node = root;
  let found: TEntry | undefined;
  for (const k of p.split('.')) {
    assert.strictEqual(node?.kind, 'map', `${p}: ${k}'s parent is not a table`);
    found = (node as TMap).entries.find((e) => e.key === k);
    assert.ok(found, `${p}: no ${k}`);
    node = found.value;
  }
  return found!;
}

describe('TOML reader: where keys and values are', () => {
  const TEXT = [
    'output_name = "lora"', //   line 0: a top-level key before any section
    'epochs = 10', //            line 1
    '', //                       line 2
    '[Basics]', //               line 3
    '  lr = 1e-4   ', //         line 4: indented, trailing blanks
    'steps = 42', //             line 5: last line, no newline after it
  ].join('\n');

  it('top-level keys before any section are placed at their own line', () => {
    const doc = parse(TEXT);
    assert.deepStrictEqual(doc.errors, []);
    const name = entry(doc.root, 'output_name');
    assert.strictEqual(name.value.kind === 'scalar' && name.value.value, 'lora');
    // `output_name` is columns 0–11; `"lora"` columns 14–20.
    assert.deepStrictEqual(name.keyRange, r(0, 0, 0, 11));
    assert.deepStrictEqual(name.value.range, r(0, 14, 0, 20));
    // `10` is columns 9–11 of line 1, and the range ends on that line.
    assert.deepStrictEqual(entry(doc.root, 'epochs').value.range, r(1, 9, 1, 11));
  });

  it('an indented key inside a section: the key where it is written, the value without the trailing blanks', () => {
    const lr = entry(parse(TEXT).root, 'Basics.lr');
    assert.strictEqual(lr.value.kind === 'scalar' && lr.value.value, 1e-4);
    // `  lr = 1e-4   `: `lr` columns 2–4, `1e-4` columns 7–11.
    assert.deepStrictEqual(lr.keyRange, r(4, 2, 4, 4));
    assert.deepStrictEqual(lr.value.range, r(4, 7, 4, 11));
  });

  it('the last line without a newline keeps its whole value; the section is at its header', () => {
    const doc = parse(TEXT);
    // `steps = 42`: `42` is columns 8–10 of line 5.
    assert.deepStrictEqual(entry(doc.root, 'Basics.steps').value.range, r(5, 8, 5, 10));
    // The table itself is shown at `[Basics]` (line 3, 8 characters).
    assert.deepStrictEqual(entry(doc.root, 'Basics').keyRange, r(3, 0, 3, 8));
  });

  it('a file that starts with a blank line is placed line by line all the same', () => {
    const doc = parse('\nepochs = 3\n[Save]\nsave_every_n_epochs = 1\n');
    assert.deepStrictEqual(entry(doc.root, 'epochs').keyRange, r(1, 0, 1, 6));
    assert.deepStrictEqual(entry(doc.root, 'Save.save_every_n_epochs').keyRange, r(3, 0, 3, 19));
  });

  it('a line over 4096 characters (a long prompt) is not scanned: its key points at its section\'s header', () => {
    const doc = parse(`[Sample]\nprompt = "${'x'.repeat(5000)}"\nsample_every_n_steps = 100\n`);
    const prompt = entry(doc.root, 'Sample.prompt');
    assert.strictEqual(prompt.value.kind === 'scalar' && (prompt.value.value as string).length, 5000);
    assert.deepStrictEqual(prompt.keyRange, r(0, 0, 0, 8));
    // The next line is placed as usual.
    assert.deepStrictEqual(entry(doc.root, 'Sample.sample_every_n_steps').keyRange, r(2, 0, 2, 20));
  });
});

describe('TOML reader: values', () => {
  it('booleans, dates (as ISO text), arrays and inline tables; keys the scan cannot place point at their table\'s value', () => {
    const text = [
      'v2 = false',
      'started = 2024-05-01T08:00:00Z',
      'bucket_sizes = [512, 768, 1024]',
      'optimizer = { name = "AdamW8bit", weight_decay = 0.01 }',
    ].join('\n');
    const doc = parse(text);
    assert.deepStrictEqual(doc.errors, []);
    const v2 = entry(doc.root, 'v2').value;
    assert.strictEqual(v2.kind === 'scalar' && v2.value, false);
    const started = entry(doc.root, 'started').value;
    assert.strictEqual(started.kind === 'scalar' && started.value, '2024-05-01T08:00:00.000Z');
    const sizes = entry(doc.root, 'bucket_sizes').value;
    assert.strictEqual(sizes.kind, 'seq');
    assert.deepStrictEqual(sizes.kind === 'seq' && sizes.items.map((i) => i.kind === 'scalar' && i.value), [512, 768, 1024]);
    // Each item is shown at the array: `[512, 768, 1024]` is columns 15–31 of line 2.
    assert.deepStrictEqual(sizes.kind === 'seq' && sizes.items[2].range, r(2, 15, 2, 31));
    const name = entry(doc.root, 'optimizer.name');
    assert.strictEqual(name.value.kind === 'scalar' && name.value.value, 'AdamW8bit');
    // `name` inside the inline table is not a `key = value` line of its own: it points at the table's
    // value, columns 12–55 of line 3.
    assert.deepStrictEqual(name.keyRange, r(3, 12, 3, 55));
    assert.strictEqual(entry(doc.root, 'optimizer.weight_decay').value.kind === 'scalar' && (entry(doc.root, 'optimizer.weight_decay').value as { value: unknown }).value, 0.01);
  });

  it('a table keeps at most 2000 keys', () => {
    const text = Array.from({ length: 2001 }, (_, i) => `k${i} = ${i}`).join('\n');
    const root = parse(text).root as TMap;
    assert.strictEqual(root.entries.length, 2000);
    assert.strictEqual(root.entries[1999].key, 'k1999');
  });
});

describe('TOML reader: files it does not read', () => {
  it('a syntax error is reported on its line with the parser\'s first message line, and no tree', () => {
    const doc = parse('[Basics]\nmax_train_steps = 4000\nnetwork_dim = = 16\n');
    assert.strictEqual(doc.root, undefined);
    assert.strictEqual(doc.errors.length, 1);
    // Line 3 (1-based) of the text is the broken one: 0-based line 2.
    assert.deepStrictEqual(doc.errors[0].range, r(2, 0, 2, 0));
    assert.ok(doc.errors[0].message.length > 0 && !doc.errors[0].message.includes('\n'), doc.errors[0].message);
  });

  it('over 512 KB: not read, and the problem says so; exactly 512 KB is read', () => {
    const head = 'epochs = 3\n# ';
    const at = (n: number) => head + 'x'.repeat(n - head.length);
    const over = parse(at(512 * 1024 + 1));
    assert.strictEqual(over.root, undefined);
    assert.deepStrictEqual(over.errors.map((e) => e.message), ['Not read: larger than 512 KB.']);
    assert.deepStrictEqual(over.errors[0].range, r(0, 0, 0, 0));
    const exact = parse(at(512 * 1024));
    assert.deepStrictEqual(exact.errors, []);
    assert.strictEqual(entry(exact.root, 'epochs').value.kind === 'scalar' && (entry(exact.root, 'epochs').value as { value: unknown }).value, 3);
  });
});

describe('TOML sections flattened as kohya reads them (flattenSections)', () => {
  it('top-level keys and each table\'s keys in one map, in file order; deeper tables stay tables', () => {
    const doc = parse('output_name = "x"\n[Optimizer]\ntrain_batch_size = 8\n[Save]\nsave_every_n_epochs = 1\n[Save.extra]\nkeep = 2\n');
    const flat = flattenSections(doc.root as TMap);
    assert.deepStrictEqual(flat.entries.map((e) => e.key), ['output_name', 'train_batch_size', 'save_every_n_epochs', 'extra']);
    assert.strictEqual(flat.entries[3].value.kind, 'map');
    assert.deepStrictEqual(flat.range, doc.root!.range);
  });
});
