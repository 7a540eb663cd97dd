// Notebook origins read as cells: JSON lines of an .ipynb map to "cell N, line M".
import * as assert from 'assert';
import * as fs from 'fs';
import { cellText, ipynbLocator } from '../../src/formats/ipynbLines';

describe('ipynb lines → cells', () => {
  const text = fs.readFileSync('test/fixtures/workspace/train.ipynb', 'utf8');
  // Per test, not at load: see formats.omegaconf.test.ts (Stryker's static mutants).
  let at: NonNullable<ReturnType<typeof ipynbLocator>>;
  beforeEach(() => {
    at = ipynbLocator(text)!;
  });

  it('maps a source line to its cell and line (1-based in the text)', () => {
    // JSON line 48 (1-based) is `"args = TrainingArguments(...)"`: cell 4's source starts on JSON line 46, so it is its line 3.
    assert.strictEqual(text.split('\n')[47].includes('TrainingArguments(output_dir'), true);
    assert.strictEqual(cellText(at(47)!), 'cell 4, line 3');
    // JSON line 30 (1-based) is `dataset = load_dataset("imdb")`: cell 3's source starts on JSON line 27, so line 4.
    assert.strictEqual(cellText(at(29)!), 'cell 3, line 4');
  });

  it('puts structure lines in their cell without a line, and metadata in none', () => {
    assert.deepStrictEqual(at(3), { cell: 0 }); // "cell_type": "markdown"
    assert.strictEqual(at(0), undefined); // the opening brace
    const lines = text.split('\n');
    const meta = lines.findIndex((l) => l.startsWith(' "metadata"'));
    assert.ok(meta > 0);
    assert.strictEqual(at(meta + 1), undefined);
  });

  it('finds nothing in a text without cells', () => {
    assert.strictEqual(ipynbLocator('{"a": 1}'), undefined);
  });
});
