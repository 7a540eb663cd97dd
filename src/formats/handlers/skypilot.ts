// SkyPilot task and SkyServe service YAML: the one common format that states device type, count,
// nodes and region together (`resources.accelerators: A100:8`, `num_nodes`, `resources.infra:
// aws/us-east-1`). The `run:` script adds what the resources do not say: the launcher, the training
// arguments, or the serving engine and its model, with `envs:` substituted.
import type { RunInputs, RunSpec, SourceRange, Sourced } from '../../core/runSpec';
import { derived, setIfAbsent } from '../fields';
import { shellOf, type CommandText } from './commandWords';
import { deviceName, providerOf, regionId, spellingFor } from './hardwareNames';
import { findLaunchers } from '../launcherFlags';
import { applyTorchtuneBuiltin } from './torchtuneBuiltins';
import { engineOfCommand, factsFromLaunch, mergeFacts, servingInputs, type Engine, type Found, type ServingFacts } from './servingFacts';
import { scalarSource } from './textSource';
import { applyFlagsWithVars, type VarDef } from '../flagVars';
import type { TEntry, TMap, TNode } from '../tree';
import { asMap, asScalar, asSeq, entryOf, nodeAt, numEntry, textOf } from './treePath';
import type { Change, FormatHandler, FormatInput, TextEditSpec } from '../types';

const RESOURCE_KEYS = ['accelerators', 'infra', 'cloud', 'instance_type', 'use_spot', 'cpus', 'region', 'zone', 'any_of', 'ordered', 'memory', 'disk_size', 'disk_tier', 'ports', 'image_id', 'autostop', 'job_recovery'];
const TASK_KEYS = ['run', 'setup', 'num_nodes', 'envs', 'file_mounts', 'workdir', 'service', 'name', 'secrets', 'resources', 'config', 'volumes', 'inputs', 'outputs', 'experimental', 'event_callback', 'pool'];

export interface SkyTask {
  root: TMap;
  resources?: TMap;
  run?: CommandText;
  setup?: CommandText;
  envs: Map<string, TEntry>;
  service?: TMap;
}

function isTask(root: TNode | undefined): root is TMap {
  const m = asMap(root);
  if (!m) return false;
  const keys = m.entries.map((e) => e.key);
  if (!keys.every((k) => TASK_KEYS.includes(k))) return false;
  const res = asMap(nodeAt(m, 'resources'));
  const strong = !!res && res.entries.some((e) => RESOURCE_KEYS.includes(e.key));
  const service = !!nodeAt(m, 'service', 'readiness_probe') || !!nodeAt(m, 'service', 'replica_policy');
  return strong || service;
}

const memo = new WeakMap<FormatInput, SkyTask[]>();

export function skyTasks(input: FormatInput): SkyTask[] {
  let tasks = memo.get(input);
  if (!tasks) {
    tasks = [];
    if (input.syntax === 'yaml' && /^(resources|service)\s*:/m.test(input.text.slice(0, 500_000))) {
      for (const d of input.docs()) {
        if (!isTask(d.root)) continue;
        const root = d.root;
        const envs = new Map<string, TEntry>();
        for (const e of asMap(nodeAt(root, 'envs'))?.entries ?? []) envs.set(e.key, e);
        const run = asScalar(nodeAt(root, 'run'));
        const setup = asScalar(nodeAt(root, 'setup'));
        tasks.push({
          root,
          resources: asMap(nodeAt(root, 'resources')),
          run: run && typeof run.value === 'string' ? shellOf(input, run) : undefined,
          setup: setup && typeof setup.value === 'string' ? shellOf(input, setup) : undefined,
          envs,
          service: asMap(nodeAt(root, 'service')),
        });
      }
    }
    memo.set(input, tasks);
  }
  return tasks;
}

/** The serving engine a task's `run:` starts, if any. */
export function skyEngine(task: SkyTask): Engine | undefined {
  return task.run ? engineOfCommand(task.run.src.text) : undefined;
}

// ──── Resources ────

interface Choice {
  /** Device name as written (`A100`, `A100-80GB`, `tpu-v2-8`). */
  name: string;
  count: number;
  /** The node the choice was read from, and the offsets of the name and count in its text. */
  entry: TEntry;
  nameAt?: [number, number];
  countAt?: [number, number];
  /** A key of a set (`{L4:1, A10G:1}`): the key holds both name and count. */
  inKey?: boolean;
  /** `{L4: 2}`: the count is the key's value, a node of its own. */
  countRange?: SourceRange;
}

function parseAccel(text: string): { name: string; count: number; countAt?: [number, number] } | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const colon = t.lastIndexOf(':');
  if (colon > 0) {
    const n = Number(t.slice(colon + 1).trim());
    if (Number.isFinite(n) && n > 0) return { name: t.slice(0, colon).trim(), count: n, countAt: [colon + 1, t.length] };
  }
  return { name: t, count: 1 };
}

/** Every accelerator alternative, in the order SkyPilot lists them; the first is what is estimated. */
function accelChoices(resources: TMap | undefined): Choice[] {
  const entry = entryOf(resources, 'accelerators');
  if (!entry) {
    // `any_of` / `ordered`: lists of resource alternatives.
    for (const key of ['ordered', 'any_of']) {
      for (const alt of asSeq(nodeAt(resources, key))?.items ?? []) {
        const c = accelChoices(asMap(alt));
        if (c.length) return c;
      }
    }
    return [];
  }
  const v = entry.value;
  const out: Choice[] = [];
  if (v.kind === 'scalar' && typeof v.value === 'string') {
    const p = parseAccel(v.value);
    if (p) out.push({ ...p, entry, nameAt: [0, p.name.length] });
  } else if (v.kind === 'map') {
    // `{L4:1, A10G:1}` loads with keys `L4:1`; `{L4: 1}` with key `L4` and value 1.
    for (const e of v.entries) {
      const n = e.value.kind === 'scalar' && typeof e.value.value === 'number' ? e.value.value : undefined;
      const p = n !== undefined ? { name: e.key, count: n, countRange: e.value.range } : parseAccel(e.key);
      if (p) out.push({ ...p, entry: { ...e, value: { kind: 'scalar', value: e.key, range: e.keyRange } }, inKey: true });
    }
  } else if (v.kind === 'seq') {
    for (const item of v.items) {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
      const p = parseAccel(item.value);
      if (p) out.push({ ...p, entry: { key: 'accelerators', keyRange: entry.keyRange, value: item }, nameAt: [0, p.name.length] });
    }
  }
  return out;
}

function firstResources(resources: TMap | undefined): TMap | undefined {
  if (entryOf(resources, 'accelerators') || entryOf(resources, 'infra') || entryOf(resources, 'cloud')) return resources;
  for (const key of ['ordered', 'any_of']) {
    const first = asMap(asSeq(nodeAt(resources, key))?.items[0]);
    if (first) return first;
  }
  return resources;
}

function regionOf(input: FormatInput, resources: TMap | undefined): Sourced<string> | undefined {
  const res = firstResources(resources);
  const infra = entryOf(res, 'infra') ?? entryOf(resources, 'infra');
  const infraText = textOf(infra?.value);
  if (infra && infraText) {
    const parts = infraText.split('/');
    const provider = providerOf(parts[0]);
    const place = parts[2] ?? parts[1];
    const id = provider && place ? regionId(place, provider) : undefined;
    if (id) {
      const src = scalarSource(input.text, input.index, infra.value as never);
      const at = infraText.indexOf('/') + 1;
      return { value: id, origin: 'file', key: 'infra', keyRange: infra.keyRange, range: src.range(at, infraText.length), note: `infra ${infraText}` };
    }
  }
  const cloud = textOf(nodeAt(res, 'cloud')) ?? textOf(nodeAt(resources, 'cloud'));
  for (const key of ['region', 'zone']) {
    const e = entryOf(res, key) ?? entryOf(resources, key);
    const t = textOf(e?.value);
    const id = e && t ? regionId(t, cloud) : undefined;
    if (e && id) return { value: id, origin: 'file', key, keyRange: e.keyRange, range: e.value.range, note: cloud ? `cloud ${cloud}, ${key} ${t}` : undefined };
  }
  return undefined;
}

// ──── envs and the run script ────

/** `$VAR` / `${VAR}` replaced from `envs:`; undefined when a variable is not set there. */
function expand(text: string, envs: Map<string, TEntry>): { value: string; used: TEntry[] } | undefined {
  const used: TEntry[] = [];
  let ok = true;
  const value = text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string, b: string) => {
    const e = envs.get(a ?? b);
    const v = textOf(e?.value);
    if (!e || v === undefined || v === '') { ok = false; return ''; }
    used.push(e);
    return v;
  });
  return ok ? { value, used } : undefined;
}

/** A fact from the script, with `$VAR` substituted; it points at the `envs:` value when that is the whole literal. */
function expandFound(f: Found | undefined, envs: Map<string, TEntry>): Found | undefined {
  if (!f || !/\$/.test(f.raw)) return f;
  const x = expand(f.raw, envs);
  if (!x) return f;
  const whole = /^\$\{?\w+\}?$/.test(f.raw.trim()) && x.used.length === 1;
  const note = `${f.raw} with ${x.used.map((e) => `${e.key}=${textOf(e.value)}`).join(', ')} from envs`;
  return whole ? { raw: x.value, key: x.used[0].key, range: x.used[0].value.range, keyRange: x.used[0].keyRange, note: `${f.key} ${note}` } : { ...f, raw: x.value, note };
}

/** Model ids named by download or training commands (`tune download M`, `huggingface-cli download M`). */
function modelFromScript(cmd: CommandText | undefined, envs: Map<string, TEntry>): Found | undefined {
  if (!cmd) return undefined;
  const w = cmd.words;
  for (let i = 0; i + 2 < w.length; i++) {
    const a = w[i].text;
    const b = w[i + 1].text;
    if (((a === 'tune' || a === 'huggingface-cli' || a === 'hf') && b === 'download') && !w[i + 2].sep && !w[i + 2].text.startsWith('-')) {
      const m = w[i + 2];
      return expandFound({ raw: m.text, key: `${a} download`, range: cmd.src.range(m.textStart, m.textStart + m.text.length) }, envs);
    }
  }
  return undefined;
}

function wordsOf(task: SkyTask): CommandText[] {
  return [task.run, task.setup].filter((c): c is CommandText => c !== undefined);
}

// ──── Runs ────

export function skyRun(input: FormatInput, task: SkyTask, engine?: Engine): RunSpec {
  const inputs: RunInputs = {};
  const notes: string[] = [];
  const warnings: string[] = [];
  const res = task.resources;
  const choices = accelChoices(res);
  const nodesEntry = entryOf(task.root, 'num_nodes');
  const nodes = numEntry(nodesEntry);
  const nodeCount = nodes?.value ?? 1;

  // Devices per node.
  let perNode: Sourced<number> | undefined;
  const choice = choices[0];
  if (choice) {
    const src = scalarSource(input.text, input.index, choice.entry.value as never);
    const d = deviceName(choice.name);
    const nameRange = choice.nameAt ? src.range(choice.nameAt[0], choice.nameAt[1]) : choice.entry.value.range;
    inputs.hardware = d
      ? { value: d.hardware, origin: d.perInstance ? 'inferred' : 'file', key: 'accelerators', keyRange: choice.entry.keyRange, range: nameRange, note: d.note }
      : { value: choice.name, origin: 'file', key: 'accelerators', keyRange: choice.entry.keyRange, range: nameRange };
    const n = choice.count * (d?.perInstance ?? 1);
    const countRange = choice.countRange ?? (choice.countAt ? src.range(choice.countAt[0], choice.countAt[1]) : choice.entry.value.range);
    const written = choice.countAt !== undefined || choice.countRange !== undefined;
    perNode = { value: n, origin: written && !d?.perInstance ? 'file' : 'inferred', key: 'accelerators', keyRange: choice.entry.keyRange, range: countRange, note: written ? undefined : d?.perInstance ? d.note : `\`accelerators: ${choice.name}\` means one device` };
    if (choices.length > 1) notes.push(`Accelerators list alternatives (${choices.map((c) => `${c.name}:${c.count}`).join(', ')}); estimated with the first, ${choice.name}:${choice.count}.`);
  } else {
    const it = entryOf(firstResources(res), 'instance_type');
    const d = it && textOf(it.value) ? deviceName(textOf(it.value)!) : undefined;
    if (it && d) {
      inputs.hardware = { value: d.hardware, origin: 'inferred', key: 'instance_type', keyRange: it.keyRange, range: it.value.range, note: d.note };
      if (d.perInstance) perNode = { value: d.perInstance, origin: 'inferred', key: 'instance_type', keyRange: it.keyRange, range: it.value.range, note: d.note };
    }
  }

  const region = regionOf(input, res);
  if (region) inputs.region = region;
  else if (textOf(nodeAt(res, 'infra')) || textOf(nodeAt(res, 'cloud'))) notes.push(`Region not pinned (${textOf(nodeAt(res, 'infra')) ?? textOf(nodeAt(res, 'cloud'))}): SkyPilot picks one at launch.`);
  if (nodes) inputs.nodes = nodes;
  if (nodeAt(res, 'use_spot') && asScalar(nodeAt(res, 'use_spot'))?.value === true) notes.push('Spot instances: preemptions can repeat work, which this estimate does not include.');

  // Serving (SkyServe service, or a task whose run starts an engine).
  const eng = engine ?? skyEngine(task);
  const replicasEntry = entryOf(task.service, 'replicas') ?? entryOf(nodeAt(task.service, 'replica_policy'), 'min_replicas');
  const replicas = numEntry(replicasEntry);
  const maxReplicas = numEntry(entryOf(nodeAt(task.service, 'replica_policy'), 'max_replicas'));
  if (maxReplicas && replicas && maxReplicas.value > replicas.value) notes.push(`Autoscaling up to ${maxReplicas.value} replicas; estimated at the minimum, ${replicas.value}.`);
  const perReplica = perNode ? (nodeCount > 1 ? derived(perNode.value * nodeCount, perNode, `${perNode.value} per node × ${nodeCount} nodes`) : perNode) : undefined;

  if (eng || task.service) {
    let facts: ServingFacts = {};
    for (const cmd of wordsOf(task)) {
      for (const f of findLaunchers(cmd.words)) if (f.tool === 'vllm' || f.tool === 'tgi') facts = mergeFacts(facts, factsFromLaunch(f, cmd.src));
    }
    for (const k of Object.keys(facts) as Array<keyof ServingFacts>) facts[k] = expandFound(facts[k], task.envs);
    // `--tensor-parallel-size $SKYPILOT_NUM_GPUS_PER_NODE` is the accelerators count: the resources say it.
    let allOfNode = false;
    for (const k of ['tensorParallel', 'shards'] as const) {
      if (facts[k] && /SKYPILOT_NUM_GPUS_PER_NODE/.test(facts[k]!.raw)) {
        delete facts[k];
        allOfNode = true;
      }
    }
    const s = servingInputs(eng ?? 'vllm', facts, replicas);
    if (perReplica) s.notes = s.notes.filter((n) => !n.startsWith('No tensor-parallel size'));
    if (allOfNode) notes.push('The engine shards the model over all accelerators of the node ($SKYPILOT_NUM_GPUS_PER_NODE).');
    if (perReplica) {
      const fromEngine = s.inputs.count && replicas ? s.inputs.count.value / replicas.value : s.inputs.count?.value;
      if (fromEngine !== undefined && fromEngine > perReplica.value) warnings.push(`The engine is told to use ${fromEngine} devices per replica but resources give ${perReplica.value}.`);
      const reps = replicas?.value ?? 1;
      s.inputs.count = reps > 1 ? derived(perReplica.value * reps, perReplica, `${perReplica.value} per replica × ${reps} replicas`) : perReplica;
    }
    delete s.inputs.replicas;
    if (replicas) inputs.replicas = replicas;
    for (const [k, v] of Object.entries(s.inputs)) setIfAbsent(inputs, k as keyof RunInputs, v as never);
    notes.push(...s.notes);
    warnings.push(...s.warnings);
    if (!inputs.model) {
      const m = expandFound(envModel(task), task.envs);
      if (m) inputs.model = { value: m.raw, origin: 'file', key: m.key, range: m.range, keyRange: m.keyRange, note: m.note };
    }
  } else {
    if (perReplica) inputs.count = perReplica;
    const envVar = (name: string): VarDef | undefined => {
      const e = task.envs.get(name);
      const v = textOf(e?.value);
      return e && v !== undefined ? { name, value: v, range: e.value.range, where: 'envs' } : undefined;
    };
    for (const cmd of wordsOf(task)) applyFlagsWithVars(cmd.words, cmd.src, inputs, notes, envVar, 'shell');
    // `tune run … --config llama3_1/8B_lora` in run:: a config that ships with torchtune.
    for (const cmd of wordsOf(task)) if (findLaunchers(cmd.words).some((f) => f.tool === 'tune') && applyTorchtuneBuiltin(cmd.words, cmd.src, input.siblings, inputs, notes)) break;
    const m = modelFromScript(task.setup, task.envs) ?? modelFromScript(task.run, task.envs);
    if (m && !/\$/.test(m.raw)) setIfAbsent(inputs, 'model', { value: m.raw, origin: 'file', key: m.key, range: m.range, keyRange: m.keyRange, note: m.note });
    const launchers = wordsOf(task).flatMap((c) => findLaunchers(c.words));
    if (!launchers.length && !inputs.count) notes.push('No accelerators in resources and no launcher in run:.');
  }

  const name = textOf(nodeAt(task.root, 'name')) ?? input.fileName.split(/[\\/]/).pop() ?? 'task';
  return {
    name,
    phase: eng || task.service ? 'inference' : 'training',
    format: 'skypilot',
    anchor: task.root.entries.find((e) => e.key === 'name')?.keyRange ?? task.root.entries[0]?.keyRange ?? task.root.range,
    inputs,
    notes,
    warnings,
    placement: placementOf(res),
  };
}

/**
 * Which clouds SkyPilot may launch on: every `any_of`/`ordered` alternative's `infra`/`cloud` (or the
 * task's own). An alternative that pins none lets SkyPilot pick any enabled cloud. Region what-ifs
 * propose another cloud only when this says the launcher itself may go there.
 */
function placementOf(resources: TMap | undefined): RunSpec['placement'] {
  if (!resources) return undefined;
  const cloudOf = (m: TMap | undefined) => {
    const infra = textOf(nodeAt(m, 'infra'));
    const cloud = textOf(nodeAt(m, 'cloud'));
    return infra ? infra.split('/')[0].trim().toLowerCase() : cloud?.trim().toLowerCase();
  };
  const top = cloudOf(resources);
  const alts = ['any_of', 'ordered'].flatMap((k) => asSeq(nodeAt(resources, k))?.items ?? []).map((n) => asMap(n));
  const clouds = (alts.length ? alts : [undefined]).map((m) => cloudOf(m) ?? top);
  if (clouds.some((c) => c === undefined)) return { multiCloud: true, note: 'the SkyPilot task pins no cloud, so SkyPilot may pick any enabled one' };
  const distinct = [...new Set(clouds as string[])];
  if (distinct.length > 1) return { multiCloud: true, note: `the SkyPilot resources list several clouds (${distinct.join(', ')})` };
  return { provider: providerOf(distinct[0]), multiCloud: false, note: `the SkyPilot task pins ${distinct[0]}` };
}

/** SkyServe examples pass the model through an env var (`--model $MODEL_NAME`). */
function envModel(task: SkyTask): Found | undefined {
  for (const key of ['MODEL_NAME', 'MODEL_ID', 'MODEL', 'HF_MODEL_ID']) {
    const e = task.envs.get(key);
    const v = textOf(e?.value);
    if (e && v) return { raw: v, key, range: e.value.range, keyRange: e.keyRange, note: `envs ${key}` };
  }
  return undefined;
}

export const skypilotHandler: FormatHandler = {
  id: 'skypilot',
  syntaxes: ['yaml'],
  detect(input) {
    const tasks = skyTasks(input);
    if (!tasks.length) return 0;
    // A plain task that starts a serving engine is reported as that engine (serving.ts).
    return tasks.every((t) => !t.service && skyEngine(t)) ? 0.7 : 0.9;
  },
  extract(input) {
    return skyTasks(input).map((t) => skyRun(input, t));
  },
  planEdit(input, _run, change) {
    return planSkyEdit(input, change);
  },
};

// ──── Edits ────

export function planSkyEdit(input: FormatInput, change: Change): TextEditSpec[] | undefined {
  const task = skyTasks(input)[0];
  if (!task) return undefined;
  if (change.field === 'region' && typeof change.value === 'string') {
    const [provider, region] = change.value.split(':');
    if (!region || !['aws', 'gcp', 'azure'].includes(provider)) return undefined;
    const res = firstResources(task.resources);
    const infra = entryOf(res, 'infra');
    if (infra) return [{ range: infra.value.range, newText: `${provider}/${region}` }];
    const legacy = entryOf(res, 'region');
    if (legacy) {
      const edits: TextEditSpec[] = [{ range: legacy.value.range, newText: region }];
      const cloud = entryOf(res, 'cloud');
      if (cloud) edits.push({ range: cloud.value.range, newText: provider });
      const zone = entryOf(res, 'zone');
      if (zone) edits.push({ range: { startLine: zone.keyRange.startLine, startCol: zone.keyRange.startCol, endLine: zone.value.range.endLine, endCol: zone.value.range.endCol }, newText: `# zone removed with the region change: ${textOf(zone.value) ?? ''}` });
      return edits;
    }
    return insertUnderResources(task, `infra: ${provider}/${region}`);
  }
  if (change.field === 'hardware' && typeof change.value === 'string') {
    const choice = accelChoices(task.resources)[0];
    const name = spellingFor(change.value, 'skypilot');
    if (!name) return undefined;
    // A TPU slice name (`tpu-v5p-8`) counts several chips per unit: written over `A100:8` it would change the
    // device count as well as the device, so the estimate would not be the promised one. Said by hand instead.
    const per = deviceName(name)?.perInstance;
    if (per !== undefined && per !== 1) return [];
    // An instance type brings its own devices (p4d.24xlarge: 8 A100): `accelerators: H100:1` beside it
    // contradicts it (SkyPilot refuses the pair) and would change the count the what-if promised.
    if (!choice) return entryOf(firstResources(task.resources), 'instance_type') ? [] : insertUnderResources(task, `accelerators: ${name}:1`);
    if (!choice.inKey && choice.nameAt && isPlainAccelerator(task)) {
      const src = scalarSource(input.text, input.index, choice.entry.value as never);
      return [{ range: src.range(choice.nameAt[0], choice.nameAt[1]), newText: name }];
    }
    const acc = entryOf(task.resources, 'accelerators');
    return acc ? [{ range: acc.value.range, newText: `${name}:${choice.count}` }] : undefined;
  }
  return undefined;
}

/** `accelerators: A100:8` (one string), where only the device name needs replacing. */
function isPlainAccelerator(task: SkyTask): boolean {
  return asScalar(nodeAt(task.resources, 'accelerators')) !== undefined;
}

function insertUnderResources(task: SkyTask, line: string): TextEditSpec[] | undefined {
  const first = task.resources?.entries[0];
  if (first) {
    const at = { startLine: first.keyRange.startLine, startCol: first.keyRange.startCol, endLine: first.keyRange.startLine, endCol: first.keyRange.startCol };
    return [{ range: at, newText: `${line}\n${' '.repeat(first.keyRange.startCol)}` }];
  }
  if (task.resources) return undefined; // `resources: {}` — flow style is not worth rewriting
  const top = task.root.entries[0];
  if (!top) return undefined;
  const at = { startLine: top.keyRange.startLine, startCol: 0, endLine: top.keyRange.startLine, endCol: 0 };
  return [{ range: at, newText: `resources:\n  ${line}\n` }];
}

