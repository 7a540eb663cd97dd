// Tokens from the data a file names, and FLOPs by training method. Every expected value is worked by
// hand in the comment above it from the dataset catalogue (src/core/data/datasets.json), the constants
// (6/4/2 FLOPs per parameter per token) and the method formulas in src/core/trainingCompute.ts.
import * as assert from 'assert';
import { findDataset, listDatasets, parseDatasetRefs, splitSize } from '../../src/core/datasetCatalog';
import { estimateRun } from '../../src/core/estimate';
import { resolveRun } from '../../src/core/resolve';
import type { RunInputs, RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { trainingCompute } from '../../src/core/trainingCompute';
import { analyzeText } from '../../src/formats';
import { closeWithin } from './helpers/runAsserts';

const settings = normalizeSettings({ includeEmbodied: false });

function run(inputs: Record<string, unknown>): RunSpec {
  const ins: RunInputs = {};
  for (const [k, v] of Object.entries(inputs)) (ins as Record<string, unknown>)[k] = { value: v, origin: 'file' };
  return { name: 'test', phase: 'training', format: 'carbon-lens', inputs: ins, notes: [], warnings: [] };
}

const close = closeWithin(1e-9);

const flops = (inputs: Record<string, unknown>) => trainingCompute(resolveRun(run(inputs), settings))?.flops;

describe('dataset catalogue', () => {
  it('every row says where its numbers come from and how the mean was derived', () => {
    const rows = listDatasets();
    assert.ok(rows.length >= 15);
    for (const d of rows) {
      assert.ok(d.source.length > 10 && d.how.length > 10, d.id);
      assert.ok(d.year >= 2019 && d.year <= 2026, d.id);
      assert.strictEqual(typeof d.estimated, 'boolean', d.id);
      for (const [name, s] of Object.entries(d.splits)) assert.ok(s.rows > 0 && s.meanTokens > 10 && s.meanTokens < 10_000, `${d.id} ${name}`);
    }
  });

  it('finds a dataset by Hub id, alias, URL, torchtune builder and the `--` label form', () => {
    for (const name of ['tatsu-lab/alpaca', 'TATSU-LAB/Alpaca', 'https://huggingface.co/datasets/tatsu-lab/alpaca', 'torchtune.datasets.alpaca_dataset']) {
      assert.strictEqual(findDataset(name)?.id, 'tatsu-lab/alpaca', name);
    }
    assert.strictEqual(findDataset('timdettmers--openassistant-guanaco')?.id, 'timdettmers/openassistant-guanaco');
    assert.strictEqual(findDataset('torchtune.datasets.alpaca_cleaned_dataset')?.id, 'yahma/alpaca-cleaned');
    assert.strictEqual(findDataset('my-org/private-data'), undefined);
  });

  it('reads split slices the way the datasets library does', () => {
    const alpaca = findDataset('tatsu-lab/alpaca')!;
    // 10 % of 52,002 rows = 5,200.2 → 5,200; the first 1,000 rows; rows 10 %..20 % = 10,400 − 5,200 = 5,200.
    assert.strictEqual(splitSize(alpaca, 'train[:10%]')?.rows, 5200);
    assert.strictEqual(splitSize(alpaca, 'train[:1000]')?.rows, 1000);
    assert.strictEqual(splitSize(alpaca, 'train[10%:20%]')?.rows, 5200);
    assert.strictEqual(splitSize(alpaca, undefined)?.rows, 52002);
    // guanaco train + test = 9,846 + 518 = 10,364 rows.
    assert.strictEqual(splitSize(findDataset('timdettmers/openassistant-guanaco')!, 'train+test')?.rows, 10364);
    assert.strictEqual(splitSize(alpaca, 'validation'), undefined, 'a split the card does not list is unknown, not guessed');
    assert.deepStrictEqual(parseDatasetRefs('a/b[train[:5%]], c'), [{ name: 'a/b', split: 'train[:5%]' }, { name: 'c' }]);
  });
});

describe('training tokens from the data', () => {
  // 1 × A100 80GB, a 1e9-parameter model, 3 epochs of tatsu-lab/alpaca: 52,002 rows × 137 tokens mean.
  const base = { hardware: 'A100 80GB', params: 1e9, epochs: 3, dataset: 'tatsu-lab/alpaca', pue: 1.1, intensity: 300 };

  it('uses the dataset mean, not the sequence-length cap, without packing', () => {
    // 3 × 52,002 × 137 = 21,372,822 tokens (the 512 cap is above the 137 mean, so it does not bind).
    const e = estimateRun(run({ ...base, seqLen: 512 }), settings);
    close(e.inputs.tokens?.value, 21_372_822);
    assert.strictEqual(e.inputs.datasetSamples?.value, 52_002);
    assert.deepStrictEqual([e.dataset?.source, e.dataset?.estimated], ['catalogue', true]);
  });

  it('truncates at a cap below the mean, and packs to the mean when packing is on', () => {
    // Cap 100 < mean 137: 3 × 52,002 × 100 = 15,600,600. Packing with the same cap: every token is kept, 21,372,822.
    close(estimateRun(run({ ...base, seqLen: 100 }), settings).inputs.tokens?.value, 15_600_600);
    close(estimateRun(run({ ...base, seqLen: 100, packing: true }), settings).inputs.tokens?.value, 21_372_822);
  });

  it('applies a split slice and a per-dataset samples cap', () => {
    // train[:10%] = 5,200 rows: 3 × 5,200 × 137 = 2,137,200.
    close(estimateRun(run({ ...base, dataset: 'tatsu-lab/alpaca[train[:10%]]' }), settings).inputs.tokens?.value, 2_137_200);
    // LLaMA-Factory identity (91 rows × 40) + alpaca_en_demo capped at 500 of 1,000 (× 245), 1 epoch:
    // 91 × 40 + 500 × 245 = 3,640 + 122,500 = 126,140 tokens over 591 samples.
    const e = estimateRun(run({ ...base, epochs: 1, dataset: 'identity,alpaca_en_demo', maxSamples: 500 }), settings);
    assert.strictEqual(e.inputs.datasetSamples?.value, 591);
    close(e.inputs.tokens?.value, 126_140);
  });

  it('per step, counts the mean length without packing and the full length with it', () => {
    // 100 steps × (4 per device × 2 devices) = 800 sequences: × 137 = 109,600; packed at 2,048: 1,638,400.
    const steps = { hardware: 'A100 80GB', count: 2, params: 1e9, steps: 100, perDeviceBatch: 4, seqLen: 2048, dataset: 'tatsu-lab/alpaca' };
    close(estimateRun(run(steps), settings).inputs.tokens?.value, 109_600);
    close(estimateRun(run({ ...steps, packing: true }), settings).inputs.tokens?.value, 1_638_400);
  });

  it('keeps the default only where nothing is known, and flags it', () => {
    // An uncatalogued dataset: 10,000 default samples × the 512 cap × 3 epochs = 15,360,000, with the flag and a note.
    const e = estimateRun(run({ ...base, dataset: 'my-org/private-data', seqLen: 512 }), settings);
    close(e.inputs.tokens?.value, 15_360_000);
    assert.strictEqual(e.dataset?.source, 'default');
    assert.match(e.dataset!.note, /dataset size assumed/);
    assert.match(e.assumptions.join(' '), /"my-org\/private-data" is not in the dataset catalogue/);
    // A stated size is the file's, and a run with stated hours carries no dataset flag at all.
    assert.strictEqual(estimateRun(run({ ...base, datasetSamples: 1000 }), settings).dataset?.source, 'file');
    assert.strictEqual(estimateRun(run({ ...base, hours: 5 }), settings).dataset, undefined);
  });
});

describe('training FLOPs by method (N = 1e9 parameters, D = 1e6 tokens)', () => {
  const base = { hardware: 'A100 80GB', params: 1e9, tokens: 1e6 };

  it('supervised: 6·N·D, 4·N·D with adapters, +2·N·D with activation recomputation', () => {
    close(flops(base), 6e15);
    close(flops({ ...base, adapter: 'lora' }), 4e15);
    // Recomputation re-runs the forward (2·N·D): 8e15 full, 6e15 with LoRA.
    close(flops({ ...base, gradientCheckpointing: true }), 8e15);
    close(flops({ ...base, adapter: 'lora', gradientCheckpointing: true }), 6e15);
  });

  it('DPO: chosen + rejected through the policy and the reference; precomputed reference runs once', () => {
    // Policy 2 × 6 × 1e9 × 1e6 = 12e15; reference 2 × 2 × 1e9 × 1e6 = 4e15; total 16e15.
    close(flops({ ...base, trainingMethod: 'dpo' }), 16e15);
    // Precomputed over 2 epochs: the reference pass is paid once, 4e15 / 2 = 2e15; total 14e15.
    close(flops({ ...base, trainingMethod: 'dpo', reference: 'precomputed', epochs: 2 }), 14e15);
  });

  it('ORPO and SimPO have no reference model; KTO adds the KL pairs', () => {
    close(flops({ ...base, trainingMethod: 'orpo' }), 12e15);
    close(flops({ ...base, trainingMethod: 'simpo' }), 12e15);
    // KTO: policy 6e15 + policy forward on KL pairs 2e15 + reference on examples and KL pairs 4e15 = 12e15.
    close(flops({ ...base, trainingMethod: 'kto' }), 12e15);
  });

  it('PPO trains a value model and scores with reward and reference models', () => {
    // Policy 6e15 + value 6e15 + reward forward 2e15 + reference forward 2e15 = 16e15.
    close(flops({ ...base, trainingMethod: 'ppo' }), 16e15);
  });

  it('distillation adds the teacher forward', () => {
    // Student 6 × 1e9 × 1e6 = 6e15; teacher "acme-teacher-7b" (7e9 read from the name) 2 × 7e9 × 1e6 = 14e15.
    close(flops({ ...base, trainingMethod: 'distill', teacher: 'acme-teacher-7b' }), 20e15);
  });

  it('counts MoE active parameters, not total', () => {
    // Qwen3-30B-A3B: 3.3e9 active of 30.5e9 (model catalogue): 6 × 3.3e9 × 1e6 = 1.98e16.
    close(trainingCompute(resolveRun(run({ hardware: 'A100 80GB', model: 'Qwen/Qwen3-30B-A3B', tokens: 1e6 }), settings))?.flops, 1.98e16);
    // An uncatalogued 4x7b merge: top-2 routing assumed, 2 × 7e9 = 1.4e10 active: 6 × 1.4e10 × 1e6 = 8.4e16 (not 4 × 7e9).
    close(trainingCompute(resolveRun(run({ hardware: 'A100 80GB', model: 'acme/frankenmoe-4x7b', tokens: 1e6 }), settings))?.flops, 8.4e16);
    // Llama 4 style `-17B-16E`: the B figure is the active count (16 experts of 17B active): 6 × 1.7e10 × 1e6 = 1.02e17.
    close(trainingCompute(resolveRun(run({ hardware: 'A100 80GB', model: 'acme/Llama-4-Remix-17B-16E', tokens: 1e6 }), settings))?.flops, 1.02e17);
  });
});

describe('GRPO: prompts × completions, generation at per-token inference cost', () => {
  // gsm8k train: 7,473 prompts of 133 tokens mean (below the 512 prompt cap), 4 completions each of 256 tokens, 1 epoch.
  // Sequences 7,473 × 4 = 29,892, each 133 + 256 = 389 tokens: D = 11,627,988; generated 29,892 × 256 = 7,652,352.
  const grpo = { hardware: 'A100 80GB', params: 1e9, epochs: 1, dataset: 'openai/gsm8k', trainingMethod: 'grpo', numGenerations: 4, completionLen: 256, perDeviceBatch: 8, pue: 1.1, intensity: 300 };

  it('counts the update and the prompt prefill in FLOPs', () => {
    const r = resolveRun(run(grpo), settings);
    close(r.tokens, 11_627_988);
    close(r.rollout?.generated, 7_652_352);
    // Update 6 × 1e9 × 11,627,988 = 6.9767928e16; prefill 2 × 1e9 × 29,892 × 133 = 7.951272e15; no reference (beta 0):
    // 7.7719200e16.
    close(trainingCompute(r)?.flops, 7.77192e16);
  });

  it('adds the generated tokens at the per-token inference energy', () => {
    // ML.ENERGY per-token model (inferenceEnergy.ts), 1e9 dense params on one A100 80GB (400 W, 312 TFLOP/s bf16), batch 8:
    // memory 0.375 J × 1 B weights / 8 = 0.046875 J; compute floor 0.0118 × (400/312)/(700/989) = 0.0118 × 1.81135
    // = 0.021374 J × 1^0.82; per token 0.068249 J. 7,652,352 × 0.068249 = 522,271 J; host mid 30 % × 400 = 120 W
    // against a busy draw of 0.8 × 400 = 320 W: × 1.375; × PUE 1.1 = 789,935 J = 0.21943 kWh.
    const withGen = estimateRun(run(grpo), settings);
    const without = estimateRun(run({ ...grpo, completionLen: undefined, tokens: 11_627_988, trainingMethod: 'sft' }), settings);
    // The sft twin has the same update FLOPs but no prefill (7.951272e15 of 7.77192e16 = 10.23 % fewer FLOPs).
    const updateOnly = without.energyKwh.mid * (7.77192e16 / 6.9767928e16);
    close(withGen.energyKwh.mid - updateOnly, 0.21943, 1e-3);
    assert.match(withGen.assumptions.join(' '), /Generation: 7\.65e6 completion tokens/);
  });
});

describe('formats read data and method', () => {
  it('Axolotl: datasets with a split, rl: dpo, sample_packing, gradient_checkpointing', () => {
    const yaml = 'base_model: meta-llama/Llama-3.1-8B\nrl: dpo\ndatasets:\n  - path: HuggingFaceH4/ultrafeedback_binarized\n    split: train_prefs\n    type: chatml.intel\nsequence_len: 2048\nsample_packing: true\nmicro_batch_size: 2\nnum_epochs: 1\ngradient_checkpointing: true\n';
    const i = analyzeText(yaml, 'dpo.yaml').runs[0].inputs;
    assert.deepStrictEqual([i.dataset?.value, i.trainingMethod?.value, i.packing?.value, i.gradientCheckpointing?.value], ['HuggingFaceH4/ultrafeedback_binarized[train_prefs]', 'dpo', true, true]);
  });

  it('TRL: a GRPO config by its keys, with beta > 0 meaning a live reference model', () => {
    const yaml = 'model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: openai/gsm8k\noutput_dir: out\nnum_generations: 8\nmax_completion_length: 512\nbeta: 0.04\nper_device_train_batch_size: 8\nnum_train_epochs: 1\nlearning_rate: 1.0e-6\nnum_train_samples: 2000\n';
    const i = analyzeText(yaml, 'config.yaml').runs[0].inputs;
    assert.strictEqual(i.maxSamples?.value, 2000, 'num_train_samples caps the data');
    assert.deepStrictEqual([i.trainingMethod?.value, i.numGenerations?.value, i.completionLen?.value, i.reference?.value, i.dataset?.value], ['grpo', 8, 512, 'live', 'openai/gsm8k']);
  });

  it('alignment handbook: a mixture weight is a fraction of the split', () => {
    const yaml = 'model_name_or_path: mistralai/Mistral-7B-v0.1\noutput_dir: out\nnum_train_epochs: 1\nper_device_train_batch_size: 4\nlearning_rate: 2.0e-5\ndataset_mixture:\n  datasets:\n    - id: HuggingFaceH4/ultrachat_200k\n      split: train_sft\n      weight: 0.5\n';
    const a = analyzeText(yaml, 'config_sft.yaml');
    assert.strictEqual(a.runs[0].inputs.dataset?.value, 'HuggingFaceH4/ultrachat_200k[train_sft[:50%]]');
    // 50 % of 207,865 = 103,932.5 → 103,933 rows (rounded as the datasets library's percent slices are).
    assert.strictEqual(estimateRun(a.runs[0], settings).inputs.datasetSamples?.value, 103_933);
  });

  it('LLaMA-Factory: stage kto, pref_loss orpo on a dpo stage, and checkpointing on unless disabled', () => {
    const kto = analyzeText('model_name_or_path: Qwen/Qwen2.5-7B\nstage: kto\nfinetuning_type: lora\ndataset: kto_en_demo\ntemplate: qwen\n', 'x.yaml').runs[0].inputs;
    assert.deepStrictEqual([kto.trainingMethod?.value, kto.gradientCheckpointing?.value], ['kto', true]);
    const orpo = analyzeText('model_name_or_path: Qwen/Qwen2.5-7B\nstage: dpo\npref_loss: orpo\nfinetuning_type: lora\ndisable_gradient_checkpointing: true\ntemplate: qwen\n', 'x.yaml').runs[0].inputs;
    assert.deepStrictEqual([orpo.trainingMethod?.value, orpo.gradientCheckpointing?.value], ['orpo', false]);
  });
});
