// An executed notebook's outputs often say how long training took: the Trainer's
// `TrainOutput(… metrics={'train_runtime': 379.17, …})` or `{'train_runtime': …}`, Unsloth's
// "379.17 seconds used for training.", the Trainer's progress widget `[500/500 12:34, Epoch 3/3]`, or a
// finished tqdm bar `Epoch 1: 100%|██████| 500/500 [12:34<00:00, …]`. They are found in the raw .ipynb
// text with indexOf and a few characters of look-around — the outputs are never parsed into a tree
// (notebookScan.ts skips them) and the only regular expression run over them is one alternation of
// literals (no quantifier) — so a notebook of megabytes of logs costs one pass for all the markers.

export interface NotebookRuntime {
  seconds: number;
  /** Offsets of the figure in the notebook text (for the range shown in the editor). */
  start: number;
  end: number;
  /** What was read, for the note: "train_runtime 379.17 s". */
  how: string;
}

/** Markers looked at per kind; more are ignored (a log that repeats one a million times is not a record). */
const MAX_HITS = 10_000;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** A decimal number starting at `i` (digits and one dot, at most 20 characters). */
function numberAt(text: string, i: number): { value: number; end: number } | undefined {
  let j = i;
  let dot = false;
  while (j < text.length && j - i < 20) {
    const c = text[j];
    if (isDigit(c)) j++;
    else if (c === '.' && !dot) {
      dot = true;
      j++;
    } else break;
  }
  if (j === i) return undefined;
  const value = Number(text.slice(i, j));
  return Number.isFinite(value) ? { value, end: j } : undefined;
}

/** `12:34` or `1:02:03` starting at `i`, in seconds. */
function clockAt(text: string, i: number): { seconds: number; end: number } | undefined {
  const parts: number[] = [];
  let j = i;
  for (let k = 0; k < 3; k++) {
    const s = j;
    while (j < text.length && j - s < 4 && isDigit(text[j])) j++;
    if (j === s) return undefined;
    parts.push(Number(text.slice(s, j)));
    if (text[j] !== ':' || k === 2) break;
    j++;
  }
  if (parts.length < 2) return undefined;
  const seconds = parts.reduce((acc, p) => acc * 60 + p, 0);
  return { seconds, end: j };
}

const MARKERS = ['train_runtime', ' seconds used for training', ', Epoch ', '100%|'] as const;
type Marker = (typeof MARKERS)[number];

/**
 * A distinctive part of each marker and where it sits in the marker, found together in one pass by
 * one regular expression (no quantifier: it matches at most 16 characters at a place). Four indexOf
 * passes over a 10 MB notebook cost as much again as reading it (bench, 2026-12); this one skips runs of
 * base64 in a few native steps and reads a log once. Each part occurs in its marker only once and
 * starts with a character no other part starts with, so every occurrence of every marker is found.
 */
const PARTS = /_runtime|seconds used for|Epoch |100%\|/g;
const PART_OFFSET: Record<string, { marker: Marker; offset: number }> = {
  _: { marker: 'train_runtime', offset: 5 },
  s: { marker: ' seconds used for training', offset: 1 },
  E: { marker: ', Epoch ', offset: 2 },
  '1': { marker: '100%|', offset: 0 },
};

/** Where each marker occurs, left to right, at most MAX_HITS of each (as many indexOf loops would give). */
function allHits(text: string): Map<Marker, number[]> {
  const out = new Map<Marker, number[]>(MARKERS.map((m) => [m, []]));
  let full = 0;
  PARTS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (full < MARKERS.length && (m = PARTS.exec(text))) {
    const { marker, offset } = PART_OFFSET[m[0][0]];
    const at = m.index - offset;
    // Step one character, not past the match: a marker may start inside another's (`, Epoch seconds …`).
    PARTS.lastIndex = m.index + 1;
    if (at < 0 || !text.startsWith(marker, at)) continue;
    const list = out.get(marker)!;
    if (list.length >= MAX_HITS) continue;
    list.push(at);
    if (list.length === MAX_HITS) full++;
  }
  return out;
}

/** `'train_runtime': 379.1704` (Python repr), `"train_runtime": …` or its JSON-escaped `\"train_runtime\": …`. */
function trainRuntime(text: string, hits: number[]): NotebookRuntime | undefined {
  let last: NotebookRuntime | undefined;
  for (const i of hits) {
    let j = i + 'train_runtime'.length;
    const stop = j + 6;
    while (j < stop && (text[j] === '\\' || text[j] === "'" || text[j] === '"')) j++;
    if (text[j] !== ':') continue;
    j++;
    while (text[j] === ' ' && j < stop + 4) j++;
    const n = numberAt(text, j);
    if (n && n.value > 0) last = { seconds: n.value, start: j, end: n.end, how: `train_runtime ${n.value} s` };
  }
  return last;
}

/** Unsloth's "379.17 seconds used for training." */
function secondsUsed(text: string, hits: number[]): NotebookRuntime | undefined {
  let last: NotebookRuntime | undefined;
  for (const i of hits) {
    let s = i;
    while (s > 0 && i - s < 20 && (isDigit(text[s - 1]) || text[s - 1] === '.')) s--;
    const n = s < i ? numberAt(text, s) : undefined;
    if (n && n.end === i && n.value > 0) last = { seconds: n.value, start: s, end: i, how: `"${n.value} seconds used for training"` };
  }
  return last;
}

/** The Trainer's finished progress widget: `[500/500 12:34, Epoch 3/3]` (done = total). */
function trainerProgress(text: string, hits: number[]): NotebookRuntime | undefined {
  let last: NotebookRuntime | undefined;
  for (const i of hits) {
    const open = text.lastIndexOf('[', i);
    if (open < 0 || i - open > 40) continue;
    const done = numberAt(text, open + 1);
    if (!done || text[done.end] !== '/') continue;
    const total = numberAt(text, done.end + 1);
    if (!total || total.value !== done.value || text[total.end] !== ' ') continue;
    const t = clockAt(text, total.end + 1);
    if (t && t.end === i && t.seconds > 0) last = { seconds: t.seconds, start: total.end + 1, end: t.end, how: `Trainer progress ${done.value}/${total.value} in ${text.slice(total.end + 1, t.end)}` };
  }
  return last;
}

/** Words that make a tqdm bar a training loop's, not a download's or a dataset map's. */
const TRAINING_WORDS = ['train', 'epoch', 'step', 'iteration'];

/**
 * Finished tqdm bars of training loops: `Epoch 1: 100%|█| 500/500 [12:34<00:00, …]`. A bar printed
 * twice (refresh and close) counts once per description; the bars of several epochs add up.
 */
function tqdmBars(text: string, hits: number[]): NotebookRuntime | undefined {
  const byLabel = new Map<string, NotebookRuntime>();
  for (const i of hits) {
    // The description: back to the start of the string or line (JSON `"`, or an escaped \n / \r).
    let s = i;
    while (s > 0 && i - s < 80 && text[s - 1] !== '"' && text[s - 1] !== '\n' && !(text[s - 2] === '\\' && (text[s - 1] === 'n' || text[s - 1] === 'r'))) s--;
    const label = text.slice(s, i).trim();
    const lower = label.toLowerCase();
    if (!TRAINING_WORDS.some((w) => lower.includes(w))) continue;
    const bar = text.indexOf('|', i + 5);
    if (bar < 0 || bar - i > 300) continue;
    let j = bar + 1;
    if (text[j] === ' ') j++;
    const done = numberAt(text, j);
    if (!done || text[done.end] !== '/') continue;
    const total = numberAt(text, done.end + 1);
    if (!total || total.value !== done.value || text.slice(total.end, total.end + 2) !== ' [') continue;
    const t = clockAt(text, total.end + 2);
    if (!t || text[t.end] !== '<' || t.seconds <= 0) continue;
    byLabel.set(label, { seconds: t.seconds, start: total.end + 2, end: t.end, how: `${label} ${done.value}/${total.value} in ${text.slice(total.end + 2, t.end)}` });
  }
  if (!byLabel.size) return undefined;
  const bars = [...byLabel.values()];
  const last = bars[bars.length - 1];
  const seconds = bars.reduce((s, b) => s + b.seconds, 0);
  return { seconds, start: last.start, end: last.end, how: bars.length === 1 ? `tqdm ${last.how}` : `${bars.length} finished tqdm training bars (${bars.map((b) => b.how).join('; ')})` };
}

/** The most precise runtime the outputs print: train_runtime, then Unsloth's line, the Trainer widget, tqdm. */
export function notebookRuntime(text: string): NotebookRuntime | undefined {
  if (text.indexOf('"outputs"') < 0) return undefined;
  const h = allHits(text);
  return trainRuntime(text, h.get('train_runtime')!) ?? secondsUsed(text, h.get(' seconds used for training')!) ?? trainerProgress(text, h.get(', Epoch ')!) ?? tqdmBars(text, h.get('100%|')!);
}
