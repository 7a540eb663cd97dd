// Serving engines (vLLM, TGI) wherever they are configured: a `vllm serve --config` file, vLLM
// production-stack Helm values, a Kubernetes workload running the engine's image or launcher, a
// SkyPilot task whose `run:` starts it, or a docker-compose service. Every run is phase `inference`
// with devices = per-replica devices × replicas; hours are left to the estimator (always-on unless
// traffic is given).
import type { RunSpec, SourceRange } from '../../core/runSpec';
import { argvOf } from './commandWords';
import { derived } from '../fields';
import { ownValue } from '../../core/ownValue';
import { findLaunchers, parseToolFlags } from '../launcherFlags';
import {
  engineOfCommand, engineOfImage, factsFromEnv, factsFromLaunch, mergeFacts, servingInputs,
  type Engine, type Found, type ServingFacts,
} from './servingFacts';
import type { TEntry, TMap, TNode } from '../tree';
import { asMap, asScalar, asSeq, entryOf, nodeAt, numEntry, textOf } from './treePath';
import type { Change, FormatHandler, FormatInput, TextEditSpec } from '../types';
import { engineOf, k8sObjects, modelFromLabels, placementOf, planK8sEdit, type EngineUse } from './kubernetes';
import type { K8sObject, Selector } from './k8sObjects';
import { planSkyEdit, skyEngine, skyRun, skyTasks } from './skypilot';

// ──── vLLM config file (`vllm serve --config config.yaml`) ────

/** Engine arguments rarely seen outside vLLM; `model` alone says nothing. */
const VLLM_DISTINCT = new Set([
  'tensor_parallel_size', 'pipeline_parallel_size', 'data_parallel_size', 'max_num_seqs', 'max_model_len', 'gpu_memory_utilization',
  'served_model_name', 'kv_cache_dtype', 'enforce_eager', 'max_num_batched_tokens', 'enable_prefix_caching', 'swap_space',
  'uvicorn_log_level', 'disable_log_requests', 'tool_call_parser', 'enable_auto_tool_choice', 'enable_chunked_prefill', 'max_loras',
  'max_lora_rank', 'cpu_offload_gb', 'speculative_config', 'limit_mm_per_prompt', 'disable_log_stats', 'block_size',
]);
const VLLM_OTHER = new Set(['model', 'port', 'host', 'trust_remote_code', 'dtype', 'quantization', 'tokenizer', 'download_dir', 'seed', 'api_key', 'chat_template', 'enable_lora', 'lora_modules', 'revision', 'load_format', 'task', 'generation_config', 'max_logprobs', 'distributed_executor_backend']);

const norm = (k: string) => k.replace(/-/g, '_');

function vllmConfigRoot(input: FormatInput): TMap | undefined {
  const docs = input.docs();
  if (docs.length !== 1) return undefined;
  const root = asMap(docs[0].root);
  if (!root || root.entries.length === 0) return undefined;
  const keys = root.entries.map((e) => norm(e.key));
  const distinct = keys.filter((k) => VLLM_DISTINCT.has(k)).length;
  const known = keys.filter((k) => VLLM_DISTINCT.has(k) || VLLM_OTHER.has(k)).length;
  if (known < keys.length * 0.6) return undefined;
  if (distinct >= 2 || (distinct >= 1 && keys.includes('model'))) return root;
  return undefined;
}

function foundOf(e: TEntry | undefined): Found | undefined {
  if (!e) return undefined;
  const t = textOf(e.value);
  return t === undefined ? undefined : { raw: t, key: e.key, range: e.value.range, keyRange: e.keyRange };
}

function entryNorm(m: TNode | undefined, key: string): TEntry | undefined {
  return asMap(m)?.entries.find((e) => norm(e.key) === key);
}

function vllmConfigRun(input: FormatInput, root: TMap): RunSpec {
  const facts: ServingFacts = {
    model: foundOf(entryNorm(root, 'model')),
    tensorParallel: foundOf(entryNorm(root, 'tensor_parallel_size')),
    pipelineParallel: foundOf(entryNorm(root, 'pipeline_parallel_size')),
    dataParallel: foundOf(entryNorm(root, 'data_parallel_size')),
    quantize: foundOf(entryNorm(root, 'quantization')),
    dtype: foundOf(entryNorm(root, 'dtype')),
    maxBatch: foundOf(entryNorm(root, 'max_num_seqs')),
  };
  const s = servingInputs('vllm', facts);
  const name = textOf(entryNorm(root, 'served_model_name')?.value) ?? s.inputs.model?.value ?? input.fileName.split(/[\\/]/).pop() ?? 'vllm';
  s.notes.push('A `vllm serve MODEL` argument on the command line overrides `model:` in this file.');
  return { name, phase: 'inference', format: 'vllm', anchor: root.entries[0].keyRange, inputs: s.inputs, notes: s.notes, warnings: s.warnings };
}

// ──── vLLM production-stack Helm values ────

function productionStack(input: FormatInput): TMap | undefined {
  const root = asMap(input.docs()[0]?.root);
  return asMap(nodeAt(root, 'servingEngineSpec'));
}

function selectorsFromTerms(terms: TNode | undefined): Selector[] {
  const out: Selector[] = [];
  for (const term of asSeq(terms)?.items ?? []) {
    for (const expr of asSeq(nodeAt(term, 'matchExpressions'))?.items ?? []) {
      const k = entryOf(expr, 'key');
      const first = asSeq(nodeAt(expr, 'values'))?.items[0];
      const key = textOf(k?.value);
      const v = textOf(first);
      if (k && key && first && v) out.push({ key, value: v, range: first.range, keyRange: k.value.range });
    }
  }
  return out;
}

/** `extraArgs: ["--quantization", "awq"]`: vLLM flags as a list. */
function extraArgFacts(input: FormatInput, node: TNode | undefined): ServingFacts {
  const items = asSeq(node)?.items.filter((i) => i.kind === 'scalar') ?? [];
  if (!items.length) return {};
  const cmd = argvOf(input, items as never);
  return factsFromLaunch(parseToolFlags('vllm', cmd.words, 0), cmd.src);
}

function productionStackRuns(input: FormatInput, spec: TMap): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const ms of asSeq(nodeAt(spec, 'modelSpec'))?.items ?? []) {
    const m = asMap(ms);
    if (!m) continue;
    const vc = nodeAt(m, 'vllmConfig');
    const facts = mergeFacts(extraArgFacts(input, nodeAt(vc, 'extraArgs')), {
      model: foundOf(entryOf(m, 'modelURL')),
      tensorParallel: foundOf(entryOf(vc, 'tensorParallelSize')),
      pipelineParallel: foundOf(entryOf(vc, 'pipelineParallelSize')),
      dtype: foundOf(entryOf(vc, 'dtype')),
      maxBatch: foundOf(entryOf(vc, 'maxNumSeqs')),
      gpus: foundOf(entryOf(m, 'requestGPU')),
    });
    const s = servingInputs('vllm', facts, numEntry(entryOf(m, 'replicaCount')));
    const place = placementOf([{ role: 'engine', replicaCount: 1, containers: [], selectors: selectorsFromTerms(nodeAt(m, 'nodeSelectorTerms')) }]);
    if (place.hardware) s.inputs.hardware = place.hardware;
    if (place.region) s.inputs.region = place.region;
    const name = textOf(nodeAt(m, 'name')) ?? s.inputs.model?.value ?? 'model';
    runs.push({ name, phase: 'inference', format: 'vllm', anchor: m.entries[0]?.keyRange ?? m.range, inputs: s.inputs, notes: s.notes, warnings: s.warnings });
  }
  return runs;
}

// ──── Kubernetes workloads running an engine ────

function k8sEngines(input: FormatInput, engine: Engine): Array<{ obj: K8sObject; use: EngineUse }> {
  const out: Array<{ obj: K8sObject; use: EngineUse }> = [];
  for (const obj of k8sObjects(input)) {
    const use = engineOf(obj);
    if (use && use.engine === engine) out.push({ obj, use });
  }
  return out;
}

function k8sServingRun(input: FormatInput, obj: K8sObject, use: EngineUse): RunSpec {
  const c = use.container;
  const cmd = argvOf(input, [...c.command, ...c.args]);
  let launch = findLaunchers(cmd.words).find((f) => f.tool === use.engine);
  let src = cmd.src;
  if (!launch) {
    // The image's entrypoint is the engine: `args:` are its flags.
    const args = argvOf(input, c.args);
    const f = parseToolFlags(use.engine, args.words, 0);
    if (f.model && /^[/.]/.test(f.model.raw)) delete f.model;
    launch = f;
    src = args.src;
  }
  const env = factsFromEnv(use.engine, c.env);
  const gpus = c.gpus ? { gpus: { raw: String(c.gpus.value), key: 'nvidia.com/gpu', range: c.gpus.range, keyRange: c.gpus.keyRange } } : {};
  const facts = mergeFacts(factsFromLaunch(launch, src), env, gpus);
  const g = use.group;
  const replicas = g.replicas ?? (g.replicaCount > 1 ? derived(g.replicaCount, c.gpus, `${g.replicaCount} pods`) : undefined);
  const s = servingInputs(use.engine, facts, replicas);
  const place = placementOf(obj.groups);
  if (place.hardware) s.inputs.hardware = place.hardware;
  if (place.region) s.inputs.region = place.region;
  if (!s.inputs.model) {
    const m = modelFromLabels(obj.groups, obj.root);
    if (m) s.inputs.model = m;
  }
  return {
    name: `${obj.kind} ${obj.name?.value ?? input.fileName.split(/[\\/]/).pop()}`,
    phase: 'inference',
    format: use.engine,
    anchor: obj.anchor,
    inputs: s.inputs,
    notes: s.notes,
    warnings: s.warnings,
  };
}

// ──── docker-compose services ────

interface ComposeService {
  name: string;
  node: TMap;
  engine: Engine;
  keyRange: SourceRange;
}

function composeServices(input: FormatInput): ComposeService[] {
  if (input.syntax !== 'yaml') return [];
  const root = asMap(input.docs()[0]?.root);
  const services = asMap(nodeAt(root, 'services'));
  const out: ComposeService[] = [];
  for (const e of services?.entries ?? []) {
    const m = asMap(e.value);
    if (!m) continue;
    const image = textOf(nodeAt(m, 'image')) ?? '';
    const command = nodeAt(m, 'command');
    const cmdText = command?.kind === 'seq' ? command.items.map((i) => textOf(i) ?? '').join(' ') : textOf(command) ?? '';
    const engine = engineOfCommand(cmdText) ?? engineOfImage(image);
    if (engine) out.push({ name: e.key, node: m, engine, keyRange: e.keyRange });
  }
  return out;
}

function composeEnv(node: TNode | undefined): Found[] {
  const out: Found[] = [];
  const m = asMap(node);
  if (m) {
    for (const e of m.entries) {
      const t = textOf(e.value);
      if (t !== undefined) out.push({ key: e.key, raw: t, range: e.value.range, keyRange: e.keyRange });
    }
    return out;
  }
  for (const item of asSeq(node)?.items ?? []) {
    const t = textOf(item);
    const eq = t?.indexOf('=') ?? -1;
    if (t && eq > 0) out.push({ key: t.slice(0, eq), raw: t.slice(eq + 1), range: item.range });
  }
  return out;
}

function composeRun(input: FormatInput, svc: ComposeService): RunSpec {
  const command = nodeAt(svc.node, 'command');
  const items = command?.kind === 'seq' ? command.items.filter((i) => i.kind === 'scalar') : asScalar(command) ? [command!] : [];
  const cmd = argvOf(input, items as never);
  const launch = findLaunchers(cmd.words).find((f) => f.tool === svc.engine) ?? parseToolFlags(svc.engine, cmd.words, 0);
  // `deploy.resources.reservations.devices[].count` is how compose asks for GPUs.
  let gpus: ServingFacts = {};
  for (const d of asSeq(nodeAt(svc.node, 'deploy', 'resources', 'reservations', 'devices'))?.items ?? []) {
    const f = foundOf(entryOf(d, 'count'));
    if (f && f.raw !== 'all') gpus = { gpus: f };
  }
  const facts = mergeFacts(factsFromLaunch(launch, cmd.src), factsFromEnv(svc.engine, composeEnv(nodeAt(svc.node, 'environment'))), gpus);
  const s = servingInputs(svc.engine, facts, numEntry(entryOf(nodeAt(svc.node, 'deploy'), 'replicas')));
  return { name: `service ${svc.name}`, phase: 'inference', format: svc.engine, anchor: svc.keyRange, inputs: s.inputs, notes: s.notes, warnings: s.warnings };
}

// ──── Handlers ────

function servingHandler(engine: Engine): FormatHandler {
  return {
    id: engine,
    syntaxes: ['yaml', 'json'],
    detect(input) {
      if (k8sEngines(input, engine).length) return 0.95;
      if (skyTasks(input).some((t) => !t.service && skyEngine(t) === engine)) return 0.95;
      if (composeServices(input).some((s) => s.engine === engine)) return 0.9;
      if (engine === 'vllm') {
        if (productionStack(input)) return 0.95;
        if (vllmConfigRoot(input)) return 0.85;
      }
      return 0;
    },
    extract(input) {
      const runs: RunSpec[] = [];
      for (const { obj, use } of k8sEngines(input, engine)) runs.push(k8sServingRun(input, obj, use));
      for (const t of skyTasks(input)) if (!t.service && skyEngine(t) === engine) runs.push({ ...skyRun(input, t, engine), format: engine });
      for (const svc of composeServices(input)) if (svc.engine === engine) runs.push(composeRun(input, svc));
      if (engine === 'vllm' && !runs.length) {
        const ps = productionStack(input);
        if (ps) runs.push(...productionStackRuns(input, ps));
        else {
          const root = vllmConfigRoot(input);
          if (root) runs.push(vllmConfigRun(input, root));
        }
      }
      return runs;
    },
    planEdit(input, run, change) {
      return planServingEdit(input, run, change, engine);
    },
  };
}

export const vllmHandler = servingHandler('vllm');
export const tgiHandler = servingHandler('tgi');

// ──── Edits ────

const VLLM_QUANT: Record<number, string> = { 8: 'fp8', 4: 'awq' };
const TGI_QUANT: Record<number, string> = { 8: 'fp8', 4: 'bitsandbytes-nf4' };
const VLLM_DTYPE: Record<string, string> = { bf16: 'bfloat16', fp16: 'float16', fp32: 'float32' };

function planServingEdit(input: FormatInput, run: RunSpec, change: Change, engine: Engine): TextEditSpec[] | undefined {
  if (change.field === 'hardware' || change.field === 'region') {
    if (skyTasks(input).length) return planSkyEdit(input, change);
    if (k8sObjects(input).length) return planK8sEdit(input, run, change);
    return undefined;
  }
  let quant: string | undefined;
  if (change.field === 'quantization' && typeof change.value === 'number') quant = (engine === 'vllm' ? VLLM_QUANT : TGI_QUANT)[change.value];
  if (change.field === 'precision' && change.value === 'fp8') quant = 'fp8';
  if (quant) {
    const cur = run.inputs.quantization;
    if (cur?.range && cur.origin === 'file') return [{ range: cur.range, newText: quant }];
    const root = vllmConfigRoot(input);
    if (engine === 'vllm' && root) return appendKey(root, 'quantization', quant);
    return undefined;
  }
  if (change.field === 'precision' && typeof change.value === 'string' && engine === 'vllm') {
    const dtype = ownValue(VLLM_DTYPE, change.value);
    const cur = run.inputs.precision;
    if (!dtype) return undefined;
    if (cur?.range && cur.origin === 'file' && /dtype/i.test(cur.key ?? '')) return [{ range: cur.range, newText: dtype }];
    const root = vllmConfigRoot(input);
    return root ? appendKey(root, 'dtype', dtype) : undefined;
  }
  return undefined;
}

/** Adds `key: value` after the last top-level entry of a flat YAML map. */
function appendKey(root: TMap, key: string, value: string): TextEditSpec[] | undefined {
  const last = root.entries[root.entries.length - 1];
  if (!last || root.entries.some((e) => e.key === key)) return undefined;
  const hyphen = root.entries.some((e) => e.key.includes('-'));
  const end = last.value.range;
  const at = { startLine: end.endLine, startCol: end.endCol, endLine: end.endLine, endCol: end.endCol };
  return [{ range: at, newText: `\n${' '.repeat(last.keyRange.startCol)}${hyphen ? key.replace(/_/g, '-') : key}: ${value}` }];
}

