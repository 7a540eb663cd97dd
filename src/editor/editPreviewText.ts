// What the Apply confirmation shows: the lines a what-if changes, before (−) and after (+), as a
// unified diff of just those lines. Pure (no `vscode`): unit-tested. VS Code's refactor preview is not
// used for this: edits an extension marks "needs confirmation" start UNCHECKED there, so pressing its
// Apply button without ticking the change first applied nothing (found by e2e scenario q).
import type { TextEditSpec } from '../formats/types';

const MAX_LINES = 16;
const MAX_LINE_CHARS = 120;

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}

/** Lines `first..last` of `lines` with the edits (all within them, non-overlapping) applied. */
function editedSpan(lines: readonly string[], first: number, last: number, specs: readonly TextEditSpec[]): string[] {
  let span = lines.slice(first, last + 1).join('\n');
  const offset = (line: number, col: number) => {
    let at = 0;
    for (let i = first; i < line; i++) at += (lines[i] ?? '').length + 1;
    return at + col;
  };
  // From the last edit to the first, so earlier offsets stay valid.
  for (const s of [...specs].reverse()) {
    span = span.slice(0, offset(s.range.startLine, s.range.startCol)) + s.newText + span.slice(offset(s.range.endLine, s.range.endCol));
  }
  return span.split('\n');
}

/**
 * `line 5:` then `− region: aws:us-east-1` / `+ region: aws:eu-central-1` for each changed span (edits on
 * the same lines shown together), line numbers as the file reads now; at most MAX_LINES lines.
 */
export function editPreviewLines(text: string, specs: readonly TextEditSpec[]): string[] {
  const lines = text.split('\n');
  const sorted = [...specs].sort((a, b) => a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol);
  const groups: { first: number; last: number; specs: TextEditSpec[] }[] = [];
  for (const s of sorted) {
    const g = groups[groups.length - 1];
    if (g && s.range.startLine <= g.last) {
      g.specs.push(s);
      g.last = Math.max(g.last, s.range.endLine);
    } else groups.push({ first: s.range.startLine, last: s.range.endLine, specs: [s] });
  }
  const out: string[] = [];
  for (const g of groups) {
    out.push(g.last > g.first ? `lines ${g.first + 1}–${g.last + 1}:` : `line ${g.first + 1}:`);
    for (const l of lines.slice(g.first, g.last + 1)) out.push(`− ${clip(l)}`);
    for (const l of editedSpan(lines, g.first, g.last, g.specs)) out.push(`+ ${clip(l)}`);
  }
  if (out.length <= MAX_LINES) return out;
  return [...out.slice(0, MAX_LINES - 1), `… ${out.length - (MAX_LINES - 1)} more lines`];
}
