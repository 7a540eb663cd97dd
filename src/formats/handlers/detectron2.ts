// detectron2 YACS configs (`configs/COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_3x.yaml`): upper-case
// keys, a `_BASE_` file they inherit from, and the run's length as SOLVER.MAX_ITER iterations of
// SOLVER.IMS_PER_BATCH images across all GPUs. The network is named by META_ARCHITECTURE, MASK_ON and
// RESNETS.DEPTH (or by the file name, which the model zoo spells the same way), and its compute is
// per image (sampleCompute.ts). The base file is read when the workspace has it; this file's own keys win.
import type { RunInputs, RunSpec, Sourced } from '../../core/runSpec';
import { findSampleDataset } from '../../core/sampleCatalog';
import { derived, setIfAbsent } from '../fields';
import { parseYamlDocs, type TEntry, type TNode } from '../tree';
import type { FormatHandler, FormatInput } from '../types';
import { entryAt, numEntry, rootMap, textOf } from './treePath';

const MARKERS = ['MODEL', 'SOLVER', 'DATASETS', 'INPUT', 'DATALOADER', 'TEST'];

/** detectron2 MODEL_ZOO.md: the `1x` schedule is 90,000 iterations at 16 images; `3x` is 270,000. */
const SCHEDULE_ITERS: Record<string, number> = { '1x': 90000, '3x': 270000 };

function baseOf(root: TNode | undefined): TEntry | undefined {
  const e = entryAt(root, '_BASE_');
  return e && e.value.kind === 'scalar' && typeof e.value.value === 'string' && /\.ya?ml$/i.test(e.value.value.trim()) ? e : undefined;
}

function fileName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** True for a YACS boolean written as `True`, `true` or a YAML boolean. */
function isTrue(e: TEntry | undefined): boolean {
  return e?.value.kind === 'scalar' && (e.value.value === true || String(e.value.value).toLowerCase() === 'true');
}

/**
 * The model zoo's name for the network: `mask_rcnn_R_50_FPN`, `faster_rcnn_X_101_32x8d_FPN`,
 * `faster_rcnn_R_50_C4`, `faster_rcnn_R_50_DC5`, `retinanet_R_101_FPN`. The backbone is RESNETS.DEPTH
 * with, for ResNeXt, NUM_GROUPS × WIDTH_PER_GROUP; the feature layout is the FPN backbone, a dilated
 * res5 (RES5_DILATION: 2, Base-RCNN-DilatedC5.yaml) or res5 run per region (Res5ROIHeads, Base-RCNN-C4.yaml).
 */
function networkName(root: TNode | undefined, base: TNode | undefined): { name: string; entry?: TEntry } | undefined {
  const pick = (...keys: string[]) => entryAt(root, ...keys) ?? entryAt(base, ...keys);
  const arch = textOf(pick('MODEL', 'META_ARCHITECTURE')?.value);
  const depthEntry = pick('MODEL', 'RESNETS', 'DEPTH');
  const depth = textOf(depthEntry?.value) ?? '50';
  if (!/^(?:18|34|50|101|152)$/.test(depth)) return undefined;
  const groups = Number(textOf(pick('MODEL', 'RESNETS', 'NUM_GROUPS')?.value) ?? 1);
  const width = Number(textOf(pick('MODEL', 'RESNETS', 'WIDTH_PER_GROUP')?.value) ?? 64);
  const backbone = groups > 1 ? `X_${depth}_${groups}x${width}d` : `R_${depth}`;
  const maskEntry = pick('MODEL', 'MASK_ON');
  const mask = isTrue(maskEntry);
  const fpn = /fpn/i.test(textOf(pick('MODEL', 'BACKBONE', 'NAME')?.value) ?? '');
  const dilation = textOf(pick('MODEL', 'RESNETS', 'RES5_DILATION')?.value);
  const res5Head = textOf(pick('MODEL', 'ROI_HEADS', 'NAME')?.value) === 'Res5ROIHeads';
  if (arch === 'RetinaNet') return { name: `retinanet_${backbone}_FPN`, entry: depthEntry };
  if (arch !== 'GeneralizedRCNN') return undefined;
  const layout = fpn ? 'FPN' : dilation === '2' ? 'DC5' : res5Head ? 'C4' : undefined;
  return layout ? { name: `${mask ? 'mask' : 'faster'}_rcnn_${backbone}_${layout}`, entry: maskEntry ?? depthEntry } : undefined;
}

function detect(input: FormatInput): number {
  const root = rootMap(input.docs()[0]?.root);
  if (!root) return 0;
  const keys = root.entries.map((e) => e.key);
  const markers = keys.filter((k) => MARKERS.includes(k)).length;
  const base = baseOf(root);
  // Upper-case YACS sections; `_BASE_` alone (a two-line override file) is detectron2's own spelling.
  if (base && (markers >= 1 || keys.length === 1)) return 0.9;
  if (markers >= 2 && (entryAt(root, 'SOLVER', 'MAX_ITER') || entryAt(root, 'SOLVER', 'IMS_PER_BATCH') || entryAt(root, 'MODEL', 'META_ARCHITECTURE'))) return 0.85;
  return 0;
}

function extract(input: FormatInput): RunSpec[] {
  const root = rootMap(input.docs()[0]?.root);
  const notes: string[] = [];
  const inputs: RunInputs = {};
  const baseEntry = baseOf(root);
  const basePath = baseEntry ? String((baseEntry.value as { value: string }).value).trim() : undefined;
  let base: TNode | undefined;
  if (basePath) {
    const text = input.siblings.get(basePath);
    if (text === undefined) notes.push(`\`_BASE_: ${basePath}\` (line ${baseEntry!.keyRange.startLine + 1}) holds the defaults this file overrides; they are read when that file is in the workspace.`);
    else base = rootMap(parseYamlDocs(text)[0]?.root);
  }
  const baseFile = basePath ? fileName(basePath) : '';
  // A value from the base file points at this file's `_BASE_` line, saying where it came from.
  const fromBase = <T>(v: Sourced<T> | undefined, what: string): Sourced<T> | undefined =>
    v && baseEntry ? { value: v.value, origin: 'inferred', range: baseEntry.value.range, keyRange: baseEntry.keyRange, key: '_BASE_', note: `${what} from ${baseFile} line ${(v.range?.startLine ?? 0) + 1}` } : undefined;
  const num = (what: string, ...keys: string[]) => numEntry(entryAt(root, ...keys)) ?? fromBase(numEntry(entryAt(base, ...keys)), what);

  setIfAbsent(inputs, 'steps', num('SOLVER.MAX_ITER', 'SOLVER', 'MAX_ITER'));
  setIfAbsent(inputs, 'batchSize', num('SOLVER.IMS_PER_BATCH', 'SOLVER', 'IMS_PER_BATCH'));

  const stem = fileName(input.fileName).replace(/\.ya?ml$/i, '');
  const net = networkName(root, base);
  if (net) {
    const inFile = (e: TEntry | undefined) => e !== undefined && (e === entryAt(root, 'MODEL', 'MASK_ON') || e === entryAt(root, 'MODEL', 'RESNETS', 'DEPTH'));
    const at = inFile(net.entry) ? net.entry : undefined;
    inputs.model = at
      ? { value: net.name, origin: 'inferred', range: at.value.range, keyRange: at.keyRange, key: at.key, note: 'META_ARCHITECTURE, MASK_ON and RESNETS.DEPTH name the model zoo network' }
      : { value: net.name, origin: 'inferred', note: 'META_ARCHITECTURE, MASK_ON and RESNETS.DEPTH name the model zoo network' };
  } else {
    // The model zoo names files after the network and schedule: `mask_rcnn_R_50_FPN_3x`.
    const m = /^((?:mask|faster)_rcnn|retinanet)_((?:R|X)_\d{2,3}(?:_\d{1,2}x\d{1,2}d)?)_(FPN|C4|DC5)/i.exec(stem);
    if (m) inputs.model = { value: `${m[1]}_${m[2]}_${m[3]}`, origin: 'inferred', note: `named by the file, ${stem}` };
  }
  const sched = /_([13]x)$/.exec(stem);
  if (sched && !inputs.steps) inputs.steps = { value: SCHEDULE_ITERS[sched[1]], origin: 'inferred', note: `the ${sched[1]} schedule of the detectron2 model zoo (${SCHEDULE_ITERS[sched[1]].toLocaleString('en-US')} iterations at 16 images, MODEL_ZOO.md)` };
  if (sched) setIfAbsent(inputs, 'batchSize', { value: 16, origin: 'inferred', note: 'the model zoo schedules are defined at 16 images per iteration (MODEL_ZOO.md)' });
  // detectron2 trains without mixed precision unless SOLVER.AMP.ENABLED; PyTorch still runs
  // convolutions in TF32 where the GPU has it (FP32 on a V100, which has no TF32).
  const amp = entryAt(root, 'SOLVER', 'AMP', 'ENABLED') ?? entryAt(base, 'SOLVER', 'AMP', 'ENABLED');
  const ampOn = amp?.value.kind === 'scalar' && (amp.value.value === true || String(amp.value.value).toLowerCase() === 'true');
  const ampOwn = amp !== undefined && amp === entryAt(root, 'SOLVER', 'AMP', 'ENABLED');
  inputs.precision = ampOn
    ? { value: 'fp16', origin: ampOwn ? 'file' : 'inferred', ...(ampOwn ? { range: amp!.value.range, keyRange: amp!.keyRange, key: 'ENABLED' } : {}), note: 'SOLVER.AMP.ENABLED: mixed precision (FP16)' }
    : { value: 'tf32', origin: 'inferred', note: 'no SOLVER.AMP.ENABLED: detectron2 trains in FP32, with PyTorch running convolutions in TF32 where the GPU has it' };
  const ds = entryAt(root, 'DATASETS', 'TRAIN') ?? entryAt(base, 'DATASETS', 'TRAIN');
  const dsText = textOf(ds?.value) ?? (ds?.value.kind === 'seq' ? textOf(ds.value.items[0]) : undefined);
  const dsName = dsText ? /[A-Za-z0-9_]+/.exec(dsText)?.[0] : undefined;
  const d = dsName ? findSampleDataset(dsName) : undefined;
  if (d && ds) {
    const own = entryAt(root, 'DATASETS', 'TRAIN') === ds;
    const v: Sourced<number> = { value: d.samples, origin: 'inferred', note: `${dsName}: ${d.samples.toLocaleString('en-US')} ${d.unit} (${d.source}, ${d.year})` };
    inputs.datasetSamples = own ? { ...v, range: ds.value.range, keyRange: ds.keyRange, key: 'TRAIN' } : derived(d.samples, fromBase(v, 'DATASETS.TRAIN'), v.note!);
  }
  if (inputs.steps && inputs.batchSize && inputs.datasetSamples) {
    const epochs = (inputs.steps.value * inputs.batchSize.value) / inputs.datasetSamples.value;
    notes.push(`${inputs.steps.value.toLocaleString('en-US')} iterations × ${inputs.batchSize.value} images ≈ ${epochs.toPrecision(3)} epochs of ${dsName}.`);
  }
  notes.push('SOLVER.IMS_PER_BATCH is the batch across all GPUs; the GPU count is set at launch (`train_net.py --num-gpus`).');
  return [{ name: stem, phase: 'training', format: 'detectron2', anchor: root?.entries[0]?.keyRange, inputs, notes, warnings: [] }];
}

export const detectron2Handler: FormatHandler = {
  id: 'detectron2',
  syntaxes: ['yaml'],
  detect,
  extract,
  references(input) {
    const e = baseOf(rootMap(input.docs()[0]?.root));
    return e ? [String((e.value as { value: string }).value).trim()] : [];
  },
};
