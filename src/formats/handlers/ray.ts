// Ray: the cluster launcher YAML (`ray up cluster.yaml`: node types, instance types, provider region)
// and Ray Serve LLM deployments, either a KubeRay RayService (whose `serveConfigV2` is a YAML
// document inside a string) or a Serve config file. KubeRay RayJob/RayCluster are plain Kubernetes
// workloads (kubernetes.ts).
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { derived } from '../fields';
import { deviceName, regionId } from './hardwareNames';
import { type K8sObject } from './k8sObjects';
import { servingInputs, type Found } from './servingFacts';
import { nestedYaml, scalarSource } from './textSource';
import type { TEntry, TMap, TNode } from '../tree';
import { asMap, asSeq, entryOf, nodeAt, numEntry, textOf } from './treePath';
import type { FormatHandler, FormatInput } from '../types';
import { k8sObjects, placementOf, planK8sEdit, trainingRun } from './kubernetes';

// ──── Cluster launcher ────

function launcherRoot(input: FormatInput): TMap | undefined {
  if (input.syntax !== 'yaml') return undefined;
  const docs = input.docs();
  if (docs.length !== 1) return undefined;
  const root = asMap(docs[0].root);
  if (!root || !entryOf(root, 'cluster_name') || !asMap(nodeAt(root, 'provider'))) return undefined;
  return ['available_node_types', 'head_node_type', 'head_node', 'worker_nodes', 'max_workers'].some((k) => entryOf(root, k)) ? root : undefined;
}

interface NodeType {
  name: string;
  nodes: number;
  /** Where the node count comes from (`min_workers`), absent for the head. */
  nodesFrom?: Sourced<number>;
  max?: number;
  hardware?: Sourced<string>;
  gpus?: Sourced<number>;
}

function nodeTypeOf(name: string, node: TNode | undefined, cfg: TNode | undefined, isHead: boolean): NodeType {
  const t: NodeType = { name, nodes: isHead ? 1 : 0 };
  if (!isHead) {
    t.nodesFrom = numEntry(entryOf(node, 'min_workers'));
    t.nodes = t.nodesFrom?.value ?? 0;
    t.max = numEntry(entryOf(node, 'max_workers'))?.value;
  }
  // AWS InstanceType, GCP machineType (+ guestAccelerators), Azure vmSize.
  const inst = entryOf(cfg, 'InstanceType') ?? entryOf(cfg, 'machineType') ?? entryOf(nodeAt(cfg, 'azure_arm_parameters'), 'vmSize');
  const instName = textOf(inst?.value);
  const d = instName ? deviceName(instName) : undefined;
  if (inst && d) {
    t.hardware = { value: d.hardware, origin: 'inferred', key: inst.key, keyRange: inst.keyRange, range: inst.value.range, note: d.note };
    if (d.perInstance) t.gpus = { value: d.perInstance, origin: 'inferred', key: inst.key, keyRange: inst.keyRange, range: inst.value.range, note: d.note };
  }
  const guest = asSeq(nodeAt(cfg, 'guestAccelerators'))?.items[0];
  const type = entryOf(guest, 'acceleratorType');
  const typeName = textOf(type?.value)?.split('/').pop();
  const gd = typeName ? deviceName(typeName) : undefined;
  if (type && gd) {
    t.hardware = { value: gd.hardware, origin: 'file', key: 'acceleratorType', keyRange: type.keyRange, range: type.value.range, note: gd.note };
    t.gpus = numEntry(entryOf(guest, 'acceleratorCount')) ?? t.gpus;
  }
  // `resources: {"GPU": n}` overrides what Ray detects.
  const override = numEntry(entryOf(nodeAt(node, 'resources'), 'GPU'));
  if (override) t.gpus = override;
  return t;
}

function launcherRun(input: FormatInput, root: TMap): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const headName = textOf(nodeAt(root, 'head_node_type'));
  const types: NodeType[] = [];
  for (const e of asMap(nodeAt(root, 'available_node_types'))?.entries ?? []) types.push(nodeTypeOf(e.key, e.value, nodeAt(e.value, 'node_config'), e.key === headName));
  // Legacy layout: `head_node:` and `worker_nodes:` are node configs, `min_workers` is top-level.
  if (!types.length) {
    const head = nodeAt(root, 'head_node');
    if (head) types.push(nodeTypeOf('head', undefined, head, true));
    const workers = nodeAt(root, 'worker_nodes');
    if (workers) types.push(nodeTypeOf('workers', root, workers, false));
  }
  const gpuTypes = types.filter((t) => t.gpus && t.nodes > 0);
  if (gpuTypes.length) {
    const total = gpuTypes.reduce((s, t) => s + t.nodes * t.gpus!.value, 0);
    const nodes = gpuTypes.reduce((s, t) => s + t.nodes, 0);
    const first = gpuTypes[0].gpus!;
    inputs.count = total === first.value ? first : derived(total, first, gpuTypes.map((t) => `${t.name}: ${t.nodes} × ${t.gpus!.value}`).join(' + '));
    if (nodes > 1) inputs.nodes = derived(nodes, gpuTypes[0].nodesFrom ?? first, `${nodes} GPU nodes`);
    inputs.hardware = gpuTypes.find((t) => t.hardware)?.hardware;
  } else {
    const withHw = types.find((t) => t.hardware);
    if (withHw) inputs.hardware = withHw.hardware;
    notes.push('No GPU node is launched at the start (min_workers 0 or CPU-only types).');
  }
  const scaling = types.filter((t) => t.gpus && t.max !== undefined && t.max > t.nodes);
  if (scaling.length) notes.push(`The autoscaler may add GPU nodes (${scaling.map((t) => `${t.name} up to ${t.max}`).join(', ')}); estimated with the nodes launched at start.`);

  const provider = textOf(nodeAt(root, 'provider', 'type'));
  for (const key of ['region', 'location', 'availability_zone']) {
    const e = entryOf(nodeAt(root, 'provider'), key);
    const v = textOf(e?.value)?.split(',')[0].trim();
    const id = e && v ? regionId(v, provider) : undefined;
    if (e && id) {
      inputs.region = { value: id, origin: 'file', key: e.key, keyRange: e.keyRange, range: e.value.range, note: `provider ${provider ?? ''} ${e.key} ${v}`.trim() };
      break;
    }
  }
  const name = textOf(nodeAt(root, 'cluster_name')) ?? 'ray cluster';
  notes.push('A Ray cluster file says what runs, not for how long: give the hours to estimate it.');
  return { name, phase: 'training', format: 'ray', anchor: entryOf(root, 'cluster_name')!.keyRange, inputs, notes, warnings: [] };
}

// ──── Ray Serve LLM ────

function found(e: TEntry | undefined): Found | undefined {
  const t = textOf(e?.value);
  return e && t !== undefined ? { raw: t, key: e.key, range: e.value.range, keyRange: e.keyRange } : undefined;
}

/** One run per `llm_configs[]` entry of every application. */
function llmRuns(serveRoot: TNode | undefined, cluster: K8sObject | undefined, anchorFallback: RunSpec['anchor'], fileName: string): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const app of asSeq(nodeAt(serveRoot, 'applications'))?.items ?? []) {
    for (const cfg of asSeq(nodeAt(app, 'args', 'llm_configs'))?.items ?? []) {
      const loading = nodeAt(cfg, 'model_loading_config');
      const ek = nodeAt(cfg, 'engine_kwargs');
      const dc = nodeAt(cfg, 'deployment_config');
      const replicas = numEntry(entryOf(dc, 'num_replicas')) ?? numEntry(entryOf(nodeAt(dc, 'autoscaling_config'), 'min_replicas'));
      const max = numEntry(entryOf(nodeAt(dc, 'autoscaling_config'), 'max_replicas'));
      const s = servingInputs('vllm', {
        model: found(entryOf(loading, 'model_source')) ?? found(entryOf(loading, 'model_id')),
        tensorParallel: found(entryOf(ek, 'tensor_parallel_size')),
        pipelineParallel: found(entryOf(ek, 'pipeline_parallel_size')),
        quantize: found(entryOf(ek, 'quantization')),
        dtype: found(entryOf(ek, 'dtype')),
        maxBatch: found(entryOf(ek, 'max_num_seqs')),
      }, replicas);
      if (max && replicas && max.value > replicas.value) s.notes.push(`Autoscaling up to ${max.value} replicas; estimated at the minimum, ${replicas.value}.`);
      const acc = entryOf(cfg, 'accelerator_type');
      const d = textOf(acc?.value) ? deviceName(textOf(acc!.value)!) : undefined;
      if (acc && d) s.inputs.hardware = { value: d.hardware, origin: 'file', key: 'accelerator_type', keyRange: acc.keyRange, range: acc.value.range, note: d.note };
      if (cluster) {
        const place = placementOf(cluster.groups);
        if (!s.inputs.hardware && place.hardware) s.inputs.hardware = place.hardware;
        if (place.region) s.inputs.region = place.region;
        const clusterGpus = cluster.groups.reduce((sum, g) => sum + g.replicaCount * (g.containers.reduce((c, x) => c + (x.gpus?.value ?? 0), 0)), 0);
        if (s.inputs.count && clusterGpus && clusterGpus < s.inputs.count.value) s.warnings.push(`The replicas need ${s.inputs.count.value} GPUs but the Ray cluster requests ${clusterGpus}.`);
        if (!s.inputs.count && clusterGpus) s.inputs.count = { value: clusterGpus, origin: 'inferred', note: `the Ray cluster's GPU requests` };
      }
      const name = textOf(nodeAt(loading, 'model_id')) ?? s.inputs.model?.value ?? fileName;
      runs.push({ name, phase: 'inference', format: 'ray', anchor: asMap(cfg)?.entries[0]?.keyRange ?? anchorFallback, inputs: s.inputs, notes: s.notes, warnings: s.warnings });
    }
  }
  return runs;
}

function rayServices(input: FormatInput): K8sObject[] {
  return k8sObjects(input).filter((o) => o.kind === 'RayService');
}

/** A standalone Serve config (`serve run config.yaml`) with LLM applications. */
function serveConfigRoot(input: FormatInput): TNode | undefined {
  if (input.syntax !== 'yaml') return undefined;
  const root = input.docs()[0]?.root;
  const apps = asSeq(nodeAt(root, 'applications'))?.items ?? [];
  return apps.some((a) => nodeAt(a, 'import_path')) ? root : undefined;
}

function serviceRuns(input: FormatInput, obj: K8sObject): RunSpec[] {
  const name = obj.name?.value ?? input.fileName;
  if (obj.serveConfig && typeof obj.serveConfig.value === 'string') {
    const docs = nestedYaml(scalarSource(input.text, input.index, obj.serveConfig));
    const runs = llmRuns(docs[0]?.root, obj, obj.anchor, name).map((r) => ({ ...r, name: `RayService ${name}: ${r.name}` }));
    if (runs.length) return runs;
  }
  // A Serve application that is not an LLM config: the cluster's GPUs, always on.
  const r = trainingRun(input, obj);
  return [{ ...r, format: 'ray', phase: 'inference', notes: [...r.notes, 'Ray Serve application without llm_configs: estimated from the cluster\'s GPU requests.'] }];
}

export const rayHandler: FormatHandler = {
  id: 'ray',
  syntaxes: ['yaml', 'json'],
  detect(input) {
    if (launcherRoot(input)) return 0.9;
    if (rayServices(input).length) return 0.9;
    if (serveConfigRoot(input) && llmRuns(serveConfigRoot(input), undefined, undefined, '').length) return 0.8;
    return 0;
  },
  extract(input) {
    const root = launcherRoot(input);
    if (root) return [launcherRun(input, root)];
    const services = rayServices(input);
    if (services.length) return services.flatMap((o) => serviceRuns(input, o));
    return llmRuns(serveConfigRoot(input), undefined, undefined, input.fileName.split(/[\\/]/).pop() ?? 'serve');
  },
  planEdit(input, run, change) {
    return rayServices(input).length ? planK8sEdit(input, run, change) : undefined;
  },
};
