// Plans the text edits that apply a what-if to a file: the format's own spelling when its handler
// knows one (planEdit), else a replacement of the value the field was read from. Pure; the editor
// turns the result into one undoable WorkspaceEdit.
import type { RunSpec } from '../core/runSpec';
import { handlerFor, makeInput } from './index';
import { sharedAnchorAt } from './sharedValues';
import type { Change, TextEditSpec } from './types';

function literal(value: unknown, quoteLike: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  if (quoteLike.startsWith('"')) return JSON.stringify(s);
  if (quoteLike.startsWith("'")) return `'${s.replace(/'/g, "''")}'`;
  // Plain YAML scalars: quote only when the text would otherwise change meaning.
  return /^[\w./@+-][\w ./@+:-]*$/.test(s) && !/:\s|\s#/.test(s) ? s : JSON.stringify(s);
}

/**
 * Edits that set `change` in `run` (one of the runs analyseText found in `text`), or undefined. A change
 * with `also` is written whole or not at all: each part is planned against the same text, and parts
 * that would replace overlapping text are refused (insertions at one point are fine, as in an editor).
 */
export function planChange(text: string, fileName: string, run: RunSpec, change: Change): TextEditSpec[] | undefined {
  const parts = [{ field: change.field, value: change.value }, ...(change.also ?? [])];
  const all: TextEditSpec[] = [];
  for (const part of parts) {
    const specs = planOne(text, fileName, run, part);
    if (!specs?.length) return undefined;
    all.push(...specs);
  }
  return overlapping(all) ? undefined : all;
}

function before(a: TextEditSpec['range'], line: number, col: number): boolean {
  return a.endLine < line || (a.endLine === line && a.endCol <= col);
}

/** Whether two edits replace overlapping text (then the result would depend on their order). */
function overlapping(specs: TextEditSpec[]): boolean {
  for (let i = 0; i < specs.length; i++) {
    for (let j = i + 1; j < specs.length; j++) {
      const a = specs[i].range;
      const b = specs[j].range;
      if (!before(a, b.startLine, b.startCol) && !before(b, a.startLine, a.startCol)) return true;
    }
  }
  return false;
}

function planOne(text: string, fileName: string, run: RunSpec, change: Change): TextEditSpec[] | undefined {
  const input = makeInput(text, fileName);
  const handler = handlerFor(run.format);
  const own = handler?.planEdit?.(input, run, change);
  // A handler that answers `[]` knows the change cannot be written in its format: no fallback.
  if (own) return own.length && !own.some((e) => sharedAnchorAt(input, e.range)) ? own : undefined;
  const field = run.inputs[change.field];
  if (!field || field.origin !== 'file' || !field.range) return undefined;
  const r = field.range;
  if (r.startLine !== r.endLine) return undefined; // block values are the format's business
  // A value reached through a YAML alias is written in the anchor, which other entries share: not
  // writable for one run (the run's notes say to edit the anchor by hand).
  if (sharedAnchorAt(input, r)) return undefined;
  const line = input.text.split(/\r?\n/)[r.startLine] ?? '';
  const current = line.slice(r.startCol, r.endCol);
  return [{ range: r, newText: literal(change.value, current) }];
}
