// Training runs in Python code (notebook cells or a script): each training call (`trainer.train()`,
// a Lightning or SageMaker `.fit`, a Vertex `job.submit`, a Kubeflow `client.train`, an Optuna
// `study.optimize`) is one run, read from the calls written before it — the latest
// TrainingArguments/SFTConfig, model load, LoraConfig and BitsAndBytesConfig — with literal values
// and their positions. Code is never run; a value that is not a literal is reported as unknown.
import type { Precision, RunInputs, RunSpec, SourceRange, Sourced, TrainingMethod } from '../../core/runSpec';
import { derived, normalizePrecision, setIfAbsent, toNumber } from '../fields';
import { deviceName, regionId } from './hardwareNames';
import { argvWords } from '../launcherFlags';
import { kwarg, positional, scanPython, type PyArg, type PyAssign, type PyCall, type PyValue } from '../pyCalls';
import { joinedSource, type TextSource } from './textSource';
import { applyTrainingFlags } from './trainFlags';
import type { LineIndex } from '../lineIndex';
import { ownValue } from '../../core/ownValue';
import { MAX_NAME_CHARS } from '../../core/textLimits';
import { quoted } from '../quoted';
import { groupBy, lastBefore } from '../sourceOrder';

/** One stretch of code: a notebook cell or a whole script. `code` has the same length as `src.text`. */
export interface PyChunk {
  code: string;
  src: TextSource;
  /** 1-based cell number (notebooks). */
  cell?: number;
  /** Where a run found in this chunk anchors (a cell's first line). */
  anchor?: SourceRange;
}

export interface PyProgram {
  chunks: PyChunk[];
  /** Offset of each chunk in the program's global offsets (calls and assigns use these). */
  bases: number[];
  /** In source order. */
  calls: PyCall[];
  assigns: PyAssign[];
  index: LineIndex;
  /** Look-up tables, built on first use so that each run costs a binary search, not a scan. */
  memo: { byTest: Map<(c: PyCall) => boolean, PyCall[]>; byTarget?: Map<string, PyCall[]>; assignsByName?: Map<string, PyAssign[]> };
}

// ──── Building the program ────

function shiftValue(v: PyValue, d: number): PyValue {
  return {
    ...v, start: v.start + d, end: v.end + d,
    items: v.items?.map((i) => shiftValue(i, d)),
    entries: v.entries?.map((e) => ({ ...e, keyStart: e.keyStart + d, keyEnd: e.keyEnd + d, value: shiftValue(e.value, d) })),
  };
}

function shiftArg(a: PyArg, d: number): PyArg {
  return { ...a, keyStart: a.keyStart === undefined ? undefined : a.keyStart + d, keyEnd: a.keyEnd === undefined ? undefined : a.keyEnd + d, value: shiftValue(a.value, d) };
}

export function buildProgram(chunks: PyChunk[], index: LineIndex): PyProgram {
  const p: PyProgram = { chunks, bases: [], calls: [], assigns: [], index, memo: { byTest: new Map() } };
  let base = 0;
  for (const c of chunks) {
    p.bases.push(base);
    // Each chunk is read on its own: an unbalanced bracket in one cell does not swallow the next.
    const scan = scanPython(c.code);
    for (const call of scan.calls) p.calls.push({ ...call, start: call.start + base, end: call.end + base, open: call.open + base, args: call.args.map((a) => shiftArg(a, base)) });
    for (const a of scan.assigns) p.assigns.push({ ...a, start: a.start + base, nameStart: a.nameStart + base, value: shiftValue(a.value, base) });
    base += c.code.length + 1;
  }
  return p;
}

export function chunkAt(p: PyProgram, offset: number): number {
  let lo = 0;
  let hi = p.bases.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.bases[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function programRange(p: PyProgram, start: number, end: number): SourceRange {
  const i = chunkAt(p, start);
  const b = p.bases[i];
  return p.chunks[i].src.range(start - b, Math.min(Math.max(start, end) - b, p.chunks[i].src.text.length));
}

export function programFileEnd(p: PyProgram, offset: number): number {
  const i = chunkAt(p, Math.max(0, offset - 1));
  return p.chunks[i].src.fileEnd(offset - p.bases[i]);
}

export function programFileOffset(p: PyProgram, offset: number): number {
  const i = chunkAt(p, offset);
  return p.chunks[i].src.fileOffset(offset - p.bases[i]);
}

// ──── What calls mean ────

const TRAINING_ARGS = /^(TrainingArguments|Seq2SeqTrainingArguments|SFTConfig|DPOConfig|GRPOConfig|ORPOConfig|KTOConfig|PPOConfig|RewardConfig|CPOConfig|UnslothTrainingArguments|ModelConfig)$/;
const HF_TRAINER = /^(Trainer|Seq2SeqTrainer|SFTTrainer|DPOTrainer|GRPOTrainer|ORPOTrainer|KTOTrainer|PPOTrainer|RewardTrainer|CPOTrainer|UnslothTrainer)$/;
const VERTEX_JOB = /^(CustomJob|CustomTrainingJob|CustomContainerTrainingJob|CustomPythonPackageTrainingJob|from_local_script)$/;
const SAGEMAKER_ESTIMATOR = /^(HuggingFace|PyTorch|TensorFlow|Estimator|JumpStartEstimator)$/;
const NOT_MODEL = /Tokenizer|Processor|Config|PeftModel|FeatureExtractor|Pipeline|SentenceTransformer/;

type AnchorKind = 'hf' | 'lightning' | 'hpo' | 'optuna' | 'vertex' | 'sagemaker' | 'kubeflow' | 'tune' | 'config';

export interface Anchor {
  call: PyCall;
  kind: AnchorKind;
  /** The call that made the receiver (`trainer = SFTTrainer(...)`), when known. */
  maker?: PyCall;
}

function last(callee: string): string {
  const i = callee.lastIndexOf('.');
  return i >= 0 ? callee.slice(i + 1) : callee;
}

/** The latest call before `before` that assigned `name`. */
function makerOf(p: PyProgram, name: string, before: number): PyCall | undefined {
  p.memo.byTarget ??= groupBy(p.calls, (c) => c.assignedTo);
  return lastBefore(p.memo.byTarget.get(name), before);
}

/** Latest call before `before` passing `test` (a module-level predicate, so its matches are computed once). */
function latest(p: PyProgram, before: number, test: (c: PyCall) => boolean): PyCall | undefined {
  let list = p.memo.byTest.get(test);
  if (!list) {
    list = p.calls.filter(test);
    p.memo.byTest.set(test, list);
  }
  return lastBefore(list, before);
}

/** A bare name followed to its latest literal assignment before `before` (one level). */
function resolve(p: PyProgram, v: PyValue, before: number): { value: PyValue; via?: PyAssign } {
  if (!v.name || v.value !== undefined) return { value: v };
  p.memo.assignsByName ??= groupBy(p.assigns, (a) => a.name);
  const hit = lastBefore(p.memo.assignsByName.get(v.name), before);
  return hit && (hit.value.value !== undefined || hit.value.items) ? { value: hit.value, via: hit } : { value: v };
}

export function findAnchors(p: PyProgram): Anchor[] {
  const out: Anchor[] = [];
  for (const call of p.calls) {
    const recv = call.receiver;
    const maker = recv && /^\w+$/.test(recv) ? makerOf(p, recv, call.start) : undefined;
    const made = maker ? last(maker.callee) : '';
    switch (call.method) {
      case 'train':
        if (HF_TRAINER.test(made) || /trainer/i.test(recv)) out.push({ call, kind: 'hf', maker });
        else if (kwarg(call, 'trainer') || kwarg(call, 'runtime_ref') || kwarg(call, 'runtime') || made === 'TrainerClient') out.push({ call, kind: 'kubeflow', maker });
        break;
      case 'fit':
        if (made === 'Trainer' || /trainer/i.test(recv)) out.push({ call, kind: 'lightning', maker });
        else if (made === 'Tuner' || /tuner/i.test(recv)) out.push({ call, kind: 'tune', maker });
        else if (SAGEMAKER_ESTIMATOR.test(made)) out.push({ call, kind: 'sagemaker', maker });
        break;
      case 'hyperparameter_search':
        out.push({ call, kind: 'hpo', maker });
        break;
      case 'optimize':
        if (made === 'create_study' || /study/i.test(recv)) out.push({ call, kind: 'optuna', maker });
        break;
      case 'run':
      case 'submit':
        if (VERTEX_JOB.test(made)) out.push({ call, kind: 'vertex', maker });
        break;
    }
  }
  if (!out.length) for (const call of p.calls) if (isTrainingArgs(call)) out.push({ call, kind: 'config' });
  return out;
}

// ──── Reading values ────

interface Lit {
  value: PyValue;
  /** The assignment the value came from, when the argument was a variable. */
  via?: PyAssign;
  arg: PyArg;
}

function lit(p: PyProgram, call: PyCall | undefined, key: string, pos?: number): Lit | undefined {
  if (!call) return undefined;
  const arg = kwarg(call, key) ?? (pos !== undefined ? positional(call, pos) : undefined);
  if (!arg) return undefined;
  const r = resolve(p, arg.value, call.start);
  return { value: r.value, via: r.via, arg };
}

function sourcedLit<T>(p: PyProgram, l: Lit, value: T, extraNote?: string): Sourced<T> {
  const s: Sourced<T> = { value, origin: 'file', range: programRange(p, l.value.start, l.value.end) };
  if (l.via) {
    s.key = l.via.name;
    s.keyRange = programRange(p, l.via.nameStart, l.via.nameStart + l.via.name.length);
    s.note = `\`${l.via.name}\` passed as ${l.arg.key ?? 'argument'}${extraNote ? `; ${extraNote}` : ''}`;
  } else {
    if (l.arg.key) {
      s.key = l.arg.key;
      s.keyRange = programRange(p, l.arg.keyStart!, l.arg.keyEnd!);
    }
    if (extraNote) s.note = extraNote;
  }
  return s;
}

function num(p: PyProgram, call: PyCall | undefined, key: string, positive = true): Sourced<number> | undefined {
  const l = lit(p, call, key);
  if (!l) return undefined;
  const v = l.value.value;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : undefined;
  if (n === undefined || (positive && n <= 0)) return undefined;
  return sourcedLit(p, l, n);
}

function str(p: PyProgram, call: PyCall | undefined, key: string, pos?: number): Sourced<string> | undefined {
  const l = lit(p, call, key, pos);
  return l && typeof l.value.value === 'string' && l.value.value.trim() ? sourcedLit(p, l, l.value.value.trim()) : undefined;
}

function flag(p: PyProgram, call: PyCall | undefined, key: string): Sourced<boolean> | undefined {
  const l = lit(p, call, key);
  return l && typeof l.value.value === 'boolean' ? sourcedLit(p, l, l.value.value) : undefined;
}

function precisionArg(p: PyProgram, call: PyCall | undefined, key: string): Sourced<Precision> | undefined {
  const l = lit(p, call, key);
  if (!l) return undefined;
  const text = typeof l.value.value === 'string' ? l.value.value : l.value.name ?? (typeof l.value.value === 'number' ? String(l.value.value) : undefined);
  const prec = text !== undefined ? normalizePrecision(text) : undefined;
  return prec ? sourcedLit(p, l, prec) : undefined;
}

const isTrainingArgs = (c: PyCall) => TRAINING_ARGS.test(c.method) && c.method !== 'ModelConfig';
const isBnb = (c: PyCall) => c.method === 'BitsAndBytesConfig';
const isLora = (c: PyCall) => c.method === 'LoraConfig' || (c.method === 'get_peft_model' && kwarg(c, 'r') !== undefined);
const isModelConfig = (c: PyCall) => c.method === 'ModelConfig';
const isScaling = (c: PyCall) => c.method === 'ScalingConfig';
const isVertexInit = (c: PyCall) => c.callee === 'aiplatform.init' || c.callee === 'vertexai.init';
const hasRegionName = (c: PyCall) => kwarg(c, 'region_name') !== undefined;
const isKubeflowTrainer = (c: PyCall) => c.method === 'Trainer' && (kwarg(c, 'num_nodes') !== undefined || kwarg(c, 'resources_per_node') !== undefined || kwarg(c, 'func') !== undefined);
const isLoadDataset = (c: PyCall) => c.method === 'load_dataset';
/** `timm.create_model(name)` and `torch.hub.load(repo, name)`: the vision networks a script builds by name. */
const isVisionMaker = (c: PyCall) => (c.method === 'create_model' && (c.receiver === 'timm' || c.receiver === '')) || (c.method === 'load' && (c.receiver === 'torch.hub' || c.receiver === 'hub'));
/** TRL config/trainer class stems and the method each trains with. */
const TRL_METHOD: Record<string, TrainingMethod> = { DPO: 'dpo', ORPO: 'orpo', CPO: 'simpo', KTO: 'kto', GRPO: 'grpo', PPO: 'ppo', GKD: 'distill', Reward: 'reward' };
const isTrialCounter = (c: PyCall) => c.method === 'TuneConfig' || (c.method === 'optimize' && kwarg(c, 'n_trials') !== undefined) || c.method === 'hyperparameter_search';

function isModelLoad(c: PyCall): boolean {
  if (c.method !== 'from_pretrained') return false;
  const r = last(c.receiver);
  return isModelLoaderName(r) && !NOT_MODEL.test(r);
}

/**
 * `Auto…`, `…For…` (`AutoModelForCausalLM`), `…Model`, `…LM`: the classes whose `from_pretrained`
 * loads the model. Written without a regex: `^(\w*For\w+|…)$` backtracked quadratically on a long
 * receiver full of `For` (audit 2026-12, M1), and a name longer than MAX_NAME_CHARS is not a class name.
 */
function isModelLoaderName(r: string): boolean {
  if (r.length > MAX_NAME_CHARS || !/^\w+$/.test(r)) return false;
  const f = r.indexOf('For');
  return r.startsWith('Auto') || (f >= 0 && f + 3 < r.length) || r.endsWith('Model') || r.endsWith('LM');
}

// ──── Runs ────

export interface PyRunOptions {
  format: 'notebook' | 'python';
  /** Fields known from outside the code (notebook metadata), used when the code is silent. */
  defaults?: RunInputs;
  /** Run name for an anchor call. */
  name(call: PyCall, chunk: PyChunk): string;
}

function describeCall(c: PyCall): string {
  return `${c.callee}(${c.args.length ? '…' : ''})`;
}

export function callLabel(c: PyCall): string {
  return describeCall(c);
}

/** A file with more training calls than this is generated code, not a run description. */
const MAX_RUNS = 200;

export function pyRuns(p: PyProgram, opts: PyRunOptions): RunSpec[] {
  return findAnchors(p).slice(0, MAX_RUNS).map((a) => runFor(p, a, opts));
}

/** The calls a run is read from. */
export interface RunContext {
  ta?: PyCall;
  load?: PyCall;
  bnb?: PyCall;
  lora?: PyCall;
  modelConfig?: PyCall;
}

export function contextOf(p: PyProgram, a: Anchor): RunContext {
  const end = a.call.end;
  // Training arguments: the ones passed to the trainer, else the latest written before the call.
  let ta: PyCall | undefined = a.kind === 'config' ? a.call : undefined;
  const argsName = a.maker && kwarg(a.maker, 'args')?.value.name;
  if (!ta && argsName) ta = makerOf(p, argsName, a.maker!.start);
  if (!ta && (a.kind === 'hf' || a.kind === 'hpo')) ta = latest(p, end, isTrainingArgs);
  return {
    ta,
    load: latest(p, end, isModelLoad),
    bnb: latest(p, end, isBnb),
    lora: latest(p, end, isLora),
    modelConfig: latest(p, end, isModelConfig),
  };
}

function runFor(p: PyProgram, a: Anchor, opts: PyRunOptions): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const warnings: string[] = [];
  const chunk = p.chunks[chunkAt(p, a.call.start)];
  const { ta, load, bnb, lora, modelConfig } = contextOf(p, a);

  if (ta) {
    setIfAbsent(inputs, 'epochs', num(p, ta, 'num_train_epochs'));
    setIfAbsent(inputs, 'steps', num(p, ta, 'max_steps'));
    setIfAbsent(inputs, 'perDeviceBatch', num(p, ta, 'per_device_train_batch_size'));
    setIfAbsent(inputs, 'gradAccum', num(p, ta, 'gradient_accumulation_steps'));
    setIfAbsent(inputs, 'seqLen', num(p, ta, 'max_seq_length') ?? num(p, ta, 'max_length'));
    for (const k of ['bf16', 'fp16', 'tf32'] as const) {
      const f = flag(p, ta, k);
      if (f?.value) setIfAbsent(inputs, 'precision', { ...f, value: k });
    }
    setIfAbsent(inputs, 'packing', flag(p, ta, 'packing'));
    setIfAbsent(inputs, 'gradientCheckpointing', flag(p, ta, 'gradient_checkpointing'));
    setIfAbsent(inputs, 'numGenerations', num(p, ta, 'num_generations'));
    setIfAbsent(inputs, 'completionLen', num(p, ta, 'max_completion_length'));
    setIfAbsent(inputs, 'promptLen', num(p, ta, 'max_prompt_length'));
    setIfAbsent(inputs, 'maxSamples', num(p, ta, 'max_train_samples'));
  }
  // The method from the TRL config or trainer class (DPOConfig, GRPOTrainer…).
  const cls = ta?.method ?? a.maker?.method;
  const method = cls ? TRL_METHOD[cls.replace(/(Config|Trainer)$/, '')] : undefined;
  if (method && cls) inputs.trainingMethod = { value: method, origin: 'inferred', range: programRange(p, (ta ?? a.maker)!.start, (ta ?? a.maker)!.start + cls.length), note: `${cls}: ${method.toUpperCase()} training` };
  if (method === 'grpo' && ta) {
    const beta = num(p, ta, 'beta', false);
    if (beta) inputs.reference = { ...beta, value: beta.value > 0 ? 'live' : 'none', origin: 'inferred', note: beta.value > 0 ? 'beta > 0: a reference model scores completions for the KL term' : 'beta 0: no reference model' };
  }
  if (ta && flag(p, ta, 'precompute_ref_log_probs')?.value) inputs.reference = { ...flag(p, ta, 'precompute_ref_log_probs')!, value: 'precomputed' };
  // The data: the latest `load_dataset(name, split=…)` before the training call.
  const data = latest(p, a.call.start, isLoadDataset);
  const dsName = str(p, data, 'path', 0);
  if (dsName && !dsName.value.startsWith('.') && !dsName.value.startsWith('/') && !['json', 'csv', 'parquet', 'text', 'arrow'].includes(dsName.value)) {
    const split = str(p, data, 'split');
    inputs.dataset = { ...dsName, value: split ? `${dsName.value}[${split.value}]` : dsName.value };
  }

  // The model: what the trainer is given as an id, else the latest model load.
  const trainerModel = str(p, a.maker, 'model');
  if (trainerModel) inputs.model = trainerModel;
  if (load) {
    setIfAbsent(inputs, 'model', str(p, load, 'pretrained_model_name_or_path', 0) ?? str(p, load, 'model_name') ?? str(p, load, 'model_id'));
    setIfAbsent(inputs, 'seqLen', num(p, load, 'max_seq_length'));
  }
  if (modelConfig) setIfAbsent(inputs, 'model', str(p, modelConfig, 'model_name_or_path'));
  // A vision network made by timm or PyTorch hub, when no from_pretrained names the model: a
  // LightningModule's `timm.create_model("vit_small_patch16_224")`, `torch.hub.load("facebookresearch/dinov2", "dinov2_vitb14")`.
  if (!inputs.model) {
    const made = latest(p, a.call.end, isVisionMaker);
    if (made) setIfAbsent(inputs, 'model', made.method === 'create_model' ? str(p, made, 'model_name', 0) : str(p, made, 'model', 1));
  }

  // Quantization: BitsAndBytesConfig, or load_in_4bit/8bit on the load call.
  for (const [call, what] of [[load, 'model load'], [bnb, 'BitsAndBytesConfig'], [modelConfig, 'ModelConfig']] as const) {
    if (!call || inputs.quantization) continue;
    const four = flag(p, call, 'load_in_4bit');
    const eight = flag(p, call, 'load_in_8bit');
    if (four?.value) inputs.quantization = { ...four, value: 4, note: four.note ?? `4-bit base weights (${what})` };
    else if (eight?.value) inputs.quantization = { ...eight, value: 8, note: eight.note ?? `8-bit base weights (${what})` };
  }

  // LoRA.
  const rank = num(p, lora, 'r') ?? num(p, modelConfig, 'lora_r');
  if (rank) {
    inputs.loraRank = rank;
    inputs.adapter = derived(inputs.quantization ? 'qlora' : 'lora', rank, inputs.quantization ? 'LoRA on a quantized base' : 'LoRA adapter');
  }

  // Precision when the trainer states none: the load dtype, then the 4-bit compute dtype.
  setIfAbsent(inputs, 'precision', precisionArg(p, load, 'torch_dtype') ?? precisionArg(p, load, 'dtype') ?? precisionArg(p, bnb, 'bnb_4bit_compute_dtype'));

  cloudJob(p, a, inputs, notes);
  trials(p, a, inputs);

  const region = latest(p, Number.MAX_SAFE_INTEGER, isVertexInit);
  const loc = str(p, region, 'location');
  const rid = loc && regionId(loc.value, 'gcp');
  if (loc && rid) setIfAbsent(inputs, 'region', { ...loc, value: rid, note: `${loc.note ? loc.note + '; ' : ''}Vertex location ${loc.value}` });
  else if (region && kwarg(region, 'location')) notes.push(`The Vertex location is not a literal (${quoted(kwarg(region, 'location')!.value.text)}); set the region to estimate the grid.`);
  const boto = latest(p, Number.MAX_SAFE_INTEGER, hasRegionName);
  const rn = str(p, boto, 'region_name');
  const rnId = rn && regionId(rn.value, 'aws');
  if (rn && rnId) setIfAbsent(inputs, 'region', { ...rn, value: rnId });

  for (const [k, v] of Object.entries(opts.defaults ?? {})) setIfAbsent(inputs, k as keyof RunInputs, v as never);
  if (!ta && (a.kind === 'hf' || a.kind === 'hpo')) notes.push('No TrainingArguments/SFTConfig call before this training call: epochs and batch are unknown.');

  return {
    name: opts.name(a.call, chunk),
    phase: 'training',
    format: opts.format,
    anchor: chunk.anchor ?? programRange(p, a.call.start, a.call.start + a.call.callee.length),
    inputs,
    notes,
    warnings,
  };
}

/** Devices, nodes and region of jobs submitted from the code (Vertex, SageMaker, Kubeflow, Ray, Lightning). */
function cloudJob(p: PyProgram, a: Anchor, inputs: RunInputs, notes: string[]): void {
  const end = a.call.end;
  if (a.kind === 'vertex') {
    const calls = [a.call, a.maker].filter((c): c is PyCall => c !== undefined);
    const pick = <T>(f: (c: PyCall) => T | undefined): T | undefined => calls.map(f).find((x) => x !== undefined);
    const accType = pick((c) => str(p, c, 'accelerator_type'));
    const machine = pick((c) => str(p, c, 'machine_type'));
    const accCount = pick((c) => num(p, c, 'accelerator_count'));
    const replicas = pick((c) => num(p, c, 'replica_count'));
    const d = accType ? deviceName(accType.value) : undefined;
    const md = machine ? deviceName(machine.value) : undefined;
    if (accType && d) inputs.hardware = { ...accType, value: d.hardware, note: d.note };
    else if (machine && md) inputs.hardware = { ...machine, origin: 'inferred', value: md.hardware, note: md.note };
    const per = accCount ?? (machine && md?.perInstance ? { ...machine, origin: 'inferred' as const, value: md.perInstance, note: md.note } : undefined);
    const reps = replicas?.value ?? 1;
    if (per) inputs.count = reps > 1 ? derived(per.value * reps, per, `${per.value} per replica × ${reps} replicas`) : per;
    if (replicas && reps > 1) inputs.nodes = replicas;
    vertexArgs(p, a.call, inputs, notes);
  } else if (a.kind === 'sagemaker' && a.maker) {
    const it = str(p, a.maker, 'instance_type');
    const n = num(p, a.maker, 'instance_count');
    const d = it ? deviceName(it.value) : undefined;
    if (it && d) {
      inputs.hardware = { ...it, origin: 'inferred', value: d.hardware, note: d.note };
      if (d.perInstance) {
        const k = n?.value ?? 1;
        inputs.count = derived(d.perInstance * k, it, `${d.note}${k > 1 ? ` × ${k} instances` : ''}`);
      }
    }
    if (n && n.value > 1) inputs.nodes = n;
    const hp = kwarg(a.maker, 'hyperparameters')?.value;
    for (const e of hp?.entries ?? []) {
      const fields: Record<string, 'epochs' | 'steps' | 'perDeviceBatch' | 'model'> = { num_train_epochs: 'epochs', epochs: 'epochs', max_steps: 'steps', per_device_train_batch_size: 'perDeviceBatch', model_name_or_path: 'model', model_id: 'model' };
      const field = ownValue(fields, e.key);
      const v = e.value.value;
      if (!field || v === undefined || v === null) continue;
      const value = field === 'model' ? String(v) : toNumber(typeof v === 'boolean' ? null : v);
      if (value !== undefined && value !== '') setIfAbsent(inputs, field, { value, origin: 'file', key: e.key, range: programRange(p, e.value.start, e.value.end), keyRange: programRange(p, e.keyStart, e.keyEnd) } as never);
    }
  } else if (a.kind === 'kubeflow') {
    const trainer = latest(p, end, isKubeflowTrainer);
    const nodes = num(p, trainer, 'num_nodes');
    const res = trainer ? kwarg(trainer, 'resources_per_node') : undefined;
    const gpu = res?.value.entries?.find((e) => /gpu$/i.test(e.key));
    const per = gpu && typeof gpu.value.value === 'number' ? { value: gpu.value.value, origin: 'file' as const, key: gpu.key, range: programRange(p, gpu.value.start, gpu.value.end), keyRange: programRange(p, gpu.keyStart, gpu.keyEnd) } : undefined;
    const k = nodes?.value ?? 1;
    if (per) inputs.count = k > 1 ? derived(per.value * k, per, `${per.value} per node × ${k} nodes`) : per;
    if (nodes) inputs.nodes = nodes;
  } else if (a.kind === 'lightning' && a.maker) {
    const devices = num(p, a.maker, 'devices');
    const nodes = num(p, a.maker, 'num_nodes');
    if (devices) inputs.count = nodes && nodes.value > 1 ? derived(devices.value * nodes.value, devices, `${devices.value} devices × ${nodes.value} nodes`) : devices;
    if (nodes) inputs.nodes = nodes;
    setIfAbsent(inputs, 'epochs', num(p, a.maker, 'max_epochs'));
    setIfAbsent(inputs, 'steps', num(p, a.maker, 'max_steps'));
    setIfAbsent(inputs, 'precision', precisionArg(p, a.maker, 'precision'));
  }
  // Ray Train: ScalingConfig(num_workers=4, use_gpu=True, accelerator_type="A100").
  const scaling = latest(p, end, isScaling);
  if (scaling && !inputs.count && flag(p, scaling, 'use_gpu')?.value) {
    const workers = num(p, scaling, 'num_workers');
    const per = kwarg(scaling, 'resources_per_worker')?.value.entries?.find((e) => /^gpu$/i.test(e.key));
    const perN = per && typeof per.value.value === 'number' ? per.value.value : 1;
    if (workers) inputs.count = perN === 1 ? workers : derived(workers.value * perN, workers, `${workers.value} workers × ${perN} GPUs`);
    const at = str(p, scaling, 'accelerator_type');
    const d = at && deviceName(at.value);
    if (at && d) setIfAbsent(inputs, 'hardware', { ...at, value: d.hardware, note: d.note });
  }
}

/** `job.submit(args=[...])`: the container's command-line flags, often TRL's. */
function vertexArgs(p: PyProgram, call: PyCall, inputs: RunInputs, notes: string[]): void {
  const l = lit(p, call, 'args');
  const items = l?.value.items?.filter((i) => typeof i.value === 'string') ?? [];
  if (!items.length) return;
  const parts: TextSource[] = items.map((i) => {
    const text = i.value as string;
    // The literal's text starts after its prefix and opening quote.
    const open = /^[rRuU]?("""|'''|"|')/.exec(i.text)?.[0].length ?? 1;
    return {
      text,
      fileOffset: (o: number) => programFileOffset(p, i.start + open + Math.min(o, text.length)),
      fileEnd: (o: number) => programFileEnd(p, i.start + open + Math.min(o, text.length)),
      range: (s: number, e: number) => programRange(p, i.start + open + s, i.start + open + e),
    };
  });
  const src = joinedSource(p.index, parts, ' ');
  let at = 0;
  const words = argvWords(parts.map((x) => {
    const w = { text: x.text, start: at };
    at += x.text.length + 1;
    return w;
  }));
  applyTrainingFlags(words, src, inputs, notes);
}

function trials(p: PyProgram, a: Anchor, inputs: RunInputs): void {
  if (a.kind === 'hpo' || a.kind === 'optuna') {
    const n = num(p, a.call, 'n_trials');
    if (n) inputs.trials = n;
    return;
  }
  const tc = latest(p, Number.MAX_SAFE_INTEGER, isTrialCounter);
  if (!tc) return;
  const n = num(p, tc, 'num_samples') ?? num(p, tc, 'n_trials');
  if (n) inputs.trials = n;
}
