// Launch scripts: `.sh` files that start a run (`torchrun … train.py --num_train_epochs 3`) and Slurm
// batch scripts (`#SBATCH --gres=gpu:a100:4`). They hold what configs leave out — GPU count and type,
// nodes, model, epochs — and a time limit, which is an upper bound only. Variables are substituted
// first (shellVars.ts), so the launcher and training-flag readers shared with SkyPilot and
// Kubernetes see values, not `$NUM_GPUS`.
import type { RunInputs, RunSpec, SourceRange, Sourced } from '../../core/runSpec';
import { derived, normalizePrecision, setIfAbsent } from '../fields';
import { acceleratorsOf, describeLaunch, findLaunchers, type LaunchFacts, type Word } from '../launcherFlags';
import { arrayTasks, gresGpus, nodeCount, readDirectives, readSbatchCommand, readSrunCommand, slurmHours, typedCount, type Directives, type SbatchValue } from '../sbatch';
import { expandScript, predefinedVar, type ExpandedScript, type ShellAssignment } from '../shellVars';
import type { FormatHandler, FormatInput } from '../types';
import type { LineIndex } from '../lineIndex';
import { deviceName } from './hardwareNames';
import { findAccelerator } from '../../core/catalog';
import { factsFromLaunch, servingInputs } from './servingFacts';
import { applyTrainingFlags } from './trainFlags';
import { hydraWords, skyLaunchInputs, yoloWords } from '../cliLaunchers';
import { applyLlmcFlags, LLMC_BINARY } from '../llmcFlags';
import { spliceInlineScripts } from '../inlineScripts';
import { skimLaterLaunches, type LaunchTests } from '../shellSkim';
import { applyEntryScript, applyFlatConfig, entryFacts } from './entryDefaults';
import { applyTorchtuneBuiltin } from './torchtuneBuiltins';
import { cpuOnlyJob } from '../slurmCpu';
import { applyNameHints, type NamedText } from '../nameHints';
import { lastBefore } from '../sourceOrder';

/** Launchers these scripts start, including ones with no GPU flags of their own (config-driven CLIs). */
const LAUNCH_LINE = /(?:^|[\s;&|=(/])(?:torchrun|deepspeed|accelerate\s+launch|tune\s+run|llamafactory-cli\s+train|axolotl\s+train|litgpt\s+(?:finetune\w*|pretrain)|sky\s+(?:jobs\s+)?launch|yolo\s+(?:(?:detect|segment|classify|pose|obb)\s+)?train|vllm\s+serve|text-generation-launcher|python[\d.]*\s+-m\s+(?:torch\.distributed\.(?:run|launch)|axolotl\.cli\.train|vllm\.entrypoints|llamafactory|llama_(?:recipes|cookbook)\.finetuning)|vllm\/vllm-openai|text-generation-inference|train_gpt2(?:cu|fp32cu)?)\b/m;
/** A plain `python train.py` with Hugging Face training flags. */
const PY_TRAIN = /(?:^|\s)python[\d.]*\s+\S+\.py\b[\s\S]{0,2000}?--(?:model_name_or_path|num_train_epochs|max_steps|per_device_train_batch_size|num_epochs|n_epochs|max_epochs)\b/;
/** `python train.py trainer.max_epochs=3`: a Hydra launch with a training length. */
const PY_HYDRA = /(?:^|\s)python[\d.]*\s+\S+\.py\b[^\n]{0,2000}?\s(?:trainer\.)?max_(?:epochs|steps)=/;
const SBATCH_LINE = /^[ \t]*#SBATCH\b/m;
/** A job submitted from the command line with GPU options (`sbatch --gres=gpu:4 … --wrap="…"`). */
const SBATCH_CLI = /(?:^|[\s;&|(])sbatch[ \t][\s\S]{0,2000}?--(?:gres|gpus(?:-per-node)?)[=\s]/m;
/** A job started by `srun` with GPU options and no batch script around it (OpenMMLab's slurm_train.sh). */
const SRUN_CLI = /(?:^|[\s;&|(])srun[ \t][\s\S]{0,2000}?--(?:gres|gpus(?:-per-(?:node|task))?)[=\s]/m;
/** A word that may start a launcher (a name, a `python`, or a serving image). */
const LAUNCHER_WORD = /torchrun|deepspeed|accelerate|tune|vllm|text-generation|llamafactory|axolotl|litgpt|python|sky|yolo|train_gpt2/i;

const DETECT_WINDOW = 1_000_000;

interface Command {
  /** Index of the command's first word and one past its last in `ExpandedScript.words`. */
  from: number;
  to: number;
  /** The word that starts the launcher, and what kind. */
  at: number;
  kind: 'train' | 'serve';
  tool: string;
  launch?: LaunchFacts;
}

interface Shape {
  sbatch: boolean;
  /** No `#SBATCH` line, but an `sbatch` command with GPU options: its options are the directives. */
  sbatchCli?: boolean;
  /** Neither, but an `srun` command with GPU options: its options (variables substituted) are. */
  srunCli?: boolean;
  launcher: boolean;
  pyTrain: boolean;
}

const shapes = new WeakMap<FormatInput, Shape>();

function shapeOf(input: FormatInput): Shape {
  let s = shapes.get(input);
  if (!s) {
    const head = input.text.length > DETECT_WINDOW ? input.text.slice(0, DETECT_WINDOW) : input.text;
    const sbatchCli = !SBATCH_LINE.test(head) && SBATCH_CLI.test(head);
    // The bounded look-ahead runs only when the options it looks for are in the text at all.
    const srunCli = !sbatchCli && (head.includes('--gres') || head.includes('--gpus')) && !SBATCH_LINE.test(head) && SRUN_CLI.test(head);
    s = { sbatch: sbatchCli || srunCli || SBATCH_LINE.test(head), sbatchCli, srunCli, launcher: LAUNCH_LINE.test(head), pyTrain: PY_TRAIN.test(head) || PY_HYDRA.test(head) };
    shapes.set(input, s);
  }
  return s;
}

function base(w: string): string {
  return w.slice(w.lastIndexOf('/') + 1).toLowerCase();
}

/** Python's own switches that take no value (`-u`, `-OO`, `-bB`): `python -u train.py`. */
const PY_SWITCH = /^-[bBdEiIOqsSuv]{1,4}$/;

/** Config-driven launchers that launcherFlags does not know (they take no GPU flags). */
function cliAt(words: Word[], i: number): { tool: string; kind: 'train' | 'serve' } | undefined {
  const w = base(words[i].text);
  const next = words[i + 1]?.sep ? '' : words[i + 1]?.text ?? '';
  if (w === 'llamafactory-cli' && next === 'train') return { tool: 'llamafactory-cli train', kind: 'train' };
  if (w === 'axolotl' && next === 'train') return { tool: 'axolotl train', kind: 'train' };
  // `sky launch task.yaml --gpus A100:8`: the task file is the run, the flags override its resources.
  if (w === 'sky' && (next === 'launch' || (next === 'jobs' && words[i + 2]?.text === 'launch'))) return { tool: 'sky launch', kind: 'train' };
  if (w === 'yolo' && (next === 'train' || (/^(detect|segment|classify|pose|obb)$/.test(next) && words[i + 2]?.text === 'train'))) return { tool: 'yolo train', kind: 'train' };
  if (w === 'litgpt' && (next === 'finetune' || next === 'pretrain' || next.startsWith('finetune_'))) return { tool: `litgpt ${next}`, kind: 'train' };
  if (/^python[\d.]*$/.test(w) && next === '-m') {
    const mod = words[i + 2]?.text ?? '';
    if (mod === 'axolotl.cli.train') return { tool: 'axolotl train', kind: 'train' };
    if (mod === 'llamafactory.cli' || mod === 'llamafactory.launcher') return { tool: 'llamafactory-cli train', kind: 'train' };
    if (mod === 'llama_recipes.finetuning' || mod === 'llama_cookbook.finetuning') return { tool: 'llama-recipes', kind: 'train' };
  }
  if (/^python[\d.]*$/.test(w) && /\.py$/i.test(next)) return { tool: 'python', kind: 'train' };
  // `python -u tools/train.py`: the interpreter's own switches (unbuffered, optimise…) come first.
  if (/^python[\d.]*$/.test(w) && PY_SWITCH.test(next)) {
    let k = i + 1;
    while (k < i + 5 && words[k] && !words[k].sep && PY_SWITCH.test(words[k].text)) k++;
    if (words[k] && !words[k].sep && /\.py$/i.test(words[k].text)) return { tool: 'python', kind: 'train' };
  }
  // `python -m pkg.train`: a module of the workspace, read like `python pkg/train.py`.
  if (/^python[\d.]*$/.test(w) && next === '-m' && moduleFile(words[i + 2]?.text ?? '')) return { tool: 'python', kind: 'train' };
  if (LLMC_BINARY.test(w)) return { tool: 'llm.c', kind: 'train' };
  return undefined;
}

/** Commands that run another command (`srun torchrun …`, `nohup vllm serve …`, `docker run … image`). */
const WRAPPERS = new Set(['srun', 'eval', 'nohup', 'exec', 'time', 'env', 'sudo', 'uv', 'poetry', 'conda', 'pixi', 'mpirun', 'mpiexec', 'singularity', 'apptainer', 'docker', 'podman', 'enroot', 'numactl', 'taskset', 'stdbuf', 'timeout', 'xargs']);

/**
 * Whether word i is where a command starts its program: the first word after any `VAR=value`
 * prefixes, or any word of a wrapper's command line. `pip install deepspeed` starts no run.
 */
function startsCommand(w: Word[], from: number, i: number): boolean {
  let first = from;
  while (first < i && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[first].text)) first++;
  return first === i || WRAPPERS.has(base(w[first].text));
}

/** Words of one command looked at as a possible program start (a wrapper's own flags come first). */
const MAX_LOOKS_PER_COMMAND = 16;

/** Every command that starts a run, with its words' extent. */
/** Launcher names counted (not read) once the estimated launch is found. */
const LAUNCH_NAMES = new Set(['torchrun', 'deepspeed', 'accelerate', 'tune', 'vllm', 'text-generation-launcher', 'llamafactory-cli', 'axolotl', 'litgpt', 'sky', 'yolo']);

/**
 * The commands that start a run, up to and including the first training one (the one estimated);
 * later launches are only counted, so a 10 000-line sweep script is not read flag by flag.
 */
function commandsOf(x: ExpandedScript): { commands: Command[]; laterLaunches: number; plainPython?: Command } {
  const out: Command[] = [];
  const w = x.words;
  let from = 0;
  let to = 0;
  let later = 0;
  let trained = false;
  // A plain `python job.py` with no training flags: the work of a Slurm job when nothing else is.
  let plainPython: Command | undefined;
  let looked = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i].sep) { from = i + 1; looked = 0; continue; }
    // Only words that can start a launcher are looked at closely (a long script is mostly other commands).
    if (!LAUNCHER_WORD.test(w[i].text)) continue;
    if (to <= i) {
      to = i;
      while (to < w.length && !w[to].sep) to++;
    }
    if (!startsCommand(w, from, i)) continue;
    // Under a wrapper every word may start the program (`srun python python …`); each look reads the
    // rest of the command, so a command gets a bounded number of looks (linear on hostile text).
    if (++looked > MAX_LOOKS_PER_COMMAND) {
      i = to - 1;
      continue;
    }
    if (trained) {
      if (LAUNCH_NAMES.has(base(w[i].text))) {
        later++;
        i = to - 1;
      }
      continue;
    }
    const launch = findLaunchers(w.slice(i, to))[0];
    const cli = cliAt(w, i);
    if (launch && launch.start === w[i].textStart) {
      const kind = launch.tool === 'vllm' || launch.tool === 'tgi' ? 'serve' : 'train';
      out.push({ from, to, at: i, kind, tool: launch.tool, launch });
      trained ||= kind === 'train';
      i = to - 1;
    } else if (cli) {
      // `python train.py` counts only with training flags: `python download.py` starts no run.
      // A length of training (`--num_epochs 3`, `--max_epochs`) makes a training run of any script, as the
      // Hugging Face flags do (sotopia-rl's `train_sft.py --model_name … --num_epochs 3`).
      if (cli.tool !== 'python' || w.slice(i, to).some((x) => /^--(model_name_or_path|num_train_epochs|max_steps|per_device_train_batch_size|num_epochs|n_epochs|max_epochs)\b/.test(x.text) || /^\+{0,2}(?:trainer\.)?max_(?:epochs|steps)=/.test(x.text))) {
        out.push({ from, to, at: i, kind: cli.kind, tool: cli.tool });
        trained ||= cli.kind === 'train';
        i = to - 1;
      } else plainPython ??= { from, to, at: i, kind: 'train', tool: 'python' };
    }
  }
  return { commands: out, laterLaunches: later, plainPython };
}

/** `mpirun -np 8 ./train_gpt2cu`: the process count MPI starts, one per GPU. */
function mpiProcesses(w: Word[], from: number, at: number): Word | undefined {
  for (let i = from; i < at - 1; i++) {
    if (/^(mpirun|mpiexec)$/.test(base(w[i].text))) {
      for (let k = i + 1; k < at - 1; k++) if (/^(-np|-n|--np|-c)$/.test(w[k].text) && /^\d+$/.test(w[k + 1].text) && Number(w[k + 1].text) > 0) return w[k + 1];
    }
  }
  return undefined;
}

/** llm.c's own multi-node flag, `-pn 32` (num_processes), when no launcher counts the processes. */
function llmcProcesses(w: Word[], at: number, to: number): Word | undefined {
  for (let i = at + 1; i < to - 1; i++) if (w[i].text === '-pn' && /^\d+$/.test(w[i + 1].text) && Number(w[i + 1].text) > 0) return w[i + 1];
  return undefined;
}

// ──── Slurm allocation ────

interface Allocation {
  nodes?: Sourced<number>;
  /** GPUs across the job. */
  count?: Sourced<number>;
  hardware?: Sourced<string>;
  maxHours?: Sourced<number>;
  /** Tasks of a job array: each one a job with this allocation. */
  trials?: Sourced<number>;
  /** No GPU requested anywhere: count and hardware are CPU cores (slurmCpu.ts). */
  cpuOnly?: boolean;
  notes: string[];
}

function at(input: FormatInput, v: SbatchValue, span?: [number, number]): { range: SourceRange; keyRange: SourceRange; key: string } {
  const s = span ? v.start + span[0] : v.start;
  const e = span ? v.start + span[1] : v.end;
  return { range: input.index.range(s, e), keyRange: input.index.range(v.optionStart, v.optionStart + v.option.length), key: v.option.replace(/^-+/, '') };
}

function hardwareHint(input: FormatInput, v: SbatchValue | undefined, typeAt?: [number, number]): Sourced<string> | undefined {
  if (!v) return undefined;
  const text = typeAt ? v.raw.slice(typeAt[0], typeAt[1]) : v.raw;
  // Constraints and partitions combine names: `a100&80gb`, `gpu-h100`, `h100|a100`.
  const candidates = typeAt ? [text] : [text, ...text.split(/[&|,[\]()*\s]+/), ...text.split(/[&|,[\]()*\s_-]+/)];
  for (const c of candidates) {
    const d = c && deviceName(c);
    if (d) {
      const off = v.raw.indexOf(c);
      const span: [number, number] | undefined = typeAt ?? (off >= 0 ? [off, off + c.length] : undefined);
      return { value: d.hardware, origin: typeAt ? 'file' : 'inferred', ...at(input, v, span), note: `\`${v.via ?? '#SBATCH'} ${v.option}${v.option.startsWith('--') ? '=' : ' '}${v.raw}\`: ${d.note}` };
    }
  }
  return undefined;
}

function allocation(input: FormatInput, d: Directives): Allocation {
  const notes: string[] = [];
  const a: Allocation = { notes };
  const n = d.nodes && nodeCount(d.nodes.raw);
  if (d.nodes && n) {
    a.nodes = { value: n, origin: 'file', ...at(input, d.nodes) };
    if (/-/.test(d.nodes.raw)) notes.push(`\`${d.nodes.via ?? '#SBATCH'} ${d.nodes.option}=${d.nodes.raw}\` is a range of nodes: estimated at the minimum, ${n}.`);
  }
  // No --nodes: Slurm allocates enough nodes for the tasks, ceil(--ntasks / --ntasks-per-node) (sbatch(1)).
  if (!a.nodes && d.ntasks && d.ntasksPerNode && /^\d+$/.test(d.ntasks.raw) && /^\d+$/.test(d.ntasksPerNode.raw) && Number(d.ntasksPerNode.raw) > 0) {
    const tasks = Number(d.ntasks.raw);
    const per = Number(d.ntasksPerNode.raw);
    const inferred = Math.ceil(tasks / per);
    if (inferred > 1) a.nodes = { value: inferred, origin: 'inferred', ...at(input, d.ntasks), note: `--ntasks=${tasks} at --ntasks-per-node=${per}: ${inferred} nodes` };
  }
  const nodes = a.nodes?.value ?? 1;
  const perNodeTotal = (per: number, src: Sourced<number>, what: string): Sourced<number> =>
    nodes > 1 ? derived(per * nodes, src, `${per} ${what} × ${nodes} nodes`) : src;

  if (d.gpus) {
    const t = typedCount(d.gpus.raw);
    if (t.count) a.count = { value: t.count, origin: 'file', ...at(input, d.gpus, t.countAt), note: 'GPUs for the whole job' };
    if (t.type) a.hardware = hardwareHint(input, d.gpus, t.typeAt);
  }
  if (!a.count && d.gpusPerNode) {
    const t = typedCount(d.gpusPerNode.raw);
    if (t.count) a.count = perNodeTotal(t.count, { value: t.count, origin: 'file', ...at(input, d.gpusPerNode, t.countAt) }, 'GPUs per node');
    if (t.type) a.hardware ??= hardwareHint(input, d.gpusPerNode, t.typeAt);
  }
  if (d.gres) {
    const g = gresGpus(d.gres.raw);
    if (g && !a.count) a.count = perNodeTotal(g.count, { value: g.count, origin: g.countAt ? 'file' : 'inferred', ...at(input, d.gres, g.countAt), note: g.countAt ? undefined : '`gpu` without a count is one GPU' }, 'GPUs per node (gres)');
    if (g?.type) a.hardware ??= hardwareHint(input, d.gres, g.typeAt);
  }
  if (!a.count && d.gpusPerTask) {
    const t = typedCount(d.gpusPerTask.raw);
    const perNodeTasks = d.ntasksPerNode && /^\d+$/.test(d.ntasksPerNode.raw) ? Number(d.ntasksPerNode.raw) : undefined;
    const tasks = d.ntasks && /^\d+$/.test(d.ntasks.raw) ? Number(d.ntasks.raw) : undefined;
    if (t.count && perNodeTasks) {
      a.count = derived(t.count * perNodeTasks * nodes, { value: t.count, origin: 'file', ...at(input, d.gpusPerTask, t.countAt) }, `${t.count} GPU per task × ${perNodeTasks} tasks per node${nodes > 1 ? ` × ${nodes} nodes` : ''}`);
    } else if (t.count && tasks) {
      a.count = derived(t.count * tasks, { value: t.count, origin: 'file', ...at(input, d.gpusPerTask, t.countAt) }, `${t.count} GPU per task × ${tasks} tasks`);
    } else if (t.count) a.count = perNodeTotal(t.count, { value: t.count, origin: 'inferred', ...at(input, d.gpusPerTask, t.countAt), note: 'one task per node assumed' }, 'GPUs per task');
    if (t.type) a.hardware ??= hardwareHint(input, d.gpusPerTask, t.typeAt);
  }
  a.hardware ??= hardwareHint(input, d.constraint) ?? hardwareHint(input, d.partition);
  // A partition named `cpu` resolves to the per-vCPU device: still a CPU job, counted in cores.
  if (!a.count && (!a.hardware || findAccelerator(a.hardware.value)?.id === 'cpu-vcpu')) {
    const cpu = cpuOnlyJob(d, input.text, (v) => input.index.range(v.start, v.end));
    if (cpu) {
      a.count = cpu.count;
      a.hardware = cpu.hardware;
      a.cpuOnly = true;
      notes.push(cpu.note);
    }
  }

  if (d.array) {
    const n = arrayTasks(d.array.raw);
    if (n && n > 1) a.trials = { value: n, origin: 'file', ...at(input, d.array), note: `Slurm job array of ${n} tasks, each a job with this allocation` };
  }
  if (d.time) {
    const h = slurmHours(d.time.raw);
    const line = d.time.line + 1;
    if (h !== undefined) {
      a.maxHours = { value: h, origin: 'file', ...at(input, d.time), note: 'Slurm time limit' };
      notes.push(`Slurm time limit ${fmtHours(h)} (\`${d.time.via ?? '#SBATCH'} ${d.time.option} ${d.time.raw}\`, line ${line}): an upper bound, not the runtime.`);
    } else notes.push(`Slurm time limit \`${d.time.raw}\` (line ${line}) sets no bound Carbon Lens can read.`);
  }
  return a;
}

function fmtHours(h: number): string {
  return Number.isInteger(h) ? `${h} h` : `${Number(h.toPrecision(3))} h`;
}

// ──── Variables that count GPUs ────

function assignmentSourced(input: FormatInput, a: ShellAssignment, value: number, note: string): Sourced<number> {
  return { value, origin: 'file', key: a.name, range: input.index.range(a.valueStart, a.valueEnd), keyRange: input.index.range(a.nameStart, a.nameStart + a.name.length), note };
}

/** GPUs per node named by the environment of a command: `CUDA_VISIBLE_DEVICES=0,1`, `NUM_GPUS=4`. */
function countFromVars(input: FormatInput, vars: Map<string, ShellAssignment> | undefined): Sourced<number> | undefined {
  if (!vars) return undefined;
  const cvd = vars.get('CUDA_VISIBLE_DEVICES');
  if (cvd) {
    const ids = cvd.value.text.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length && ids.every((s) => /^(\d+|GPU-[\w-]+|MIG-[\w/-]+)$/.test(s))) return assignmentSourced(input, cvd, ids.length, `CUDA_VISIBLE_DEVICES lists ${ids.length} device${ids.length > 1 ? 's' : ''}`);
  }
  for (const name of ['NUM_GPUS', 'N_GPUS', 'NGPUS', 'GPU_NUM', 'NUM_GPU', 'GPUS', 'GPUS_PER_NODE', 'NPROC_PER_NODE']) {
    const a = vars.get(name);
    if (a && /^\d+$/.test(a.value.text.trim()) && Number(a.value.text) > 0) return assignmentSourced(input, a, Number(a.value.text), `${name}=${a.value.text}`);
  }
  return undefined;
}

// ──── References ────

const CONFIG_FLAGS: Record<string, 'config' | 'deepspeed' | 'accelerate'> = {
  config: 'config', 'config-file': 'config', 'config-path': 'config', cfg: 'config', 'config-name': 'config',
  // torchtitan: `train.py --job.config_file train_configs/llama3_8b.toml`.
  'job.config-file': 'config',
  deepspeed: 'deepspeed', 'deepspeed-config': 'deepspeed', 'deepspeed-config-file': 'deepspeed',
};

interface Ref {
  path: string;
  /** `pyconfig`: a Python config module given to a config flag (`--config ./configs/7B_sft.py`), read for its literals only. */
  kind: 'config' | 'deepspeed' | 'accelerate' | 'script' | 'pyconfig';
  range: SourceRange;
}

/** After each `cd`/`pushd` of a script (word index `start`): the folder relative to the script's, or undefined once unknown. */
const cdMemo = new WeakMap<ExpandedScript, { start: number; dir: string | undefined }[]>();

function cdSteps(x: ExpandedScript): { start: number; dir: string | undefined }[] {
  let steps = cdMemo.get(x);
  if (steps) return steps;
  steps = [];
  let dir: string[] | undefined = [];
  const w = x.words;
  for (let i = 0; i < w.length; i++) {
    const starts = i === 0 || w[i - 1].sep;
    if (!starts || w[i].sep || (w[i].text !== 'cd' && w[i].text !== 'pushd')) continue;
    const arg = w[i + 1] && !w[i + 1].sep ? w[i + 1].text : '';
    if (!arg || arg.startsWith('/') || arg.startsWith('~') || arg.startsWith('-') || /[$`*?{}]/.test(arg)) dir = undefined;
    else if (dir) {
      for (const part of arg.split('/')) {
        if (part === '' || part === '.') continue;
        if (part !== '..') dir.push(part);
        // Above the script's own folder: not a place its references can be looked up from.
        else if (!dir.length) { dir = undefined; break; }
        else dir.pop();
      }
    }
    steps.push({ start: i, dir: dir && dir.join('/') });
  }
  cdMemo.set(x, steps);
  return steps;
}

/**
 * The folder a command runs in, relative to the script's: the literal `cd src` / `pushd src` commands
 * before it (kaggle_islr's `cd src` then `torchrun main.py`). '' = the script's own folder; undefined once
 * a `cd` goes somewhere the script does not say in literal words (`cd $DIR`, an absolute path).
 */
function workDirAt(x: ExpandedScript, c: Command): string | undefined {
  const steps = cdSteps(x);
  if (!steps.length) return '';
  return lastBefore(steps, c.from)?.dir ?? '';
}

function refsOf(x: ExpandedScript, c: Command): Ref[] {
  const inDir = workDirAt(x, c);
  return inDir ? refsAt(x, c).map((r) => (r.path.startsWith('/') ? r : { ...r, path: `${inDir}/${r.path.replace(/^\.\//, '')}` })) : refsAt(x, c);
}

function refsAt(x: ExpandedScript, c: Command): Ref[] {
  const refs: Ref[] = [];
  const w = x.words;
  const script = scriptIndex(x, c);
  for (let i = c.at; i < c.to; i++) {
    const t = w[i].text;
    let path: string | undefined;
    let start = w[i].textStart;
    let kind: Ref['kind'] = 'config';
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const flag = (eq >= 0 ? t.slice(2, eq) : t.slice(2)).toLowerCase().replace(/_/g, '-');
      // accelerate's own `--config_file` is an accelerate config; after the script it is the script's.
      const k = flag === 'config-file' && c.launch?.tool === 'accelerate' && i < scriptIndex(x, c) ? 'accelerate' : CONFIG_FLAGS[flag];
      if (!k) continue;
      kind = k;
      if (eq >= 0) { path = t.slice(eq + 1); start += eq + 1; } else if (i + 1 < c.to && !w[i + 1].text.startsWith('-')) { path = w[i + 1].text; start = w[i + 1].textStart; i++; }
    } else if (/\.(ya?ml|json)$/i.test(t) && !t.includes('=') && c.tool !== 'vllm' && c.tool !== 'tgi' && !isDataFlag(w[i - 1]?.text ?? '')) path = t;
    // The Python file the launcher runs (`torchrun train.py`): its TrainingArguments, model and
    // `.fit(...)` are read like any .py training script when the file is in the workspace.
    if (!path && i === script && /\.py$/i.test(t) && !/[$`*?]/.test(t)) {
      refs.push({ path: t, kind: 'script', range: x.src.range(w[i].textStart, w[i].textStart + t.length) });
      continue;
    }
    // `python -m pkg.train`: the module's file in the workspace, `pkg/train.py` (entryDefaults.ts).
    const mod = i === script && t === '-m' ? moduleFile(w[i + 1]?.text ?? '') : undefined;
    if (mod) {
      refs.push({ path: mod, kind: 'script', range: x.src.range(w[i + 1].textStart, w[i + 1].textStart + w[i + 1].text.length) });
      i++;
      continue;
    }
    if (path && kind === 'config' && t.startsWith('--') && /\.py$/i.test(path) && !/[$`*?]/.test(path)) {
      refs.push({ path, kind: 'pyconfig', range: x.src.range(start, start + path.length) });
      continue;
    }
    // A TOML config only after a config flag (torchtitan's --job.config_file, kohya's --config_file).
    if (path && (/\.(ya?ml|json)$/i.test(path) || (kind === 'config' && t.startsWith('--') && /\.toml$/i.test(path))) && !/[$`*?]/.test(path)) {
      if (/\.json$/i.test(path) && kind === 'config' && /ds|deepspeed|zero/i.test(path)) kind = 'deepspeed';
      refs.push({ path, kind, range: x.src.range(start, start + path.length) });
    }
  }
  return refs;
}

/** Index of the script a launcher runs (`train.py`, `-m module`), or the command's end. */
function scriptIndex(x: ExpandedScript, c: Command): number {
  for (let i = c.at + 1; i < c.to; i++) {
    const t = x.words[i].text;
    // `python -m torch.distributed.launch … train.py`: the launcher module, not the script.
    if (t === '-m' && LAUNCHER_MODULE.test(x.words[i + 1]?.text ?? '')) {
      i++;
      continue;
    }
    if (/\.py$/i.test(t) || t === '-m') return i;
  }
  return c.to;
}

const LAUNCHER_MODULE = /^torch\.distributed\.(run|launch)$/;

/** `python train.py $3` / `${1}`: the first argument after the script is one of this script's own. */
function positionalAfterScript(x: ExpandedScript, c: Command): { text: string; n: number } | undefined {
  const i = scriptIndex(x, c) + 1;
  const w = i < c.to ? x.words[i] : undefined;
  if (!w || w.sep) return undefined;
  const t = w.text.startsWith('${') && w.text.endsWith('}') ? w.text.slice(2, -1) : w.text.startsWith('$') ? w.text.slice(1) : '';
  return t.length === 1 && t >= '1' && t <= '9' ? { text: w.text, n: Number(t) } : undefined;
}

/** `pkg.sub.train` → `pkg/sub/train.py`, for a plain dotted module name (not a launcher's). */
function moduleFile(mod: string): string | undefined {
  if (mod.length > 200 || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(mod) || LAUNCHER_MODULE.test(mod)) return undefined;
  return `${mod.replace(/\./g, '/')}.py`;
}

/** Flags whose value is training data (`--data_path data.json`), not a config to read. */
function isDataFlag(t: string): boolean {
  // Two linear tests rather than one pattern with a repeated part on each side of the name.
  return t.length <= 100 && /^--?[\w-]+$/.test(t) && /data|train_file|validation_file|eval_file/i.test(t);
}

const REF_ORDER: Ref['kind'][] = ['config', 'script', 'accelerate', 'deepspeed'];

/**
 * The file whose values the run takes: a training config first, then the Python script the launcher
 * runs, then accelerate, then DeepSpeed — among the files at hand (`siblings`) when any is, so a
 * script that is not in the workspace does not hide the accelerate config that is.
 */
function primaryRef(refs: Ref[], siblings: ReadonlyMap<string, string>): Ref | undefined {
  const ordered = REF_ORDER.flatMap((k) => refs.filter((r) => r.kind === k));
  return ordered.find((r) => siblings.has(r.path)) ?? ordered[0];
}

// ──── The run ────

interface Parsed {
  x: ExpandedScript;
  directives: Directives;
  sbatchCount: number;
  firstSbatchLine?: number;
  commands: Command[];
  /** Launch commands after the first training one (counted for a note, not read). */
  laterLaunches: number;
  /** Variables Slurm sets from the directives. */
  predefined: ShellAssignment[];
  /** The first `python x.py` without training flags (a Slurm job's work when no launcher is found). */
  plainPython?: Command;
}

const parsedMemo = new WeakMap<FormatInput, Parsed>();

function parse(input: FormatInput): Parsed {
  let p = parsedMemo.get(input);
  if (p) return p;
  const read = readDirectives(input.text, input.index);
  const { count, firstLine } = read;
  const shape = shapeOf(input);
  let directives = shape.sbatchCli ? readSbatchCommand(input.text, input.index) : read.directives;
  // What Slurm puts in the environment of the job, pointing at the directive that sets it.
  const pre: ShellAssignment[] = [];
  const nodes = directives.nodes && nodeCount(directives.nodes.raw);
  if (directives.nodes && nodes) for (const name of ['SLURM_NNODES', 'SLURM_JOB_NUM_NODES']) pre.push(predefinedVar(name, String(nodes), directives.nodes.start, directives.nodes.end, directives.nodes.line));
  const g = directives.gres ? gresGpus(directives.gres.raw) : undefined;
  const perNode = directives.gpusPerNode ? typedCount(directives.gpusPerNode.raw) : undefined;
  const gv = perNode?.count ? { v: directives.gpusPerNode!, n: perNode.count, span: perNode.countAt } : g?.countAt ? { v: directives.gres!, n: g.count, span: g.countAt } : undefined;
  if (gv) {
    const s = gv.span ? gv.v.start + gv.span[0] : gv.v.start;
    const e = gv.span ? gv.v.start + gv.span[1] : gv.v.end;
    for (const name of ['SLURM_GPUS_ON_NODE', 'SLURM_GPUS_PER_NODE']) pre.push(predefinedVar(name, String(gv.n), s, e, gv.v.line));
  }
  if (directives.ntasksPerNode && /^\d+$/.test(directives.ntasksPerNode.raw)) pre.push(predefinedVar('SLURM_NTASKS_PER_NODE', directives.ntasksPerNode.raw, directives.ntasksPerNode.start, directives.ntasksPerNode.end, directives.ntasksPerNode.line));
  // A command-line srun job (small scripts) is read whole: its options are read from the substituted words.
  const head = readWhole || shape.srunCli ? undefined : headParse(input.text, input, pre);
  const x = head?.x ?? spliceInlineScripts(expandScript(input.text, input.index, pre));
  // `srun --gres=gpu:${GPUS_PER_NODE} …`: read after substitution, so the options hold numbers.
  if (shape.srunCli) directives = readSrunCommand(x.words, input.index);
  // A job submitted from the command line is a Slurm job too: its plain `python job.py` is its work.
  const submitted = count || (shape.sbatchCli || shape.srunCli ? 1 : 0);
  p = { x, directives, sbatchCount: submitted, firstSbatchLine: firstLine, ...(head?.commands ?? commandsOf(x)), predefined: pre };
  parsedMemo.set(input, p);
  return p;
}

const LAUNCH_TESTS: LaunchTests = {
  mayLaunch: (t) => LAUNCHER_WORD.test(t),
  isWrapper: (b) => WRAPPERS.has(b),
  isLaunchName: (b) => LAUNCH_NAMES.has(b),
  maxLooks: MAX_LOOKS_PER_COMMAND,
};

/** The first place a launch may start (the cheap detection patterns), or -1. `pyTrain`: shapeOf found a plain `python x.py` launch. */
function firstLaunchAt(text: string, pyTrain: boolean): number {
  let at = -1;
  // Without pyTrain neither Python pattern matches (shapeOf tested them on the same text): not scanned again.
  for (const re of pyTrain ? [LAUNCH_LINE, PY_TRAIN, PY_HYDRA] : [LAUNCH_LINE]) {
    const m = re.exec(text);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  return at;
}

/** Where the logical line holding offset `at` ends (backslash continuations followed): just after its newline, or -1. */
function logicalLineEnd(text: string, at: number): number {
  let nl = text.indexOf('\n', at);
  while (nl > 0 && (text[nl - 1] === '\\' || (text[nl - 1] === '\r' && text[nl - 2] === '\\'))) nl = text.indexOf('\n', nl + 1);
  return nl < 0 ? -1 : nl + 1;
}

/**
 * A script read whole up to the end of the line of its first launch, and only skimmed after it
 * (shellSkim.ts), when that head holds the training launch the estimate is built from and the
 * skim can count the launches after it exactly; otherwise undefined (the script is read whole).
 * The head's words, variables and commands are the whole script's (the cut is a command boundary
 * where the tokenizer holds no state, and the head is charged the whole script's budget).
 */
function headParse(text: string, input: FormatInput, pre: ShellAssignment[]): { x: ExpandedScript; commands: ReturnType<typeof commandsOf> } | undefined {
  const at = firstLaunchAt(text.length > DETECT_WINDOW ? text.slice(0, DETECT_WINDOW) : text, shapeOf(input).pyTrain);
  const cut = at < 0 ? -1 : logicalLineEnd(text, at);
  if (cut < 0 || cut >= text.length) return undefined;
  const x = spliceInlineScripts(expandScript(text.slice(0, cut), input.index, pre, text.length));
  const last = x.words[x.words.length - 1];
  // A quote or continuation still open at the cut, or the tokenizer's word cap reached: read whole.
  if (!last?.sep || x.words.length >= MAX_HEAD_WORDS) return undefined;
  const c = commandsOf(x);
  if (!c.commands.some((k) => k.kind === 'train')) return undefined;
  const later = skimLaterLaunches(text, cut, { vars: x.finalVars, budgetLeft: x.budgetLeft }, LAUNCH_TESTS);
  return later === undefined ? undefined : { x, commands: { ...c, laterLaunches: c.laterLaunches + later } };
}

/** Below shellWords' own cap (MAX_WORDS, 200 000): a head that long is read whole instead. */
const MAX_HEAD_WORDS = 100_000;

let readWhole = false;
/** Runs `fn` with every script read whole (tests compare both readers). */
export function readingWhole<T>(fn: () => T): T {
  readWhole = true;
  try {
    return fn();
  } finally {
    readWhole = false;
  }
}

/** Notes for values that reached a flag through a variable: "… came through $EPOCHS (line 3)". */
/** Whether range `r` lies inside `outer` (both on one line, as a substituted value is). */
function within(r: SourceRange, outer: SourceRange): boolean {
  return r.startLine === outer.startLine && r.endLine === outer.endLine && r.startCol >= outer.startCol && r.endCol <= outer.endCol;
}

function variableNotes(inputs: RunInputs, p: Parsed, index: LineIndex): void {
  const { x } = p;
  for (const v of Object.values(inputs) as Array<Sourced<unknown> | undefined>) {
    const r = v?.range;
    if (!v || !r) continue;
    // The value must sit inside the assignment's value: `CUDA_VISIBLE_DEVICES=0 torchrun … --epochs 3`
    // shares a line with its prefix assignment, and its 3 was not set through the variable.
    const a = x.assignments.find((s) => s.line === r.startLine && v.key !== s.name && within(r, index.range(s.valueStart, s.valueEnd)));
    if (a && a.line >= 0) {
      v.note = [v.note, `set through $${a.name} (line ${a.line + 1})`].filter(Boolean).join('; ');
      continue;
    }
    // A launcher flag given `$SLURM_NNODES` points at the directive: say how it got there.
    const flagLine = v.keyRange?.startLine;
    const pre = flagLine !== undefined && flagLine !== r.startLine ? p.predefined.find((s) => s.line === r.startLine) : undefined;
    if (pre) v.note = [v.note, `set through $${pre.name}, which Slurm sets from line ${pre.line + 1}`].filter(Boolean).join('; ');
  }
}

function scriptRun(input: FormatInput, format: 'shell' | 'slurm'): RunSpec {
  const p = parse(input);
  const { x } = p;
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const warnings: string[] = [];
  const alloc = allocation(input, p.directives);
  notes.push(...alloc.notes);

  // A Slurm job that runs only `python job.py`: that command is its run (its file may say the rest).
  const commands = !p.commands.length && p.sbatchCount && p.plainPython ? [p.plainPython] : p.commands;
  const trains = commands.filter((c) => c.kind === 'train');
  const serves = commands.filter((c) => c.kind === 'serve');
  const cmd = trains[0] ?? serves[0];
  const phase = !trains.length && serves.length ? 'inference' : 'training';
  if (trains.length && p.laterLaunches) notes.push(`${p.laterLaunches + 1} launch commands; estimated the first (line ${x.src.range(x.words[trains[0].at].textStart, x.words[trains[0].at].textStart).startLine + 1}).`);

  let perTrialConfig: RunSpec['perTrialConfig'];
  /** A config or script the command names that is in the workspace: it says more than any name. */
  let refAtHand = false;
  /** Names a run may be read from when nothing at hand says what it trains (nameHints.ts). */
  const names: NamedText[] = [{ text: p.directives.jobName?.raw ?? '', what: 'the job name' }, { text: input.fileName, what: 'the script name' }];
  if (cmd) {
    const words = x.words.slice(cmd.from, cmd.to);
    const launch = cmd.launch;
    if (phase === 'inference' && launch) {
      const s = servingInputs(launch.tool === 'tgi' ? 'tgi' : 'vllm', factsFromLaunch(launch, x.src));
      for (const [k, v] of Object.entries(s.inputs)) setIfAbsent(inputs, k as keyof RunInputs, v as never);
      notes.push(...s.notes);
      warnings.push(...s.warnings);
    } else if (cmd.tool === 'llm.c') {
      applyLlmcFlags(x.words, cmd.at, cmd.to, x.src, inputs, notes);
      const np = mpiProcesses(x.words, cmd.from, cmd.at) ?? llmcProcesses(x.words, cmd.at, cmd.to);
      if (np) inputs.count = { value: Number(np.text), origin: 'file', key: 'np', range: x.src.range(np.textStart, np.textStart + np.text.length), note: 'one process per GPU' };
    } else {
      // `llamafactory-cli train x.yaml key=value`: overrides spelt as flags for the shared reader.
      let flagWords = cmd.tool === 'llamafactory-cli train' || cmd.tool === 'tune'
        ? words.map((w) => (/^[a-z_][a-z0-9_.]*=/i.test(w.text) && !w.sep ? { ...w, text: `--${w.text}`, textStart: w.textStart - 2 } : w))
        : words;
      // `litgpt pretrain|finetune <model>`: the first bare word after the subcommand is the model.
      if (cmd.tool.startsWith('litgpt ')) {
        const k = cmd.at + 2 - cmd.from;
        const m = flagWords[k];
        if (m && !m.sep && !m.text.startsWith('-') && /[A-Za-z]/.test(m.text)) flagWords = [...flagWords.slice(0, k), { ...m, text: `--model_name_or_path=${m.text}`, textStart: m.textStart - 21 }, ...flagWords.slice(k + 1)];
      }
      if (cmd.tool === 'sky launch') skyLaunchInputs(words, x.src, inputs, notes);
      if (cmd.tool !== 'yolo train' && cmd.tool !== 'llamafactory-cli train' && cmd.tool !== 'tune') flagWords = hydraWords(flagWords, scriptIndex(x, cmd) - cmd.from + 1, x.src, inputs);
      applyTrainingFlags(cmd.tool === 'yolo train' ? yoloWords(flagWords, x.src, inputs) : flagWords, x.src, inputs, notes);
      // `tune run … --config llama3_1/8B_lora_single_device`: a config that ships with torchtune.
      if (cmd.tool === 'tune') applyTorchtuneBuiltin(words, x.src, input.siblings, inputs, notes);
      // llama-recipes' train_config trains 3 epochs unless --num_epochs says otherwise
      // (src/llama_recipes/configs/training.py, `num_epochs: int=3`, 2024): assumed, and flagged so.
      if (cmd.tool === 'llama-recipes' && !inputs.epochs && !inputs.steps) inputs.epochs = { value: 3, origin: 'default', note: 'llama-recipes default (train_config.num_epochs = 3): the command sets no --num_epochs' };
      // accelerate's `--mixed_precision bf16` is the run's precision when the script's flags are silent.
      const mp = launch?.precision;
      const prec = mp && normalizePrecision(mp.raw);
      if (mp && prec) setIfAbsent(inputs, 'precision', { value: prec, origin: 'file', key: mp.flag.replace(/^-+/, ''), range: x.src.range(mp.start, mp.end) });
    }
    // Devices: the launcher's own count, else what the command's environment says.
    const acc = launch && acceleratorsOf(launch);
    if (acc && launch) {
      const first = acc.from[0];
      const src: Sourced<number> = { value: first.value!, origin: 'file', key: first.flag.replace(/^-+/, ''), range: x.src.range(first.start, first.end), keyRange: first.flagStart !== undefined ? x.src.range(first.flagStart, first.flagStart + first.flag.length) : undefined };
      // `srun torchrun --nproc_per_node 8` on an 8-node allocation: srun starts one torchrun per node
      // (one task per node), so the job runs 8 × 8 processes though torchrun names no --nnodes.
      const perNodeTool = launch.tool === 'torchrun' || launch.tool === 'tune';
      const underSrun = x.words.slice(cmd.from, cmd.at).some((wd) => base(wd.text) === 'srun');
      const oneTaskPerNode = !p.directives.ntasksPerNode || p.directives.ntasksPerNode.raw === '1';
      const allocNodes = alloc.nodes?.value ?? 1;
      if (perNodeTool && !launch.nodes && underSrun && oneTaskPerNode && allocNodes > 1) {
        setIfAbsent(inputs, 'count', derived(acc.count * allocNodes, src, `${describeLaunch(launch)} on each of ${allocNodes} nodes (srun starts one per node)`));
      }
      setIfAbsent(inputs, 'count', acc.count !== first.value ? derived(acc.count, src, `from ${describeLaunch(launch)}`) : { ...src, note: `from ${describeLaunch(launch)}` });
      const ln = launch.nodes;
      if (ln?.value) setIfAbsent(inputs, 'nodes', { value: ln.value, origin: 'file', key: ln.flag.replace(/^-+/, ''), range: x.src.range(ln.start, ln.end), keyRange: ln.flagStart !== undefined ? x.src.range(ln.flagStart, ln.flagStart + ln.flag.length) : undefined });
    }
    if (!inputs.count && !alloc.count) {
      let vars: Map<string, ShellAssignment> | undefined;
      for (let i = cmd.from; i <= cmd.at && !vars; i++) vars = x.varsAtCommand.get(i);
      const env = countFromVars(input, vars);
      const nodes = alloc.nodes?.value ?? 1;
      if (env) inputs.count = nodes > 1 ? derived(env.value * nodes, env, `${env.note} per node × ${nodes} nodes`) : env;
    }
    if (alloc.count && inputs.count && inputs.count.value > alloc.count.value) warnings.push(`The launcher starts ${inputs.count.value} processes but the job is allocated ${alloc.count.value} GPUs.`);
    const refs = refsOf(x, cmd);
    const posArg = positionalAfterScript(x, cmd);
    if (posArg && !refs.some((r) => r.kind === 'config')) notes.push(`\`${x.words[scriptIndex(x, cmd)].text} ${posArg.text}\`: what the script is given (its config, as a rule) is argument ${posArg.n} of this script, chosen when it is run, so Carbon Lens cannot read it here; open that config for its own estimate.`);
    // The Python file the command runs, when it is in the workspace: its defaults fill the rest.
    const script = phase === 'training' ? refs.find((r) => r.kind === 'script' && input.siblings.has(r.path)) : undefined;
    if (script) applyEntryScript(script.path, input.siblings.get(script.path)!, words, script.range, inputs, notes, input);
    const main = primaryRef(refs, input.siblings);
    if (main) perTrialConfig = { path: main.path, range: main.range };
    refAtHand = refs.some((r) => input.siblings.has(r.path));
    for (const r of refs) names.push({ text: r.path, what: r.kind === 'script' ? 'the Python script\'s name' : 'the config name' });
    // No config on the line: the one the script reads by default (`--config` default), when at hand.
    const lineConfig = refs.find((r) => r.kind === 'config') ?? refs.find((r) => r.kind === 'pyconfig');
    const fallback = script && !lineConfig ? entryFacts(input.siblings.get(script.path)!, input).configDefault : undefined;
    if (fallback && input.siblings.has(String(fallback.value))) perTrialConfig = { path: String(fallback.value), range: script!.range };
    // The config the script reads, given on the line or by its default: its flat keys by flag name.
    const cfg = script && lineConfig && input.siblings.has(lineConfig.path) ? { path: lineConfig.path, range: lineConfig.range }
      : fallback && input.siblings.has(String(fallback.value)) ? { path: String(fallback.value), range: script!.range } : undefined;
    if (cfg) applyFlatConfig(cfg.path, input.siblings.get(cfg.path)!, cfg.range, inputs, notes, input);
  } else if (!p.sbatchCount) notes.push('No launch command found.');
  else notes.push('No launch command (torchrun, accelerate, deepspeed, a training CLI) found: only the Slurm allocation is read.');

  // A launcher that counted its own processes on a job with no GPU request: no CPU reading is forced.
  const cpuAlloc = alloc.cpuOnly && !inputs.count;
  if (!alloc.cpuOnly || cpuAlloc) {
    setIfAbsent(inputs, 'count', alloc.count);
    setIfAbsent(inputs, 'hardware', alloc.hardware);
  }
  setIfAbsent(inputs, 'nodes', alloc.nodes);
  if (alloc.maxHours && phase === 'training') inputs.maxHours = alloc.maxHours;
  if (alloc.trials && phase === 'training') setIfAbsent(inputs, 'trials', alloc.trials);
  if (phase === 'training' && !refAtHand) applyNameHints(names, inputs, notes);
  variableNotes(inputs, p, input.index);
  if (x.capped) notes.push('Some variables were not substituted: the script expands them beyond the size Carbon Lens follows.');

  // A job name chosen when the script is run (`--job-name=${JOB_NAME}` with JOB_NAME=$2) names nothing
  // here: the script's own name does.
  const jobName = p.directives.jobName?.raw.includes('$') ? undefined : p.directives.jobName?.raw;
  const anchorAt = cmd ? x.src.range(x.words[cmd.at].textStart, x.words[cmd.at].textStart + x.words[cmd.at].text.length) : undefined;
  const anchor = anchorAt ?? (p.firstSbatchLine !== undefined ? { startLine: p.firstSbatchLine, startCol: 0, endLine: p.firstSbatchLine, endCol: 0 } : undefined);
  const run: RunSpec = {
    name: jobName || (input.fileName.split(/[\\/]/).pop() ?? 'script'),
    phase,
    format,
    anchor,
    inputs,
    notes,
    warnings,
  };
  if (perTrialConfig) run.perTrialConfig = perTrialConfig;
  return run;
}

function referencesOf(input: FormatInput): string[] {
  const p = parse(input);
  const out = new Set<string>();
  // The configs of the commands read (the estimated launch, and serving commands before it).
  const commands = !p.commands.length && p.sbatchCount && p.plainPython ? [p.plainPython] : p.commands;
  for (const c of commands) {
    for (const r of refsOf(p.x, c)) {
      out.add(r.path);
      // The entry script's default config is known once the script itself has been read.
      const text = r.kind === 'script' ? input.siblings.get(r.path) : undefined;
      const d = text !== undefined ? entryFacts(text, input).configDefault : undefined;
      if (d && !refsOf(p.x, c).some((o) => o.kind === 'config' || o.kind === 'pyconfig')) out.add(String(d.value));
    }
  }
  return [...out].slice(0, 8);
}

function makeHandler(id: 'shell' | 'slurm'): FormatHandler {
  return {
    id,
    syntaxes: ['shell'],
    detect(input) {
      const s = shapeOf(input);
      if (id === 'slurm') return s.sbatch ? (s.launcher || s.pyTrain ? 0.95 : 0.8) : 0;
      if (s.sbatch || !(s.launcher || s.pyTrain)) return 0;
      // The cheap scan found a launcher's name; only a command that runs it makes this a launch script.
      const commands = parse(input).commands;
      if (!commands.length) return 0;
      return commands.some((c) => c.tool !== 'python') ? 0.85 : 0.6;
    },
    extract(input) {
      return [scriptRun(input, id)];
    },
    references: referencesOf,
    planEdit: (_input, run, change) => (change.field === 'hardware' ? planGresType(run, String(change.value)) : undefined),
  };
}

/**
 * A hardware what-if in a `#SBATCH --gres=gpu:<type>:<n>` (or `--gpus=<type>:<n>`): GRES type names are the
 * cluster's own (gres.conf `Type=`), conventionally the short lower-case model (`a100`, `h100`), so the
 * device's shortest catalogued spelling that reads back as the same device is written; none → by hand.
 * Partitions and constraints are site names Carbon Lens cannot choose.
 */
function planGresType(run: RunSpec, accId: string): { range: SourceRange; newText: string }[] {
  const hw = run.inputs.hardware;
  if (!hw || hw.origin !== 'file' || !hw.range || hw.range.startLine !== hw.range.endLine || !/^(gres|gpus|gpus-per-node|gpus-per-task|G)$/.test(hw.key ?? '')) return [];
  const acc = findAccelerator(accId);
  // GRES GPUs: TPUs and Trainium are not scheduled through `--gres=gpu:` on a Slurm cluster.
  if (!acc || !/^(NVIDIA|AMD)$/i.test(acc.vendor)) return [];
  const names = [acc.model ?? '', ...acc.aliases].map((n) => n.toLowerCase().replace(/\s+/g, '-')).filter((n) => /^[a-z0-9][a-z0-9._-]*$/.test(n));
  const short = names.sort((a, b) => a.length - b.length).find((n) => findAccelerator(n)?.id === acc.id);
  return short ? [{ range: hw.range, newText: short }] : [];
}

export const shellHandler = makeHandler('shell');
export const slurmHandler = makeHandler('slurm');
