// Where a notebook run is configured and where it is started, when those are different cells: a user
// reads the TrainingArguments cell and runs the `trainer.train()` cell (or `!accelerate launch …`, a
// `%%bash` cell with torchrun), and the lens belongs on both (issue 16 §6). The run's own anchor is
// one of them; this adds the other as `alsoAnchors`.
// Shell lines are matched by words (split on spaces, no regex), so no file text meets a backtracking pattern.
import type { RunSpec, SourceRange } from '../../core/runSpec';
import { chunkAt, contextOf, findAnchors, type PyProgram } from './pyRuns';

/** Lines of one cell looked at for a launch; a cell longer than this is data, not a launch. */
const MAX_LINES = 2000;
const SHELL_CELLS = ['%%bash', '%%sh', '%%script bash', '%%script sh'];

/** True for a shell command that starts training: accelerate launch, torchrun, deepspeed, torch.distributed. */
export function isLaunchCommand(command: string): boolean {
  const words = command.split(' ').filter(Boolean).slice(0, 12);
  // Leading `VAR=value` environment assignments (CUDA_VISIBLE_DEVICES=0 torchrun …).
  while (words.length && words[0].includes('=') && !words[0].startsWith('-')) words.shift();
  const [w0, w1, w2] = words;
  if (w0 === 'accelerate') return w1 === 'launch';
  if (w0 === 'torchrun' || w0 === 'deepspeed') return true;
  if (w0 === 'python' || w0 === 'python3') return w1 === '-m' && (w2 === 'torch.distributed.run' || w2 === 'torch.distributed.launch');
  return false;
}

/** Each chunk's first launch line: `!` lines in a Python cell, every line of a `%%bash`/`%%sh` cell. */
function launchLines(p: PyProgram): { chunk: number; range: SourceRange }[] {
  const out: { chunk: number; range: SourceRange }[] = [];
  p.chunks.forEach((c, i) => {
    const text = c.src.text;
    const first = text.trimStart().split('\n', 1)[0].trim();
    const shell = SHELL_CELLS.some((m) => first === m || first.startsWith(`${m} `));
    let offset = 0;
    let n = 0;
    for (const line of text.split('\n', MAX_LINES)) {
      const t = line.trim();
      const command = shell ? (t.startsWith('%%') ? '' : t) : t.startsWith('!') ? t.slice(1) : '';
      if (command && isLaunchCommand(command)) {
        const col = line.indexOf(t);
        out.push({ chunk: i, range: c.src.range(offset + col, offset + col + t.length) });
        return;
      }
      offset += line.length + 1;
      if (++n >= MAX_LINES) return;
    }
  });
  return out;
}

/** Adds `alsoAnchors` to the runs `pyRuns(p)` returned (same order as `findAnchors(p)`). */
export function addNotebookAnchors(p: PyProgram, runs: RunSpec[]): RunSpec[] {
  const anchors = findAnchors(p);
  let launches: { chunk: number; range: SourceRange }[] | undefined;
  return runs.map((run, i) => {
    const a = anchors[i];
    if (!a) return run;
    const here = chunkAt(p, a.call.start);
    const also: NonNullable<RunSpec['alsoAnchors']> = [];
    if (a.kind === 'config') {
      // No Python call starts it: a shell launch after the configuring cell does (the first one).
      launches ??= launchLines(p);
      const start = launches.find((l) => l.chunk > here);
      if (start) also.push({ range: start.range, role: 'starts' });
    } else {
      // `trainer.train()` starts it; the training arguments (or the trainer) may be set up in an earlier cell.
      const ctx = contextOf(p, a);
      const setup = ctx.ta ?? a.maker;
      const at = setup ? chunkAt(p, setup.start) : here;
      const range = p.chunks[at].anchor;
      if (at !== here && range) also.push({ range, role: 'configures' });
    }
    return also.length ? { ...run, alsoAnchors: also } : run;
  });
}
