// NeMo 2 / NeMo-Run Python recipes (`recipe = llm.llama3_8b.finetune_recipe(num_nodes=1,
// num_gpus_per_node=8, peft_scheme="lora")`, then `recipe.trainer.max_steps = 100` and
// `run.run(recipe, …)`). The recipe's module names the model, its arguments the GPUs and the
// adapter; attribute assignments on the recipe set the length and the batch. Arguments passed through
// a function parameter take the parameter's default (`def configure(nodes: int = 1)`).
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { derived } from '../fields';
import { kwarg, scanPython, tokenize, type PyCall, type PyToken } from '../pyCalls';
import type { FormatHandler, FormatInput } from '../types';

const RECIPE = /^llm\.(?:recipes\.)?([a-z0-9_]+)\.(pretrain|finetune)_recipe$/;

interface Parsed {
  call: PyCall;
  model: string;
  kind: 'pretrain' | 'finetune';
  toks: PyToken[];
}

const memo = new WeakMap<FormatInput, Parsed | null>();

function parse(input: FormatInput): Parsed | undefined {
  if (memo.has(input)) return memo.get(input) ?? undefined;
  let p: Parsed | null = null;
  if (input.syntax === 'python' && input.text.includes('_recipe(')) {
    const toks = tokenize(input.text);
    const s = scanPython(input.text, toks);
    for (const call of s.calls) {
      const m = RECIPE.exec(call.callee);
      if (m) {
        p = { call, model: m[1], kind: m[2] as 'pretrain' | 'finetune', toks };
        break;
      }
    }
  }
  memo.set(input, p);
  return p ?? undefined;
}

/** A number literal at token i, as a sourced value. */
function numAt(input: FormatInput, t: PyToken | undefined, key: string, keyTok?: PyToken): Sourced<number> | undefined {
  if (!t || t.kind !== 'number') return undefined;
  const n = Number(t.text.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return { value: n, origin: 'file', key, range: input.index.range(t.start, t.end), keyRange: keyTok ? input.index.range(keyTok.start, keyTok.end) : undefined };
}

/** `def f(…, name: int = 8, …)`: the default of a parameter, when a number. */
function paramDefault(input: FormatInput, toks: PyToken[], name: string): Sourced<number> | undefined {
  let inDef = false;
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'name' && t.text === 'def' && depth === 0) inDef = true;
    if (!inDef) continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      depth--;
      if (depth === 0) inDef = false;
    } else if (depth === 1 && t.kind === 'name' && t.text === name && (toks[i - 1]?.text === '(' || toks[i - 1]?.text === ',')) {
      let j = i + 1;
      if (toks[j]?.text === ':') j += 2; // `: int`
      if (toks[j]?.text === '=') {
        const v = numAt(input, toks[j + 1], name, t);
        if (v) return { ...v, note: `the default of parameter \`${name}\`` };
      }
    }
  }
  return undefined;
}

/** `<recipe>.a.b = N` (the last such assignment). */
function attrAssign(input: FormatInput, toks: PyToken[], recv: string, path: string[]): Sourced<number> | undefined {
  let out: Sourced<number> | undefined;
  for (let i = 0; i + 2 * path.length + 2 < toks.length; i++) {
    if (toks[i].text !== recv || toks[i].kind !== 'name' || toks[i - 1]?.text === '.') continue;
    let ok = true;
    for (let k = 0; k < path.length && ok; k++) ok = toks[i + 1 + 2 * k].text === '.' && toks[i + 2 + 2 * k].text === path[k];
    const eq = i + 1 + 2 * path.length;
    if (!ok || toks[eq]?.text !== '=') continue;
    const v = numAt(input, toks[eq + 1], path.join('.'), toks[eq - 1]);
    if (v) out = v;
  }
  return out;
}

function numberArg(input: FormatInput, p: Parsed, key: string): Sourced<number> | undefined {
  const a = kwarg(p.call, key);
  if (!a) return undefined;
  if (typeof a.value.value === 'number' && a.value.value > 0) return { value: a.value.value, origin: 'file', key, range: input.index.range(a.value.start, a.value.end), keyRange: input.index.range(a.keyStart!, a.keyEnd!) };
  return a.value.name ? paramDefault(input, p.toks, a.value.name) : undefined;
}

function extract(input: FormatInput): RunSpec[] {
  const p = parse(input);
  if (!p) return [];
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const callee = p.call.callee;
  inputs.model = { value: p.model, origin: 'inferred', range: input.index.range(p.call.start, p.call.start + callee.length), note: `the recipe module ${callee}` };
  const nodes = numberArg(input, p, 'num_nodes');
  const per = numberArg(input, p, 'num_gpus_per_node');
  if (nodes) inputs.nodes = nodes;
  if (per) inputs.count = nodes && nodes.value > 1 ? derived(per.value * nodes.value, per, `${per.value} GPUs per node × ${nodes.value} nodes`) : per;
  const recv = p.call.assignedTo;
  const steps = numberArg(input, p, 'max_steps') ?? (recv ? attrAssign(input, p.toks, recv, ['trainer', 'max_steps']) : undefined);
  if (steps) inputs.steps = steps;
  const gbs = recv ? attrAssign(input, p.toks, recv, ['data', 'global_batch_size']) : undefined;
  if (gbs) inputs.batchSize = gbs;
  const seq = recv ? attrAssign(input, p.toks, recv, ['data', 'seq_length']) : undefined;
  if (seq) inputs.seqLen = seq;
  if (p.kind === 'finetune') {
    const peft = kwarg(p.call, 'peft_scheme');
    const v = peft?.value.value;
    if (peft && (v === null || v === 'none' || v === 'None')) notes.push('peft_scheme None: a full fine-tune.');
    else if (peft && typeof v === 'string' && /lora/i.test(v)) inputs.adapter = { value: 'lora', origin: 'file', key: 'peft_scheme', range: input.index.range(peft.value.start, peft.value.end) };
    else if (!peft) inputs.adapter = { value: 'lora', origin: 'default', note: "NeMo 2 finetune recipes default to peft_scheme='lora'" };
  }
  if (!steps) notes.push('No max_steps in the file: the recipe default applies (not read here).');
  return [{ name: `${callee}`, phase: 'training', format: 'nemo-run', anchor: input.index.range(p.call.start, p.call.start), inputs, notes, warnings: [] }];
}

export const nemoRunHandler: FormatHandler = {
  id: 'nemo-run',
  syntaxes: ['python'],
  detect(input) {
    return parse(input) ? 0.9 : 0;
  },
  extract,
};
