// Jupyter notebooks: the code cells' sources are read as one Python program (cell by cell, magics
// blanked), outputs are never looked at, and every position found in a source string is mapped back
// through the JSON string's escapes to the file's line and column. Colab and Kaggle record the
// runtime's accelerator in the notebook metadata; that is the hardware when the code says none.
//
// The JSON is read by a scan that builds only the cells' types and sources, `nbformat` and those
// metadata keys, and skips outputs without building them (../notebookScan.ts). A file that scan
// declines (not strict JSON: truncated, trailing commas, …) is parsed in full as before, and its
// problems are reported from that parse.
import type { RunInputs, SourceRange, Sourced } from '../../core/runSpec';
import { deviceName } from './hardwareNames';
import { buildProgram, callLabel, findAnchors, pyRuns, type PyChunk, type PyProgram } from './pyRuns';
import { joinedSource, scalarSource, type TextSource } from './textSource';
import type { ParseProblem, TNode, TScalar } from '../tree';
import { scanNotebook } from '../notebookScan';
import { asSeq, entryOf, nodeAt, textOf } from './treePath';
import type { FormatHandler, FormatInput } from '../types';
import { planPyEdit } from './pyEdits';
import { addNotebookAnchors } from './notebookLaunch';

/** Cell magics whose body is not Python. */
const FOREIGN_CELL = /^%%(bash|sh|script|html|javascript|js|latex|markdown|perl|ruby|svg|writefile\s+\S+\.(?!py\b)\S+)/;

/** Blanks IPython magics and shell escapes (same length, so offsets still line up). */
export function blankMagics(code: string): string {
  if (FOREIGN_CELL.test(code.trimStart())) return code.replace(/[^\n]/g, ' ');
  return code.replace(/^([ \t]*)([!%][^\n]*)/gm, (_m, ws: string, rest: string) => ws + ' '.repeat(rest.length));
}

function sourceParts(source: TNode | undefined): TScalar[] {
  const seq = asSeq(source);
  if (seq) return seq.items.filter((i): i is TScalar => i.kind === 'scalar' && typeof i.value === 'string');
  return source && source.kind === 'scalar' && typeof source.value === 'string' ? [source] : [];
}

function firstLineRange(src: TextSource): SourceRange {
  const nl = src.text.indexOf('\n');
  return src.range(0, nl < 0 ? src.text.length : nl);
}

const roots = new WeakMap<FormatInput, { root: TNode | undefined; scanned: boolean }>();

function rootOf(input: FormatInput): { root: TNode | undefined; scanned: boolean } {
  let r = roots.get(input);
  if (!r) {
    const scan = scanNotebook(input.text, input.index);
    r = scan ? { root: scan.root, scanned: true } : { root: input.docs()[0]?.root, scanned: false };
    roots.set(input, r);
  }
  return r;
}

/**
 * The notebook's JSON root as far as this handler reads it: from the fast scan (only cells' types
 * and sources, nbformat and the accelerator metadata are there), else from the full parse.
 */
export function notebookRoot(input: FormatInput): TNode | undefined {
  return rootOf(input).root;
}

/** Parse problems of a notebook: none when the fast scan read it (it only reads problem-free JSON). */
export function notebookProblems(input: FormatInput): ParseProblem[] {
  return rootOf(input).scanned ? [] : input.docs().flatMap((d) => d.errors);
}

const memo = new WeakMap<FormatInput, PyProgram | null>();

export function notebookProgram(input: FormatInput): PyProgram | undefined {
  if (memo.has(input)) return memo.get(input) ?? undefined;
  let program: PyProgram | null = null;
  if (input.syntax === 'ipynb') {
    const root = notebookRoot(input);
    const cells = asSeq(nodeAt(root, 'cells'));
    if (cells && nodeAt(root, 'nbformat')) {
      const chunks: PyChunk[] = [];
      cells.items.forEach((cell, i) => {
        if (textOf(nodeAt(cell, 'cell_type')) !== 'code') return;
        const parts = sourceParts(nodeAt(cell, 'source')).map((n) => scalarSource(input.text, input.index, n, 'json'));
        if (!parts.length) return;
        const src = parts.length === 1 ? parts[0] : joinedSource(input.index, parts, '');
        if (!src.text.trim()) return;
        chunks.push({ code: blankMagics(src.text), src, cell: i + 1, anchor: firstLineRange(src) });
      });
      program = buildProgram(chunks, input.index);
    }
  }
  memo.set(input, program);
  return program ?? undefined;
}

/** The runtime's accelerator from Colab (`colab.gpuType`) or Kaggle (`kaggle.accelerator`) metadata. */
export function metadataHardware(input: FormatInput): RunInputs {
  const meta = nodeAt(notebookRoot(input), 'metadata');
  const out: RunInputs = {};
  const candidates: Array<[string, string[]]> = [['Colab runtime', ['colab', 'gpuType']], ['Kaggle accelerator', ['kaggle', 'accelerator']]];
  for (const [what, path] of candidates) {
    const e = entryOf(nodeAt(meta, ...path.slice(0, -1)), path[path.length - 1]);
    const v = textOf(e?.value);
    const d = v ? deviceName(v) : undefined;
    if (!e || !v || !d) continue;
    out.hardware = { value: d.hardware, origin: 'inferred', key: path.join('.'), keyRange: e.keyRange, range: e.value.range, note: `${what}: ${v}${d.note && !d.note.startsWith(v + ' ') ? ` (${d.note})` : ''}` };
    // A Colab runtime has exactly one accelerator (a TPU runtime is one slice).
    if (what === 'Colab runtime') out.count = { value: d.perInstance ?? 1, origin: 'inferred', key: path.join('.'), keyRange: e.keyRange, range: e.value.range, note: `${what}: one ${v}` } as Sourced<number>;
    break;
  }
  // `accelerator: "GPU"` alone says a GPU runtime was used, not which: nothing to add.
  return out;
}

export const notebookHandler: FormatHandler = {
  id: 'notebook',
  syntaxes: ['ipynb'],
  detect(input) {
    const p = notebookProgram(input);
    return p && findAnchors(p).length ? 0.9 : 0;
  },
  extract(input) {
    const p = notebookProgram(input);
    if (!p) return [];
    const defaults = metadataHardware(input);
    // The lens goes on the cell that configures the run and on the one that starts it (notebookLaunch.ts).
    return addNotebookAnchors(p, pyRuns(p, { format: 'notebook', defaults, name: (call, chunk) => `cell ${chunk.cell}: ${callLabel(call)}` }));
  },
  planEdit(input, run, change) {
    const p = notebookProgram(input);
    return p ? planPyEdit(p, run, change, 'json', (call, chunk) => `cell ${chunk.cell}: ${callLabel(call)}`) : undefined;
  },
};

