// Launch scripts for work beyond LLM fine-tuning, and launchers with their own flag spelling:
// diffusers and kohya sd-scripts flags, the Ultralytics CLI, and `sky launch`. Fixtures are in
// test/fixtures/scripts/ (each names the public file shape it imitates); every expected value was
// read by hand from the fixture text, and compute figures from src/core/data/sampleModels.json.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { val, at, closeWithin } from './helpers/runAsserts';

const FIXTURES = path.resolve(__dirname, '../fixtures/scripts');
const settings = normalizeSettings({ includeEmbodied: false });
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

function runOf(file: string): { text: string; run: RunSpec; format: string; references: string[] } {
  const text = read(file);
  const a = analyzeText(text, file);
  assert.ok(a.runs[0], `no run in ${file} (format ${a.format})`);
  return { text, run: a.runs[0], format: a.format, references: a.references };
}

const close = closeWithin(1e-6);

describe('diffusers train_text_to_image.py through accelerate launch', () => {
  it('reads the model and dataset through exported variables, and the diffusers flag names', () => {
    const { text, run, format } = runOf('diffusers_text_to_image.sh');
    assert.strictEqual(format, 'shell');
    assert.strictEqual(val(run, 'model'), 'runwayml/stable-diffusion-v1-5');
    assert.strictEqual(at(text, run.inputs.model?.range), 'runwayml/stable-diffusion-v1-5', 'points at the export, line 5');
    // --dataset_name=$DATASET_NAME → lambdalabs/pokemon-blip-captions, 833 pairs in the catalogue.
    assert.strictEqual(val(run, 'datasetSamples'), 833);
    assert.strictEqual(run.inputs.datasetSamples?.origin, 'inferred');
    assert.strictEqual(val(run, 'steps'), 15000); // --max_train_steps
    assert.strictEqual(val(run, 'perDeviceBatch'), 2); // --train_batch_size
    assert.strictEqual(val(run, 'gradAccum'), 4);
    assert.strictEqual(val(run, 'precision'), 'fp16'); // accelerate --mixed_precision="fp16"
    assert.strictEqual(val(run, 'count'), 2); // --num_processes=2
  });

  it('is estimated per image, not per token', () => {
    // Global batch 2 × 4 × 2 = 16; 15,000 × 16 = 240,000 images; SD 1.5 UNet 677.4e9 FLOPs per 512² step.
    // 3 × 677.4e9 × 240,000 = 4.87728e17 FLOPs.
    const r = evaluateText(read('diffusers_text_to_image.sh'), 'diffusers_text_to_image.sh', settings);
    const e = r.estimates[0];
    assert.deepStrictEqual(e.missing, []);
    close(e.compute?.flops, 4.87728e17);
    assert.ok(!e.assumptions.some((a) => /Sequence length not stated/.test(a)));
  });
});

describe('kohya sd-scripts train_network.py', () => {
  it('names the base network from a local checkpoint file and reads LoRA from networks.lora + network_dim', () => {
    const { text, run } = runOf('kohya_train_network.sh');
    assert.strictEqual(val(run, 'model'), 'stable-diffusion-v1-5/stable-diffusion-v1-5');
    assert.strictEqual(run.inputs.model?.origin, 'inferred');
    assert.match(run.inputs.model?.note ?? '', /v1-5-pruned-emaonly\.safetensors/);
    assert.strictEqual(val(run, 'adapter'), 'lora');
    assert.strictEqual(val(run, 'loraRank'), 16);
    assert.strictEqual(at(text, run.inputs.loraRank?.range), '16');
    assert.strictEqual(val(run, 'steps'), 1600);
    assert.strictEqual(val(run, 'precision'), 'bf16');
  });

  it('counts an adapter fine-tune at 2 × forward', () => {
    // 1,600 steps × 2 images × 1 GPU (assumed) = 3,200 images; 2 × 677.4e9 × 3,200 = 4.33536e15.
    const e = evaluateText(read('kohya_train_network.sh'), 'kohya_train_network.sh', settings).estimates[0];
    close(e.compute?.flops, 4.33536e15);
  });

  it("diffusers' --rank is a LoRA rank only in a LoRA script", () => {
    const lora = analyzeText('accelerate launch train_dreambooth_lora.py --pretrained_model_name_or_path=runwayml/stable-diffusion-v1-5 --rank=8 --max_train_steps=500\n', 'a.sh').runs[0];
    assert.strictEqual(val(lora, 'loraRank'), 8);
    assert.strictEqual(val(lora, 'adapter'), 'lora');
    const other = analyzeText('accelerate launch train_ranker.py --model_name_or_path=gpt2 --rank=8 --max_steps=500\n', 'b.sh').runs[0];
    assert.strictEqual(val(other, 'loraRank'), undefined);
  });
});

describe('Ultralytics CLI (yolo detect train key=value)', () => {
  it('reads model, data, epochs, global batch and devices', () => {
    const { text, run, format } = runOf('yolo_train.sh');
    assert.strictEqual(format, 'shell');
    assert.strictEqual(val(run, 'model'), 'yolov8s.pt');
    assert.strictEqual(val(run, 'epochs'), 100); // epochs=$EPOCHS, EPOCHS=100 on line 5
    assert.strictEqual(at(text, run.inputs.epochs?.range), '100');
    assert.strictEqual(val(run, 'batchSize'), 64); // Ultralytics' batch is the total across devices
    assert.strictEqual(val(run, 'count'), 4); // device=0,1,2,3
    assert.strictEqual(at(text, run.inputs.count?.range), '0,1,2,3');
    assert.strictEqual(val(run, 'datasetSamples'), 118287); // coco.yaml → COCO train2017
  });

  it('estimates 3 × forward × images', () => {
    // yolov8s 28.8e9 FLOPs per 640² image; 100 × 118,287 = 11,828,700 images → 3 × 28.8e9 × 11,828,700 = 1.02199968e18.
    const e = evaluateText(read('yolo_train.sh'), 'yolo_train.sh', settings).estimates[0];
    close(e.compute?.flops, 1.02199968e18);
  });

  it('device=cpu counts no GPUs', () => {
    const r = analyzeText('yolo train model=yolov8n.pt data=coco128.yaml epochs=3 device=cpu\n', 'c.sh').runs[0];
    assert.strictEqual(val(r, 'count'), undefined);
    assert.strictEqual(val(r, 'datasetSamples'), 128);
  });
});

describe('sky launch in a shell script', () => {
  it('reads --gpus, --num-nodes and --infra, and references the task file', () => {
    const { text, run, references } = runOf('sky_launch.sh');
    assert.strictEqual(val(run, 'hardware'), 'H100');
    assert.strictEqual(val(run, 'nodes'), 2);
    assert.strictEqual(val(run, 'count'), 16); // H100:8 per node × 2 nodes
    assert.strictEqual(at(text, run.inputs.count?.range), '8');
    assert.strictEqual(val(run, 'region'), 'aws:us-east-1');
    assert.strictEqual(at(text, run.inputs.region?.range), 'us-east-1');
    assert.deepStrictEqual(references, ['sky_task.yaml']);
  });

  it('the command line overrides the task file, which fills the rest', () => {
    const siblings = new Map([['sky_task.yaml', read('sky_task.yaml')]]);
    const e = evaluateText(read('sky_launch.sh'), 'sky_launch.sh', settings, siblings).estimates[0];
    // Hardware from --gpus H100:8 (not the task's A100:8); model and length from the task's torchrun line.
    assert.match(String(e.inputs.hardware?.value), /h100/i);
    assert.strictEqual(e.inputs.count?.value, 16);
    assert.strictEqual(e.inputs.model?.value, 'meta-llama/Llama-3.1-8B');
    assert.strictEqual(e.inputs.steps?.value, 500);
    assert.deepStrictEqual(e.missing, []);
  });
});

describe('launch lines seen in public repositories', () => {
  it('networks.lora without network_dim is LoRA (once a crash: no flag to point at)', () => {
    // Shape of hidetobara/sd-scripts run_lora.sh: a community checkpoint, networks.lora, no rank.
    const r = analyzeText('accelerate launch train_network.py --pretrained_model_name_or_path="/data/sd/somemix_v10.safetensors" --max_train_steps=1500 --mixed_precision="no" --network_module=networks.lora\n', 'lora.sh').runs[0];
    assert.strictEqual(val(r, 'adapter'), 'lora');
    assert.strictEqual(val(r, 'precision'), 'fp32'); // mixed_precision "no"
    // train_network.py takes SD 1.x/2.x checkpoints (kohya README): the community file is an SD 1.x UNet.
    assert.strictEqual(val(r, 'model'), 'stable-diffusion-v1-5/stable-diffusion-v1-5');
    assert.strictEqual(r.inputs.model?.origin, 'inferred');
    assert.match(r.inputs.model?.note ?? '', /train_network\.py/);
  });

  it('an HfArgumentParser script with neither epochs nor steps runs the default 3 epochs', () => {
    const r = analyzeText('deepspeed --num_gpus=8 finetune.py --model_name_or_path bigscience/bloom-560m --per_device_train_batch_size 16 --do_train --output_dir out\n', 'ft.sh').runs[0];
    assert.strictEqual(val(r, 'epochs'), 3);
    assert.strictEqual(r.inputs.epochs?.origin, 'default');
    const plain = analyzeText('torchrun --nproc_per_node 2 train.py --model_name_or_path gpt2\n', 'p.sh').runs[0];
    assert.strictEqual(val(plain, 'epochs'), undefined, 'no HF markers: no default');
  });

  it('litgpt pretrain|finetune <model> and its dotted train.* flags', () => {
    const text = 'litgpt finetune_lora checkpoints/meta-llama/Llama-2-7b-hf --train.epochs 2 --train.global_batch_size 16 --devices 4\n';
    const r = analyzeText(text, 'ft.sh').runs[0];
    assert.strictEqual(val(r, 'model'), 'checkpoints/meta-llama/Llama-2-7b-hf');
    assert.strictEqual(at(text, r.inputs.model?.range), 'checkpoints/meta-llama/Llama-2-7b-hf');
    assert.strictEqual(val(r, 'epochs'), 2);
    assert.strictEqual(val(r, 'batchSize'), 16);
    const pre = analyzeText('litgpt pretrain meta-llama/Meta-Llama-3-8B --out_dir out\n', 'pre.sh').runs[0];
    assert.strictEqual(val(pre, 'model'), 'meta-llama/Meta-Llama-3-8B');
  });
});

describe('KServe LLMInferenceService', () => {
  // Shape of the KServe docs' LLMInferenceService examples (kserve/website llmisvc pages, 2025):
  // spec.model.uri, spec.replicas, and `template` as the pod spec itself.
  const text = [
    'apiVersion: serving.kserve.io/v1alpha1',
    'kind: LLMInferenceService',
    'metadata:',
    '  name: qwen2-7b',
    'spec:',
    '  model:',
    '    uri: hf://Qwen/Qwen2.5-7B-Instruct',
    '    name: Qwen/Qwen2.5-7B-Instruct',
    '  replicas: 2',
    '  router:',
    '    scheduler: {}',
    '  template:',
    '    containers:',
    '    - name: main',
    '      resources:',
    '        limits:',
    '          nvidia.com/gpu: "1"',
    '',
  ].join('\n');

  it('is a serving deployment: GPUs per pod × replicas, the model from model.uri', () => {
    const a = analyzeText(text, 'llmisvc.yaml');
    assert.strictEqual(a.format, 'kubernetes');
    const r = a.runs[0];
    assert.strictEqual(r.phase, 'inference');
    assert.strictEqual(val(r, 'count'), 2); // 1 GPU × 2 replicas
    assert.strictEqual(val(r, 'replicas'), 2);
    assert.strictEqual(val(r, 'model'), 'Qwen/Qwen2.5-7B-Instruct');
    assert.strictEqual(at(text, r.inputs.model?.range), 'hf://Qwen/Qwen2.5-7B-Instruct');
  });

  it('autoscaling: scaling.minReplicas stands in for replicas', () => {
    const r = analyzeText(text.replace('  replicas: 2\n', '  scaling:\n    minReplicas: 3\n    maxReplicas: 5\n'), 'llmisvc.yaml').runs[0];
    assert.strictEqual(val(r, 'count'), 3);
  });
});

describe('open-instruct finetune.py flags', () => {
  it('--use_qlora is a 4-bit base with LoRA; --lora_rank its rank', () => {
    // Shape of allenai/open-instruct scripts/finetune_qlora_with_accelerate.sh.
    const r = analyzeText('accelerate launch --num_processes 4 open_instruct/finetune.py --model_name_or_path meta-llama/Llama-2-7b-hf --use_qlora --lora_rank 64 --num_train_epochs 5 --max_seq_length 4096\n', 'q.sh').runs[0];
    assert.strictEqual(val(r, 'adapter'), 'qlora');
    assert.strictEqual(val(r, 'quantization'), 4);
    assert.strictEqual(val(r, 'loraRank'), 64);
    assert.strictEqual(val(r, 'count'), 4);
  });

  it('--use_lora without quantization is LoRA', () => {
    const r = analyzeText('accelerate launch open_instruct/finetune.py --model_name_or_path allenai/OLMo-7B --use_lora --num_train_epochs 2\n', 'l.sh').runs[0];
    assert.strictEqual(val(r, 'adapter'), 'lora');
    assert.strictEqual(val(r, 'quantization'), undefined);
  });
});
