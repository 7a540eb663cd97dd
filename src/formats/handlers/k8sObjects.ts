// Reads Kubernetes objects (plain workloads, Kubeflow jobs, KubeRay, KServe, LeaderWorkerSet, Katib)
// into one shape: groups of identical pods, each with a replica count, containers, GPU requests and
// node selectors. Which kind of object it was only decides where those pieces sit.
import type { SourceRange, Sourced } from '../../core/runSpec';
import { derived } from '../fields';
import type { TEntry, TMap, TNode, TScalar } from '../tree';
import { asMap, asScalar, asSeq, entryOf, nodeAt, numEntry, strEntry, textOf } from './treePath';
import type { Found } from './servingFacts';

export interface Container {
  node: TMap;
  name?: string;
  image?: string;
  command: TScalar[];
  args: TScalar[];
  env: Found[];
  /** Devices requested by this container (limits, else requests). */
  gpus?: Sourced<number>;
}

export interface Selector {
  key: string;
  value: string;
  range: SourceRange;
  keyRange: SourceRange;
}

export interface PodGroup {
  role: string;
  /** Replica count as written (absent = the kind's default of 1). */
  replicas?: Sourced<number>;
  replicaCount: number;
  pod?: TMap;
  containers: Container[];
  selectors: Selector[];
  labels?: TMap;
}

export interface K8sObject {
  kind: string;
  apiVersion: string;
  name?: Sourced<string>;
  root: TMap;
  /** First key of the object: where its lens goes. */
  anchor: SourceRange;
  groups: PodGroup[];
  /** Kubeflow Trainer v2 TrainJob. */
  trainJob?: { numNodes?: Sourced<number>; perNode?: Sourced<number>; storageUri?: Sourced<string> };
  /** KServe LLMInferenceService `spec.model.uri` (`hf://org/name`) or `spec.model.name`. */
  servedModel?: Sourced<string>;
  /** Katib `maxTrialCount`. */
  maxTrials?: Sourced<number>;
  /** RayJob `entrypoint`. */
  entrypoint?: TScalar;
  /** RayService `serveConfigV2` (a YAML document in a string). */
  serveConfig?: TScalar;
  activeDeadline?: Sourced<number>;
}

export const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'google.com/tpu', 'habana.ai/gaudi', 'aws.amazon.com/neuron'];

const WORKLOAD_KINDS = new Set([
  'Job', 'CronJob', 'Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Pod', 'PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob',
  'PaddleJob', 'JAXJob', 'TrainJob', 'RayJob', 'RayCluster', 'RayService', 'InferenceService', 'LLMInferenceService', 'LeaderWorkerSet', 'Experiment',
]);

export function isWorkloadKind(kind: string): boolean {
  return WORKLOAD_KINDS.has(kind);
}

function gpusOf(container: TMap): Sourced<number> | undefined {
  for (const section of ['limits', 'requests']) {
    const res = nodeAt(container, 'resources', section);
    for (const key of GPU_RESOURCES) {
      const n = numEntry(entryOf(res, key));
      if (n) return n;
    }
  }
  return undefined;
}

function listOf(node: TNode | undefined): TScalar[] {
  const seq = asSeq(node);
  if (seq) return seq.items.filter((i): i is TScalar => i.kind === 'scalar' && i.value !== null);
  const s = asScalar(node);
  return s && s.value !== null ? [s] : [];
}

function envOf(container: TMap): Found[] {
  const out: Found[] = [];
  for (const item of asSeq(entryOf(container, 'env')?.value)?.items ?? []) {
    const name = textOf(nodeAt(item, 'name'));
    const v = entryOf(item, 'value');
    if (!name || !v || v.value.kind !== 'scalar' || v.value.value === null) continue;
    out.push({ key: name, raw: String(v.value.value), range: v.value.range, keyRange: entryOf(item, 'name')!.value.range });
  }
  return out;
}

export function readContainer(node: TNode | undefined): Container | undefined {
  const m = asMap(node);
  if (!m) return undefined;
  return {
    node: m,
    name: textOf(nodeAt(m, 'name')),
    image: textOf(nodeAt(m, 'image')),
    command: listOf(nodeAt(m, 'command')),
    args: listOf(nodeAt(m, 'args')),
    env: envOf(m),
    gpus: gpusOf(m),
  };
}

function selectorsOf(pod: TMap | undefined): Selector[] {
  const out: Selector[] = [];
  const ns = asMap(nodeAt(pod, 'nodeSelector'));
  for (const e of ns?.entries ?? []) {
    const v = textOf(e.value);
    if (v !== undefined) out.push({ key: e.key, value: v, range: e.value.range, keyRange: e.keyRange });
  }
  const na = nodeAt(pod, 'affinity', 'nodeAffinity');
  const terms = [
    ...(asSeq(nodeAt(na, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'))?.items ?? []),
    ...(asSeq(nodeAt(na, 'preferredDuringSchedulingIgnoredDuringExecution'))?.items ?? []).map((p) => nodeAt(p, 'preference')),
  ];
  for (const term of terms) {
    for (const expr of asSeq(nodeAt(term, 'matchExpressions'))?.items ?? []) {
      const keyEntry = entryOf(expr, 'key');
      const key = textOf(keyEntry?.value);
      const op = textOf(nodeAt(expr, 'operator'));
      const first = asSeq(nodeAt(expr, 'values'))?.items[0];
      const v = textOf(first);
      if (key && keyEntry && first && v !== undefined && (op === undefined || op === 'In')) out.push({ key, value: v, range: first.range, keyRange: keyEntry.value.range });
    }
  }
  return out;
}

/** A pod template (`template:` holding `metadata` and `spec`) as a group. */
function groupFromTemplate(role: string, template: TNode | undefined, replicas: TEntry | undefined, defaultReplicas = 1): PodGroup {
  const pod = asMap(nodeAt(template, 'spec'));
  return groupFromPod(role, pod, replicas, defaultReplicas, asMap(nodeAt(template, 'metadata', 'labels')));
}

function groupFromPod(role: string, pod: TMap | undefined, replicas: TEntry | undefined, defaultReplicas = 1, labels?: TMap): PodGroup {
  const containers = (asSeq(nodeAt(pod, 'containers'))?.items ?? []).map(readContainer).filter((c): c is Container => c !== undefined);
  const r = numEntry(replicas);
  const zero = replicas && replicas.value.kind === 'scalar' && replicas.value.value === 0;
  return { role, replicas: r, replicaCount: zero ? 0 : r?.value ?? defaultReplicas, pod, containers, selectors: selectorsOf(pod), labels };
}

/** Ray head and worker groups (RayCluster spec, RayJob `rayClusterSpec`, RayService `rayClusterConfig`). */
function rayGroups(spec: TNode | undefined): PodGroup[] {
  const out: PodGroup[] = [];
  const head = nodeAt(spec, 'headGroupSpec');
  if (head) out.push(groupFromTemplate('head', nodeAt(head, 'template'), undefined, 1));
  for (const w of asSeq(nodeAt(spec, 'workerGroupSpecs'))?.items ?? []) {
    const name = textOf(nodeAt(w, 'groupName')) ?? 'workers';
    const replicas = entryOf(w, 'replicas') ?? entryOf(w, 'minReplicas');
    const g = groupFromTemplate(name, nodeAt(w, 'template'), replicas, 1);
    // Multi-host groups (TPU slices) start numOfHosts pods per replica.
    const hosts = numEntry(entryOf(w, 'numOfHosts'));
    if (hosts && hosts.value > 1) {
      g.replicaCount *= hosts.value;
      g.replicas = derived(g.replicaCount, hosts, `${g.replicas?.value ?? 1} replicas × ${hosts.value} hosts`);
    }
    // `rayStartParams.num-gpus` stands in for a resource request.
    const ng = numEntry(entryOf(nodeAt(w, 'rayStartParams'), 'num-gpus'));
    if (ng && !g.containers.some((c) => c.gpus) && g.containers[0]) g.containers[0].gpus = ng;
    out.push(g);
  }
  return out;
}

function firstEntry(m: TMap): SourceRange {
  return m.entries[0]?.keyRange ?? m.range;
}

/** Reads one document's object, or undefined when it is not a workload. */
export function readObject(root: TNode | undefined): K8sObject | undefined {
  const m = asMap(root);
  if (!m) return undefined;
  const kind = textOf(nodeAt(m, 'kind'));
  const apiVersion = textOf(nodeAt(m, 'apiVersion'));
  if (!kind || !apiVersion || !isWorkloadKind(kind)) return undefined;
  const spec = nodeAt(m, 'spec');
  const obj: K8sObject = { kind, apiVersion, root: m, anchor: firstEntry(m), groups: [], name: strEntry(entryOf(nodeAt(m, 'metadata'), 'name')) };
  switch (kind) {
    case 'Deployment': case 'StatefulSet': case 'ReplicaSet':
      obj.groups.push(groupFromTemplate('pod', nodeAt(spec, 'template'), entryOf(spec, 'replicas')));
      break;
    case 'DaemonSet':
      obj.groups.push(groupFromTemplate('pod', nodeAt(spec, 'template'), undefined));
      break;
    case 'Job':
      obj.groups.push(groupFromTemplate('pod', nodeAt(spec, 'template'), entryOf(spec, 'parallelism')));
      obj.activeDeadline = numEntry(entryOf(spec, 'activeDeadlineSeconds'));
      break;
    case 'CronJob':
      obj.groups.push(groupFromTemplate('pod', nodeAt(spec, 'jobTemplate', 'spec', 'template'), entryOf(nodeAt(spec, 'jobTemplate', 'spec'), 'parallelism')));
      break;
    case 'Pod':
      obj.groups.push(groupFromPod('pod', asMap(spec), undefined, 1, asMap(nodeAt(m, 'metadata', 'labels'))));
      break;
    case 'TrainJob': {
      const trainer = nodeAt(spec, 'trainer');
      const res = nodeAt(trainer, 'resourcesPerNode');
      let perNode: Sourced<number> | undefined;
      for (const section of ['limits', 'requests']) for (const key of GPU_RESOURCES) perNode ??= numEntry(entryOf(nodeAt(res, section), key));
      obj.trainJob = { numNodes: numEntry(entryOf(trainer, 'numNodes')), perNode, storageUri: strEntry(entryOf(nodeAt(spec, 'modelConfig', 'input'), 'storageUri')) };
      const c = readContainer(trainer);
      if (c) obj.groups.push({ role: 'trainer', replicas: obj.trainJob.numNodes, replicaCount: obj.trainJob.numNodes?.value ?? 1, containers: [{ ...c, gpus: perNode }], selectors: [] });
      break;
    }
    case 'RayCluster':
      obj.groups.push(...rayGroups(spec));
      break;
    case 'RayJob': {
      obj.groups.push(...rayGroups(nodeAt(spec, 'rayClusterSpec')));
      obj.entrypoint = asScalar(nodeAt(spec, 'entrypoint'));
      obj.activeDeadline = numEntry(entryOf(spec, 'activeDeadlineSeconds'));
      break;
    }
    case 'RayService':
      obj.groups.push(...rayGroups(nodeAt(spec, 'rayClusterConfig')));
      obj.serveConfig = asScalar(nodeAt(spec, 'serveConfigV2'));
      break;
    case 'InferenceService': {
      const pred = asMap(nodeAt(spec, 'predictor'));
      const g = groupFromPod('predictor', pred, entryOf(pred, 'minReplicas'));
      // KServe puts the serving container under `model:` (or a framework key) instead of `containers:`.
      for (const k of ['model', 'huggingface', 'pytorch', 'triton']) {
        const c = readContainer(nodeAt(pred, k));
        if (c) g.containers.push(c);
      }
      obj.groups.push(g);
      break;
    }
    case 'LLMInferenceService': {
      // KServe's LLM CRD: `template` is the pod spec itself (containers at its top), one pod per replica;
      // `scaling.minReplicas` stands in for `replicas` when it autoscales.
      const replicas = entryOf(spec, 'replicas') ?? entryOf(nodeAt(spec, 'scaling'), 'minReplicas');
      obj.groups.push(groupFromPod('main', asMap(nodeAt(spec, 'template')), replicas));
      if (nodeAt(spec, 'worker')) obj.groups.push(groupFromPod('worker', asMap(nodeAt(spec, 'worker')), replicas));
      const uri = strEntry(entryOf(nodeAt(spec, 'model'), 'uri'));
      const name = strEntry(entryOf(nodeAt(spec, 'model'), 'name'));
      obj.servedModel = uri && /^hf:\/\//.test(uri.value) ? { ...uri, value: uri.value.slice(5), note: `from model.uri: ${uri.value}` } : name;
      break;
    }
    case 'LeaderWorkerSet': {
      const lwt = nodeAt(spec, 'leaderWorkerTemplate');
      const size = numEntry(entryOf(lwt, 'size'));
      const replicas = entryOf(spec, 'replicas');
      const leader = groupFromTemplate('leader', nodeAt(lwt, 'leaderTemplate') ?? nodeAt(lwt, 'workerTemplate'), replicas);
      obj.groups.push(leader);
      if (size && size.value > 1) {
        const w = groupFromTemplate('worker', nodeAt(lwt, 'workerTemplate'), undefined);
        w.replicaCount = leader.replicaCount * (size.value - 1);
        w.replicas = derived(w.replicaCount, size, `${leader.replicaCount} groups × ${size.value - 1} workers`);
        obj.groups.push(w);
      }
      break;
    }
    case 'Experiment': {
      obj.maxTrials = numEntry(entryOf(spec, 'maxTrialCount'));
      const trial = readObject(nodeAt(spec, 'trialTemplate', 'trialSpec'));
      if (trial) {
        obj.groups.push(...trial.groups);
        obj.activeDeadline = trial.activeDeadline;
      }
      break;
    }
    default: {
      // Kubeflow v1 jobs: `spec.<framework>ReplicaSpecs.<Role>`.
      const specs = asMap(spec)?.entries.find((e) => /ReplicaSpecs$/.test(e.key));
      for (const role of asMap(specs?.value)?.entries ?? []) {
        obj.groups.push(groupFromTemplate(role.key, nodeAt(role.value, 'template'), entryOf(role.value, 'replicas')));
      }
      obj.activeDeadline = numEntry(entryOf(nodeAt(spec, 'runPolicy'), 'activeDeadlineSeconds'));
    }
  }
  return obj;
}

/** Devices requested by one pod of the group (sum over its containers). */
export function gpusPerPod(g: PodGroup): Sourced<number> | undefined {
  const withGpus = g.containers.filter((c) => c.gpus);
  if (withGpus.length === 0) return undefined;
  if (withGpus.length === 1) return withGpus[0].gpus;
  const total = withGpus.reduce((s, c) => s + c.gpus!.value, 0);
  return derived(total, withGpus[0].gpus, `${withGpus.map((c) => c.gpus!.value).join(' + ')} across the pod's containers`);
}

export function hasGpus(obj: K8sObject): boolean {
  return obj.groups.some((g) => gpusPerPod(g) !== undefined) || obj.trainJob?.perNode !== undefined;
}
