// The Apply confirmation's lines (src/editor/editPreviewText.ts): what a user reads before a what-if is
// written. Expected lines derived by hand from the fixture text below.
import * as assert from 'assert';
import { editPreviewLines } from '../../src/editor/editPreviewText';

const TEXT = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';
const at = (line: number, startCol: number, endCol: number, newText: string) => ({ range: { startLine: line, startCol, endLine: line, endCol }, newText });

describe('Apply confirmation lines', () => {
  it('one value replaced: the line before and after, numbered as the file reads', () => {
    // "region: " is 8 characters; the value spans columns 8–21 of line 4 (0-based 3).
    assert.deepStrictEqual(editPreviewLines(TEXT, [at(3, 8, 21, 'aws:eu-central-1')]),
      ['line 4:', '− region: aws:us-east-1', '+ region: aws:eu-central-1']);
  });

  it('several fields: each span in file order, two edits on one line shown once', () => {
    // count 8 → 4 (line 2, col 7–8) and hardware "A100 80GB" → "H100 80GB" in two edits on line 1.
    const specs = [at(1, 7, 8, '4'), at(0, 15, 19, '80GB'), at(0, 10, 14, 'H100')];
    assert.deepStrictEqual(editPreviewLines(TEXT, specs), [
      'line 1:', '− hardware: A100 80GB', '+ hardware: H100 80GB',
      'line 2:', '− count: 8', '+ count: 4',
    ]);
  });

  it('an inserted key shows the new line under the one it follows', () => {
    // Inserting "precision: bf16\n" at the start of line 3 (0-based 2): the span is line 3, now two lines.
    assert.deepStrictEqual(editPreviewLines(TEXT, [at(2, 0, 0, 'precision: bf16\n')]),
      ['line 3:', '− hours: 24', '+ precision: bf16', '+ hours: 24']);
  });

  it('long lines are clipped and a long change is cut to 16 lines', () => {
    const long = `model: ${'x'.repeat(200)}`;
    const [, minus] = editPreviewLines(`${long}\n`, [at(0, 7, 207, 'y')]);
    assert.strictEqual(minus.length, 2 + 120); // "− " + 119 characters + "…"
    assert.ok(minus.endsWith('…'));
    const many = Array.from({ length: 10 }, (_, i) => `k${i}: ${i}`).join('\n');
    const lines = editPreviewLines(many, Array.from({ length: 10 }, (_, i) => at(i, 4, 5, '9')));
    // 10 spans × 3 lines = 30: 15 shown, then "… 15 more lines".
    assert.strictEqual(lines.length, 16);
    assert.strictEqual(lines[15], '… 15 more lines');
  });
});
