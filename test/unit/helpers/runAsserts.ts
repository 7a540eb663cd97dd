// Small assertions the reader and estimate tests share: an input's value, the text a range covers, and
// "equal within a relative tolerance" for figures derived by hand.
import * as assert from 'assert';
import type { RunSpec, SourceRange } from '../../../src/core/runSpec';
import { LineIndex } from '../../../src/formats/lineIndex';

/** The value of input `k` of a run, or undefined when the reader did not set it. */
export function val(r: RunSpec, k: string): unknown {
  return (r.inputs as Record<string, { value: unknown } | undefined>)[k]?.value;
}

/** The text of `text` that a source range covers (what the editor would underline). */
export function at(text: string, r: SourceRange | undefined): string {
  assert.ok(r, 'no range');
  const idx = new LineIndex(text);
  return text.slice(idx.offsetOf(r.startLine, r.startCol), idx.offsetOf(r.endLine, r.endCol));
}

/** `close(actual, expected, rel?)` with a file's own default tolerance. */
export function closeWithin(defaultRel: number): (actual: number | undefined, expected: number, rel?: number) => void {
  return (actual, expected, rel = defaultRel) => {
    assert.ok(actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
  };
}
