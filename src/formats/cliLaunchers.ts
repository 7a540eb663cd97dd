// Two launchers whose resources sit on the command line in their own spelling: `sky launch --gpus
// A100:8 --num-nodes 2 --infra aws/us-east-1 task.yaml` (SkyPilot's CLI, which overrides the task
// file) and the Ultralytics CLI, `yolo detect train model=yolov8n.pt data=coco.yaml epochs=100
// batch=64 device=0,1,2,3`, whose arguments are `key=value` words and whose `batch` is the total
// across devices. Both return sourced values that point at the words.
import type { RunInputs, Sourced } from '../core/runSpec';
import type { Word } from './launcherFlags';
import type { TextSource } from './handlers/textSource';
import { deviceName, providerOf, regionId } from './handlers/hardwareNames';

interface FlagAt {
  flag: string;
  raw: string;
  start: number;
  flagStart: number;
}

/** `--name value` or `--name=value` words of one command, by normalised name (first one wins). */
function flagsOf(words: Word[]): Map<string, FlagAt> {
  const out = new Map<string, FlagAt>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.sep || !w.text.startsWith('-')) continue;
    const eq = w.text.indexOf('=');
    const name = (eq >= 0 ? w.text.slice(0, eq) : w.text).replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
    let f: FlagAt | undefined;
    if (eq >= 0) f = { flag: w.text.slice(0, eq), raw: w.text.slice(eq + 1), start: w.textStart + eq + 1, flagStart: w.textStart };
    else {
      const nx = words[i + 1];
      if (nx && !nx.sep && !nx.text.startsWith('-')) {
        f = { flag: w.text, raw: nx.text, start: nx.textStart, flagStart: w.textStart };
        i++;
      }
    }
    if (f && !out.has(name)) out.set(name, f);
  }
  return out;
}

function at<T>(src: TextSource, f: FlagAt, value: T, from = 0, to = f.raw.length): Sourced<T> {
  return {
    value, origin: 'file', key: f.flag.replace(/^-+/, ''),
    range: src.range(f.start + from, f.start + to), keyRange: src.range(f.flagStart, f.flagStart + f.flag.length),
  };
}

/** What `sky launch` / `sky jobs launch` flags set: accelerators, nodes and region. */
export function skyLaunchInputs(words: Word[], src: TextSource, inputs: RunInputs, notes: string[]): void {
  const flags = flagsOf(words);
  const nodesFlag = flags.get('num-nodes');
  // `--num-nodes 0` is no count (it multiplied the GPUs to 0).
  const nodes = nodesFlag && /^\d+$/.test(nodesFlag.raw) && Number(nodesFlag.raw) > 0 ? Number(nodesFlag.raw) : undefined;
  if (nodesFlag && nodes) inputs.nodes = at(src, nodesFlag, nodes);
  const gpus = flags.get('gpus');
  if (gpus) {
    // `A100:8`, `H100`, `A100-80GB:4`; the count is per node.
    const colon = gpus.raw.lastIndexOf(':');
    const name = colon > 0 ? gpus.raw.slice(0, colon) : gpus.raw;
    const per = colon > 0 && /^\d+$/.test(gpus.raw.slice(colon + 1)) ? Number(gpus.raw.slice(colon + 1)) : colon > 0 ? undefined : 1;
    const d = deviceName(name);
    if (d) inputs.hardware = { ...at(src, gpus, d.hardware, 0, name.length), note: `\`sky launch --gpus ${gpus.raw}\`: ${d.note}` };
    if (per && per > 0) {
      const n = nodes ?? 1;
      inputs.count = { ...at(src, gpus, per * n, colon > 0 ? colon + 1 : 0, gpus.raw.length), note: n > 1 ? `${per} per node × ${n} nodes (\`--num-nodes\`)` : `\`sky launch --gpus ${gpus.raw}\`` };
    }
  }
  // `--infra aws/us-east-1` (current CLI) or `--cloud aws --region us-east-1` (older).
  const infra = flags.get('infra');
  const cloud = flags.get('cloud');
  const region = flags.get('region');
  if (infra) {
    const [provider, place] = infra.raw.split('/');
    const id = place ? regionId(place, provider) : undefined;
    if (id) inputs.region = { ...at(src, infra, id, provider.length + 1, provider.length + 1 + place.length), note: `\`--infra ${infra.raw}\`` };
    else notes.push(`\`sky launch --infra ${infra.raw}\` pins no region Carbon Lens knows: SkyPilot picks one at launch.`);
  } else if (region) {
    const id = regionId(region.raw, cloud && providerOf(cloud.raw) ? cloud.raw : undefined);
    if (id) inputs.region = { ...at(src, region, id), note: `\`--region ${region.raw}\`` };
  }
}

/** The device list of `device=0,1,2,3` (Ultralytics): how many GPUs, or undefined for `cpu`/`mps`. */
function deviceCount(raw: string): number | undefined {
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return ids.length && ids.every((s) => /^\d+$/.test(s)) ? ids.length : undefined;
}

/**
 * Ultralytics `key=value` arguments as training flags for the shared reader (`epochs=100` →
 * `--epochs=100`), plus the device count. `batch` is the global batch: Ultralytics splits it across
 * the devices.
 */
export function yoloWords(words: Word[], src: TextSource, inputs: RunInputs): Word[] {
  const NAMES: Record<string, string> = { model: 'model', data: 'data', epochs: 'epochs', batch: 'global_batch_size' };
  const out: Word[] = [];
  for (const w of words) {
    const eq = w.sep ? -1 : w.text.indexOf('=');
    const key = eq > 0 ? w.text.slice(0, eq).toLowerCase() : '';
    if (key === 'device') {
      const n = deviceCount(w.text.slice(eq + 1));
      if (n) inputs.count = { value: n, origin: 'file', key: 'device', range: src.range(w.textStart + eq + 1, w.textStart + w.text.length), keyRange: src.range(w.textStart, w.textStart + eq), note: `device=${w.text.slice(eq + 1)} lists ${n} GPU${n > 1 ? 's' : ''}` };
      continue;
    }
    const name = Object.prototype.hasOwnProperty.call(NAMES, key) ? NAMES[key] : undefined;
    // The flag text is rewritten, but its offsets stay on the original word so ranges still point at it.
    out.push(name ? { ...w, text: `--${name}=${w.text.slice(eq + 1)}`, textStart: w.textStart + eq + 1 - (name.length + 3) } : w);
  }
  return out;
}

/** Hydra override keys (last part, or the whole dotted key) read as training flags. */
const HYDRA_KEYS: Record<string, string> = {
  max_epochs: 'max_epochs', epochs: 'epochs', num_epochs: 'num_epochs', max_steps: 'max_steps', max_iters: 'max_steps',
  batch_size: 'per_device_train_batch_size', precision: 'dtype',
  'model.name': 'model', 'model.backbone': 'model', 'model.model_name': 'model', 'model.pretrained_model_name_or_path': 'model', 'model.model_name_or_path': 'model',
};

/**
 * Hydra overrides after the script (`python train.py trainer.max_epochs=3 data.batch_size=64
 * trainer.devices=4`) as training flags for the shared reader, plus `trainer.devices` /
 * `trainer.num_nodes`. Only lower-case dotted keys (or a few bare ones) after the script count, so
 * `CUDA_VISIBLE_DEVICES=0` before the command is not read as one.
 */
export function hydraWords(words: Word[], from: number, src: TextSource, inputs: RunInputs): Word[] {
  let devices: { n: number; w: Word; eq: number } | undefined;
  let nodes: { n: number; w: Word; eq: number } | undefined;
  const out = words.map((w, i) => {
    if (i < from || w.sep || w.text.startsWith('-')) return w;
    const eq = w.text.indexOf('=');
    if (eq <= 0) return w;
    const key = w.text.slice(0, eq).replace(/^\+{1,2}/, '');
    if (!/^[a-z_][a-z0-9_.]*$/.test(key) || (!key.includes('.') && !Object.prototype.hasOwnProperty.call(HYDRA_KEYS, key))) return w;
    const value = w.text.slice(eq + 1);
    const last = key.slice(key.lastIndexOf('.') + 1);
    const n = /^\d+$/.test(value) ? Number(value) : undefined;
    if ((key === 'trainer.devices' || key === 'trainer.gpus') && n) devices = { n, w, eq };
    if (key === 'trainer.num_nodes' && n) nodes = { n, w, eq };
    const flag = Object.prototype.hasOwnProperty.call(HYDRA_KEYS, key) ? HYDRA_KEYS[key] : Object.prototype.hasOwnProperty.call(HYDRA_KEYS, last) && !HYDRA_KEYS[last].startsWith('model') ? HYDRA_KEYS[last] : undefined;
    if (!flag) return w;
    // Offsets stay on the override's value, so the range points at what the line wrote.
    return { ...w, text: `--${flag}=${value}`, textStart: w.textStart + eq + 1 - (flag.length + 3) };
  });
  const at = (x: { w: Word; eq: number }) => ({ range: src.range(x.w.textStart + x.eq + 1, x.w.textStart + x.w.text.length), keyRange: src.range(x.w.textStart, x.w.textStart + x.eq) });
  if (devices) {
    const total = devices.n * (nodes?.n ?? 1);
    inputs.count = { value: total, origin: 'file', key: 'trainer.devices', ...at(devices), note: nodes ? `trainer.devices=${devices.n} × trainer.num_nodes=${nodes.n}` : 'Hydra override trainer.devices' };
  }
  if (nodes) inputs.nodes = { value: nodes.n, origin: 'file', key: 'trainer.num_nodes', ...at(nodes) };
  return out;
}
