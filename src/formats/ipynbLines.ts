// Where a line of an .ipynb file is, as a notebook user sees it: "cell 12, line 3" rather than
// "line 1130" of the JSON. A notebook read from disk is analysed as its JSON text, so every range
// the readers report is a JSON line; this maps it back to the cell.
//
// Jupyter (and VS Code's serializer) write one cell object per `"cell_type"` key and one source
// string per line. Inside JSON strings a quote is always escaped, so an unescaped `"cell_type"`
// can only be a key: counting them finds the cell, and the `"source"` key that follows gives the
// cell's first line. One pass with indexOf, no regex; a file in another layout (one-line JSON,
// `source` as a single string) still gets the right cell, and the line is left out.
// Pure: no `vscode`.

export interface CellPosition {
  /** 0-based cell index. */
  cell: number;
  /** 0-based line inside the cell's source, when the layout tells it. */
  line?: number;
}

interface CellLines {
  /** JSON line of the cell's `"cell_type"` key. */
  start: number;
  /** JSON line of its first source string, when `"source": [` ends its own line. */
  source?: number;
  /** JSON line after which the source array is closed (exclusive bound for source lines). */
  sourceEnd?: number;
}

/** Maps 0-based JSON lines of an .ipynb text to cells. Undefined when the text has no cell. */
export function ipynbLocator(text: string): ((jsonLine: number) => CellPosition | undefined) | undefined {
  const cells: CellLines[] = [];
  let line = 0;
  let pos = 0;
  let open: CellLines | undefined;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const row = text.slice(pos, end);
    if (row.includes('"cell_type"')) {
      open = { start: line };
      cells.push(open);
    } else if (open && open.source === undefined && row.includes('"source"') && row.trimEnd().endsWith('[')) {
      open.source = line + 1;
    } else if (open && open.source !== undefined && open.sourceEnd === undefined && row.trim().startsWith(']')) {
      open.sourceEnd = line;
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  if (!cells.length) return undefined;
  return (jsonLine) => {
    // The last cell that starts at or before the line (cells are in file order).
    let lo = 0;
    let hi = cells.length - 1;
    // The cell object's `{` is the line before its "cell_type" key.
    if (jsonLine < cells[0].start - 1) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cells[mid].start - 1 <= jsonLine) lo = mid;
      else hi = mid - 1;
    }
    const c = cells[lo];
    // Past the last cell's `]` and `}`: the notebook's own metadata, no cell.
    if (lo === cells.length - 1 && c.sourceEnd !== undefined && jsonLine > c.sourceEnd + 1) return undefined;
    const inSource = c.source !== undefined && jsonLine >= c.source && (c.sourceEnd === undefined || jsonLine < c.sourceEnd);
    return inSource ? { cell: lo, line: jsonLine - c.source! } : { cell: lo };
  };
}

/** `cell 12, line 3` (1-based), or `cell 12`. */
export function cellText(p: CellPosition): string {
  return p.line === undefined ? `cell ${p.cell + 1}` : `cell ${p.cell + 1}, line ${p.line + 1}`;
}
