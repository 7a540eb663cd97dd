// What a serving engine (vLLM, TGI) is told, wherever it is told it: launcher flags, container
// environment variables, a vLLM config file, production-stack Helm values or Ray Serve engine
// kwargs. Each source is reduced to the same named facts, then to the same run inputs, so that a
// vLLM Deployment and a vLLM SkyPilot task are read alike.
import type { Precision, RunInputs, SourceRange, Sourced } from '../../core/runSpec';
import { derived, normalizePrecision, normalizeQuantBits, toNumber } from '../fields';
import type { FlagValue, LaunchFacts } from '../launcherFlags';
import type { TextSource } from './textSource';
import { ownValue } from '../../core/ownValue';
import { quoted } from '../quoted';

export type Engine = 'vllm' | 'tgi';

/** A value as written, with where it is. */
export interface Found {
  raw: string;
  /** The key or flag as spelt (`NUM_SHARD`, `--tensor-parallel-size`, `tensor_parallel_size`). */
  key: string;
  range?: SourceRange;
  keyRange?: SourceRange;
  /** Set when the value was found elsewhere (`$MODEL_NAME` from `envs:`): says how. */
  note?: string;
}

export type ServingKey = 'model' | 'tensorParallel' | 'pipelineParallel' | 'dataParallel' | 'shards' | 'gpus' | 'quantize' | 'dtype' | 'maxBatch' | 'maxConcurrent';
export type ServingFacts = Partial<Record<ServingKey, Found>>;

export function engineOfImage(image: string): Engine | undefined {
  const s = image.toLowerCase();
  if (s.includes('text-generation-inference')) return 'tgi';
  if (/(^|\/)vllm[/-]|vllm-openai|\/vllm:|^vllm:/.test(s)) return 'vllm';
  return undefined;
}

/** Engine started by a command line (`vllm serve`, `python -m vllm.entrypoints…`, `text-generation-launcher`). */
export function engineOfCommand(text: string): Engine | undefined {
  if (/\btext-generation-launcher\b|\/text-generation-inference\b/.test(text)) return 'tgi';
  if (/\bvllm\s+serve\b|\bvllm\.entrypoints\b|\bvllm\/vllm-openai\b/.test(text)) return 'vllm';
  return undefined;
}

const FACT_KEYS: Array<[keyof LaunchFacts, ServingKey]> = [
  ['model', 'model'], ['tensorParallel', 'tensorParallel'], ['pipelineParallel', 'pipelineParallel'], ['dataParallel', 'dataParallel'],
  ['shards', 'shards'], ['quantize', 'quantize'], ['dtype', 'dtype'], ['maxBatch', 'maxBatch'], ['maxConcurrent', 'maxConcurrent'],
];

/** Launcher flags as facts, ranges from the source the words were cut from. */
export function factsFromLaunch(f: Partial<LaunchFacts>, src: TextSource): ServingFacts {
  const out: ServingFacts = {};
  for (const [from, to] of FACT_KEYS) {
    const v = f[from] as FlagValue | undefined;
    if (!v) continue;
    out[to] = { raw: v.raw, key: v.flag === '<positional>' ? 'model' : v.flag.replace(/^-+/, ''), range: src.range(v.start, v.end) };
    if (v.flagStart !== undefined) out[to]!.keyRange = src.range(v.flagStart, v.flagStart + v.flag.length);
  }
  return out;
}

const TGI_ENV: Record<string, ServingKey> = {
  MODEL_ID: 'model', HF_MODEL_ID: 'model', NUM_SHARD: 'shards', SM_NUM_GPUS: 'shards', QUANTIZE: 'quantize', HF_MODEL_QUANTIZE: 'quantize',
  DTYPE: 'dtype', MAX_BATCH_SIZE: 'maxBatch', MAX_CONCURRENT_REQUESTS: 'maxConcurrent',
};
const VLLM_ENV: Record<string, ServingKey> = { MODEL: 'model', MODEL_NAME: 'model', MODEL_ID: 'model', TENSOR_PARALLEL_SIZE: 'tensorParallel', TP_SIZE: 'tensorParallel' };

/** Facts from container environment variables (TGI is configured this way). */
export function factsFromEnv(engine: Engine, env: Found[]): ServingFacts {
  const table = engine === 'tgi' ? TGI_ENV : VLLM_ENV;
  const out: ServingFacts = {};
  for (const e of env) {
    const k = ownValue(table, e.key);
    if (k && !out[k] && e.raw !== '') out[k] = e;
  }
  return out;
}

/** Merges fact sets; earlier sets win (command-line flags override environment and config). */
export function mergeFacts(...sets: ServingFacts[]): ServingFacts {
  const out: ServingFacts = {};
  for (const s of sets) for (const [k, v] of Object.entries(s) as Array<[ServingKey, Found]>) if (v && !out[k]) out[k] = v;
  return out;
}

function sourcedOf<T>(f: Found, value: T): Sourced<T> {
  const s: Sourced<T> = { value, origin: 'file', key: f.key };
  if (f.range) s.range = f.range;
  if (f.keyRange) s.keyRange = f.keyRange;
  if (f.note) s.note = f.note;
  return s;
}

function isVariable(raw: string): boolean {
  return /\$\{|\$\(|^\$|\{\{/.test(raw);
}

/** Precision and bits a model id's suffix promises (`-FP8`, `-AWQ`, `-GPTQ-Int4`, `-bnb-4bit`). */
export function quantFromModelId(id: string): { bits: number; precision?: Precision; what: string } | undefined {
  const s = id.toLowerCase();
  if (/(^|[-_./])fp8($|[-_./])/.test(s)) return { bits: 8, precision: 'fp8', what: 'FP8 weights' };
  if (/(^|[-_./])(awq|gptq)($|[-_./])|int4|4bit|-nf4|w4a16/.test(s)) return { bits: 4, what: '4-bit weights' };
  if (/int8|8bit|w8a8/.test(s)) return { bits: 8, what: '8-bit weights' };
  return undefined;
}

export interface ServingRun {
  inputs: RunInputs;
  notes: string[];
  warnings: string[];
}

/**
 * Run inputs from serving facts. `replicas` multiplies the per-replica devices (tensor-parallel ×
 * pipeline × data-parallel, TGI shards, or the pod's GPU request). Hours are left to the estimator.
 */
export function servingInputs(engine: Engine, f: ServingFacts, replicas?: Sourced<number>): ServingRun {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const warnings: string[] = [];
  const num = (x: Found | undefined): number | undefined => {
    if (!x) return undefined;
    if (isVariable(x.raw)) {
      notes.push(`\`${x.key}\` is set from a variable (${quoted(x.raw)}); its value is unknown here.`);
      return undefined;
    }
    const n = toNumber(x.raw);
    return n !== undefined && n > 0 ? n : undefined;
  };

  if (f.model && !isVariable(f.model.raw) && f.model.raw.trim()) inputs.model = sourcedOf(f.model, f.model.raw.trim());

  // Devices per replica.
  let perReplica: Sourced<number> | undefined;
  if (engine === 'vllm') {
    const parts = (['tensorParallel', 'pipelineParallel', 'dataParallel'] as const).map((k) => ({ k, f: f[k], n: num(f[k]) })).filter((p) => p.n !== undefined);
    if (parts.length === 1) perReplica = sourcedOf(parts[0].f!, parts[0].n!);
    else if (parts.length > 1) {
      const n = parts.reduce((p, x) => p * x.n!, 1);
      perReplica = derived(n, sourcedOf(parts[0].f!, parts[0].n!), parts.map((p) => `${p.f!.key} ${p.n}`).join(' × '));
    }
  } else {
    const shards = num(f.shards);
    if (shards !== undefined) perReplica = sourcedOf(f.shards!, shards);
  }
  const gpus = num(f.gpus);
  if (perReplica && gpus !== undefined && gpus !== perReplica.value) {
    warnings.push(`${perReplica.key} is ${perReplica.value} but ${f.gpus!.key} requests ${gpus} GPUs per replica; the engine uses ${perReplica.value}.`);
  }
  if (!perReplica && gpus !== undefined) perReplica = sourcedOf(f.gpus!, gpus);
  if (!perReplica && engine === 'vllm' && (f.model || f.maxBatch)) {
    notes.push('No tensor-parallel size given: vLLM uses 1 GPU per replica.');
  }

  const reps = replicas?.value ?? 1;
  if (replicas) inputs.replicas = replicas;
  if (perReplica) {
    inputs.count = reps > 1 ? derived(perReplica.value * reps, perReplica, `${perReplica.value} per replica × ${reps} replicas`) : perReplica;
  } else if (reps > 1 && engine === 'vllm') {
    inputs.count = derived(reps, replicas, `1 GPU per replica × ${reps} replicas`);
  }

  // Precision and quantization.
  const q = f.quantize && !isVariable(f.quantize.raw) ? f.quantize.raw.trim().toLowerCase() : undefined;
  if (q) {
    const bits = normalizeQuantBits(q);
    if (bits) inputs.quantization = sourcedOf(f.quantize!, bits);
    if (q.includes('fp8')) inputs.precision = sourcedOf(f.quantize!, 'fp8');
    if (!bits) notes.push(`Quantization \`${quoted(f.quantize!.raw)}\` is not one Carbon Lens knows the bits of.`);
  }
  const dt = f.dtype && normalizePrecision(f.dtype.raw);
  if (dt && !inputs.precision) inputs.precision = sourcedOf(f.dtype!, dt);
  if (inputs.model && !inputs.quantization) {
    const hint = quantFromModelId(inputs.model.value);
    if (hint) {
      inputs.quantization = derived(hint.bits, inputs.model, `the model id names ${hint.what}`);
      if (hint.precision && !inputs.precision) inputs.precision = derived(hint.precision, inputs.model, `the model id names ${hint.what}`);
    }
  }

  const batch = num(f.maxBatch);
  if (batch !== undefined) inputs.maxBatch = sourcedOf(f.maxBatch!, batch);
  else {
    const conc = num(f.maxConcurrent);
    if (conc !== undefined) inputs.maxBatch = { ...sourcedOf(f.maxConcurrent!, conc), note: 'concurrent requests bound the batch' };
  }
  return { inputs, notes, warnings };
}
