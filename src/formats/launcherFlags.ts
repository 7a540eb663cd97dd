// Launcher command lines (torchrun, accelerate, deepspeed, tune, vllm, TGI) hold the GPU count that
// training configs leave out. They turn up in shell strings, YAML `run:` blocks, Kubernetes `args:`
// lists and notebook `!` lines, so parsing works on words whatever the words were cut from; every
// value keeps its offsets so callers can point at it.

import { ownValue } from '../core/ownValue';
/** One shell word. Offsets are in the string the words were cut from. */
export interface Word {
  /** The word without its quotes. */
  text: string;
  start: number;
  end: number;
  /** Offset of `text[0]` (after an opening quote). */
  textStart: number;
  /** A command separator (newline, `;`, `&&`, `||`, `|`): flags never cross it. */
  sep?: boolean;
}

export type LauncherTool = 'torchrun' | 'accelerate' | 'deepspeed' | 'tune' | 'vllm' | 'tgi';

/** A flag's value as written, with the offsets of the value text. */
export interface FlagValue {
  /** The flag as written (`--nproc_per_node`), or `<positional>` for `vllm serve MODEL`. */
  flag: string;
  raw: string;
  start: number;
  end: number;
  /** Offset of the flag itself (absent for a positional value). */
  flagStart?: number;
}

export interface NumFlag extends FlagValue {
  /** Undefined when the value is a variable (`$SKYPILOT_NUM_GPUS_PER_NODE`) or not a number. */
  value?: number;
}

export interface LaunchFacts {
  tool: LauncherTool;
  /** Offsets of the launcher word, for notes ("`torchrun` on line 40"). */
  start: number;
  end: number;
  perNode?: NumFlag;
  nodes?: NumFlag;
  /** accelerate's `--num_processes`: processes across all machines. */
  total?: NumFlag;
  tensorParallel?: NumFlag;
  pipelineParallel?: NumFlag;
  dataParallel?: NumFlag;
  shards?: NumFlag;
  maxBatch?: NumFlag;
  maxConcurrent?: NumFlag;
  maxModelLen?: NumFlag;
  model?: FlagValue;
  quantize?: FlagValue;
  dtype?: FlagValue;
  precision?: FlagValue;
}

type FactKey = Exclude<keyof LaunchFacts, 'tool' | 'start' | 'end'>;
const NUMERIC_FACTS = new Set<FactKey>(['perNode', 'nodes', 'total', 'tensorParallel', 'pipelineParallel', 'dataParallel', 'shards', 'maxBatch', 'maxConcurrent', 'maxModelLen']);

/** Flags each tool understands, normalised (lower case, `_` → `-`, no leading dashes). */
const TOOL_FLAGS: Record<LauncherTool, Record<string, FactKey>> = {
  torchrun: { 'nproc-per-node': 'perNode', nnodes: 'nodes' },
  tune: { 'nproc-per-node': 'perNode', nnodes: 'nodes' },
  accelerate: { 'num-processes': 'total', 'num-machines': 'nodes', 'mixed-precision': 'precision' },
  deepspeed: { 'num-gpus': 'perNode', 'num-nodes': 'nodes' },
  vllm: {
    'tensor-parallel-size': 'tensorParallel', tp: 'tensorParallel', 'pipeline-parallel-size': 'pipelineParallel', pp: 'pipelineParallel',
    'data-parallel-size': 'dataParallel', dp: 'dataParallel', quantization: 'quantize', q: 'quantize', dtype: 'dtype',
    'max-num-seqs': 'maxBatch', 'max-model-len': 'maxModelLen', model: 'model',
  },
  tgi: {
    'model-id': 'model', 'num-shard': 'shards', quantize: 'quantize', dtype: 'dtype', 'max-batch-size': 'maxBatch',
    'max-concurrent-requests': 'maxConcurrent', 'max-total-tokens': 'maxModelLen',
  },
};

/** Flags that mean the same in any command line, e.g. TGI's `--quantize` in a container's args. */
const ANY_FLAGS: Record<string, FactKey> = { quantize: 'quantize' };

/** Flags that take no value; the next word is not theirs. */
const BOOLEAN_FLAGS = new Set(['standalone', 'multi-gpu', 'sharded', 'trust-remote-code', 'enforce-eager', 'no-python', 'use-deepspeed', 'use-fsdp', 'enable-lora']);

const MAX_WORDS = 200_000;

/** Characters that neither end a word nor quote or escape: skipped natively, a run at a time. */
const PLAIN_RUN = /[^ \t\r\n;&|\\"']+/y;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

/**
 * The word starting at `i` of `s` (not a blank, separator or comment), with offsets into `s`: its `end` is
 * where the tokenizer goes on. shellWords and the skim of long scripts (shellSkim.ts) cut words with it,
 * so both cut every word alike.
 */
export function readWord(s: string, i: number): Word {
  const n = s.length;
  const start = i;
  let text = '';
  let textStart = -1;
  // Plain runs are copied as slices (not character by character): a 10 000-line script is mostly plain.
  let run = i;
  while (i < n) {
    PLAIN_RUN.lastIndex = i;
    if (PLAIN_RUN.test(s)) {
      if (textStart < 0) textStart = i;
      i = PLAIN_RUN.lastIndex;
      continue;
    }
    const d = s[i];
    if (isSpace(d) || d === '\n' || d === ';' || d === '&' || d === '|') break;
    if (d === '\\' && i + 1 < n) {
      text += s.slice(run, i);
      if (s[i + 1] === '\n') { i += 2; run = i; continue; }
      if (textStart < 0) textStart = i + 1;
      text += s[i + 1];
      i += 2;
      run = i;
      continue;
    }
    if (d === '"' || d === "'") {
      text += s.slice(run, i);
      i++;
      if (textStart < 0) textStart = i;
      let q = i;
      while (i < n && s[i] !== d) {
        // Inside double quotes a backslash-newline is a line continuation: both go (bash(1), QUOTING).
        if (d === '"' && s[i] === '\\' && i + 1 < n) { text += s.slice(q, i) + (s[i + 1] === '\n' ? '' : s[i + 1]); i += 2; q = i; continue; }
        i++;
      }
      // A quote never closed (a typo in a published script, `-e d48"`): bash would stop at the end of
      // the file, so the author's line is what was meant — the quote ends with its line, and the
      // rest of the script is read as commands, not swallowed into one word. Only the last quote of
      // each kind can be unclosed, so this rescans at most twice.
      if (i >= n) {
        const eol = s.indexOf('\n', q);
        if (eol >= 0) {
          text += s.slice(q, eol);
          i = eol;
          run = i;
          continue;
        }
      }
      text += s.slice(q, Math.min(i, n));
      i++; // closing quote
      run = Math.min(i, n);
      continue;
    }
    if (textStart < 0) textStart = i;
    i++;
  }
  text += s.slice(run, Math.min(i, n));
  return { text, start, end: Math.min(i, n), textStart: textStart < 0 ? start : textStart };
}

/**
 * Splits shell text into words, honouring quotes, backslash-newline continuations and comments.
 * Linear; a stray quote simply runs to the end of the text.
 */
export function shellWords(s: string, base = 0): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = s.length;
  const sep = (at: number, len: number) => {
    if (words.length && !words[words.length - 1].sep) words.push({ text: '', start: base + at, end: base + at + len, textStart: base + at, sep: true });
  };
  while (i < n && words.length < MAX_WORDS) {
    const c = s[i];
    if (isSpace(c)) { i++; continue; }
    if (c === '\\' && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'))) { i += s[i + 1] === '\n' ? 2 : 3; continue; }
    if (c === '\n' || c === ';') { sep(i, 1); i++; continue; }
    if ((c === '&' || c === '|') ) { const len = s[i + 1] === c ? 2 : 1; sep(i, len); i += len; continue; }
    if (c === '#') { while (i < n && s[i] !== '\n') i++; continue; }
    const w = readWord(s, i);
    i = w.end;
    words.push({ text: w.text, start: base + w.start, end: base + w.end, textStart: base + w.textStart });
  }
  return words;
}

/** Words of an argv list (Kubernetes `args:`, a Python list of strings): each item is one word. */
export function argvWords(items: Array<{ text: string; start: number }>): Word[] {
  const out: Word[] = [];
  for (const it of items) {
    // An item with spaces is a script (`bash -c "torchrun …"`): its own words matter.
    if (/\s/.test(it.text.trim())) out.push(...shellWords(it.text, it.start), { text: '', start: it.start + it.text.length, end: it.start + it.text.length, textStart: it.start + it.text.length, sep: true });
    else out.push({ text: it.text, start: it.start, end: it.start + it.text.length, textStart: it.start });
  }
  return out;
}

function basename(w: string): string {
  const slash = w.lastIndexOf('/');
  return (slash >= 0 ? w.slice(slash + 1) : w).toLowerCase();
}

/** The launcher a word starts, and how many words the launcher name takes (`accelerate launch` = 2). */
function toolAt(words: Word[], i: number): { tool: LauncherTool; skip: number } | undefined {
  const w = basename(words[i].text.replace(/^[!%]+/, ''));
  const next = words[i + 1]?.sep ? '' : words[i + 1]?.text ?? '';
  if (w === 'torchrun') return { tool: 'torchrun', skip: 1 };
  if (w === 'deepspeed') return { tool: 'deepspeed', skip: 1 };
  if (w === 'text-generation-launcher') return { tool: 'tgi', skip: 1 };
  if (w === 'accelerate' && next === 'launch') return { tool: 'accelerate', skip: 2 };
  if (w === 'tune' && next === 'run') return { tool: 'tune', skip: 2 };
  if (w === 'vllm' && next === 'serve') return { tool: 'vllm', skip: 2 };
  // `docker run … <engine image> --flags`: what follows the image is the engine's command line.
  const image = words[i].text.toLowerCase();
  if (image.includes('text-generation-inference')) return { tool: 'tgi', skip: 1 };
  if (image.includes('vllm/vllm-openai')) return { tool: 'vllm', skip: 1 };
  if (/^python[\d.]*$/.test(w) && next === '-m') {
    const mod = words[i + 2]?.text ?? '';
    if (mod === 'torch.distributed.run' || mod === 'torch.distributed.launch') return { tool: 'torchrun', skip: 3 };
    if (mod.startsWith('vllm.entrypoints')) return { tool: 'vllm', skip: 3 };
    if (mod === 'accelerate.commands.launch') return { tool: 'accelerate', skip: 3 };
  }
  return undefined;
}

function normFlag(f: string): string {
  return f.replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
}

function numeric(v: FlagValue): NumFlag {
  const s = v.raw.trim();
  // Elastic ranges `1:4` launch at least the minimum; the maximum is a ceiling, not a plan.
  const m = /^(\d+)(?::\d+)?$/.exec(s);
  return m ? { ...v, value: Number(m[1]) } : { ...v };
}

type FlagFacts = Partial<Omit<LaunchFacts, 'tool' | 'start' | 'end'>>;

/** Reads the flags a table knows from `words[from..]` until a separator; `stop` is where it ended. */
function readFlags(table: Record<string, FactKey>, modelPositional: boolean, words: Word[], from: number): { facts: FlagFacts; stop: number } {
  const facts: FlagFacts = {};
  let i = from;
  let sawPositional = false;
  for (; i < words.length && !words[i].sep; i++) {
    const w = words[i];
    if (!w.text.startsWith('-') || w.text === '-' || w.text === '--') {
      // `vllm serve MODEL`: the first bare word is the model.
      if (modelPositional && !sawPositional && !facts.model && !w.text.startsWith('$') && /[A-Za-z]/.test(w.text)) {
        facts.model = { flag: '<positional>', raw: w.text, start: w.textStart, end: w.textStart + w.text.length };
      }
      sawPositional = true;
      continue;
    }
    const eq = w.text.indexOf('=');
    const name = normFlag(eq >= 0 ? w.text.slice(0, eq) : w.text);
    const key = ownValue(table, name);
    let value: FlagValue | undefined;
    if (eq >= 0) {
      const vStart = w.textStart + eq + 1;
      value = { flag: w.text.slice(0, eq), raw: w.text.slice(eq + 1), start: vStart, end: vStart + w.text.length - eq - 1, flagStart: w.textStart };
    } else if (!BOOLEAN_FLAGS.has(name) && key) {
      const nx = words[i + 1];
      if (nx && !nx.sep && !(nx.text.startsWith('-') && !/^-\d/.test(nx.text))) {
        value = { flag: w.text, raw: nx.text, start: nx.textStart, end: nx.textStart + nx.text.length, flagStart: w.textStart };
        i++;
      }
    }
    if (!key || !value || facts[key] !== undefined) continue;
    (facts as Record<string, unknown>)[key] = NUMERIC_FACTS.has(key) ? numeric(value) : value;
  }
  return { facts, stop: i };
}

/** The flags of `tool` in `words[from..]` (an engine's args list, where the image is the launcher). */
export function parseToolFlags(tool: LauncherTool, words: Word[], from: number): LaunchFacts {
  const start = words[from]?.textStart ?? 0;
  const { facts } = readFlags({ ...ANY_FLAGS, ...TOOL_FLAGS[tool] }, tool === 'vllm', words, from);
  return { tool, start, end: start, ...facts };
}

/** Every launcher command in the words, with its flags. */
export function findLaunchers(words: Word[]): LaunchFacts[] {
  const out: LaunchFacts[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i].sep) continue;
    const t = toolAt(words, i);
    if (!t) continue;
    const w = words[i];
    const { facts, stop } = readFlags({ ...ANY_FLAGS, ...TOOL_FLAGS[t.tool] }, t.tool === 'vllm', words, i + t.skip);
    out.push({ tool: t.tool, start: w.textStart, end: w.textStart + w.text.length, ...facts });
    i = Math.max(i, stop - 1);
  }
  return out;
}

/** Launchers in a piece of shell text. */
export function launchersIn(text: string, base = 0): LaunchFacts[] {
  return findLaunchers(shellWords(text, base));
}

/** `--quantize X` and friends in any command line, whatever runs it. */
export function anyFlags(words: Word[]): FlagFacts {
  const facts: FlagFacts = {};
  for (let i = 0; i < words.length; i++) {
    if (words[i].sep || !words[i].text.startsWith('--')) continue;
    const r = readFlags(ANY_FLAGS, false, words, i);
    for (const [k, v] of Object.entries(r.facts)) if ((facts as Record<string, unknown>)[k] === undefined) (facts as Record<string, unknown>)[k] = v;
    i = Math.max(i, r.stop - 1);
  }
  return facts;
}

/**
 * Accelerators a launch uses, when every factor is a number: torchrun/tune/deepspeed per-node × nodes,
 * accelerate's total, vLLM TP × PP × DP, TGI shards. Undefined when a factor is a variable.
 */
export function acceleratorsOf(f: LaunchFacts): { count: number; nodes?: number; from: NumFlag[] } | undefined {
  const known = (...xs: Array<NumFlag | undefined>) => xs.every((x) => x === undefined || x.value !== undefined);
  switch (f.tool) {
    case 'torchrun':
    case 'tune':
    case 'deepspeed': {
      if (!f.perNode || f.perNode.value === undefined || !known(f.nodes)) return undefined;
      const nodes = f.nodes?.value ?? 1;
      return { count: f.perNode.value * nodes, nodes, from: [f.perNode, ...(f.nodes ? [f.nodes] : [])] };
    }
    case 'accelerate': {
      if (!f.total || f.total.value === undefined || !known(f.nodes)) return undefined;
      return { count: f.total.value, nodes: f.nodes?.value, from: [f.total, ...(f.nodes ? [f.nodes] : [])] };
    }
    case 'vllm': {
      const parts = [f.tensorParallel, f.pipelineParallel, f.dataParallel].filter((x): x is NumFlag => x !== undefined);
      if (!parts.length || !known(...parts)) return undefined;
      return { count: parts.reduce((p, x) => p * (x.value ?? 1), 1), from: parts };
    }
    case 'tgi':
      if (!f.shards || f.shards.value === undefined) return undefined;
      return { count: f.shards.value, from: [f.shards] };
  }
  return undefined;
}

/** A one-line description of the launch for notes: "`torchrun --nproc_per_node 8 --nnodes 2`". */
export function describeLaunch(f: LaunchFacts): string {
  const names: Record<LauncherTool, string> = { torchrun: 'torchrun', tune: 'tune run', deepspeed: 'deepspeed', accelerate: 'accelerate launch', vllm: 'vllm serve', tgi: 'text-generation-launcher' };
  const parts = [names[f.tool]];
  for (const k of ['perNode', 'nodes', 'total', 'tensorParallel', 'pipelineParallel', 'dataParallel', 'shards'] as const) {
    const v = f[k];
    if (v) parts.push(`${v.flag} ${v.raw}`);
  }
  return '`' + parts.join(' ') + '`';
}
