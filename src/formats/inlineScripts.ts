// `srun bash -c "torchrun … train.py --epochs 3"` (also `eval "$CMD"` and `sbatch --wrap="…"`): Slurm scripts often hand the launch to a shell as
// one quoted argument, so the launcher and its flags are a single word to the script reader. This
// splits such an argument into its own words, in place, so the same readers see them. Each inner word
// points at where its text stands inside the quoted argument (found left to right), or at the
// argument's start when the quoting changed it beyond recognition.
import { shellWords, type Word } from './launcherFlags';
import type { ExpandedScript } from './shellVars';

/** Shells whose `-c` argument is a script. */
const SHELLS = /^(?:ba|z|da)?sh$/;
const WRAP_EQ = '--wrap=';
/** Inline scripts read at most: a launch line, not a program. */
const MAX_INLINE_CHARS = 20_000;

function base(w: string): string {
  return w.slice(w.lastIndexOf('/') + 1);
}

/** The words of `x` with every `bash -c "<script>"` (or `eval "<script>"`) argument replaced by the script's words. */
export function spliceInlineScripts(x: ExpandedScript): ExpandedScript {
  const w = x.words;
  let hits = 0;
  for (let i = 1; i < w.length; i++) if (isInline(w, i)) hits++;
  if (!hits) return x;
  const words: Word[] = [];
  // Old index → new index, for the maps keyed by word index.
  const moved = new Map<number, number>();
  for (let i = 0; i < w.length; i++) {
    moved.set(i, words.length);
    if (!isInline(w, i)) {
      words.push(w[i]);
      continue;
    }
    const outer = w[i];
    // `--wrap=<script>`: the script starts after the option's name, and is a command of its own.
    const skip = outer.text.startsWith(WRAP_EQ) ? WRAP_EQ.length : 0;
    if (skip || w[i - 1]?.text === '--wrap') words.push({ text: '', start: outer.start, end: outer.start, textStart: outer.start, sep: true });
    let cursor = outer.textStart + skip;
    const limit = outer.end;
    for (const inner of shellWords(outer.text.slice(skip))) {
      if (inner.sep) {
        words.push({ text: '', start: cursor, end: cursor, textStart: cursor, sep: true });
        continue;
      }
      const found = inner.text ? x.src.text.indexOf(inner.text, cursor) : -1;
      const at = found >= 0 && found + inner.text.length <= limit ? found : outer.textStart;
      if (found >= 0 && at === found) cursor = found + inner.text.length;
      words.push({ text: inner.text, start: at, end: at + inner.text.length, textStart: at });
    }
    // The inline script ends where its argument does: flags after it belong to the outer command.
    words.push({ text: '', start: limit, end: limit, textStart: limit, sep: true });
  }
  const remap = <T>(m: Map<number, T>): Map<number, T> => {
    const out = new Map<number, T>();
    for (const [k, v] of m) out.set(moved.get(k) ?? k, v);
    return out;
  };
  return { ...x, words, varsAtCommand: remap(x.varsAtCommand), usesOf: remap(x.usesOf) };
}

function isInline(w: Word[], i: number): boolean {
  const t = w[i].text;
  if (w[i].sep || !/\s/.test(t.trim()) || t.length > MAX_INLINE_CHARS) return false;
  // `bash -c "<script>"`, and `eval "$CMD"` once $CMD is substituted (trl's commands/run_sft.sh builds the
  // accelerate launch in a string and evals it).
  const shellC = i >= 2 && w[i - 1].text === '-c' && !w[i - 1].sep && SHELLS.test(base(w[i - 2].text));
  const evalArg = i >= 1 && w[i - 1].text === 'eval' && !w[i - 1].sep && (i === 1 || w[i - 2].sep === true);
  // `sbatch … --wrap="python train.py …"` (or `--wrap "…"`): Slurm runs the string as the job's script.
  const wrapArg = t.startsWith(WRAP_EQ) || (i >= 1 && w[i - 1].text === '--wrap' && !w[i - 1].sep);
  return shellC || evalArg || wrapArg;
}
