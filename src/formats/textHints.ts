// Hardware facts written outside any config key: launcher flags in shell lines, comments such as
// `# tested on 8xA100` or `1 node of 8X A100 40GB`, cloud instance types and device labels, and
// region flags. The first good hit for each fact wins and its note names the line.
//
// Files can be huge (a notebook with 50 MB of outputs), so this reads at most MAX_SCAN characters,
// skips lines longer than MAX_LINE, only looks closer at lines that pass a cheap substring test, and
// uses no regular expression that can backtrack on long input: candidate words are cut first and
// then matched with anchored patterns of bounded length.
import type { SourceRange, Sourced } from '../core/runSpec';
import { findAccelerator } from '../core/catalog';
import type { LineIndex } from './lineIndex';
import { acceleratorsOf, describeLaunch, launchersIn } from './launcherFlags';
import { deviceName, regionId } from './handlers/hardwareNames';

export interface TextHints {
  count?: Sourced<number>;
  nodes?: Sourced<number>;
  hardware?: Sourced<string>;
  region?: Sourced<string>;
}

const MAX_SCAN = 2 * 1024 * 1024;
const MAX_LINE = 10_000;
/** Backslash-continued launcher lines joined at most this far. */
const MAX_CONTINUATION = 40;
const MAX_TOKEN = 60;

const LAUNCHER_HINT = /torchrun|accelerate|deepspeed|tune run|vllm|text-generation-launcher|torch\.distributed/;
const INSTANCE_HINT = /xlarge|metal|gpu-|standard-|Standard_N|NVIDIA_|nvidia-/;
const REGION_HINT = /region|zone|location/i;

/**
 * REGION_HINT.test(text), as three one-word searches: on a whole 10 000-line script the alternation
 * cost ~0.35 ms, three case-insensitive literals ~0.24 ms (V8 searches a literal faster than a set).
 */
function hasRegionWord(text: string): boolean {
  return /region/i.test(text) || /zone/i.test(text) || /location/i.test(text);
}
const PROSE_HINT = /\d\s?[xX×]|\d \*|[xX×]\s?\d|gpu|single|node/i;

interface Line {
  no: number;
  text: string;
  /** Column where the meaningful text starts (after indentation). */
  col: number;
  rawLength: number;
}

function lineRangeOf(l: Line): SourceRange {
  return { startLine: l.no, startCol: l.col, endLine: l.no, endCol: l.rawLength };
}

function inferred<T>(value: T, l: Line, note: string): Sourced<T> {
  return { value, origin: 'inferred', range: lineRangeOf(l), note: `${note} on line ${l.no + 1}` };
}

/**
 * Offset of the first `"` after the opening one that no backslash escapes (where a JSON string ends),
 * or -1.
 */
function closingQuote(s: string): number {
  for (let i = s.indexOf('"', 1); i >= 0; i = s.indexOf('"', i + 1)) {
    let k = i - 1;
    while (k > 0 && s.charCodeAt(k) === 92 /* \ */) k--;
    if ((i - 1 - k) % 2 === 0) return i;
  }
  return -1;
}

/** A notebook stores each source line as a JSON string; read what it says, not its escaping. */
function decodeJsonLine(s: string): string {
  const t = s.trim();
  if (!t.startsWith('"')) return s;
  const body = t.endsWith('",') ? t.slice(0, -1) : t;
  if (!body.endsWith('"') || body.length < 2) return s;
  // A key and its value (`"cell_type": "code"`), most lines of a notebook, is no single string: JSON.parse
  // would throw on it, and a thrown error per line was a third of the hint scan of a 1 MB notebook.
  if (closingQuote(body) !== body.length - 1) return s;
  try {
    const v = JSON.parse(body);
    return typeof v === 'string' ? v.replace(/\r?\n$/, '') : s;
  } catch {
    return s;
  }
}

function isComment(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('#') || t.startsWith('//') || t.startsWith('<!--') || t.startsWith('*');
}

// ──── Prose: "8xA100", "8X A100 40GB", "1 node of 8x H100", "on a single A100 80GB", "4 A100 GPUs" ────

interface ProseHit {
  count?: number;
  nodes?: number;
  device?: string;
  what: string;
}

/** Words of a line with their positions; punctuation other than `-`, `.` and `_` separates. */
function words(s: string): string[] {
  return s.split(/[^A-Za-z0-9_.×:-]+/).filter((w) => w.length > 0 && w.length <= MAX_TOKEN);
}

const MEM = /^\d{2,3}\s?gb$/i;

/** A device name starting at words[i] (with an optional `80GB` after it), and how many words it took. */
function deviceAt(ws: string[], i: number): { name: string; used: number } | undefined {
  const w = ws[i];
  if (!w || !/^[A-Za-z][A-Za-z0-9-]{1,24}$/.test(w)) return undefined;
  if (/^(gpus?|nodes?|x|of|on|with|and|the|a|an)$/i.test(w)) return undefined;
  const withMem = ws[i + 1] && MEM.test(ws[i + 1]) ? `${w} ${ws[i + 1]}` : undefined;
  if (withMem && findAccelerator(withMem)) return { name: withMem, used: 2 };
  // `A100-80GB` and `A100` alike; `nvidia`/`tesla` prefixes are words of their own.
  if (/^(nvidia|tesla|amd|google)$/i.test(w) && ws[i + 1]) {
    const next = deviceAt(ws, i + 1);
    return next ? { name: `${w} ${next.name}`, used: next.used + 1 } : undefined;
  }
  // `RTX A6000`, `Tesla V100` written as two words; `H100s` as a plural.
  const pair = ws[i + 1] && SERIES_WORDS.includes(w.toLowerCase()) && /^[A-Za-z0-9-]{2,24}$/.test(ws[i + 1]) ? `${w} ${ws[i + 1]}` : undefined;
  if (pair && !findAccelerator(w) && findAccelerator(pair)) return { name: pair, used: 2 };
  if (findAccelerator(w)) return { name: w, used: 1 };
  return w.length > 2 && (w.endsWith('s') || w.endsWith('S')) && findAccelerator(w.slice(0, -1)) ? { name: w.slice(0, -1), used: 1 } : undefined;
}

/** Product-line words written apart from the model (`RTX A6000`, `Quadro RTX 8000`). */
const SERIES_WORDS = ['rtx', 'quadro', 'geforce', 'titan', 'radeon', 'instinct'];

function hasDigit(s: string): boolean {
  for (const c of s) if (c >= '0' && c <= '9') return true;
  return false;
}

/** A device word that names a model (has a digit: `a6000`, `H100`), not a vendor or a word like `gpu`. */
const isModelWord = hasDigit;

/**
 * Counts glued into names: `run_8gpus` (8 GPUs) and MMDetection's `8xb32` (8 GPUs × 32 per GPU), as
 * parts of a word split at `_` and `-`.
 */
function gluedCount(word: string): { count: number; what: string } | undefined {
  // Both shapes hold a count in digits; most words of a launch line (`--nproc_per_node=$GPUS_PER_NODE`)
  // hold none, and splitting each of them was a fifth of a long script's hint scan.
  if (!hasDigit(word)) return undefined;
  for (const part of word.split('_').flatMap((p) => p.split('-'))) {
    const lower = part.toLowerCase();
    for (const suffix of ['gpus', 'gpu']) {
      if (lower.endsWith(suffix)) {
        const n = countOf(part.slice(0, -suffix.length));
        if (n !== undefined) return { count: n, what: `"${part}" in ${word}` };
      }
    }
    const xb = lower.indexOf('xb');
    if (xb > 0 && countOf(part.slice(0, xb)) !== undefined && countOf(part.slice(xb + 2)) !== undefined) return { count: countOf(part.slice(0, xb))!, what: `"${part}" (GPUs × batch per GPU) in ${word}` };
  }
  return undefined;
}

function countOf(w: string | undefined): number | undefined {
  if (!w || !/^\d{1,4}$/.test(w)) return undefined;
  const n = Number(w);
  return n >= 1 && n <= 4096 ? n : undefined;
}

/** `8xA100`, `8x`, `A100x8`, `A100:8` split into parts. */
function splitGlued(w: string): string[] {
  let m = /^(\d{1,4})[xX×]([A-Za-z][A-Za-z0-9-]*)$/.exec(w);
  if (m) return [m[1], 'x', m[2]];
  m = /^(\d{1,4})[xX×]$/.exec(w);
  if (m) return [m[1], 'x'];
  m = /^([A-Za-z][A-Za-z0-9-]*?)[xX×:](\d{1,4})$/.exec(w);
  if (m && findAccelerator(m[1])) return [m[1], 'x', m[2]];
  return [w];
}

function proseHit(line: string): ProseHit | undefined {
  const ws = words(line).flatMap(splitGlued);
  for (let i = 0; i < ws.length; i++) {
    const lower = ws[i].toLowerCase();
    // "1 node of 8x A100", "2 nodes with 8 H100"
    const nodes = countOf(ws[i]);
    if (nodes !== undefined && /^nodes?$/i.test(ws[i + 1] ?? '') && /^(of|with|w|x|×)$/i.test(ws[i + 2] ?? '')) {
      const per = countOf(ws[i + 3]);
      if (per !== undefined) {
        const at = /^[xX×]$/.test(ws[i + 4] ?? '') ? i + 5 : i + 4;
        const dev = deviceAt(ws, at);
        const gpuWord = /^gpus?[.,;:)]?$/i.test(ws[at] ?? '');
        if (dev || gpuWord) return { nodes, count: nodes * per, device: dev?.name, what: `"${ws.slice(i, at + (dev?.used ?? 1)).join(' ')}"` };
      }
    }
    // "8x A100", "8 x H100 80GB", "8 A100 GPUs"
    const n = countOf(ws[i]);
    if (n !== undefined) {
      const at = /^[xX×]$/.test(ws[i + 1] ?? '') ? i + 2 : i + 1;
      const dev = deviceAt(ws, at);
      if (dev && (at === i + 2 || /^gpus?[.,;:)]?$/i.test(ws[at + dev.used] ?? ''))) return { count: n, device: dev.name, what: `"${ws.slice(i, at + dev.used).join(' ')}"` };
      if (at === i + 2 && /^gpus?[.,;:)]?$/i.test(ws[at] ?? '')) return { count: n, what: `"${n}x GPU"` };
    }
    // "A100 x 8", "A100 80GB x 8" (the cue is checked before the costlier device look-up)
    for (const used of [1, 2]) {
      if (!/^[xX×]$/.test(ws[i + used] ?? '') || countOf(ws[i + used + 1]) === undefined) continue;
      const dev = deviceAt(ws, i);
      if (dev && dev.used === used) return { count: countOf(ws[i + used + 1]), device: dev.name, what: `"${dev.name} x ${ws[i + used + 1]}"` };
    }
    // "8 * 80GB", "8 x 80GB": a count of devices of that memory, the device left open.
    if (n !== undefined) {
      const at = /^[xX×]$/.test(ws[i + 1] ?? '') ? i + 2 : i + 1;
      if (MEM.test(ws[at] ?? '')) return { count: n, what: `"${n} × ${ws[at]}"` };
    }
    // "run_8gpus", "rtmdet_l_8xb32-300e_coco"
    const glued = gluedCount(ws[i]);
    if (glued) return { count: glued.count, what: glued.what };
    // "on an a6000", "using H100s": a named model with no count.
    if (lower === 'on' || lower === 'using') {
      const at = /^(an?|the)$/i.test(ws[i + 1] ?? '') ? i + 2 : i + 1;
      const d = deviceAt(ws, at);
      if (d && isModelWord(d.name)) return { device: d.name, what: `"${ws.slice(i, at + d.used).join(' ')}"` };
    }
    // "a single A100 80GB", "one H100", "single GPU"
    if (lower === 'single' || lower === 'one') {
      const d = deviceAt(ws, i + 1);
      if (d) return { count: 1, device: d.name, what: `"${ws[i]} ${d.name}"` };
      if (/^(gpu|device)$/i.test(ws[i + 1] ?? '')) return { count: 1, what: `"${ws[i]} ${ws[i + 1]}"` };
    }
  }
  return undefined;
}

/** "8 GPUs" without a device name: only in comments, where it is a statement about the run. */
function gpuCountInComment(line: string): ProseHit | undefined {
  const ws = words(line);
  for (let i = 0; i + 1 < ws.length; i++) {
    const n = countOf(ws[i]);
    if (n !== undefined && /^gpus$/i.test(ws[i + 1])) return { count: n, what: `"${n} GPUs"` };
  }
  return undefined;
}

// ──── Instance types and device labels ────

const INSTANCE_SHAPES = [
  /^(ml\.)?[a-z][a-z0-9]*(-[a-z0-9]+)?\.(\d*x?large|metal)$/, // p4d.24xlarge, ml.g5.12xlarge, p6-b200.48xlarge
  /^[a-z]\d[a-z]?-(highgpu|megagpu|ultragpu|edgegpu|maxgpu|standard)-\d+g?(-nolssd)?$/, // a2-highgpu-8g, g2-standard-12
  /^Standard_N[A-Za-z0-9_]+$/, // Standard_ND96asr_v4
  /^NVIDIA_[A-Z0-9_]+$/, // NVIDIA_L4 (Vertex)
  /^nvidia-[a-z0-9-]+$/, // nvidia-l4 (GKE)
];

function instanceHit(line: string): { device: string; count?: number; what: string } | undefined {
  for (const w of line.split(/[^A-Za-z0-9_.-]+/)) {
    if (w.length < 4 || w.length > MAX_TOKEN) continue;
    const t = w.replace(/\.$/, '');
    if (!INSTANCE_SHAPES.some((re) => re.test(t))) continue;
    const d = deviceName(t);
    if (d) return { device: d.hardware, count: d.perInstance, what: `\`${t}\`${d.note ? ` (${d.note})` : ''}` };
  }
  return undefined;
}

// ──── Regions ────

const REGION_KEY = /(?:^|[^A-Za-z0-9_])(aws_default_region|aws_region|region_name|region|zone|location)(?![A-Za-z0-9_])/gi;

function regionHit(line: string): { id: string; what: string } | undefined {
  REGION_KEY.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = REGION_KEY.exec(line)) && guard++ < 20) {
    const after = line.slice(m.index + m[0].length, m.index + m[0].length + 80);
    const v = /^["']?\s*[:=]?\s*["']?([A-Za-z][A-Za-z0-9-]{1,40})/.exec(after);
    if (!v) continue;
    const provider = /aws/i.test(m[1]) ? 'aws' : undefined;
    const id = regionId(v[1], provider);
    if (id) return { id, what: `${m[1]} ${v[1]}` };
  }
  return undefined;
}

// ──── Driver ────

/**
 * True when `line` ends in `]` or `],` (spaces around allowed): trimmed, not `/\]\s*,?\s*$/`, whose
 * two `\s*` split a long run of spaces every way before failing (quadratic; found by the regex sweep
 * of regexBounds.test.ts, 2026-12).
 */
function closesList(line: string): boolean {
  let t = line.trimEnd();
  if (t.endsWith(',')) t = t.slice(0, -1).trimEnd();
  return t.endsWith(']');
}

/**
 * A pretty-printed notebook's `"outputs": [` … `]` holds what code printed, not what the run is:
 * a log line such as `torchrun --nproc_per_node 64` there says nothing about this notebook's run.
 * Returns the closing line's text to wait for, or undefined.
 */
function outputsStart(raw: string): string | undefined {
  const t = raw.trimStart();
  if (!t.startsWith('"outputs": [') || closesList(t)) return undefined;
  return ' '.repeat(raw.length - t.length) + ']';
}

export type HintFact = keyof TextHints;
const ALL_FACTS: readonly HintFact[] = ['count', 'nodes', 'hardware', 'region'];

/** The analyser asks once per run; a file with many runs is scanned once (per set of facts asked). */
const cache = new WeakMap<LineIndex, { text: string; byWant: Map<string, TextHints> }>();

/**
 * The hints for the facts in `want` (all four by default): each is what a scan for all four finds.
 * A run that already has its count, nodes and hardware asks only for the region, and a 10 000-line
 * launch script then costs one substring test instead of the launcher and prose readers on every line.
 */
export function inferFromText(text: string, index: LineIndex, want: readonly HintFact[] = ALL_FACTS): TextHints {
  // Nodes are read from prose only while the count or the device is still missing (readLine), so a
  // scan for nodes must track those two as well to find the same line.
  const wanted = new Set(want);
  if (wanted.has('nodes')) {
    wanted.add('count');
    wanted.add('hardware');
  }
  const key = ALL_FACTS.filter((f) => wanted.has(f)).join();
  let entry = cache.get(index);
  if (!entry || entry.text !== text) {
    entry = { text, byWant: new Map() };
    cache.set(index, entry);
  }
  let hints = entry.byWant.get(key) ?? entry.byWant.get(ALL_FACTS.join());
  if (!hints) {
    hints = scan(text, index, wanted);
    entry.byWant.set(key, hints);
  }
  return hints;
}

/** Stands for a fact not asked for: every test below reads it as found already, so no reader looks for it. */
const NOT_ASKED = Object.freeze({ value: 0, origin: 'inferred' }) as Sourced<never>;

function scan(text: string, index: LineIndex, wanted: ReadonlySet<HintFact>): TextHints {
  const hints: TextHints = {};
  for (const f of ALL_FACTS) if (!wanted.has(f)) hints[f] = NOT_ASKED;
  const limit = Math.min(text.length, MAX_SCAN);
  // A region is read only from a line holding one of REGION_HINT's words; when the text holds none
  // (and no JSON `\u` escape that a notebook line could decode into one), no line can give it.
  if (wanted.size === 1 && wanted.has('region') && !hasRegionWord(text.length > limit ? text.slice(0, limit) : text) && !text.includes('\\u')) return {};
  if (noCueAnywhere(text.length > limit ? text.slice(0, limit) : text)) return {};
  let pos = 0;
  let skipUntil: string | undefined;
  const done = () => hints.count && hints.nodes && hints.hardware && hints.region;
  while (pos < limit && !done()) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > limit) nl = limit;
    const rawLength = nl - pos - (text.charCodeAt(nl - 1) === 13 ? 1 : 0);
    if (skipUntil !== undefined) {
      // Only the closing bracket at the same indentation ends the outputs.
      if (rawLength <= skipUntil.length + 1 && text.startsWith(skipUntil, pos) && /^\]?,?$/.test(text.slice(pos + skipUntil.length, pos + rawLength))) skipUntil = undefined;
    } else if (rawLength > 0 && rawLength <= MAX_LINE) {
      const raw = text.slice(pos, pos + rawLength);
      skipUntil = outputsStart(raw);
      if (skipUntil === undefined) {
        const col = raw.length - raw.trimStart().length;
        const line: Line = { no: index.lineAt(pos), text: decodeJsonLine(raw), col, rawLength };
        readLine(line, text, nl, limit, hints);
      }
    }
    pos = nl + 1;
  }
  for (const f of ALL_FACTS) if (hints[f] === NOT_ASKED) delete hints[f];
  return hints;
}

/**
 * No line of `text` can give a hint: none of readLine's cues occurs anywhere in it. A line's cue is a
 * cue of the whole text (the patterns are unanchored, and a decoded notebook line is a piece of the text
 * when the text holds no backslash), so a config with no comment or launcher line skips the line loop.
 */
function noCueAnywhere(text: string): boolean {
  return !text.includes('\\') && !LAUNCHER_HINT.test(text) && !PROSE_HINT.test(text) && !INSTANCE_HINT.test(text) && !hasRegionWord(text) &&
    !text.includes(' on ') && !text.includes('using ') && !text.includes('one ');
}

function readLine(line: Line, text: string, nl: number, limit: number, hints: TextHints): void {
  const s = line.text;
  if ((!hints.count || !hints.nodes) && LAUNCHER_HINT.test(s)) {
    // Commented-out commands (`#   tune run --nproc_per_node 8 …`) document how the file is launched.
    const cmd = s.replace(/^\s*(#+|\/\/)\s?/, '');
    const script = cmd.trimEnd().endsWith('\\') ? withContinuations(cmd, text, nl, limit) : cmd;
    for (const f of launchersIn(script)) {
      const acc = acceleratorsOf(f);
      if (!acc) continue;
      const what = `from ${describeLaunch(f)}`;
      if (!hints.count) hints.count = inferred(acc.count, line, what);
      if (!hints.nodes && acc.nodes !== undefined) hints.nodes = inferred(acc.nodes, line, what);
      break;
    }
  }
  // "on an a6000", "one RTX A6000": only in comments, where such words are statements about the run
  // (as prose cues they are too common to send every line through the device look-up).
  const commentCue = isComment(s) && (s.includes(' on ') || s.includes('using ') || s.includes('one '));
  if ((!hints.count || !hints.hardware) && (PROSE_HINT.test(s) || commentCue)) {
    const p = proseHit(s) ?? (isComment(s) ? gpuCountInComment(s) : undefined);
    if (p) {
      const what = `from ${p.what}`;
      if (p.count !== undefined && !hints.count) hints.count = inferred(p.count, line, what);
      if (p.nodes !== undefined && !hints.nodes) hints.nodes = inferred(p.nodes, line, what);
      if (p.device && !hints.hardware) hints.hardware = inferred(p.device, line, what);
    }
  }
  if ((!hints.hardware || !hints.count) && INSTANCE_HINT.test(s)) {
    const h = instanceHit(s);
    if (h) {
      if (!hints.hardware) hints.hardware = inferred(h.device, line, `from ${h.what}`);
      if (h.count !== undefined && !hints.count) hints.count = inferred(h.count, line, `from ${h.what}`);
    }
  }
  if (!hints.region && REGION_HINT.test(s)) {
    const r = regionHit(s);
    if (r) hints.region = inferred(r.id, line, `from \`${r.what}\``);
  }
}

/** The launcher line plus the lines its trailing backslashes continue onto. */
function withContinuations(first: string, text: string, nl: number, limit: number): string {
  let out = first;
  let pos = nl + 1;
  for (let k = 0; k < MAX_CONTINUATION && out.trimEnd().endsWith('\\') && pos < limit; k++) {
    let next = text.indexOf('\n', pos);
    if (next < 0 || next > limit) next = limit;
    if (next - pos > MAX_LINE) break;
    out += '\n' + decodeJsonLine(text.slice(pos, next));
    pos = next + 1;
  }
  return out;
}
