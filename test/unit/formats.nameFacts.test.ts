// Runs whose facts are in a name rather than in the workspace (#13-namefiles): torchtune's built-in
// configs named on a `tune run` line. Fixtures are our own files in the shapes of public scripts
// (test/fixtures/names/, each naming the file it imitates); catalogue values are the rows of
// src/core/data/torchtuneConfigs.json, read in pytorch/torchtune; every expectation is derived by hand.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { parseModelSize } from '../../src/core/catalog';
import { torchtuneBuiltin } from '../../src/core/torchtuneConfigs';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { genericConfigInputs } from '../../src/formats/genericConfig';
import { applyNameHints } from '../../src/formats/nameHints';
import { shellWords } from '../../src/formats/launcherFlags';
import { field, textAt } from '../support/runFields';

const FIXTURES = path.resolve(__dirname, '../fixtures/names');
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

function runOf(f: string, text = read(f), siblings?: Map<string, string>): RunSpec {
  const a = analyzeText(text, f, { siblings });
  assert.ok(a.runs[0], `no run in ${f} (format ${a.format})`);
  return a.runs[0];
}

describe('torchtune built-in config names (tune run … --config family/size_method)', () => {
  it('reads family, size and method from the name the way torchtune spells it', () => {
    const a = torchtuneBuiltin('llama3_1/8B_lora_single_device');
    assert.strictEqual(a?.model?.id, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.strictEqual(a?.adapter, 'lora');
    assert.strictEqual(a?.singleDevice, true);
    // A row read from the file: epochs 1, batch 2, gradient accumulation 8 (8B_lora_single_device.yaml).
    assert.strictEqual(a?.defaultsRead, true);
    assert.deepStrictEqual([a?.defaults.epochs, a?.defaults.batchSize, a?.defaults.gradAccum], [1, 2, 8]);
    // Older spelling `0_5B` is the 0.5B size; `full` has no adapter and no single-device suffix.
    const q = torchtuneBuiltin('qwen2_5/0_5B_full');
    assert.strictEqual(q?.model?.id, 'Qwen/Qwen2.5-0.5B-Instruct');
    assert.strictEqual(q?.adapter, undefined);
    assert.strictEqual(q?.singleDevice, false);
    assert.strictEqual(q?.defaultsRead, false);
    // DoRA / QDoRA are LoRA / QLoRA variants; `_low_memory` configs are single-device ones.
    assert.deepStrictEqual([torchtuneBuiltin('llama3/8B_qdora_single_device')?.adapter, torchtuneBuiltin('llama3/8B_qdora_single_device')?.variant], ['qlora', 'dora']);
    assert.strictEqual(torchtuneBuiltin('mistral/7B_full_low_memory')?.singleDevice, true);
    assert.strictEqual(torchtuneBuiltin('phi3/mini_lora')?.model?.id, 'microsoft/Phi-3-mini-4k-instruct');
  });

  it('is not a built-in config: a file, a path, or a name outside the convention', () => {
    assert.strictEqual(torchtuneBuiltin('llama3_1/8B_lora.yaml'), undefined);
    assert.strictEqual(torchtuneBuiltin('configs/train'), undefined);
    assert.strictEqual(torchtuneBuiltin('recipes/configs/guardian_models/8B_lora_5000'), undefined);
    // Teacher-to-student names start with `to`, not a method: not guessed.
    assert.strictEqual(torchtuneBuiltin('qwen2_5/14B_to_7B_KD_lora_single_device'), undefined);
    // A family not in the table still gives method and device, but no model.
    const u = torchtuneBuiltin('falcon3/7B_lora_single_device');
    assert.strictEqual(u?.model, undefined);
    assert.strictEqual(u?.adapter, 'lora');
  });

  it('a Slurm job naming llama3_2/3B_qlora_single_device: model, QLoRA, 1 GPU; the line\'s epochs=2 wins', () => {
    const f = 'tune_builtin_qlora.sbatch';
    const text = read(f);
    const r = runOf(f, text);
    assert.strictEqual(r.format, 'slurm');
    const model = field(r, 'model');
    assert.strictEqual(model.value, 'meta-llama/Llama-3.2-3B-Instruct');
    assert.strictEqual(model.origin, 'inferred');
    assert.strictEqual(textAt(text, model.range), 'llama3_2/3B_qlora_single_device');
    assert.strictEqual(field(r, 'adapter').value, 'qlora');
    assert.strictEqual(field(r, 'quantization').value, 4);
    // `epochs=2` on the line is a file value and beats the config's default.
    assert.strictEqual(field(r, 'epochs').value, 2);
    assert.strictEqual(field(r, 'epochs').origin, 'file');
    // Not a row read here: the convention's dataset, marked default and saying so.
    const ds = field(r, 'dataset');
    assert.strictEqual(ds.value, 'torchtune.datasets.alpaca_cleaned_dataset');
    assert.strictEqual(ds.origin, 'default');
    assert.match(ds.note ?? '', /not read here/);
    // --gres=gpu:1 and the single-device config agree on one GPU.
    assert.strictEqual(field(r, 'count').value, 1);
    // 2 epochs × 51,760 alpaca-cleaned rows × 137 tokens = 14,182,240 tokens (datasets.json row).
    const est = evaluateText(text, f, normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(est.missing, []);
    const tokens = Number(est.inputs.tokens?.value);
    assert.ok(Math.abs(tokens - 14_182_240) / 14_182_240 < 0.001, `tokens ${tokens}`);
  });

  it('tune run --nproc_per_node 4 … --config llama3_1/8B_lora: the read row\'s defaults, 4 GPUs from the launcher', () => {
    const f = 'tune_builtin_distributed.sh';
    const r = runOf(f);
    assert.strictEqual(r.format, 'shell');
    assert.strictEqual(field(r, 'model').value, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.strictEqual(field(r, 'count').value, 4);
    // llama3_1/8B_lora.yaml: batch_size 2, gradient_accumulation_steps 32, epochs 1.
    assert.strictEqual(field(r, 'perDeviceBatch').value, 2);
    assert.strictEqual(field(r, 'gradAccum').value, 32);
    const ep = field(r, 'epochs');
    assert.strictEqual(ep.value, 1);
    assert.strictEqual(ep.origin, 'default');
    assert.match(ep.note ?? '', /recipes\/configs\/llama3_1\/8B_lora\.yaml/);
  });

  it('a config of that name in the workspace is the user\'s own and is not replaced by the catalogue', () => {
    const f = 'tune_builtin_distributed.sh';
    const r = runOf(f, read(f), new Map([['llama3_1/8B_lora', 'epochs: 5\n']]));
    assert.strictEqual((r.inputs as Record<string, unknown>).model, undefined);
  });
});

describe('randomly initialised test checkpoints (tiny-random-*, hf-internal-testing/*)', () => {
  it('are recognised as tiny by name, and nothing else is', () => {
    for (const n of ['hf-internal-testing/tiny-random-gpt2', 'HuggingFaceM4/tiny-random-LlamaForCausalLM', 'trl-internal-testing/tiny-Qwen2ForCausalLM-2.5', 'tiny-random-bert']) {
      assert.deepStrictEqual(parseModelSize(n), { params: 1_000_000, testCheckpoint: true }, n);
    }
    // Real small models keep their catalogue or name size; a "tiny" that is not a test checkpoint is not guessed.
    assert.strictEqual(parseModelSize('TinyLlama/TinyLlama-1.1B-Chat-v1.0')?.testCheckpoint, undefined);
    assert.strictEqual(parseModelSize('my-org/tiny-model'), undefined);
    assert.strictEqual(parseModelSize('random-org/tiny-randomness'), undefined);
  });

  it('a script training one gets a (negligible) number, with the size marked as an order of magnitude', () => {
    const f = 'sft_tiny_model.sh';
    const text = read(f);
    const est = evaluateText(text, f, normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(est.missing, []);
    assert.strictEqual(est.inputs.params?.value, 1_000_000);
    assert.strictEqual(est.inputs.params?.origin, 'inferred');
    assert.match(est.inputs.params?.note ?? '', /test checkpoint.*order of magnitude/);
    // 10 steps × 4 per device × 2 processes × 64 tokens = 5,120 tokens; 6 × 10^6 × 5,120 ≈ 3.1e10 FLOPs,
    // well under a second of one A100: the estimate is tiny, not missing.
    assert.strictEqual(est.inputs.tokens?.value, 5120);
    assert.ok(est.hours && est.hours.mid < 1e-4, `hours ${est.hours?.mid}`);
  });
});

describe('a quote left open in a published script', () => {
  it('ends with its line, so the flag keeps its value and the commands after it are still commands', () => {
    // Bash would stop at the end of the file; the line as written is what the author meant.
    const w = shellWords('train -e d48"\n\nsleep 1\n').map((x) => (x.sep ? ';' : x.text));
    assert.deepStrictEqual(w, ['train', '-e', 'd48', ';', 'sleep', '1', ';']);
    // A quote closed later is untouched (it spans lines, as bash reads it).
    assert.deepStrictEqual(shellWords('echo "a\nb" c').map((x) => x.text), ['echo', 'a\nb', 'c']);
  });

  it('an llm.c launch whose last flag opens a quote is read: depth 24, 10,000 steps, 8 processes', () => {
    const f = 'llmc_stray_quote.sh';
    const text = read(f);
    const r = runOf(f, text);
    // `-e "d24`: depth 24 is GPT-2 350M (llm.c's model table), pointed at inside the open quote.
    assert.strictEqual(field(r, 'model').value, 'openai-community/gpt2-medium');
    assert.strictEqual(textAt(text, field(r, 'model').range), 'd24');
    assert.strictEqual(field(r, 'steps').value, 10000);
    assert.strictEqual(field(r, 'count').value, 8); // mpirun -np 8
    // -d 524288 ÷ -t 1024 = 512 sequences per step; 10,000 × 512 × 1024 = 5,242,880,000 tokens.
    const est = evaluateText(text, f, normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(est.missing, []);
    assert.strictEqual(est.inputs.tokens?.value, 5_242_880_000);
  });
});

describe('a job started by srun alone (OpenMMLab tools/slurm_train.sh shape)', () => {
  it('is a Slurm launch: GPUs, type and time limit from srun\'s options after substitution; the config argument is named as unknowable', () => {
    const f = 'srun_train.sh';
    const r = runOf(f);
    assert.strictEqual(r.format, 'slurm');
    // --gres=gpu:a100:${GPUS_PER_NODE} with GPUS_PER_NODE=${GPUS_PER_NODE:-4} → 4 A100s on one node
    // (--ntasks 4 at 4 per node is one node).
    assert.strictEqual(field(r, 'count').value, 4);
    assert.match(String(field(r, 'hardware').value), /a100/i);
    assert.strictEqual(field(r, 'maxHours').value, 12); // --time=12:00:00, a bound only
    // `python -u tools/train.py ${CONFIG}` with CONFIG=$2: the config is chosen when the script runs.
    assert.ok(r.notes.some((n) => /argument 2 of this script/.test(n)), r.notes.join(' | '));
    assert.strictEqual((r.inputs as Record<string, unknown>).model, undefined);
  });

  it('an srun that asks for no GPU does not make a script a launch script', () => {
    const a = analyzeText('#!/bin/bash\nsrun -N 2 hostname\nsrun --ntasks=4 ./prepare_data.sh\n', 'prep.sh', {});
    assert.notStrictEqual(a.format, 'slurm');
    assert.strictEqual(a.runs.length, 0);
  });
});

describe('a CPU-only Slurm job passing its project\'s own sectioned config (ULHPC imagenet_resnet shape)', () => {
  const root = path.join(FIXTURES, 'cpu_job');
  const script = fs.readFileSync(path.join(root, 'scripts/train_cpu.sh'), 'utf8');
  const config = fs.readFileSync(path.join(root, 'configs/resnet_imagenet.yaml'), 'utf8');

  it('no GPU requested anywhere: counted in CPU cores, nodes × tasks per node × CPUs per task', () => {
    const r = runOf('train_cpu.sh', script);
    assert.strictEqual(r.format, 'slurm');
    // -N 2, --ntasks-per-node=16, -c 2: 2 × 16 × 2 = 64 cores on the per-vCPU device.
    assert.strictEqual(field(r, 'count').value, 64);
    assert.strictEqual(field(r, 'hardware').value, 'cpu-vcpu');
    assert.strictEqual(field(r, 'hardware').origin, 'inferred');
  });

  it('any sign of a GPU keeps the job off the CPU reading', () => {
    for (const extra of ['module load cuda/12.1\n', 'export CUDA_VISIBLE_DEVICES=0\n', '#SBATCH -p gpu\n', '#SBATCH --constraint=a100\n']) {
      const r = runOf('train_cpu.sh', script.replace('config=', `${extra}config=`));
      assert.notStrictEqual((r.inputs as Record<string, { value: unknown }>).hardware?.value, 'cpu-vcpu', extra);
    }
    // A partition literally called `cpu` is not a device name that means a GPU.
    assert.strictEqual(field(runOf('train_cpu.sh', script.replace('-p batch', '-p cpu')), 'hardware').value, 'cpu-vcpu');
  });

  it('the config no reader claims still names model, dataset and epochs under its sections (inferred, key named)', () => {
    const est = evaluateText(script, 'scripts/train_cpu.sh', normalizeSettings({}), new Map([['configs/resnet_imagenet.yaml', config]])).estimates[0];
    assert.deepStrictEqual(est.missing, []);
    assert.strictEqual(est.inputs.model?.value, 'resnet50');
    assert.strictEqual(est.inputs.model?.origin, 'inferred');
    assert.match(est.inputs.model?.note ?? '', /resnet_imagenet\.yaml line 5.*model\.name/);
    assert.strictEqual(est.inputs.epochs?.value, 2); // training.n_epochs; lr_warmup_epochs is not read
    assert.strictEqual(est.inputs.datasetSamples?.value, 1_281_167); // data.name imagenet → ImageNet-1k
    // 3 × 8.178 GFLOPs (ResNet-50 forward, sampleModels.json) × 2 epochs × 1,281,167 images = 6.2864e16.
    const flops = Number((est as unknown as { compute?: { flops: number } }).compute?.flops);
    assert.ok(Math.abs(flops - 6.2864e16) / 6.2864e16 < 1e-4, `flops ${flops}`);
    // On 64 cores that runs past the 4 h limit: the hours are capped there, and said so.
    assert.strictEqual(est.hours?.mid, 4);
    assert.ok(est.assumptions.some((a) => /capped there/.test(a)));
  });

  it('a config a format reader claims is left to that reader; keys outside the sections are not guessed', () => {
    assert.strictEqual(genericConfigInputs('c.yaml', 'description: x\nlr: 0.1\noptimizer:\n  name: SGD\n'), undefined);
    const g = genericConfigInputs('c.yaml', 'network:\n  arch: vit_b_16\ntrain:\n  max_iters: 5000\n');
    assert.deepStrictEqual(Object.keys(g?.inputs ?? {}).sort(), ['model', 'steps']);
    assert.deepStrictEqual(g?.taken, ['model (network.arch, line 2)', 'steps (train.max_iters, line 4)']);
  });
});

describe('names that say what a run trains when nothing at hand does', () => {
  const hints = (...texts: string[]) => {
    const inputs: Record<string, { value: unknown; note?: string }> = {};
    applyNameHints(texts.map((text) => ({ text, what: 'the name' })), inputs as never, []);
    return { model: inputs.model?.value, samples: inputs.datasetSamples?.value };
  };

  it('reads whole dataset words, a model with its size, and ResNet-50 only for a bare ResNet on ImageNet', () => {
    // ImageNet-1k 1,281,167 images; CIFAR-10 50,000; MNIST 60,000 (sampleDatasets.json).
    assert.deepStrictEqual(hints('imagenet_resnet_slurm_01'), { model: 'resnet50', samples: 1_281_167 });
    // On CIFAR a sized ResNet word is the 32×32 CIFAR network (#13-cifar: 1.11 GFLOP per image, not the
    // 3.63 GFLOP of the 224×224 row); on ImageNet it stays the ImageNet one.
    assert.deepStrictEqual(hints('cifar10_resnet18.sh'), { model: 'resnet18-cifar', samples: 50_000 });
    assert.deepStrictEqual(hints('imagenet_resnet18.sh'), { model: 'resnet18', samples: 1_281_167 });
    assert.deepStrictEqual(hints('CIFAR100_VGG16'), { model: 'vgg16-cifar', samples: 50_000 });
    assert.deepStrictEqual(hints('resnet_cifar10'), { model: undefined, samples: 50_000 });
    assert.deepStrictEqual(hints('training', 'config/mnist.yaml'), { model: undefined, samples: 60_000 });
    // A smaller set under a familiar word, and words that merely contain a dataset's name, say nothing.
    assert.deepStrictEqual(hints('tiny-imagenet-200'), { model: undefined, samples: undefined });
    assert.deepStrictEqual(hints('cocoa_pipeline', 'train.sh'), { model: undefined, samples: undefined });
  });

  it('a benchmark job named imagenet_resnet: ResNet-50 on ImageNet-1k, inferred from the job name; still no length', () => {
    const r = runOf('imagenet_resnet_job.sbatch');
    assert.strictEqual(field(r, 'model').value, 'resnet50');
    assert.strictEqual(field(r, 'model').origin, 'inferred');
    assert.match(field(r, 'model').note ?? '', /job name `imagenet_resnet_run_02`/);
    assert.strictEqual(field(r, 'datasetSamples').value, 1_281_167);
    assert.strictEqual(field(r, 'count').value, 8);
    // The names say what, not how long: the estimate still asks for the length, bounded by --time 12 h.
    const est = evaluateText(read('imagenet_resnet_job.sbatch'), 'imagenet_resnet_job.sbatch', normalizeSettings({})).estimates[0];
    assert.strictEqual(est.missing.length, 1);
    assert.match(est.missing[0], /length of training/);
  });

  it('a config at hand is read instead of the names', () => {
    const f = 'tune_builtin_distributed.sh';
    // The torchtune name fills the model; names are not consulted once a model is known.
    assert.strictEqual(field(runOf(f), 'model').value, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    const text = '#SBATCH -J imagenet_resnet\n#SBATCH --gres=gpu:1\npython train.py --config cfg.yaml\n';
    const withCfg = runOf('job.sh', text, new Map([['cfg.yaml', 'lr: 0.1\n']]));
    assert.strictEqual((withCfg.inputs as Record<string, unknown>).model, undefined);
    assert.strictEqual(field(runOf('job.sh', text), 'model').value, 'resnet50');
  });
});

describe('torchtune built-in configs in a SkyPilot run:, with torchtune\'s own overrides', () => {
  it('reads the config name and the line\'s batch_size, tokenizer.max_seq_len and max_steps_per_epoch', () => {
    const f = 'sky_tune_lora.yaml';
    const text = read(f);
    const r = runOf(f, text);
    assert.strictEqual(r.format, 'skypilot');
    assert.strictEqual(field(r, 'model').value, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.strictEqual(field(r, 'count').value, 4); // A100:4
    assert.strictEqual(field(r, 'perDeviceBatch').value, 4); // batch_size=4 beats the config's 2
    assert.strictEqual(field(r, 'perDeviceBatch').origin, 'file');
    assert.strictEqual(field(r, 'seqLen').value, 512);
    assert.strictEqual(field(r, 'gradAccum').value, 32); // llama3_1/8B_lora.yaml ships 32
    // epochs 1 (the config) × max_steps_per_epoch 100 = 100 steps.
    assert.strictEqual(field(r, 'steps').value, 100);
    assert.strictEqual(textAt(text, field(r, 'steps').range), '100');
    // 100 steps × (4 per device × 4 GPUs × 32 accumulation = 512 samples) = 51,200 samples, within the
    // 51,760 rows of alpaca-cleaned; each is its 137-token mean, not the 512 cap (datasets.json):
    // 51,200 × 137 = 7,014,400 tokens.
    const est = evaluateText(text, f, normalizeSettings({})).estimates[0];
    assert.strictEqual(est.inputs.tokens?.value, 7_014_400);
  });
});
