// The analyser: which format is this text, and what runs does it describe? Pure: the CLI and the
// editor both call it with text they read themselves. It never throws: a malformed or hostile file
// comes back as an `error` with a location.
import type { RunSpec } from '../core/runSpec';
import { LineIndex } from './lineIndex';
import { parseJsonDoc, parseYamlDocs, type TDoc } from './tree';
import { parseTomlDoc } from './tomlDoc';
import type { Analysis, FormatHandler, FormatInput, NestedReader, Syntax } from './types';
import { runDescriptionHandler } from './handlers/runDescription';
import { trainingHandlers } from './handlers/trainingConfigs';
import { orchestrationHandlers } from './handlers/orchestration';
import { shellHandler, slurmHandler } from './handlers/shell';
import { notebookProblems } from './handlers/notebook';
import { inferFromText, type HintFact } from './textHints';
import { noteSharedValues } from './sharedValues';
import { clipNote } from './quoted';

/** Earlier handlers win ties: orchestration files wrap training configs, not the other way round. */
const HANDLERS: FormatHandler[] = [...orchestrationHandlers, slurmHandler, shellHandler, ...trainingHandlers, runDescriptionHandler];

/** Below this a file is `unknown`: no lens, no estimate, no error. */
const MIN_CONFIDENCE = 0.5;

/** The handler of a format id (for edits planned after analysis). */
export function handlerFor(id: string): FormatHandler | undefined {
  return HANDLERS.find((h) => h.id === id);
}

export function syntaxOf(fileName: string, text: string): Syntax {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.ipynb')) return 'ipynb';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return /"cells"\s*:/.test(text.slice(0, 4096)) && /"nbformat"/.test(text) ? 'ipynb' : 'json';
  if (lower.endsWith('.py')) return 'python';
  if (lower.endsWith('.toml')) return 'toml';
  // Launch scripts; a `#!…sh` first line marks one whatever its name (a `.job` or `.run` file).
  if (/\.(sh|bash|slurm|sbatch)$/.test(lower) || /^#![^\n]*\b(ba|z|da)?sh\b/.test(text.slice(0, 128))) return 'shell';
  return 'other';
}

export interface AnalyseOptions {
  siblings?: ReadonlyMap<string, string>;
  /** Set when the text is a config held inside another file: its own embedded configs are not read. */
  embedded?: boolean;
}

/** How a handler reads a config embedded in the file it is reading (see FormatInput.nested). */
const NESTED: NestedReader = {
  analyze: (text, fileName) => analyzeText(text, fileName, { embedded: true }),
  planEdit: (text, fileName, run, change) => handlerFor(run.format)?.planEdit?.(makeInput(text, fileName, { embedded: true }), run, change),
};

export function makeInput(text: string, fileName: string, options: AnalyseOptions = {}): FormatInput {
  // A BOM is not content: strip it so column numbers match what the editor shows after it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const syntax = syntaxOf(fileName, body);
  const index = new LineIndex(body);
  let docs: TDoc[] | undefined;
  return {
    text: body,
    fileName,
    syntax,
    index,
    siblings: options.siblings ?? new Map(),
    nested: options.embedded ? undefined : NESTED,
    docs() {
      if (!docs) docs = syntax === 'yaml' ? parseYamlDocs(body, index) : syntax === 'json' || syntax === 'ipynb' ? [parseJsonDoc(body, index)] : syntax === 'toml' ? [parseTomlDoc(body, index)] : [];
      return docs;
    },
  };
}

export function analyzeText(text: string, fileName: string, options: AnalyseOptions = {}): Analysis {
  const raw = makeInput(text, fileName, options);
  const problems = raw.syntax === 'python' || raw.syntax === 'shell' || raw.syntax === 'other' ? [] : safeProblems(raw);
  // A syntax error means the parser guessed at the rest of the document (an unclosed `[8` reads as
  // `count: 1`), so a document with one is never read. A multi-document YAML file is still read from
  // its well-formed documents, and says how many those are.
  const read = problems.length ? readableDocs(raw) : undefined;
  const input = read?.partial ? { ...raw, docs: () => read.docs } : raw;
  let best: { handler: FormatHandler; confidence: number } | undefined;
  for (const handler of HANDLERS) {
    if (!handler.syntaxes.includes(input.syntax)) continue;
    let c = 0;
    try {
      c = handler.detect(input);
    } catch {
      c = 0; // a detector that trips over odd input simply does not claim the file
    }
    if (c > (best?.confidence ?? 0)) best = { handler, confidence: c };
  }
  if (!best || best.confidence < MIN_CONFIDENCE) {
    return { format: 'unknown', confidence: 0, runs: [], problems, references: [] };
  }
  const { handler, confidence } = best;
  if (problems.length && !read?.partial) {
    return { format: handler.id, confidence, runs: [], problems, references: [], error: problems[0], syntaxError: input.syntax === 'yaml' ? 'YAML' : 'JSON' };
  }
  try {
    const runs = handler.extract(input).map((r) => clipNotes(noteSharedValues(withTextHints(r, input), input)));
    const references = handler.references?.(input) ?? [];
    const out: Analysis = { format: handler.id, confidence, runs, problems, references };
    if (read?.partial) {
      out.partial = read.partial;
      if (runs.length === 0) {
        out.error = problems[0];
        out.syntaxError = 'YAML';
      }
    }
    return out;
  } catch (e) {
    return {
      format: handler.id,
      confidence,
      runs: [],
      problems,
      references: [],
      error: problems[0] ?? { message: `Could not read this ${handler.id} file: ${(e as Error).message}`, range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 } },
    };
  }
}

/**
 * The documents of a YAML file with syntax errors that can still be read: the well-formed ones, when
 * there are some beside the broken ones. JSON and notebooks are one document, so never partly read.
 */
function readableDocs(input: FormatInput): { docs: TDoc[]; partial?: { read: number; total: number } } | undefined {
  if (input.syntax !== 'yaml') return undefined;
  let docs: TDoc[];
  try {
    docs = input.docs();
  } catch {
    return undefined;
  }
  // An empty document (a trailing `---`) holds nothing to read and is not counted.
  const counted = docs.filter((d) => d.errors.length || (d.root && !(d.root.kind === 'scalar' && d.root.value === null)));
  const good = counted.filter((d) => !d.errors.length);
  if (!good.length || good.length === counted.length) return undefined;
  return { docs: good, partial: { read: good.length, total: counted.length } };
}

/** Every note and warning with its quoted file values clipped (see quoted.ts). */
function clipNotes(run: RunSpec): RunSpec {
  return { ...run, notes: run.notes.map(clipNote), warnings: run.warnings.map(clipNote) };
}

function safeProblems(input: FormatInput) {
  try {
    // A notebook is not parsed in full when its fast scan finds it well-formed (outputs are skipped).
    return input.syntax === 'ipynb' ? notebookProblems(input) : input.docs().flatMap((d) => d.errors);
  } catch (e) {
    return [{ message: (e as Error).message, range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 } }];
  }
}

/** Fills hardware facts the config itself is silent on from comments and launcher lines in the same file. */
function withTextHints(run: RunSpec, input: FormatInput): RunSpec {
  const { inputs } = run;
  if (inputs.count && inputs.hardware && inputs.region) return run;
  // Only the facts the run lacks are looked for (a Slurm script usually lacks only the region).
  const want: HintFact[] = [];
  if (!inputs.count) want.push('count');
  if (!inputs.hardware) want.push('hardware');
  if (!inputs.nodes) want.push('nodes');
  if (!inputs.region) want.push('region');
  const hints = inferFromText(input.text, input.index, want);
  const next = { ...inputs };
  if (!next.hardware && hints.hardware) next.hardware = hints.hardware;
  if (!next.count && hints.count) next.count = hints.count;
  if (!next.nodes && hints.nodes) next.nodes = hints.nodes;
  if (!next.region && hints.region) next.region = hints.region;
  return { ...run, inputs: next };
}
