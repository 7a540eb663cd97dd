// The dataset catalogue: rows and mean tokens per training example of the datasets fine-tuning configs
// name most (data/datasets.json, each row sourced), and the split syntax of the Hugging Face `datasets`
// library (`train`, `train[:10%]`, `train[:1000]`, `train+test`), so a file that names its data gets a
// dataset size from the data instead of the default. Pure: no I/O beyond the bundled JSON.

export interface DatasetSplit {
  rows: number;
  /** Mean tokens of one trained sequence (prompt + response with the usual template). */
  meanTokens: number;
}

export interface DatasetInfo {
  id: string;
  aliases: string[];
  /** `preference`: rows are (prompt, chosen, rejected); meanTokens is one prompt + one response. */
  kind: 'sft' | 'preference';
  splits: Record<string, DatasetSplit>;
  source: string;
  year: number;
  /** How the mean was derived (from the card's byte counts, a measured run…). */
  how: string;
  /** True when the mean was derived from published byte or character counts, not counted tokens. */
  estimated: boolean;
}

let table: Map<string, DatasetInfo> | undefined;

/** Lower-cased lookup key: ids and aliases compare without case, Hub prefixes or `--` for `/`. */
function key(name: string): string {
  let s = name.trim().toLowerCase();
  for (const prefix of ['https://huggingface.co/datasets/', 'http://huggingface.co/datasets/', 'hf://datasets/', 'huggingface.co/datasets/', 'datasets/']) {
    if (s.startsWith(prefix)) s = s.slice(prefix.length);
  }
  // `hf.co/dataset: timdettmers--openassistant-guanaco` (GKE labels) spells the slash as `--`.
  if (!s.includes('/') && s.includes('--')) s = s.replace('--', '/');
  return s;
}

function datasets(): Map<string, DatasetInfo> {
  if (!table) {
    const rows = (require('./data/datasets.json') as { datasets: DatasetInfo[] }).datasets;
    const m = new Map<string, DatasetInfo>();
    for (const d of rows) {
      Object.freeze(d);
      m.set(key(d.id), d);
      for (const a of d.aliases) if (!m.has(key(a))) m.set(key(a), d);
    }
    table = m;
  }
  return table;
}

/** The catalogued dataset a name refers to (Hub id, alias, torchtune builder, LLaMA-Factory name). */
export function findDataset(name: string): DatasetInfo | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 300) return undefined;
  return datasets().get(key(name));
}

export function listDatasets(): DatasetInfo[] {
  return [...new Set(datasets().values())];
}

/** One dataset as a file names it: `id` or `id[split]`, the split in the `datasets` library's syntax. */
export interface DatasetRef {
  name: string;
  split?: string;
}

/** Parses the `dataset` field: comma-separated `name` or `name[split]` (the split may itself hold brackets). */
export function parseDatasetRefs(text: string): DatasetRef[] {
  const refs: DatasetRef[] = [];
  let depth = 0;
  let start = 0;
  const push = (part: string) => {
    const p = part.trim();
    if (!p) return;
    const open = p.indexOf('[');
    if (open > 0 && p.endsWith(']')) refs.push({ name: p.slice(0, open).trim(), split: p.slice(open + 1, -1).trim() || undefined });
    else refs.push({ name: p });
  };
  for (let i = 0; i < text.length && refs.length < 50; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      push(text.slice(start, i));
      start = i + 1;
    }
  }
  push(text.slice(start));
  return refs;
}

/** A bound of a slice: `1000` (rows) or `10%` (of the split); undefined for an empty or unreadable bound. */
function bound(text: string, rows: number): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  if (!Number.isFinite(n)) return undefined;
  const v = pct ? Math.round((rows * n) / 100) : Math.round(n);
  // Negative bounds count from the end, as in Python.
  return Math.min(rows, Math.max(0, v < 0 ? rows + v : v));
}

export interface SplitSize {
  rows: number;
  meanTokens: number;
  /** What was read, e.g. "train[:10%] = 5,200 of 52,002 rows". */
  note: string;
}

/**
 * Rows and mean tokens of a split expression for one catalogued dataset: `train`, `train[:10%]`,
 * `train[100:1000]`, `train+test`. No split means the train split (or the first one listed).
 * Undefined when the split is not in the catalogue row.
 */
export function splitSize(d: DatasetInfo, split: string | undefined): SplitSize | undefined {
  const parts = (split ?? '').split('+').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) parts.push(d.splits.train ? 'train' : Object.keys(d.splits)[0]);
  let rows = 0;
  let tokens = 0;
  const notes: string[] = [];
  for (const part of parts.slice(0, 10)) {
    const open = part.indexOf('[');
    const name = (open >= 0 ? part.slice(0, open) : part).trim();
    const s = Object.hasOwn(d.splits, name) ? d.splits[name] : undefined;
    if (!s) return undefined;
    let n = s.rows;
    if (open >= 0 && part.endsWith(']')) {
      const inner = part.slice(open + 1, -1);
      const colon = inner.indexOf(':');
      if (colon < 0) return undefined; // an index, not a slice: one row is not a training set
      const from = bound(inner.slice(0, colon), s.rows) ?? 0;
      const to = bound(inner.slice(colon + 1), s.rows) ?? s.rows;
      n = Math.max(0, to - from);
      notes.push(`${part} = ${n.toLocaleString('en-US')} of ${s.rows.toLocaleString('en-US')} rows`);
    } else notes.push(`${name}: ${s.rows.toLocaleString('en-US')} rows`);
    rows += n;
    tokens += n * s.meanTokens;
  }
  return { rows, meanTokens: rows > 0 ? tokens / rows : 0, note: notes.join(' + ') };
}
