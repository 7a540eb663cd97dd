// Converts character offsets (what parsers report) into line/column ranges (what editors need).
import type { SourceRange } from '../core/runSpec';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    // Line breaks are found with indexOf (a native search, many times faster than a loop over every
    // character of a 50 MB notebook); a lone \r ends a line too, \r\n ends one line.
    const starts = this.starts;
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (nl >= 0 || cr >= 0) {
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        if (cr + 1 !== nl) starts.push(cr + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        starts.push(nl + 1);
        nl = text.indexOf('\n', nl + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Line (0-based) containing `offset`, by binary search. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; col: number } {
    const line = this.lineAt(offset);
    return { line, col: offset - this.starts[line] };
  }

  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { startLine: a.line, startCol: a.col, endLine: b.line, endCol: b.col };
  }

  offsetOf(line: number, col: number): number {
    const l = Math.min(Math.max(line, 0), this.starts.length - 1);
    return this.starts[l] + col;
  }
}

/** A range covering one whole line (used for anchors found by line scanning). */
export function lineRange(line: number, startCol: number, endCol: number): SourceRange {
  return { startLine: line, startCol, endLine: line, endCol };
}
