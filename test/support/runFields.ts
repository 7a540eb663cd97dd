// Reading a run's inputs in tests: a field that must be there (the assertion names what there is instead),
// and the file text a range covers.
import * as assert from 'assert';
import type { RunSpec, SourceRange } from '../../src/core/runSpec';
import { LineIndex } from '../../src/formats/lineIndex';

export interface FieldView {
  value: unknown;
  origin: string;
  range?: SourceRange;
  note?: string;
  key?: string;
}

export function field(r: RunSpec, name: string): FieldView {
  const v = (r.inputs as Record<string, FieldView>)[name];
  assert.ok(v, `${name} missing (have ${Object.keys(r.inputs).join(', ')})`);
  return v;
}

export function textAt(text: string, r: SourceRange | undefined): string {
  assert.ok(r, 'no range');
  const idx = new LineIndex(text);
  return text.slice(idx.offsetOf(r.startLine, r.startCol), idx.offsetOf(r.endLine, r.endCol));
}
