// The contract between the analyser (index.ts) and the per-format handlers.
import type { FieldName, RunFields, RunSpec, SourceRange } from '../core/runSpec';
import type { LineIndex } from './lineIndex';
import type { ParseProblem, TDoc } from './tree';

export const FORMAT_IDS = [
  'hf-training-args', 'accelerate', 'deepspeed', 'axolotl', 'torchtune', 'llamafactory', 'lightning', 'nemo',
  'megatron', 'ludwig', 'skypilot', 'kubernetes', 'ray', 'wandb-sweep', 'optuna', 'vllm', 'tgi', 'notebook',
  'python', 'shell', 'slurm', 'detectron2', 'mmdetection', 'ultralytics', 'litgpt', 'nemo-run', 'simpletuner', 'kohya', 'olmo', 'nanogpt', 'torchtitan', 'measured', 'carbon-lens', 'unknown',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** What kind of text a file holds, from its name (and, for JSON that is a notebook, its content). */
export type Syntax = 'yaml' | 'json' | 'ipynb' | 'python' | 'shell' | 'toml' | 'other';

export interface FormatInput {
  text: string;
  fileName: string;
  syntax: Syntax;
  index: LineIndex;
  /** Parsed documents (YAML: one per `---`; JSON/ipynb: one). Parsed once, on first use. */
  docs(): TDoc[];
  /**
   * Contents of files this one references (a sibling accelerate or DeepSpeed config), keyed by the
   * path as written in this file. Filled by the caller on a second pass from `Analysis.references`.
   */
  siblings: ReadonlyMap<string, string>;
  /**
   * Reads a config held inside this file (a Kubernetes ConfigMap's `data`) as a file of its own. Set by
   * the analyser for a top-level file only, so a config inside a config is never read: no recursion.
   */
  nested?: NestedReader;
}

/** The analyser's own entry points, handed to handlers so they need not import the analyser (a cycle). */
export interface NestedReader {
  analyze(text: string, fileName: string): Analysis;
  /** The edits the embedded format's handler would plan, in the embedded text's coordinates. */
  planEdit(text: string, fileName: string, run: RunSpec, change: Change): TextEditSpec[] | undefined;
}

export interface FormatHandler {
  id: FormatId;
  syntaxes: readonly Syntax[];
  /** 0 = not this format … 1 = certain. Must be cheap and must never throw. */
  detect(input: FormatInput): number;
  /** The runs this file describes (a Kubernetes file or notebook may hold several). May throw; the analyser reports it. */
  extract(input: FormatInput): RunSpec[];
  /** Relative paths of other files whose content would complete this one (optional). */
  references?(input: FormatInput): string[];
  /**
   * The text edits that set `field` to `value` in this run, in this format's own spelling (e.g. an
   * Axolotl file switches to 4-bit with `load_in_4bit: true` + `adapter: qlora`). Return undefined
   * to let the generic editor replace the field's value text (src/formats/edits.ts), or when the
   * change cannot be written in this format.
   */
  planEdit?(input: FormatInput, run: RunSpec, change: Change): TextEditSpec[] | undefined;
}

export interface Change {
  field: FieldName;
  value: RunFields[FieldName];
  /** Other fields the same edit sets (one undo): a pre-quantized checkpoint also sets quantization and TP size. */
  also?: { field: FieldName; value: RunFields[FieldName] }[];
}

/** A replacement of `range` by `newText` (an insertion when the range is empty). */
export interface TextEditSpec {
  range: SourceRange;
  newText: string;
}

export interface Analysis {
  format: FormatId;
  confidence: number;
  runs: RunSpec[];
  /** A problem that stopped extraction (malformed file): one diagnostic, never an exception. */
  error?: ParseProblem;
  /**
   * Set when the file's YAML or JSON did not parse: `error` is then its first syntax error and no run
   * is read from it (a parser's guess at a broken document is not a config anyone wrote).
   */
  syntaxError?: 'YAML' | 'JSON';
  /** Syntax errors of the file. With `partial`, they are in documents that were skipped. */
  problems: ParseProblem[];
  /** A multi-document YAML file read only in part: `read` of `total` documents were well-formed. */
  partial?: { read: number; total: number };
  references: string[];
}
