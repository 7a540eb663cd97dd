// `#SBATCH` directives of a Slurm batch script: what the job is allocated (nodes, GPUs and their
// type) and how long it may run. The time limit is an upper bound the scheduler enforces, never the
// runtime: a job usually ends well before it.
// Formats follow the sbatch manual (SchedMD, https://slurm.schedmd.com/sbatch.html, 2024).
import type { LineIndex } from './lineIndex';
import { shellWords, type Word } from './launcherFlags';

/** One directive value as written, with its file offsets. */
export interface SbatchValue {
  /** The option as written (`--gres`, `-N`). */
  option: string;
  raw: string;
  start: number;
  end: number;
  optionStart: number;
  line: number;
  /** Where it was written: a `#SBATCH` line (the default), the `sbatch` or the `srun` command line. */
  via?: 'sbatch' | 'srun';
}

export type SbatchKey = 'nodes' | 'gres' | 'gpus' | 'gpusPerNode' | 'gpusPerTask' | 'ntasksPerNode' | 'ntasks' | 'cpusPerTask' | 'time' | 'partition' | 'constraint' | 'qos' | 'jobName' | 'array';

const LONG: Record<string, SbatchKey> = {
  nodes: 'nodes', gres: 'gres', gpus: 'gpus', 'gpus-per-node': 'gpusPerNode', 'gpus-per-task': 'gpusPerTask',
  'ntasks-per-node': 'ntasksPerNode', ntasks: 'ntasks', time: 'time', partition: 'partition', constraint: 'constraint', 'job-name': 'jobName', array: 'array',
  'cpus-per-task': 'cpusPerTask', qos: 'qos',
};
const SHORT: Record<string, SbatchKey> = { N: 'nodes', G: 'gpus', n: 'ntasks', c: 'cpusPerTask', t: 'time', p: 'partition', C: 'constraint', q: 'qos', J: 'jobName', a: 'array' };
/** Short options that take a value (whether we read it or not), so `-c 4` does not leave `4` behind. */
const SHORT_WITH_VALUE = new Set(['N', 'G', 'n', 't', 'p', 'C', 'J', 'c', 'o', 'e', 'A', 'q', 'w', 'x', 'D', 'a', 'd', 'L', 'M', 'm', 'b', 'F', 'i', 'S']);
const LONG_FLAGS = new Set(['exclusive', 'requeue', 'no-requeue', 'hold', 'overcommit', 'oversubscribe', 'contiguous', 'spread-job', 'use-min-nodes', 'parsable', 'test-only', 'wait', 'verbose', 'quiet', 'ignore-pbs', 'export-file', 'nvmps']);

export type Directives = Partial<Record<SbatchKey, SbatchValue>>;

/** Lines at most this long are read as directives (a directive is one short line). */
const MAX_DIRECTIVE_LINE = 4096;

/**
 * The words of one `#SBATCH` line. sbatch splits the line itself, not a shell: `&` and `|` inside a word
 * are part of the value (`--constraint=a100&80gb` asks for both features), not command separators.
 */
function directiveWords(body: string, base: number): Word[] {
  const ws = shellWords(body, base);
  const out: Word[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    const prev = out[out.length - 1];
    const next = ws[i + 1];
    const glue = w.sep ? body.slice(w.start - base, w.end - base) : '';
    if (w.sep && prev && next && !next.sep && prev.end === w.start && w.end === next.start && (glue === '&' || glue === '|' || glue === '&&' || glue === '||')) {
      out[out.length - 1] = { ...prev, text: prev.text + glue + next.text, end: next.end };
      i++;
    } else if (!w.sep) out.push(w);
  }
  return out;
}

/** Every `#SBATCH` directive (the first of each option wins, as sbatch reads the first it is given). */
export function readDirectives(text: string, index: LineIndex): { directives: Directives; count: number; firstLine?: number } {
  const directives: Directives = {};
  let count = 0;
  let firstLine: number | undefined;
  const re = /^[ \t]*#SBATCH\b/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const bodyStart = m.index + m[0].length;
    let eol = text.indexOf('\n', bodyStart);
    if (eol < 0) eol = text.length;
    re.lastIndex = eol;
    if (eol - bodyStart > MAX_DIRECTIVE_LINE) continue;
    const line = index.lineAt(m.index);
    count++;
    firstLine ??= line;
    readOptions(directiveWords(text.slice(bodyStart, eol), bodyStart), directives, () => line);
  }
  return { directives, count, firstLine };
}

/**
 * The options of the first `sbatch` command in a script that submits its job from the command line
 * (`sbatch --gres=gpu:4 --time=20:00:00 --wrap="python train.py"`), read as `#SBATCH` lines would be.
 * Only called when the cheap shape check saw such a command.
 */
export function readSbatchCommand(text: string, index: LineIndex): Directives {
  const directives: Directives = {};
  const words = shellWords(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const atStart = i === 0 || words[i - 1].sep === true;
    if (w.sep || !atStart || w.text.slice(w.text.lastIndexOf('/') + 1) !== 'sbatch') continue;
    const opts: Word[] = [];
    for (let j = i + 1; j < words.length && !words[j].sep; j++) opts.push(words[j]);
    readOptions(opts, directives, (offset) => index.lineAt(offset), 'sbatch');
    break;
  }
  return directives;
}

/**
 * The options of the first `srun` command that asks for GPUs, in a script that starts its job with
 * `srun` alone (no `#SBATCH`, no `sbatch`): `srun -p dev --gres=gpu:8 --ntasks=8 python -u train.py`,
 * the shape of OpenMMLab's tools/slurm_train.sh. `words` are the script's words after its variables
 * were substituted (`--gres=gpu:${GPUS_PER_NODE}` reads 8). The options end at the program srun runs.
 */
export function readSrunCommand(words: readonly Word[], index: LineIndex): Directives {
  const directives: Directives = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.sep || w.text.slice(w.text.lastIndexOf('/') + 1) !== 'srun') continue;
    const opts: Word[] = [];
    let j = i + 1;
    for (; j < words.length && !words[j].sep && words[j].text.startsWith('-'); j++) {
      const t = words[j].text;
      opts.push(words[j]);
      const next = words[j + 1];
      const takesNext = t.startsWith('--') ? !t.includes('=') && !LONG_FLAGS.has(t.slice(2).toLowerCase()) : t.length === 2 && SHORT_WITH_VALUE.has(t[1]);
      if (takesNext && next && !next.sep && !next.text.startsWith('-')) opts.push(words[++j]);
    }
    const probe: Directives = {};
    readOptions(opts, probe, (offset) => index.lineAt(offset), 'srun');
    // Only an srun that asks for GPUs is the job's allocation (`srun hostname` is not).
    if (probe.gres || probe.gpus || probe.gpusPerNode || probe.gpusPerTask) return probe;
    i = j - 1;
  }
  return directives;
}

/**
 * Options as `#SBATCH` lines and the `sbatch` command line write them (`--gres=gpu:4`, `-t 20:00:00`,
 * `-N2`), into `directives` (the first value of each key wins). Stops at nothing: the caller passes
 * only the option words. `lineOf` gives the 0-based line of a word's offset.
 */
export function readOptions(words: Word[], directives: Directives, lineOf: (offset: number) => number, via?: 'sbatch' | 'srun'): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    let key: SbatchKey | undefined;
    let v: { raw: string; start: number } | undefined;
    let option = w.text;
    if (w.text.startsWith('--')) {
      const eq = w.text.indexOf('=');
      const name = (eq >= 0 ? w.text.slice(2, eq) : w.text.slice(2)).toLowerCase();
      option = eq >= 0 ? w.text.slice(0, eq) : w.text;
      key = LONG[name];
      if (eq >= 0) v = { raw: w.text.slice(eq + 1), start: w.textStart + eq + 1 };
      else if (!LONG_FLAGS.has(name) && words[i + 1] && !words[i + 1].text.startsWith('-')) {
        v = { raw: words[i + 1].text, start: words[i + 1].textStart };
        i++;
      }
    } else if (/^-[A-Za-z]/.test(w.text)) {
      const letter = w.text[1];
      option = `-${letter}`;
      key = SHORT[letter];
      if (w.text.length > 2) v = { raw: w.text.slice(w.text[2] === '=' ? 3 : 2), start: w.textStart + (w.text[2] === '=' ? 3 : 2) };
      else if (SHORT_WITH_VALUE.has(letter) && words[i + 1]) {
        v = { raw: words[i + 1].text, start: words[i + 1].textStart };
        i++;
      }
    }
    if (!key || !v || directives[key]) continue;
    directives[key] = { option, raw: v.raw, start: v.start, end: v.start + v.raw.length, optionStart: w.textStart, line: lineOf(w.textStart), ...(via ? { via } : {}) };
  }
}

/**
 * Hours of a Slurm time limit: `minutes`, `minutes:seconds`, `hours:minutes:seconds`, `days-hours`,
 * `days-hours:minutes`, `days-hours:minutes:seconds`. Undefined for `UNLIMITED`, `0` (no limit) or junk.
 */
export function slurmHours(raw: string): number | undefined {
  const s = raw.trim();
  let sec: number | undefined;
  let m = /^(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(s);
  if (m) sec = Number(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  else if ((m = /^(\d+):(\d+):(\d+)$/.exec(s))) sec = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  else if ((m = /^(\d+):(\d+)$/.exec(s))) sec = Number(m[1]) * 60 + Number(m[2]);
  else if ((m = /^(\d+)$/.exec(s))) sec = Number(m[1]) * 60;
  return sec !== undefined && sec > 0 ? sec / 3600 : undefined;
}

/** `gpu:4`, `gpu:a100:4`, `gpu:a100` (one), `gpu` (one), in a comma list with other resources. */
export function gresGpus(raw: string): { count: number; type?: string; countAt?: [number, number]; typeAt?: [number, number] } | undefined {
  let at = 0;
  for (const part of raw.split(',')) {
    const fields = part.split(':');
    if (fields[0].trim().toLowerCase() === 'gpu') {
      const last = fields[fields.length - 1];
      const n = fields.length > 1 && /^\d+$/.test(last.trim()) ? Number(last) : undefined;
      const type = fields.length > 2 || (fields.length === 2 && n === undefined) ? fields[1] : undefined;
      const countStart = at + part.length - last.length;
      const typeStart = at + fields[0].length + 1;
      return {
        count: n ?? 1,
        type: type || undefined,
        countAt: n !== undefined ? [countStart, countStart + last.length] : undefined,
        typeAt: type ? [typeStart, typeStart + type.length] : undefined,
      };
    }
    at += part.length + 1;
  }
  return undefined;
}

/** `--gpus=8`, `--gpus=a100:8`, `--gpus-per-node=h100:4`. */
export function typedCount(raw: string): { count?: number; type?: string; countAt?: [number, number]; typeAt?: [number, number] } {
  const colon = raw.lastIndexOf(':');
  const num = raw.slice(colon + 1);
  const count = /^\d+$/.test(num.trim()) ? Number(num) : undefined;
  return colon > 0
    ? { count, type: raw.slice(0, colon), countAt: [colon + 1, raw.length], typeAt: [0, colon] }
    : { count, countAt: count !== undefined ? [0, raw.length] : undefined };
}

/** The smallest node count of `2` or `2-4` (Slurm starts the job with at least the minimum). */
export function nodeCount(raw: string): number | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  return m ? Number(m[1]) : undefined;
}

/** Array tasks counted at most (sbatch's own MaxArraySize default is 1001). */
const MAX_ARRAY_TASKS = 100_000;

/**
 * Tasks of a job array, `--array=1-64`, `0,1,2,3`, `0-18:2%5` (sbatch manual): each task is a job with
 * the same allocation. The `%N` suffix limits how many run at once, not how many run. Undefined for
 * anything else (`$VAR`, malformed).
 */
export function arrayTasks(raw: string): number | undefined {
  const spec = raw.replace(/%\d+$/, '');
  if (!spec || spec.length > 1000) return undefined;
  let n = 0;
  for (const part of spec.split(',')) {
    const m = /^(\d{1,9})(?:-(\d{1,9})(?::(\d{1,9}))?)?$/.exec(part.trim());
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (b < a || step < 1) return undefined;
    n += Math.floor((b - a) / step) + 1;
    if (n > MAX_ARRAY_TASKS) return undefined;
  }
  return n > 0 ? n : undefined;
}
