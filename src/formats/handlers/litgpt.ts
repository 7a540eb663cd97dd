// LitGPT configs (`litgpt finetune_lora --config config_hub/finetune/llama-2-7b/lora.yaml`,
// `litgpt pretrain --config config_hub/pretrain/tinyllama.yaml`): jsonargparse YAML with the model as
// `checkpoint_dir: checkpoints/<org>/<name>` (fine-tuning) or `model_name` (pre-training), devices and
// nodes at the top, and the run under `train.`: epochs, max_steps or max_tokens (a pre-training run's
// length in tokens), global and micro batch, max_seq_length.
import type { TMap } from '../tree';
import type { FormatHandler, FormatInput } from '../types';
import { normalizeQuantBits } from '../fields';
import { Reader, anchorOf, fileStem, finishRun, inferredAt, rootMap } from './trainingShared';
import { findDataset } from '../../core/datasetCatalog';

const TRAIN_KEYS = ['global_batch_size', 'micro_batch_size', 'max_tokens', 'epochs', 'max_steps', 'max_seq_length', 'lr_warmup_steps', 'save_interval'];

function score(root: TMap | undefined): number {
  if (!root) return 0;
  const keys = new Set(root.entries.map((e) => e.key));
  const train = root.entries.find((e) => e.key === 'train')?.value;
  const trainKeys = train?.kind === 'map' ? train.entries.filter((e) => TRAIN_KEYS.includes(e.key)).length : 0;
  if (!(keys.has('checkpoint_dir') || keys.has('model_name')) || trainKeys < 2) return 0;
  return keys.has('out_dir') || keys.has('precision') || keys.has('devices') ? 0.93 : 0.75;
}

function readLitgpt(input: FormatInput, root: TMap) {
  const r = new Reader(root);
  const dir = r.str('checkpoint_dir');
  if (dir) {
    // `checkpoints/meta-llama/Llama-2-7b-hf`: LitGPT keeps the Hub id under its checkpoints folder.
    let id = dir.value.replace(/^(?:\.\/)?checkpoints\//, '');
    while (id.endsWith('/')) id = id.slice(0, -1);
    r.set('model', id === dir.value ? dir : { ...dir, value: id, note: `Hub id from the checkpoint folder ${dir.value}` });
  }
  r.set('model', r.str('model_name'));
  r.set('precision', r.precision('precision'));
  const q = r.str('quantize');
  const bits = q ? normalizeQuantBits(q.value) : undefined;
  if (q && bits) r.set('quantization', { ...q, value: bits });
  const rank = r.num('lora_r');
  // `lora_r` sits in every LoRA config; the finetune_lora entry point (or the file name) says it is used.
  if (rank && (/lora/i.test(input.fileName) || r.entry('lora_alpha'))) {
    r.set('loraRank', rank);
    r.set('adapter', { ...rank, value: bits === 4 ? 'qlora' : 'lora', origin: 'inferred', note: bits === 4 ? 'LoRA on a 4-bit base (quantize)' : 'LoRA rank set (lora_r)' });
  }
  const devices = r.num('devices');
  const nodes = r.num('num_nodes');
  if (devices) r.set('count', nodes && nodes.value > 1 ? inferredAt(devices, devices.value * nodes.value, `${devices.value} devices × ${nodes.value} nodes`) : devices);
  else if (r.str('devices')?.value === 'auto') r.note('devices: auto uses every visible GPU: the count is set where it runs.');
  if (nodes) r.set('nodes', nodes);
  r.set('epochs', r.num('train.epochs'));
  r.set('steps', r.num('train.max_steps'));
  const tokens = r.num('train.max_tokens');
  if (tokens) r.set('tokens', { ...tokens, note: 'train.max_tokens: the run stops after this many tokens' });
  r.set('batchSize', r.num('train.global_batch_size'));
  r.set('perDeviceBatch', r.num('train.micro_batch_size'));
  r.set('seqLen', r.num('train.max_seq_length'));
  // litgpt's data modules (`litgpt.data.Alpaca2k`) are named in the dataset catalogue; an unknown one says so.
  const data = r.str('data.class_path');
  if (data && findDataset(data.value)) r.set('dataset', data);
  else if (data) r.note(`Dataset ${data.value}: its size is not in the file.`);
  return finishRun(r, fileStem(input.fileName), 'litgpt', anchorOf(root, ['checkpoint_dir', 'model_name', 'train']));
}

export const litgptHandler: FormatHandler = {
  id: 'litgpt',
  syntaxes: ['yaml'],
  detect(input) {
    return score(rootMap(input));
  },
  extract(input) {
    const root = rootMap(input);
    return root ? [readLitgpt(input, root)] : [];
  },
};
