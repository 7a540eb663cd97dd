// Configs that point at another config (`deepspeed: deepspeed_configs/zero3_bf16.json`, accelerate's
// `deepspeed_config_file`). The analyser fills `input.siblings` with those files' text on a second
// pass; here their batch and precision join the run, marked as coming from that file.
import type { FormatInput } from '../types';
import { parseJsonDoc, parseYamlDocs, type TEntry, type TMap, type TNode } from '../tree';
import { Reader, applyFacts, applyReferencedFacts, findEntry, type Fact, type Path } from './trainingShared';

/** A config kind a referenced file may be: how sure we are it is one, and what it states. */
export interface FactSource {
  name: string;
  score(root: TMap | undefined): number;
  facts(r: Reader): Fact[];
}

function parseSibling(path: string, text: string): TNode | undefined {
  const lower = path.toLowerCase();
  try {
    if (lower.endsWith('.json') || (!/\.ya?ml$/.test(lower) && text.trimStart().startsWith('{'))) return parseJsonDoc(text).root;
    return parseYamlDocs(text).find((d) => d.root?.kind === 'map')?.root;
  } catch {
    return undefined;
  }
}

/** Paths (as written) of the referenced configs at `keys`, for `FormatHandler.references`. */
export function referencePaths(root: TNode | undefined, keys: Path[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const e = findEntry(root, k);
    const v = e?.value.kind === 'scalar' ? e.value.value : undefined;
    if (typeof v === 'string' && /\.(json|ya?ml)$/i.test(v.trim()) && !v.includes('${')) out.push(v.trim());
  }
  return out;
}

/**
 * Adds what the config at `entry` states: inline (a mapping, as HF accepts `deepspeed={...}`) with
 * origin `file`, or from the referenced file's text when the caller has it.
 */
export function readReference(input: FormatInput, r: Reader, entry: TEntry | undefined, sources: FactSource[]): void {
  if (!entry) return;
  if (entry.value.kind === 'map') {
    const inner = new Reader(entry.value);
    const src = best(entry.value, sources);
    if (src) applyFacts(r, src.facts(inner));
    return;
  }
  const path = entry.value.kind === 'scalar' && typeof entry.value.value === 'string' ? entry.value.value.trim() : '';
  if (!path || !/\.(json|ya?ml)$/i.test(path)) return;
  const text = input.siblings.get(path);
  if (text === undefined) {
    r.note(`\`${entry.key}: ${path}\` (line ${entry.keyRange.startLine + 1}) refers to another config; its batch and precision are used when that file is in the workspace.`);
    return;
  }
  const root = parseSibling(path, text);
  const src = root && root.kind === 'map' ? best(root, sources) : undefined;
  if (!root || root.kind !== 'map' || !src) {
    r.note(`\`${path}\` is not a ${sources.map((s) => s.name).join(' or ')} config Carbon Lens can read: ignored.`);
    return;
  }
  const file = path.split(/[\\/]/).pop() ?? path;
  const facts = src.facts(new Reader(root));
  applyReferencedFacts(r, facts, entry, file);
  if (facts.length === 0) r.note(`${file} states no batch or precision (its values are "auto": this file decides them).`);
}

function best(root: TMap, sources: FactSource[]): FactSource | undefined {
  let top: FactSource | undefined;
  let score = 0.5;
  for (const s of sources) {
    const c = s.score(root);
    if (c >= score) {
      score = c;
      top = s;
    }
  }
  return top;
}
