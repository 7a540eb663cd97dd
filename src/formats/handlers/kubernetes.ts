// Kubernetes workloads that use accelerators: batch Jobs, Deployments, Kubeflow PyTorchJob/TFJob/
// MPIJob and TrainJob, KubeRay RayJob/RayCluster, KServe, LeaderWorkerSet and Katib experiments.
// Devices = GPUs per pod × pods, the device type and region come from node selectors, and the
// training arguments from the container's command line. Pods that run vLLM or TGI are the serving
// handlers' (serving.ts), which reuse the readers here.
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { derived, setIfAbsent } from '../fields';
import { argvOf, shellOf } from './commandWords';
import { applyKnownExample, type SeenWord } from './knownExamples';
import { applyEnvHints } from './k8sEnvHints';
import { applyMountedConfigs, planMountedEdit } from './k8sConfigMaps';
import { deviceName, regionId, spellingFor, type Provider } from './hardwareNames';
import { gpusPerPod, hasGpus, readObject, type Container, type K8sObject, type PodGroup, type Selector } from './k8sObjects';
import { cpuCount, cpuHardware } from './k8sCpu';
import { acceleratorsOf, describeLaunch, findLaunchers } from '../launcherFlags';
import { engineOfCommand, engineOfImage, type Engine, type Found } from './servingFacts';
import { applyFlagsWithVars, type VarDef } from '../flagVars';
import type { Change, FormatHandler, FormatInput, TextEditSpec } from '../types';
import { entryOf, nodeAt, textOf } from './treePath';

const memo = new WeakMap<FormatInput, K8sObject[]>();

/** The workload objects of a (multi-document) YAML or JSON file. */
export function k8sObjects(input: FormatInput): K8sObject[] {
  let objs = memo.get(input);
  if (!objs) {
    objs = [];
    if (/\bapiVersion\b/.test(input.text.slice(0, 200_000)) && /\bkind\b/.test(input.text.slice(0, 200_000))) {
      for (const d of input.docs()) {
        const o = readObject(d.root);
        if (o) objs.push(o);
      }
    }
    memo.set(input, objs);
  }
  return objs;
}

// ──── What runs in a container ────

export interface EngineUse {
  engine: Engine;
  group: PodGroup;
  container: Container;
}

function commandText(c: Container): string {
  return [...c.command, ...c.args].map((s) => String(s.value)).join(' ');
}

export function engineOf(obj: K8sObject): EngineUse | undefined {
  for (const group of obj.groups) {
    for (const container of group.containers) {
      const engine = engineOfCommand(commandText(container)) ?? (container.image ? engineOfImage(container.image) : undefined);
      if (engine) return { engine, group, container };
    }
  }
  return undefined;
}

const TRAINING_TOOL = /\b(torchrun|deepspeed|accelerate\s+launch|trl\s+(sft|dpo|grpo)|tune\s+run|llamafactory-cli|axolotl|torch\.distributed)/;
const PYTHON = /\bpython3?\s+/g;

/**
 * A training launcher in a command: one of the tools above, or `python … *train*.py`. The script
 * test is a scan of the word after `python`: as `python3?\s+\S*train\S*\.py` in the pattern it
 * backtracked over every `train` of a long word (100 KB took seconds; found by the regex sweep of
 * hostile.test.ts / regexBounds.test.ts, 2026-12).
 */
function isTrainingCommand(text: string): boolean {
  if (TRAINING_TOOL.test(text)) return true;
  PYTHON.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PYTHON.exec(text))) {
    let end = PYTHON.lastIndex;
    while (end < text.length && !/\s/.test(text[end])) end++;
    const word = text.slice(PYTHON.lastIndex, end);
    const train = word.indexOf('train');
    if (train >= 0 && word.indexOf('.py', train + 5) >= 0) return true;
    // The next search starts at this word: it may itself be `python` (`python3 python x.py`).
  }
  return false;
}

function runsTraining(obj: K8sObject): boolean {
  if (obj.entrypoint && isTrainingCommand(String(obj.entrypoint.value))) return true;
  return obj.groups.some((g) => g.containers.some((c) => isTrainingCommand(commandText(c))));
}

const ML_KINDS = new Set(['PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'TrainJob', 'RayJob', 'RayCluster', 'Experiment']);

// ──── Placement: device type and region from node selectors ────

const HARDWARE_KEYS = [
  'cloud.google.com/gke-accelerator', 'nvidia.com/gpu.product', 'karpenter.k8s.aws/instance-gpu-name', 'cloud.google.com/gke-tpu-accelerator',
  'node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type', 'karpenter.k8s.aws/instance-type',
];
const REGION_KEYS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

function providerOfSelectors(sel: Selector[]): Provider | undefined {
  for (const s of sel) {
    if (s.key.startsWith('cloud.google.com/')) return 'gcp';
    if (/karpenter\.k8s\.aws|eks\.amazonaws\.com/.test(s.key)) return 'aws';
    if (s.key.startsWith('kubernetes.azure.com/')) return 'azure';
  }
  return undefined;
}

export interface Placement {
  hardware?: Sourced<string>;
  /** Devices the selected instance type brings, when the selector names an instance. */
  perInstance?: number;
  region?: Sourced<string>;
}

export function placementOf(groups: PodGroup[]): Placement {
  const out: Placement = {};
  const selectors = groups.flatMap((g) => g.selectors);
  const ranked = [...HARDWARE_KEYS.flatMap((k) => selectors.filter((s) => s.key === k)), ...selectors.filter((s) => !HARDWARE_KEYS.includes(s.key) && /accelerator|gpu/i.test(s.key))];
  for (const s of ranked) {
    const d = deviceName(s.value);
    if (!d) continue;
    out.hardware = { value: d.hardware, origin: 'file', range: s.range, keyRange: s.keyRange, key: s.key, note: d.note };
    out.perInstance = d.perInstance;
    break;
  }
  const provider = providerOfSelectors(selectors);
  for (const k of REGION_KEYS) {
    const s = selectors.find((x) => x.key === k);
    const id = s && regionId(s.value, provider);
    if (s && id) {
      out.region = { value: id, origin: 'file', range: s.range, keyRange: s.keyRange, key: s.key, note: id === s.value ? undefined : `${s.value} → ${id}` };
      break;
    }
  }
  return out;
}

/** `hf.co/model: mistralai--Mistral-7B-v0.3` (Hugging Face DLC examples label pods with their model). */
export function modelFromLabels(groups: PodGroup[], objRoot: K8sObject['root']): Sourced<string> | undefined {
  for (const labels of [...groups.map((g) => g.labels), nodeAt(objRoot, 'metadata', 'labels')]) {
    const e = entryOf(labels, 'hf.co/model');
    const v = textOf(e?.value);
    if (e && v) {
      const id = v.replace('--', '/');
      return { value: id, origin: 'file', range: e.value.range, keyRange: e.keyRange, key: e.key, note: `pod label ${e.key}: ${v}` };
    }
  }
  return undefined;
}

// ──── Runs ────

function objectName(obj: K8sObject, fileName: string): string {
  return `${obj.kind} ${obj.name?.value ?? fileName.split(/[\\/]/).pop()}`;
}

/** Total devices over the GPU groups, with how it was counted. */
function deviceCount(obj: K8sObject): { count?: Sourced<number>; pods: number; groups: PodGroup[] } {
  const groups = obj.groups.filter((g) => gpusPerPod(g) && g.replicaCount > 0);
  if (!groups.length) return { pods: 0, groups };
  const pods = groups.reduce((s, g) => s + g.replicaCount, 0);
  const total = groups.reduce((s, g) => s + g.replicaCount * gpusPerPod(g)!.value, 0);
  const first = gpusPerPod(groups[0])!;
  if (pods === 1) return { count: first, pods, groups };
  const how = groups.map((g) => `${g.role} ${g.replicaCount} × ${gpusPerPod(g)!.value}`).join(' + ');
  return { count: derived(total, first, `${how} (pods × devices per pod)`), pods, groups };
}

function commandInputs(input: FormatInput, obj: K8sObject, inputs: RunInputs, notes: string[]): void {
  const sources = [
    ...(obj.entrypoint ? [{ ...shellOf(input, obj.entrypoint), env: [] as Found[], container: undefined as string | undefined }] : []),
    ...obj.groups.flatMap((g) => g.containers).filter((c) => c.command.length + c.args.length > 0).map((c) => ({ ...argvOf(input, [...c.command, ...c.args]), env: c.env, container: c.name })),
  ];
  for (const { src, words, env, container } of sources) {
    // `$(VAR)` in a container's command and args is its `env:` value (Kubernetes expands it).
    const envVar = (name: string): VarDef | undefined => {
      const e = env.find((x) => x.key === name);
      return e ? { name, value: e.raw, range: e.range, where: `env of container ${container ?? ''}`.trim() } : undefined;
    };
    applyFlagsWithVars(words, src, inputs, notes, envVar, 'k8s');
    for (const f of findLaunchers(words)) {
      const acc = acceleratorsOf(f);
      if (!acc) continue;
      const from = acc.from[0];
      const note = `from ${describeLaunch(f)} in the container command`;
      setIfAbsent(inputs, 'count', { value: acc.count, origin: 'file', range: src.range(from.start, from.end), key: from.flag.replace(/^-+/, ''), note });
      if (acc.nodes !== undefined && acc.nodes > 1) setIfAbsent(inputs, 'nodes', { value: acc.nodes, origin: 'file', range: src.range(f.start, f.end), note });
    }
  }
}

/** Images and command words of the object's containers (and a RayJob entrypoint), for knownExamples.ts. */
function seenWords(obj: K8sObject): SeenWord[] {
  const out: SeenWord[] = [];
  const scalars = (c: K8sObject['groups'][number]['containers'][number]) => [...c.command, ...c.args];
  for (const g of obj.groups) for (const c of g.containers) {
    if (c.image) out.push({ text: c.image, kind: 'image' });
    for (const w of scalars(c)) for (const part of String(w.value).split(/\s/)) if (part.endsWith('.py')) out.push({ text: part, range: w.range, kind: 'script' });
  }
  if (obj.entrypoint) for (const part of String(obj.entrypoint.value).split(/\s/)) if (part.endsWith('.py')) out.push({ text: part, range: obj.entrypoint.range, kind: 'script' });
  return out;
}

export function trainingRun(input: FormatInput, obj: K8sObject): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const warnings: string[] = [];
  const serving = ['Deployment', 'StatefulSet', 'ReplicaSet', 'InferenceService', 'LLMInferenceService', 'LeaderWorkerSet', 'RayService'].includes(obj.kind);
  const { count, pods, groups } = deviceCount(obj);
  if (count) inputs.count = count;
  if (serving) {
    const g = groups[0] ?? obj.groups[0];
    if (g?.replicas) inputs.replicas = g.replicas;
  } else if (pods > 1) {
    inputs.nodes = derived(pods, groups[0].replicas ?? count, `${pods} pods`);
  }
  if (obj.trainJob?.numNodes && !inputs.nodes) inputs.nodes = obj.trainJob.numNodes;

  const place = placementOf(groups.length ? groups : obj.groups);
  if (place.hardware) inputs.hardware = place.hardware;
  if (place.region) inputs.region = place.region;
  if (!inputs.count && place.perInstance && place.hardware) {
    const podsAll = obj.groups.reduce((s, g) => s + g.replicaCount, 0) || 1;
    inputs.count = derived(place.perInstance * podsAll, place.hardware, `${place.hardware.note ?? place.hardware.value} per pod × ${podsAll} pods`);
  }

  // No accelerator requested or selected: a CPU job, counted in vCPUs (k8sCpu.ts). Set before the
  // command is read, so `torchrun --nproc_per_node 2` there counts processes, not GPUs.
  const cpuOnly = !serving && !count && !inputs.count && !inputs.hardware && !obj.trainJob?.perNode;
  if (cpuOnly) {
    const cpus = cpuCount(obj);
    if (cpus) {
      inputs.hardware = cpuHardware();
      inputs.count = cpus.count;
      notes.push(`Runs on CPUs: no accelerator is requested, so it is estimated per vCPU (${cpus.count.value} in all), not on an assumed GPU.`);
      if (cpus.assumedPods) notes.push(`${cpus.assumedPods > 1 ? `${cpus.assumedPods} pods request` : '1 pod requests'} no CPU: counted at 1 vCPU each (a pod without a request may use more of its node).`);
    }
  }

  commandInputs(input, obj, inputs, notes);
  // The config file the container reads from a ConfigMap of this manifest: below the command line.
  if (!serving) applyMountedConfigs(input, obj, inputs, notes, warnings);
  if (!serving) applyKnownExample(seenWords(obj), inputs, notes);
  // After the command: a flag on the command line wins over a conventionally named env variable.
  if (!serving) applyEnvHints(obj, inputs, notes);
  setIfAbsent(inputs, 'model', obj.servedModel);
  setIfAbsent(inputs, 'model', modelFromLabels(obj.groups, obj.root));
  const uri = obj.trainJob?.storageUri;
  if (uri && /^hf:\/\//.test(uri.value)) setIfAbsent(inputs, 'model', { ...uri, value: uri.value.slice(5), note: `from ${uri.key}: ${uri.value}` });
  if (obj.maxTrials) inputs.trials = obj.maxTrials;

  if (obj.activeDeadline) notes.push(`The job is stopped after ${(obj.activeDeadline.value / 3600).toPrecision(3)} h at most (${obj.activeDeadline.key}).`);
  if (!count && !inputs.count) notes.push('No accelerator request (nvidia.com/gpu) in the pod spec.');
  else if (cpuOnly && inputs.hardware?.value === 'cpu-vcpu') notes.push('No accelerator request (nvidia.com/gpu) in the pod spec.');
  return {
    name: objectName(obj, input.fileName),
    phase: serving ? 'inference' : 'training',
    format: 'kubernetes',
    anchor: obj.anchor,
    inputs,
    notes,
    warnings,
  };
}

// ──── Handler ────

function claims(obj: K8sObject): boolean {
  if (obj.kind === 'RayService') return false; // Ray Serve applications are the ray handler's
  return hasGpus(obj) || ML_KINDS.has(obj.kind) || runsTraining(obj);
}

export const kubernetesHandler: FormatHandler = {
  id: 'kubernetes',
  syntaxes: ['yaml', 'json'],
  detect(input) {
    const objs = k8sObjects(input);
    const ours = objs.filter((o) => claims(o) && !engineOf(o));
    if (!ours.length) return 0;
    return objs.some((o) => engineOf(o)) ? 0.6 : 0.9;
  },
  extract(input) {
    return k8sObjects(input).filter((o) => claims(o) && !engineOf(o)).map((o) => trainingRun(input, o));
  },
  planEdit(input, run, change) {
    return planK8sEdit(input, run, change);
  },
};

// ──── Edits ────

export function planK8sEdit(input: FormatInput, run: RunSpec, change: Change): TextEditSpec[] | undefined {
  // A value read from a config mounted from a ConfigMap is that config format's to write.
  for (const obj of k8sObjects(input)) {
    const planned = planMountedEdit(input, obj, run, change);
    if (planned) return planned;
  }
  // `[]` below: the value was read from a selector this cannot rewrite, and the generic fallback
  // (edits.ts) would paste the catalogue id or `provider:region` into the label, which no node carries.
  if (change.field === 'hardware' && typeof change.value === 'string') {
    const hw = run.inputs.hardware;
    if (!hw?.range) return undefined;
    // Only GKE's accelerator label has a spelling per device; an instance type or a GPU product
    // label (`p4d.24xlarge`, `NVIDIA-A100-SXM4-80GB`) is not the device id.
    if (hw.key !== 'cloud.google.com/gke-accelerator') return [];
    const label = spellingFor(change.value, 'gke');
    return label ? [{ range: hw.range, newText: label }] : [];
  }
  if (change.field === 'region' && typeof change.value === 'string') {
    const r = run.inputs.region;
    if (!r?.range || !r.key) return undefined;
    const [provider, region] = change.value.split(':');
    // A cluster's nodes are in one cloud (the run's region says which: `gcp:us-central1`), and a zone
    // selector needs a zone, not the region name.
    const current = String(r.value).split(':');
    if (!region || (current.length > 1 && current[0] !== provider) || /zone$/.test(r.key)) return [];
    return [{ range: r.range, newText: region }];
  }
  return undefined;
}
