// Tree look-ups by exact key. `getEntry` splits its path on dots, which Kubernetes keys such as
// `nvidia.com/gpu` and `cloud.google.com/gke-accelerator` contain, so orchestration formats walk the
// tree one literal key at a time.
import type { RunInputs, Sourced } from '../../core/runSpec';
import { fromEntry, isUnknownValue, toNumber } from '../fields';
import type { TEntry, TMap, TNode, TSeq, TScalar } from '../tree';

export function entryOf(node: TNode | undefined, key: string): TEntry | undefined {
  return node && node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

/** The node under a chain of literal keys. */
export function nodeAt(node: TNode | undefined, ...keys: string[]): TNode | undefined {
  let cur = node;
  for (const k of keys) {
    cur = entryOf(cur, k)?.value;
    if (!cur) return undefined;
  }
  return cur;
}

export function entryAt(node: TNode | undefined, ...keys: string[]): TEntry | undefined {
  const parent = keys.length > 1 ? nodeAt(node, ...keys.slice(0, -1)) : node;
  return entryOf(parent, keys[keys.length - 1]);
}

export function asMap(node: TNode | undefined): TMap | undefined {
  return node && node.kind === 'map' ? node : undefined;
}

export function asSeq(node: TNode | undefined): TSeq | undefined {
  return node && node.kind === 'seq' ? node : undefined;
}

export function asScalar(node: TNode | undefined): TScalar | undefined {
  return node && node.kind === 'scalar' ? node : undefined;
}

/** A string or number scalar as text (`8` and `"8"` alike), or undefined. */
export function textOf(node: TNode | undefined): string | undefined {
  const s = asScalar(node);
  if (!s || s.value === null || typeof s.value === 'boolean') return undefined;
  return String(s.value);
}

/** A positive number at an entry (auto/null/variables give undefined), as a file-sourced value. */
export function numEntry(e: TEntry | undefined): Sourced<number> | undefined {
  if (!e || e.value.kind !== 'scalar') return undefined;
  const n = toNumber(e.value.value);
  return n !== undefined && n > 0 ? fromEntry(e, n) : undefined;
}

/** A usable string at an entry, as a file-sourced value. */
export function strEntry(e: TEntry | undefined): Sourced<string> | undefined {
  if (!e || e.value.kind !== 'scalar') return undefined;
  const v = e.value.value;
  if (v === null || typeof v === 'boolean' || (typeof v === 'string' && isUnknownValue(v))) return undefined;
  const s = String(v).trim();
  return s ? fromEntry(e, s) : undefined;
}

/** Top-level map of a document, if it is one. */
export function rootMap(root: TNode | undefined): TMap | undefined {
  return asMap(root);
}

/** Copies fields into `into` where absent. */
export function fillMissing(into: RunInputs, from: RunInputs): void {
  for (const [k, v] of Object.entries(from)) if (v !== undefined && (into as Record<string, unknown>)[k] === undefined) (into as Record<string, unknown>)[k] = v;
}
