// The training, sweep and serving formats on our OWN fixtures (test/fixtures/formats/training, each in
// the shape of a public file named in that folder's README): the self-contained counterpart of the
// corpus tables in formats.training.test.ts, so a clone without ../shared still checks every format.
// `[value, line]`: the value read by hand from the fixture and the 1-based line its range must start on
// (quoted in the comment), so a hover or an edit lands on the right key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FieldName, Origin, Phase } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';

const DIR = path.resolve(__dirname, '../fixtures/formats/training');

interface Row {
  file: string;
  format: string;
  phase: Phase;
  /** 1-based line of the run's anchor (where its lens goes). */
  anchor: number;
  fields: Partial<Record<FieldName, [unknown, number, Origin?]>>;
  absent?: FieldName[];
}

const TABLE: Row[] = [
  {
    // accelerate: mixed_precision fp16 (13), num_machines 2 (14), num_processes 8 (15) — the total over
    // both machines, not per machine.
    file: 'accelerate-zero3.yaml', format: 'accelerate', phase: 'training', anchor: 15,
    fields: { precision: ['fp16', 13], nodes: [2, 14], count: [8, 15] },
  },
  {
    // TRL CLI: every value sits on the line after its key: model (5), epochs 2 (11), batch 4 (13), bf16 (15).
    file: 'hf-trl-next-line.yaml', format: 'hf-training-args', phase: 'training', anchor: 4,
    fields: { model: ['Qwen/Qwen2.5-1.5B', 5], epochs: [2, 11], perDeviceBatch: [4, 13], precision: ['bf16', 15] },
  },
  {
    // DeepSpeed: train_batch_size 4096 (2), micro 16 (3), "bf16": {"enabled": true} (14).
    file: 'deepspeed-explicit.json', format: 'deepspeed', phase: 'training', anchor: 2,
    fields: { batchSize: [4096, 2], perDeviceBatch: [16, 3], precision: ['bf16', 14] },
  },
  {
    // Axolotl: base_model (1), load_in_4bit true (7), adapter qlora (15), sequence_len 1024 (18),
    // lora_r 16 (21), gradient_accumulation_steps 2 (28), micro_batch_size 2 (29), num_epochs 3 (30);
    // `bf16: auto` (34) is no precision.
    file: 'axolotl-qlora.yaml', format: 'axolotl', phase: 'training', anchor: 1,
    fields: {
      model: ['NousResearch/Meta-Llama-3-8B', 1], quantization: [4, 7], adapter: ['qlora', 15], seqLen: [1024, 18],
      loraRank: [16, 21], gradAccum: [2, 28], perDeviceBatch: [2, 29], epochs: [3, 30],
    },
    absent: ['precision'],
  },
  {
    // LLaMA-Factory: model (2), quantization_bit 4 (3) → QLoRA with finetuning_type lora (10), lora_rank 16
    // (11), dataset alpaca_en_demo (15), cutoff_len 1024 (17), max_samples 2000 (18: a cap per dataset, no longer the
    // dataset size), batch 2 (27), accumulation 4 (28), epochs 2.0 (30), bf16 (32).
    file: 'llamafactory-qlora.yaml', format: 'llamafactory', phase: 'training', anchor: 2,
    fields: {
      model: ['Qwen/Qwen2.5-7B-Instruct', 2], quantization: [4, 3], adapter: ['qlora', 10], loraRank: [16, 11], seqLen: [1024, 17],
      dataset: ['alpaca_en_demo', 15], maxSamples: [2000, 18], perDeviceBatch: [2, 27], gradAccum: [4, 28], epochs: [2, 30], precision: ['bf16', 32],
    },
  },
  {
    // torchtune: the builder lora_llama3_1_8b (8) means LoRA (inferred from the name), lora_rank 16 (11),
    // max_seq_len 2048 (17), batch_size 4 (28), epochs 2 (35), gradient_accumulation_steps 4 (37), dtype bf16 (40).
    file: 'torchtune-lora.yaml', format: 'torchtune', phase: 'training', anchor: 7,
    fields: {
      adapter: ['lora', 8, 'inferred'], loraRank: [16, 11], seqLen: [2048, 17], perDeviceBatch: [4, 28], epochs: [2, 35],
      gradAccum: [4, 37], precision: ['bf16', 40],
    },
  },
  {
    // Ludwig LLM: base_model (2), quantization.bits 4 (5) + adapter.type lora (8) = QLoRA, batch 1 (21),
    // accumulation 16 (22), epochs 2 (23).
    file: 'ludwig-llm-4bit.yaml', format: 'ludwig', phase: 'training', anchor: 2,
    fields: { model: ['mistralai/Mistral-7B-v0.1', 2], quantization: [4, 5], adapter: ['qlora', 8], perDeviceBatch: [1, 21], gradAccum: [16, 22], epochs: [2, 23] },
  },
  {
    // Lightning (Hydra trainer group): devices 2 (7) × num_nodes 2 (8) = 4 GPUs, precision bf16-mixed → bf16 (9), max_epochs 10 (10).
    file: 'lightning-trainer-ddp.yaml', format: 'lightning', phase: 'training', anchor: 1,
    fields: { count: [4, 7, 'inferred'], nodes: [2, 8], precision: ['bf16', 9], epochs: [10, 10] },
  },
  {
    // NeMo launcher: num_nodes 2 (14) × devices 8 (15) = 16 GPUs; precision bf16 (17); max_steps 10000 (19);
    // max_time "00:23:30:00" (20) = 23.5 h; micro 4 (24), global 256 (25), seq 2048 (26).
    // Parameters by hand (GPT, no biases/norms): 12·L·h² = 12·16·2048² = 805,306,368; position embeddings
    // 2048·2048 = 4,194,304; GPT-2 vocabulary 50,257 padded to a multiple of 128 = 50,304, × 2048 = 103,022,592;
    // sum 912,523,264, anchored on num_layers (28).
    file: 'nemo-pretrain.yaml', format: 'nemo', phase: 'training', anchor: 8,
    fields: {
      nodes: [2, 14], count: [16, 15, 'inferred'], precision: ['bf16', 17], steps: [10000, 19], hours: [23.5, 20],
      perDeviceBatch: [4, 24], batchSize: [256, 25], seqLen: [2048, 26], params: [912_523_264, 28, 'inferred'],
    },
  },
  {
    // Megatron --flags: TP 4 (6) × PP 2 = 8 GPUs at least; micro 2 (9), global 512 (10), train-samples 1,000,000
    // (11) = one pass; --bf16 (12); seq-length 2048 (17). Parameters: 12·24·2048² = 1,207,959,552 + positions
    // 2048·2048 = 4,194,304 (no tokenizer, so no vocabulary term) = 1,212,153,856, on --num-layers (14).
    file: 'megatron-model-args.yaml', format: 'megatron', phase: 'training', anchor: 4,
    fields: {
      count: [8, 6, 'inferred'], perDeviceBatch: [2, 9], batchSize: [512, 10], datasetSamples: [1_000_000, 11], epochs: [1, 11, 'inferred'],
      precision: ['bf16', 12], seqLen: [2048, 17], params: [1_212_153_856, 14, 'inferred'],
    },
  },
  {
    // Hydra Optuna sweeper: n_trials 12 (19) under hydra.sweeper; the run is a sweep of 12 training runs.
    file: 'hydra-optuna-sweep.yaml', format: 'optuna', phase: 'training', anchor: 10,
    fields: { trials: [12, 19] },
  },
  {
    // TGI on GKE: MODEL_ID (23), replicas 2 (6) × NUM_SHARD 4 (25) = 8 GPUs, nvidia-l4 from the nodeSelector (29).
    file: 'tgi-gke-deployment.yaml', format: 'tgi', phase: 'inference', anchor: 1,
    fields: { model: ['meta-llama/Llama-3.1-70B-Instruct', 23], replicas: [2, 6], count: [8, 25, 'inferred'], hardware: ['nvidia-l4', 29] },
  },
];

describe('formats on our own fixtures (self-contained)', () => {
  it('has one fixture per row and one row per fixture', () => {
    const files = fs.readdirSync(DIR).filter((f) => !f.endsWith('.md')).sort();
    assert.deepStrictEqual(files, TABLE.map((r) => r.file).sort());
  });

  for (const row of TABLE) {
    it(`${row.file} is ${row.format}, with its values on their lines`, () => {
      const a = analyzeText(fs.readFileSync(path.join(DIR, row.file), 'utf8'), row.file);
      assert.strictEqual(a.format, row.format);
      assert.strictEqual(a.error, undefined);
      assert.strictEqual(a.runs.length, 1);
      const run = a.runs[0];
      assert.strictEqual(run.phase, row.phase);
      assert.strictEqual((run.anchor?.startLine ?? -2) + 1, row.anchor, 'anchor line');
      for (const [field, [value, line, origin]] of Object.entries(row.fields) as [FieldName, [unknown, number, Origin?]][]) {
        const got = run.inputs[field];
        assert.ok(got, `${field} missing (have ${Object.keys(run.inputs).join(', ')})`);
        assert.deepStrictEqual(got.value, value, field);
        assert.strictEqual((got.range?.startLine ?? -2) + 1, line, `${field} line`);
        assert.strictEqual(got.origin, origin ?? 'file', `${field} origin`);
      }
      for (const field of row.absent ?? []) assert.strictEqual(run.inputs[field], undefined, `${field} should be unknown`);
    });
  }
});
