// Training-config formats against the real corpus (../shared/corpus, optional: see helpers/corpus.ts;
// the self-contained counterpart on our own fixtures is formats.fixtures.test.ts). Every expected value below
// was read by hand from the file; the comment gives its 1-based line, and the test checks that the
// value's range points at that line, so a hover or an edit lands on the right key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, makeInput } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import { trainingHandlers } from '../../src/formats/handlers/trainingConfigs';
import { countParams, megatronSwigluFfn, paddedVocab } from '../../src/formats/architecture';
import { OmegaResolver } from '../../src/formats/omegaconf';
import { durationHours, formatDuration } from '../../src/formats/handlers/trainingShared';
import { getNode, parseYamlDocs } from '../../src/formats/tree';
import { LineIndex } from '../../src/formats/lineIndex';
import type { Change, TextEditSpec } from '../../src/formats/types';
import type { FieldName, Origin, RunSpec } from '../../src/core/runSpec';
import { CORPUS, HAVE_CORPUS, describeCorpus, itCorpus, readCorpus } from './helpers/corpus';

const FIXTURES = path.resolve(__dirname, '../fixtures/formats');
const MY_FORMATS = ['hf-training-args', 'accelerate', 'deepspeed', 'axolotl', 'torchtune', 'llamafactory', 'lightning', 'nemo', 'megatron', 'ludwig', 'measured'];

interface CorpusFile {
  folder: string;
  name: string;
  text: string;
}

function corpusFiles(): CorpusFile[] {
  const out: CorpusFile[] = [];
  if (!HAVE_CORPUS) return out;
  for (const folder of fs.readdirSync(CORPUS).sort()) {
    const dir = path.join(CORPUS, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) out.push({ folder, name, text: fs.readFileSync(path.join(dir, name), 'utf8') });
  }
  return out;
}

function read(folder: string, name: string): string {
  return readCorpus(folder, name);
}

/** The one run a training config describes. */
function runOf(text: string, name: string, siblings?: Map<string, string>): RunSpec {
  const a = analyzeText(text, name, { siblings });
  assert.strictEqual(a.error, undefined, `${name}: ${a.error?.message}`);
  assert.strictEqual(a.runs.length, 1, `${name}: ${a.runs.length} runs`);
  return a.runs[0];
}

/** Applies edits the way an editor does: from the end of the file backwards. */
function applyEdits(text: string, edits: TextEditSpec[]): string {
  const index = new LineIndex(text);
  const at = (l: number, c: number) => index.offsetOf(l, c);
  const sorted = [...edits].sort((a, b) => at(b.range.startLine, b.range.startCol) - at(a.range.startLine, a.range.startCol));
  let out = text;
  for (const e of sorted) out = out.slice(0, at(e.range.startLine, e.range.startCol)) + e.newText + out.slice(at(e.range.endLine, e.range.endCol));
  return out;
}

function edit(text: string, name: string, change: Change): { text: string; run: RunSpec } {
  const before = runOf(text, name);
  const edits = planChange(text, name, before, change);
  assert.ok(edits && edits.length, `no edit planned for ${change.field} in ${name}`);
  const after = applyEdits(text, edits);
  return { text: after, run: runOf(after, name) };
}

const corpus = corpusFiles();

describe('training formats: detection over the corpus', function () {
  this.timeout(30000); // every handler over every corpus file parses ~40 × 11 documents
  itCorpus('finds the corpus', () => {
    assert.ok(corpus.filter((f) => MY_FORMATS.includes(f.folder)).length >= 22);
  });

  for (const f of corpus.filter((c) => MY_FORMATS.includes(c.folder))) {
    it(`${f.folder}/${f.name} is ${f.folder}`, () => {
      // The real file name, never the folder: detection must work from content.
      const a = analyzeText(f.text, f.name);
      assert.strictEqual(a.format, f.folder);
      assert.ok(a.runs.length >= 1, 'a run is extracted');
    });
  }

  itCorpus('no training detector claims a file of another folder (score < 0.5)', () => {
    const claims: string[] = [];
    for (const h of trainingHandlers) {
      for (const f of corpus) {
        if (f.folder === h.id) continue;
        const input = makeInput(f.text, f.name);
        if (!h.syntaxes.includes(input.syntax)) continue;
        const score = h.detect(input);
        if (score >= 0.5) claims.push(`${h.id} claims ${f.folder}/${f.name} at ${score}`);
      }
    }
    assert.deepStrictEqual(claims, []);
  });

  itCorpus('no corpus file makes any training extractor throw, whatever its format', () => {
    for (const f of corpus) {
      for (const h of trainingHandlers) {
        const input = makeInput(f.text, f.name);
        assert.doesNotThrow(() => {
          h.extract(input);
          h.references?.(input);
        }, `${h.id} on ${f.folder}/${f.name}`);
      }
      assert.strictEqual(analyzeText(f.text, f.name).error, undefined, `${f.folder}/${f.name}`);
    }
  });

  it('finished-run outputs (trainer_state.json, all_results.json) are measured', () => {
    for (const name of ['trainer_state.json', 'all_results.json']) {
      assert.strictEqual(analyzeText(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name).format, 'measured', name);
    }
  });
});

/** [value, 1-based line of the value, origin (default `file`)] */
type Expect = [unknown, number, Origin?];
interface Row {
  file: string;
  fields: Partial<Record<FieldName, Expect>>;
  /** Fields that must stay unknown (auto, null, interpolation, not stated). */
  absent?: FieldName[];
}

const TABLE: Row[] = [
  {
    // alignment-handbook zero3.yaml: mixed_precision bf16 (14), num_machines 1 (15), num_processes 8 (16).
    file: 'accelerate/alignment-handbook-zero3.yaml',
    fields: { precision: ['bf16', 14], nodes: [1, 15], count: [8, 16] },
    absent: ['model', 'epochs', 'steps'],
  },
  {
    // mixed_precision bf16 (24), num_machines 2 (27), num_processes 16 = GPUs over all nodes (28).
    file: 'accelerate/llamafactory-fsdp_config_multiple_nodes.yaml',
    fields: { precision: ['bf16', 24], nodes: [2, 27], count: [16, 28] },
  },
  {
    // base_model (1), load_in_4bit true (9), adapter qlora (18), sequence_len 512 (21), lora_r 8 (25),
    // gradient_accumulation_steps 4 (36), micro_batch_size 1 (37), num_epochs 4 (38); bf16: auto (43).
    file: 'axolotl/llama3-qlora-fsdp-70b.yaml',
    fields: {
      model: ['casperhansen/llama-3-70b-fp16', 1], quantization: [4, 9], adapter: ['qlora', 18], seqLen: [512, 21],
      loraRank: [8, 25], gradAccum: [4, 36], perDeviceBatch: [1, 37], epochs: [4, 38],
    },
    absent: ['precision', 'steps', 'batchSize'],
  },
  {
    // base_model (1), sequence_len 2048 (28), GA 1 (32), micro 1 (33), num_epochs 3 (34); no adapter, bf16: auto (39).
    file: 'axolotl/mixtral-8x22b-ds-zero3.yaml',
    fields: { model: ['mistral-community/Mixtral-8x22B-v0.1', 1], seqLen: [2048, 28], gradAccum: [1, 32], perDeviceBatch: [1, 33], epochs: [3, 34] },
    absent: ['adapter', 'quantization', 'precision', 'loraRank'],
  },
  {
    // bf16.enabled true (15); gradient_accumulation_steps (17), train_batch_size (19), micro (20) are all "auto".
    file: 'deepspeed/axolotl-zero3_bf16.json',
    fields: { precision: ['bf16', 15] },
    absent: ['gradAccum', 'batchSize', 'perDeviceBatch'],
  },
  {
    // train_batch_size 65536 (2), train_micro_batch_size_per_gpu 64 (3), fp16.enabled true (21).
    file: 'deepspeed/dse-bing_bert-bsz64k_lamb_seq128.json',
    fields: { batchSize: [65536, 2], perDeviceBatch: [64, 3], precision: ['fp16', 21] },
    absent: ['gradAccum'],
  },
  {
    // model_name_or_path (2), load_in_4bit (8), use_peft (9) → QLoRA, lora_r 16 (10), bf16 (43), GA 2 (46),
    // max_seq_length 2048 (57), max_steps -1 (58: no limit), num_train_epochs 1 (59), per-device batch 4 (63).
    file: 'hf-training-args/alignment-handbook-zephyr-7b-sft-qlora.yaml',
    fields: {
      model: ['mistralai/Mistral-7B-v0.1', 2], quantization: [4, 8], adapter: ['qlora', 9], loraRank: [16, 10], precision: ['bf16', 43],
      gradAccum: [2, 46], seqLen: [2048, 57], epochs: [1, 59], perDeviceBatch: [4, 63],
    },
    absent: ['steps'],
  },
  {
    // model_name_or_path on line 9, its value Qwen/Qwen2.5-0.5B on the next line (10). No epochs or steps:
    // the TrainingArguments default of 3 epochs applies, marked as a default.
    file: 'hf-training-args/trl-cli-example_config.yaml',
    fields: { model: ['Qwen/Qwen2.5-0.5B', 10] },
    absent: ['steps', 'precision'],
  },
  {
    // Hydra trainer group: devices 4 (7), num_nodes 1 (8); max_epochs lives in the inherited default.yaml.
    file: 'lightning/lightning-hydra-template-trainer-ddp.yaml',
    fields: { count: [4, 7], nodes: [1, 8] },
    absent: ['epochs', 'steps', 'precision'],
  },
  {
    // devices: auto (6), num_nodes 1 (7), precision 16-mixed (8), max_epochs 200 (24), data batch_size 4 (34),
    // backbone prithvi_eo_v2_300 (92).
    file: 'lightning/terratorch-burn_scars.yaml',
    fields: { nodes: [1, 7], precision: ['fp16', 8], epochs: [200, 24], perDeviceBatch: [4, 34], model: ['prithvi_eo_v2_300', 92] },
    absent: ['steps', 'hours'],
  },
  {
    // model (2), quantization_bit 4 (3), finetuning_type lora (10) → QLoRA, lora_rank 8 (11), cutoff_len 2048 (17),
    // dataset identity,alpaca_en_demo (15), max_samples 1000 per dataset (18), per-device 1 (32), GA 8 (33), epochs 3.0 (35),
    // bf16 (38); gradient checkpointing on by LLaMA-Factory's default (inferred on `stage`, line 8).
    file: 'llamafactory/qwen3_lora_sft_otfq.yaml',
    fields: {
      model: ['Qwen/Qwen3-4B-Instruct-2507', 2], quantization: [4, 3], adapter: ['qlora', 10], loraRank: [8, 11], seqLen: [2048, 17],
      dataset: ['identity,alpaca_en_demo', 15], maxSamples: [1000, 18], gradientCheckpointing: [true, 8, 'inferred'],
      perDeviceBatch: [1, 32], gradAccum: [8, 33], epochs: [3, 35], precision: ['bf16', 38],
    },
    absent: ['steps', 'trials'],
  },
  {
    // finetuning_type lora (8), lora_rank 8 (9), dataset (13), cutoff_len (16), max_samples (17), ray_num_workers 4 (31) = GPUs, not
    // trials; per-device 1 (40), GA 8 (41), epochs 3.0 (43), bf16 (46).
    file: 'llamafactory/qwen3_lora_sft_ray.yaml',
    fields: {
      model: ['Qwen/Qwen3-4B-Instruct-2507', 2], adapter: ['lora', 8], loraRank: [8, 9], seqLen: [2048, 16], dataset: ['identity,alpaca_en_demo', 13], maxSamples: [1000, 17],
      count: [4, 31], perDeviceBatch: [1, 40], gradAccum: [8, 41], epochs: [3, 43], precision: ['bf16', 46],
    },
    absent: ['trials', 'quantization'],
  },
  {
    // trainer.epochs 20 (54), hyperopt.executor.num_samples 20 (61).
    file: 'ludwig/hyperopt-config_optuna.yaml',
    fields: { epochs: [20, 54], trials: [20, 61] },
    absent: ['model'],
  },
  {
    // base_model (2), quantization.bits 4 (5), adapter.type lora (8) → QLoRA, batch_size 2 (21), GA 8 (22), epochs 3 (23).
    file: 'ludwig/llama2_7b_4bit.yaml',
    fields: { model: ['meta-llama/Llama-2-7b-hf', 2], quantization: [4, 5], adapter: ['qlora', 8], perDeviceBatch: [2, 21], gradAccum: [8, 22], epochs: [3, 23] },
    absent: ['trials', 'loraRank'],
  },
  {
    // base_model_name_or_path null (4), peft_type LORA (22), r 32 (23).
    file: 'measured/adapter_config-lora-rank32.json',
    fields: { adapter: ['lora', 22], loraRank: [32, 23] },
    absent: ['model', 'hours'],
  },
  {
    // total_time 1153.30 s (4), model_id (8), dtype bfloat16 (9), max_seq_length 768 (10), batch_size 4 (11),
    // max_steps 5000 (13), peft_type LORA (37), r 32 (43), num_total_params (89), "train total tokens" (337),
    // accelerator NVIDIA L40S (375).
    file: 'measured/metamathqa-result-lora--llama-3.2-3B-rank32.json',
    fields: {
      hours: [1153.3028354130001 / 3600, 4], model: ['meta-llama/Llama-3.2-3B', 8], precision: ['bf16', 9], seqLen: [768, 10],
      perDeviceBatch: [4, 11], steps: [5000, 13], adapter: ['lora', 37], loraRank: [32, 43], params: [3221924864, 89],
      tokens: [4198051, 337], hardware: ['NVIDIA L40S', 375],
    },
  },
  {
    // --tensor-model-parallel-size 8 (15) → at least 8 GPUs, --micro-batch-size 4 (24), --train-samples 19531250 (26),
    // --num-layers 32 (45) → parameters, --seq-length 4096 (50), --bf16 (90).
    // Parameters by hand: h 6144, 48 heads of 128, 8 KV groups; attention 2·6144·6144 + 2·6144·1024 = 88,080,384;
    // squared-ReLU MLP 2·6144·24576 = 301,989,888; × 32 layers = 12,482,248,704; vocabulary 256k (nemotron_2_256k,
    // already a multiple of 128 × TP 8), untied: 2·256000·6144 = 3,145,728,000; RoPE, no position table.
    // Total 15,627,976,704 (the "15b" of the test's name).
    file: 'megatron/megatron-functional-test-gpt3_15b_8t_release-model_config.yaml',
    fields: {
      count: [8, 15, 'inferred'], perDeviceBatch: [4, 24], datasetSamples: [19531250, 26], epochs: [1, 26, 'inferred'],
      params: [15627976704, 45, 'inferred'], seqLen: [4096, 50], precision: ['bf16', 90],
    },
    absent: ['steps', 'batchSize', 'model'],
  },
  {
    // num_layers 24 (4), hidden 1024, swiglu with ffn_hidden_size null → Megatron's 2688; bf16 True (89),
    // micro 2 (137), global 128 (138), train_iters null (228), seq_length 4096 (255), train_samples (267).
    // Parameters by hand: 24 × (4·1024² + 3·1024·2688) = 24 × (4,194,304 + 8,257,536) = 298,844,160 (vocab unknown).
    file: 'megatron/megatron-gpt_config-yaml-cfg.yaml',
    fields: {
      params: [298844160, 4, 'inferred'], precision: ['bf16', 89], perDeviceBatch: [2, 137], batchSize: [128, 138],
      seqLen: [4096, 255], datasetSamples: [268554688, 267],
    },
    absent: ['steps'],
  },
  {
    // run.time_limit 04:00:00 (12), devices 8 (19), num_nodes 1 (21), precision bf16 (22), max_epochs 9999 (26, placeholder),
    // max_steps 20000 (27), encoder_seq_length ${peft.model.data.train_ds.max_seq_length} (69) → 2048 (175),
    // global 128 (71), micro 4 (72); restore_from_path interpolates outside the file (73); peft_scheme null (122).
    file: 'nemo/nemo-launcher-peft-llama-sft.yaml',
    fields: {
      hours: [4, 12], count: [8, 19], nodes: [1, 21], precision: ['bf16', 22], steps: [20000, 27], seqLen: [2048, 69, 'inferred'],
      batchSize: [128, 71], perDeviceBatch: [4, 72],
    },
    absent: ['model', 'epochs', 'adapter', 'loraRank'],
  },
  {
    // num_nodes 16 (16) × devices 8 (17) = 128 GPUs, precision bf16 (19), max_epochs null (23), max_steps 75000 (24),
    // max_time 05:23:30:00 = 143.5 h (25), accumulate_grad_batches 1 (30), micro 4 (58), global 2048 (59),
    // encoder_seq_length 2048 (67), num_layers 24 (69).
    // Parameters by hand: h 4096, FFN ${multiply:4, ${.hidden_size}} = 16384, 32 heads (MHA):
    // 24 × (4·4096² + 2·4096·16384) = 24 × 201,326,592 = 4,831,838,208; GPT-2 BPE vocabulary 50257 padded to
    // 50304 (multiple of 128 × TP 1), tied: 50304·4096 = 206,045,184; learned positions 2048·4096 = 8,388,608.
    // Total 5,046,272,000 ≈ 5.05B.
    file: 'nemo/nemo-launcher-training-gpt3-5b.yaml',
    fields: {
      nodes: [16, 16], count: [128, 17, 'inferred'], precision: ['bf16', 19], steps: [75000, 24], hours: [143.5, 25], gradAccum: [1, 30],
      perDeviceBatch: [4, 58], batchSize: [2048, 59], seqLen: [2048, 67], params: [5046272000, 69, 'inferred'],
    },
    absent: ['epochs', 'model', 'adapter'],
  },
  {
    // tokenizer.max_seq_len null (30), checkpoint_dir (53), batch_size 2 (63), epochs 1 (64), GA 1 (76), dtype bf16 (92).
    file: 'torchtune/llama3_1-70B_full.yaml',
    fields: { model: ['/tmp/Meta-Llama-3.1-70B-Instruct/', 53], perDeviceBatch: [2, 63], epochs: [1, 64], gradAccum: [1, 76], precision: ['bf16', 92] },
    absent: ['seqLen', 'adapter', 'quantization', 'steps'],
  },
  {
    // qlora_llama3_1_8b builder (22) → QLoRA, 4-bit; lora_rank 8 (26); checkpoint_dir (38); batch_size 2 (57);
    // epochs 1 (73); GA 8 (75); dtype bf16 (89); a single-device config → 1 GPU.
    file: 'torchtune/llama3_1-8B_qlora_single_device.yaml',
    fields: {
      adapter: ['qlora', 22, 'inferred'], quantization: [4, 22, 'inferred'], count: [1, 22, 'inferred'], loraRank: [8, 26],
      model: ['/tmp/Meta-Llama-3.1-8B-Instruct/', 38], perDeviceBatch: [2, 57], epochs: [1, 73], gradAccum: [8, 75], precision: ['bf16', 89],
    },
    absent: ['seqLen', 'steps'],
  },
];

describeCorpus('training formats: fields read from each corpus file (table)', () => {
  for (const row of TABLE) {
    itCorpus(row.file, () => {
      const [folder, name] = row.file.split('/');
      const run = runOf(read(folder, name), name);
      assert.strictEqual(run.format, folder);
      assert.strictEqual(run.phase, 'training');
      assert.ok(run.anchor, 'the run has an anchor');
      for (const [field, [value, line, origin]] of Object.entries(row.fields) as Array<[FieldName, Expect]>) {
        const got = run.inputs[field];
        assert.ok(got, `${field} missing`);
        if (typeof value === 'number') assert.ok(Math.abs((got.value as number) - value) <= Math.abs(value) * 1e-9, `${field}: ${got.value} ≠ ${value}`);
        else assert.strictEqual(got.value, value, field);
        assert.strictEqual(got.range?.startLine, line - 1, `${field} range on line ${(got.range?.startLine ?? -2) + 1}, expected ${line}`);
        assert.strictEqual(got.origin, origin ?? 'file', `${field} origin`);
        if (got.origin !== 'file') assert.ok(got.note, `${field} is ${got.origin} and says why`);
      }
      for (const field of row.absent ?? []) assert.strictEqual(run.inputs[field], undefined, `${field} should be unknown, got ${JSON.stringify(run.inputs[field]?.value)}`);
      assert.deepStrictEqual(run.warnings, [], 'no warnings on a real config');
    });
  }

  itCorpus('the TRL example: key on line 9, value on line 10, and the default epochs say so', () => {
    const run = runOf(read('hf-training-args', 'trl-cli-example_config.yaml'), 'trl-cli-example_config.yaml');
    assert.strictEqual(run.inputs.model?.keyRange?.startLine, 8);
    assert.strictEqual(run.inputs.model?.range?.startLine, 9);
    assert.strictEqual(run.inputs.model?.key, 'model_name_or_path');
    assert.strictEqual(run.anchor?.startLine, 8);
    assert.deepStrictEqual([run.inputs.epochs?.value, run.inputs.epochs?.origin], [3, 'default']);
    assert.match(run.inputs.epochs!.note!, /defaults to 3/);
  });

  itCorpus('the anchor is the model key where there is one', () => {
    assert.strictEqual(runOf(read('axolotl', 'llama3-qlora-fsdp-70b.yaml'), 'llama3-qlora-fsdp-70b.yaml').anchor?.startLine, 0);
    assert.strictEqual(runOf(read('llamafactory', 'qwen3_lora_sft_otfq.yaml'), 'qwen3_lora_sft_otfq.yaml').anchor?.startLine, 1);
    assert.strictEqual(runOf(read('torchtune', 'llama3_1-70B_full.yaml'), 'llama3_1-70B_full.yaml').anchor?.startLine, 47); // `model:` on line 48
  });

  itCorpus('notes name every assumption: auto values, the architecture formula, interpolations left unknown', () => {
    const axo = runOf(read('axolotl', 'llama3-qlora-fsdp-70b.yaml'), 'x.yaml');
    assert.ok(axo.notes.some((n) => /bf16: auto/.test(n) && /line 43/.test(n)), axo.notes.join('\n'));
    const gpt = runOf(read('nemo', 'nemo-launcher-training-gpt3-5b.yaml'), '5b.yaml');
    assert.ok(gpt.notes.some((n) => /Formula: L·/.test(n) && /FFN 16384/.test(n)), 'the formula is in the notes');
    assert.match(gpt.inputs.params!.note!, /24 layers/);
    const sft = runOf(read('nemo', 'nemo-launcher-peft-llama-sft.yaml'), 'sft.yaml');
    assert.ok(sft.notes.some((n) => /restore_from_path/.test(n) && /outside this file/.test(n)));
    assert.match(sft.inputs.hours!.note!, /upper bound/);
  });

  it('trainer_state.json: completed steps, epochs, batch and the measured runtime', () => {
    // epoch 3.0 (4), global_step 1125 (6), train_runtime 5400 s (30) = 1.5 h, train_batch_size 8 (41).
    const run = runOf(fs.readFileSync(path.join(FIXTURES, 'trainer_state.json'), 'utf8'), 'trainer_state.json');
    assert.deepStrictEqual([run.inputs.steps?.value, run.inputs.steps?.range?.startLine], [1125, 5]);
    assert.deepStrictEqual([run.inputs.epochs?.value, run.inputs.epochs?.range?.startLine], [3, 3]);
    assert.deepStrictEqual([run.inputs.perDeviceBatch?.value, run.inputs.perDeviceBatch?.range?.startLine], [8, 40]);
    assert.deepStrictEqual([run.inputs.hours?.value, run.inputs.hours?.range?.startLine], [1.5, 29]);
    assert.ok(run.notes.some((n) => /1\.23e\+16 FLOPs/.test(n)));
  });

  it('all_results.json: runtime, epochs and the training-set size', () => {
    // epoch 2.0 (2), train_runtime 1800 s (9) = 0.5 h, train_samples 2318 (10).
    const run = runOf(fs.readFileSync(path.join(FIXTURES, 'all_results.json'), 'utf8'), 'all_results.json');
    assert.deepStrictEqual([run.inputs.hours?.value, run.inputs.hours?.range?.startLine], [0.5, 8]);
    assert.deepStrictEqual([run.inputs.epochs?.value, run.inputs.datasetSamples?.value], [2, 2318]);
  });
});

describe('training formats: unknown values stay unknown', () => {
  it('"auto", null and ${…} give no field (never zero), with a note for auto and interpolation', () => {
    const text = [
      'model_name_or_path: ${MODEL_ID}',
      'output_dir: out',
      'num_train_epochs: ${epochs}',
      'per_device_train_batch_size: auto',
      'gradient_accumulation_steps: null',
      'max_seq_length: ~',
      'bf16: auto',
      'learning_rate: 1.0e-4',
      'lr_scheduler_type: cosine',
    ].join('\n');
    const run = runOf(text, 'sft.yaml');
    assert.strictEqual(run.format, 'hf-training-args');
    for (const f of ['model', 'epochs', 'perDeviceBatch', 'gradAccum', 'seqLen', 'precision'] as FieldName[]) assert.strictEqual(run.inputs[f], undefined, f);
    assert.ok(run.notes.some((n) => /per_device_train_batch_size: auto/.test(n)));
    assert.ok(run.notes.some((n) => /num_train_epochs: \$\{epochs\}/.test(n) && /outside this file/.test(n)));
  });

  itCorpus('DeepSpeed "auto" batch sizes are filled by the referring file, not zeroed', () => {
    const run = runOf(read('deepspeed', 'axolotl-zero3_bf16.json'), 'zero3_bf16.json');
    assert.strictEqual(run.inputs.batchSize, undefined);
    assert.strictEqual(run.notes.filter((n) => /"?auto"?/.test(n) && /decided at run time/.test(n)).length, 3);
  });
});

describe('OmegaConf interpolation', () => {
  const yaml = [
    'run:',
    '  name: sft_${.model_train_name}',
    '  model_train_name: llama2',
    '  results_dir: ${base_results_dir}/${.name}',
    'model:',
    '  hidden_size: 4096',
    '  ffn_hidden_size: ${multiply:4, ${.hidden_size}}',
    '  seq: ${peft.model.data.max_seq_length}',
    '  data:',
    '    max_seq_length: 2048',
    '    deep: ${..hidden_size}',
    '  loop_a: ${model.loop_b}',
    '  loop_b: ${model.loop_a}',
    '  env: ${oc.env:HOME}',
    '  missing: ???',
    '  via_missing: ${model.missing}',
    '  ceil: ${divide_ceil:${model.hidden_size}, 3}',
  ].join('\n');
  let omega: OmegaResolver;
  before(() => {
    omega = new OmegaResolver(parseYamlDocs(yaml)[0].root);
  });
  const at = (p: string, v: string) => omega.resolve(p.split('.'), v).value;

  it('resolves sibling (`${.x}`) and parent (`${..x}`) references', () => {
    assert.strictEqual(at('run.name', 'sft_${.model_train_name}'), 'sft_llama2');
    assert.strictEqual(at('model.data.deep', '${..hidden_size}'), 4096);
  });
  it('keeps the type of a whole-value reference and evaluates NeMo arithmetic', () => {
    assert.strictEqual(at('model.ffn_hidden_size', '${multiply:4, ${.hidden_size}}'), 16384);
    assert.strictEqual(at('model.ceil', '${divide_ceil:${model.hidden_size}, 3}'), 1366);
  });
  it('reads a launcher stage file standalone: `${peft.model.x}` is this file\'s `model.x`', () => {
    assert.strictEqual(at('model.seq', '${peft.model.data.max_seq_length}'), 2048);
  });
  it('leaves references outside the file, environment lookups, ??? and cycles unknown', () => {
    assert.strictEqual(at('run.results_dir', '${base_results_dir}/${.name}'), undefined);
    assert.strictEqual(at('model.env', '${oc.env:HOME}'), undefined);
    assert.strictEqual(at('model.via_missing', '${model.missing}'), undefined);
    assert.strictEqual(at('model.loop_a', '${model.loop_b}'), undefined);
    assert.strictEqual(at('model.x', '${oops'), undefined);
  });
  itCorpus('is used by torchtune: `batch_size: ${bs}` reads the referenced key, marked inferred', () => {
    const text = read('torchtune', 'llama3_1-8B_qlora_single_device.yaml').replace('batch_size: 2', 'batch_size: ${bs}\nbs: 6');
    const run = runOf(text, 'llama3_1-8B_qlora_single_device.yaml');
    assert.deepStrictEqual([run.inputs.perDeviceBatch?.value, run.inputs.perDeviceBatch?.origin, run.inputs.perDeviceBatch?.range?.startLine], [6, 'inferred', 56]);
  });
});

describe('architecture parameter count', () => {
  it('NeMo GPT-3 5B, by hand: 5,046,272,000 (see the table row for the sum)', () => {
    const c = countParams({ layers: 24, hidden: 4096, ffn: 16384, heads: 32, vocab: paddedVocab(50257, 128, 1), tiedEmbeddings: true, positions: 2048 });
    assert.strictEqual(c?.params, 5_046_272_000);
    assert.strictEqual(c?.activeParams, c?.params);
    assert.match(c!.formula, /24 layers/);
  });
  it('Mixtral-8x7B shape, by hand: 46.70B total, 12.88B active', () => {
    // Attention 2·4096·4096 + 2·4096·(8·128) = 41,943,040; expert MLP 3·4096·14336 = 176,160,768; router 4096·8.
    // Total 32 × (41,943,040 + 8·176,160,768 + 32,768) + 2·32000·4096 = 46,702,526,464.
    // Active 32 × (41,943,040 + 2·176,160,768 + 32,768) + 262,144,000 = 12,879,659,008.
    const c = countParams({ layers: 32, hidden: 4096, ffn: 14336, gated: true, heads: 32, kvHeads: 8, vocab: 32000, tiedEmbeddings: false, experts: 8, topK: 2 });
    assert.strictEqual(c?.params, 46_702_526_464);
    assert.strictEqual(c?.activeParams, 12_879_659_008);
    assert.match(c!.formula, /top-2/);
  });
  it('Megatron SwiGLU default FFN and vocabulary padding', () => {
    assert.strictEqual(megatronSwigluFfn(1024), 2688); // ⌊(4·1024·2/3)/64⌋·64 = ⌊42.67⌋·64
    assert.strictEqual(megatronSwigluFfn(4096), 10880);
    assert.strictEqual(paddedVocab(50257, 128, 1), 50304);
    assert.strictEqual(paddedVocab(32000, 128, 8), 32768);
  });
  it('refuses shapes that are not a model', () => {
    assert.strictEqual(countParams({ layers: 0, hidden: 4096 }), undefined);
    assert.strictEqual(countParams({ layers: 2.5, hidden: 4096 }), undefined);
    assert.strictEqual(countParams({ layers: 24, hidden: -1 }), undefined);
  });
});

describe('training formats: referenced configs', () => {
  const dsText = () => read('deepspeed', 'axolotl-zero3_bf16.json');
  const ref = 'deepspeed_configs/zero3_bf16_cpuoffload_params.json';

  itCorpus('Axolotl names its DeepSpeed file in references(); with its content, bf16 comes from it', () => {
    const text = read('axolotl', 'mixtral-8x22b-ds-zero3.yaml');
    assert.deepStrictEqual(analyzeText(text, 'mixtral.yaml').references, [ref]);
    const run = runOf(text, 'mixtral.yaml', new Map([[ref, dsText()]]));
    const p = run.inputs.precision!;
    assert.deepStrictEqual([p.value, p.origin, p.range?.startLine], ['bf16', 'inferred', 49]); // `deepspeed:` on line 50
    assert.match(p.note!, /zero3_bf16_cpuoffload_params\.json/);
  });

  itCorpus('explicit batch sizes in the DeepSpeed file fill what the HF file leaves out; the file\'s own keys win', () => {
    const hf = ['model_name_or_path: gpt2', 'output_dir: out', 'num_train_epochs: 1', 'per_device_train_batch_size: 32', 'learning_rate: 1e-4', 'deepspeed: ds.json'].join('\n');
    const run = runOf(hf, 'args.yaml', new Map([['ds.json', read('deepspeed', 'dse-bing_bert-bsz64k_lamb_seq128.json')]]));
    assert.deepStrictEqual([run.inputs.perDeviceBatch?.value, run.inputs.perDeviceBatch?.origin], [32, 'file']);
    assert.deepStrictEqual([run.inputs.batchSize?.value, run.inputs.batchSize?.origin], [65536, 'inferred']);
    assert.deepStrictEqual([run.inputs.precision?.value, run.inputs.precision?.origin], ['fp16', 'inferred']);
  });

  itCorpus('without the file, a note says where precision and batch would come from', () => {
    const run = runOf(read('axolotl', 'mixtral-8x22b-ds-zero3.yaml'), 'mixtral.yaml');
    assert.ok(run.notes.some((n) => n.includes(ref)));
  });

  it('accelerate follows deepspeed_config_file', () => {
    const acc = ['compute_environment: LOCAL_MACHINE', 'distributed_type: DEEPSPEED', 'deepspeed_config:', '  deepspeed_config_file: ds_z3.json', 'num_processes: 4'].join('\n');
    assert.deepStrictEqual(analyzeText(acc, 'acc.yaml').references, ['ds_z3.json']);
    // Our own DeepSpeed fixture (bf16 block), so this runs without the shared corpus.
    const ds = fs.readFileSync(path.resolve(__dirname, '../fixtures/formats/training/deepspeed-explicit.json'), 'utf8');
    const run = runOf(acc, 'acc.yaml', new Map([['ds_z3.json', ds]]));
    assert.deepStrictEqual([run.inputs.precision?.value, run.inputs.count?.value], ['bf16', 4]);
  });
});

describe('training formats: traps from the notes', () => {
  itCorpus('implausible values are dropped with a warning that says "implausible"', () => {
    const text = read('axolotl', 'llama3-qlora-fsdp-70b.yaml').replace('num_epochs: 4', 'num_epochs: 1e9').replace('micro_batch_size: 1', 'micro_batch_size: -2');
    const run = runOf(text, 'x.yaml');
    assert.strictEqual(run.inputs.epochs, undefined);
    assert.strictEqual(run.inputs.perDeviceBatch, undefined);
    assert.ok(run.warnings.some((w) => /Implausible epochs/.test(w) && /line 38/.test(w)), run.warnings.join('\n'));
    assert.ok(run.warnings.some((w) => /Implausible perDeviceBatch -2/.test(w)));
  });

  itCorpus('zero epochs are implausible, not a free run', () => {
    const text = read('hf-training-args', 'alignment-handbook-zephyr-7b-sft-qlora.yaml').replace('num_train_epochs: 1', 'num_train_epochs: 0');
    const run = runOf(text, 'x.yaml');
    assert.strictEqual(run.inputs.epochs, undefined);
    assert.ok(run.warnings.some((w) => /Implausible epochs 0/.test(w)));
  });

  itCorpus('duplicate keys: the last one counts, and a warning says so', () => {
    const text = read('axolotl', 'llama3-qlora-fsdp-70b.yaml') + '\nnum_epochs: 2\n';
    const run = runOf(text, 'x.yaml');
    assert.deepStrictEqual([run.inputs.epochs?.value, run.inputs.epochs?.range?.startLine], [2, 74]);
    assert.ok(run.warnings.some((w) => /num_epochs` is written 2 times/.test(w)));
  });

  it('`distributed_type: NO` (string or YAML 1.1 boolean) is accelerate with one process; `no` precision is fp32', () => {
    const run = runOf(['compute_environment: LOCAL_MACHINE', 'distributed_type: NO', "mixed_precision: 'no'", 'use_cpu: false'].join('\n'), 'default_config.yaml');
    assert.strictEqual(run.format, 'accelerate');
    assert.deepStrictEqual([run.inputs.count?.value, run.inputs.count?.origin, run.inputs.precision?.value], [1, 'inferred', 'fp32']);
    const json = runOf('{"distributed_type": false, "num_processes": 1, "mixed_precision": "bf16"}', 'default_config.json');
    assert.deepStrictEqual([json.format, json.inputs.count?.value, json.inputs.precision?.value], ['accelerate', 1, 'bf16']);
  });

  it('flags inside strings do not make a file a training config', () => {
    const text = ['name: job', 'run: |', '  python train.py --bf16 --num_train_epochs 3 --per_device_train_batch_size 8', 'setup: pip install trl'].join('\n');
    for (const h of trainingHandlers) assert.ok(h.detect(makeInput(text, 'task.yaml')) < 0.5, h.id);
  });

  it('TrainingArguments JSON with string booleans', () => {
    const run = runOf(JSON.stringify({ model_name_or_path: 'bert-base-uncased', output_dir: 'out', num_train_epochs: 5, per_device_train_batch_size: 1, do_train: 'True', fp16: 'True', max_steps: -1 }), 'training_args.json');
    assert.deepStrictEqual([run.format, run.inputs.epochs?.value, run.inputs.precision?.value, run.inputs.steps], ['hf-training-args', 5, 'fp16', undefined]);
  });

  it('Lightning max_time and devices × num_nodes', () => {
    const text = ['# lightning.pytorch==2.4.0', 'trainer:', '  accelerator: gpu', '  devices: [0, 1, 2, 3]', '  num_nodes: 2', '  max_time: "00:03:50:00"', '  precision: bf16-mixed', 'model:', '  class_path: my.Model'].join('\n');
    const run = runOf(text, 'config.yaml');
    assert.deepStrictEqual([run.inputs.count?.value, run.inputs.nodes?.value, run.inputs.precision?.value], [8, 2, 'bf16']);
    assert.ok(Math.abs(run.inputs.hours!.value - (3 + 50 / 60)) < 1e-9);
  });

  it('time limits: Lightning DD:HH:MM:SS, Slurm D-HH:MM:SS and HH:MM:SS, minutes, a {days, hours} map', () => {
    const hours = (yaml: string) => durationHours(getNode(parseYamlDocs(`t: ${yaml}`)[0].root, 't'));
    assert.strictEqual(hours('"00:03:50:00"'), 3 + 50 / 60);
    assert.strictEqual(hours('"2-00:00:00"'), 48);
    assert.strictEqual(hours('04:00:00'), 4);
    assert.strictEqual(hours('90'), 1.5); // Slurm: bare minutes
    assert.strictEqual(hours('{days: 1, hours: 2}'), 26);
    assert.strictEqual(hours('soon'), undefined);
    assert.deepStrictEqual([formatDuration(50, 'lightning'), formatDuration(30.5, 'slurm'), formatDuration(0, 'slurm')], ['02:02:00:00', '1-06:30:00', undefined]);
  });

  it('a composed Hydra config with `trainer._target_` is Lightning', () => {
    const text = ['trainer:', '  _target_: lightning.pytorch.trainer.Trainer', '  devices: 2', '  max_epochs: 10', 'model:', '  _target_: src.models.MNISTLitModule'].join('\n');
    const run = runOf(text, 'train.yaml');
    assert.deepStrictEqual([run.format, run.inputs.count?.value, run.inputs.epochs?.value], ['lightning', 2, 10]);
  });

  itCorpus('Ludwig hyperopt trials vs LLaMA-Factory Ray workers', () => {
    assert.strictEqual(runOf(read('ludwig', 'hyperopt-config_optuna.yaml'), 'h.yaml').inputs.trials?.value, 20);
    const lf = runOf(read('llamafactory', 'qwen3_lora_sft_ray.yaml'), 'r.yaml');
    assert.deepStrictEqual([lf.inputs.trials, lf.inputs.count?.value], [undefined, 4]);
  });
});

describe('training formats: planEdit writes the what-if in the format\'s own keys', () => {
  itCorpus('Axolotl → 4-bit on a full fine-tune: inserts load_in_4bit and adapter: qlora after the last key', () => {
    const text = read('axolotl', 'mixtral-8x22b-ds-zero3.yaml');
    const { text: out, run } = edit(text, 'mixtral.yaml', { field: 'quantization', value: 4 });
    assert.deepStrictEqual([run.inputs.quantization?.value, run.inputs.adapter?.value], [4, 'qlora']);
    const lines = out.split('\n');
    assert.deepStrictEqual(lines.slice(55, 57), ['load_in_4bit: true', 'adapter: qlora']); // after `  - "<|im_start|>"` (55)
    assert.strictEqual(lines[58], '# save_first_step: true  # uncomment this to validate checkpoint saving works with your config');
  });

  itCorpus('inserted lines keep a CRLF file CRLF', () => {
    const text = read('axolotl', 'mixtral-8x22b-ds-zero3.yaml').replace(/\n/g, '\r\n');
    const { text: out, run } = edit(text, 'mixtral.yaml', { field: 'quantization', value: 4 });
    assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
    assert.deepStrictEqual(out.split('\r\n').slice(55, 57), ['load_in_4bit: true', 'adapter: qlora']);
    assert.strictEqual(run.inputs.quantization?.value, 4);
  });

  itCorpus('Axolotl → 8-bit: load_in_8bit on, load_in_4bit off, QLoRA becomes LoRA', () => {
    const { text: out, run } = edit(read('axolotl', 'llama3-qlora-fsdp-70b.yaml'), 'x.yaml', { field: 'quantization', value: 8 });
    assert.deepStrictEqual([run.inputs.quantization?.value, run.inputs.adapter?.value], [8, 'lora']);
    assert.match(out, /^load_in_8bit: true\nload_in_4bit: false$/m);
  });

  itCorpus('Axolotl epochs replace the value in place', () => {
    const { text: out, run } = edit(read('axolotl', 'llama3-qlora-fsdp-70b.yaml'), 'x.yaml', { field: 'epochs', value: 2 });
    assert.strictEqual(run.inputs.epochs?.value, 2);
    assert.strictEqual(out.split('\n')[37], 'num_epochs: 2');
  });

  itCorpus('HF/TRL precision on a file whose values sit on the next line', () => {
    const { text: out, run } = edit(read('hf-training-args', 'trl-cli-example_config.yaml'), 'c.yaml', { field: 'precision', value: 'bf16' });
    assert.strictEqual(run.inputs.precision?.value, 'bf16');
    assert.strictEqual(run.inputs.model?.value, 'Qwen/Qwen2.5-0.5B');
    assert.match(out, /lr_scheduler_type:\n  cosine\nbf16: true\n$/);
  });

  itCorpus('HF → 8-bit replaces load_in_4bit and adds load_in_8bit', () => {
    const { run } = edit(read('hf-training-args', 'alignment-handbook-zephyr-7b-sft-qlora.yaml'), 'z.yaml', { field: 'quantization', value: 8 });
    assert.deepStrictEqual([run.inputs.quantization?.value, run.inputs.adapter?.value], [8, 'lora']);
  });

  itCorpus('HF → 4-bit on a plain TRL config switches PEFT on too', () => {
    const { run } = edit(read('hf-training-args', 'trl-cli-example_config.yaml'), 'c.yaml', { field: 'quantization', value: 4 });
    assert.deepStrictEqual([run.inputs.quantization?.value, run.inputs.adapter?.value], [4, 'qlora']);
  });

  itCorpus('HF epochs', () => {
    const { run } = edit(read('hf-training-args', 'alignment-handbook-zephyr-7b-sft-qlora.yaml'), 'z.yaml', { field: 'epochs', value: 3 });
    assert.deepStrictEqual([run.inputs.epochs?.value, run.inputs.epochs?.range?.startLine], [3, 58]);
  });

  itCorpus('LLaMA-Factory → 4-bit inserts quantization_bit: 4', () => {
    const { run } = edit(read('llamafactory', 'qwen3_lora_sft_ray.yaml'), 'r.yaml', { field: 'quantization', value: 4 });
    assert.deepStrictEqual([run.inputs.quantization?.value, run.inputs.adapter?.value], [4, 'qlora']);
  });

  itCorpus('Lightning precision keeps the trainer block\'s indentation; a Hydra group file gets a top-level key', () => {
    const cli = edit(read('lightning', 'terratorch-burn_scars.yaml'), 'b.yaml', { field: 'precision', value: 'bf16' });
    assert.strictEqual(cli.text.split('\n')[7], '  precision: bf16-mixed');
    assert.strictEqual(cli.run.inputs.precision?.value, 'bf16');
    const group = edit(read('lightning', 'lightning-hydra-template-trainer-ddp.yaml'), 'ddp.yaml', { field: 'precision', value: 'bf16' });
    assert.match(group.text, /sync_batchnorm: True\nprecision: bf16-mixed/);
    assert.strictEqual(group.run.inputs.precision?.value, 'bf16');
    const epochs = edit(read('lightning', 'terratorch-burn_scars.yaml'), 'b.yaml', { field: 'epochs', value: 50 });
    assert.strictEqual(epochs.run.inputs.epochs?.value, 50);
  });

  itCorpus('DeepSpeed JSON stays valid JSON', () => {
    const { text: out, run } = edit(read('deepspeed', 'dse-bing_bert-bsz64k_lamb_seq128.json'), 'ds.json', { field: 'precision', value: 'bf16' });
    const parsed = JSON.parse(out.replace('11e-3', '0.011'));
    assert.deepStrictEqual([parsed.bf16.enabled, parsed.fp16.enabled, run.inputs.precision?.value], [true, false, 'bf16']);
  });

  itCorpus('accelerate, NeMo and torchtune precision; torchtune LoRA → QLoRA renames the builder', () => {
    assert.strictEqual(edit(read('accelerate', 'alignment-handbook-zero3.yaml'), 'a.yaml', { field: 'precision', value: 'fp32' }).run.inputs.precision?.value, 'fp32');
    assert.strictEqual(edit(read('nemo', 'nemo-launcher-training-gpt3-5b.yaml'), 'n.yaml', { field: 'precision', value: 'fp16' }).run.inputs.precision?.value, 'fp16');
    assert.strictEqual(edit(read('torchtune', 'llama3_1-70B_full.yaml'), 't.yaml', { field: 'epochs', value: 2 }).run.inputs.epochs?.value, 2);
    const lora = read('torchtune', 'llama3_1-8B_qlora_single_device.yaml').replace('qlora_llama3_1_8b', 'lora_llama3_1_8b');
    const { run } = edit(lora, 'llama3_1-8B_lora_single_device.yaml', { field: 'quantization', value: 4 });
    assert.deepStrictEqual([run.inputs.quantization?.value, run.inputs.adapter?.value], [4, 'qlora']);
  });

  itCorpus('Ludwig: nested keys are replaced in place, or inserted as a block with the file\'s indentation', () => {
    const replaced = edit(read('ludwig', 'llama2_7b_4bit.yaml'), 'l.yaml', { field: 'quantization', value: 8 });
    assert.strictEqual(replaced.text.split('\n')[4], '  bits: 8');
    assert.strictEqual(replaced.run.inputs.quantization?.value, 8);
    const bare = read('ludwig', 'llama2_7b_4bit.yaml').replace('quantization:\n  bits: 4\n', '');
    const inserted = edit(bare, 'l.yaml', { field: 'quantization', value: 4 });
    assert.match(inserted.text, /backend:\n  type: local\nquantization:\n  bits: 4/);
    assert.deepStrictEqual([inserted.run.inputs.quantization?.value, inserted.run.inputs.adapter?.value], [4, 'qlora']);
    assert.strictEqual(edit(read('ludwig', 'hyperopt-config_optuna.yaml'), 'h.yaml', { field: 'trials', value: 5 }).run.inputs.trials?.value, 5);
  });

  itCorpus('Megatron flags, DeepSpeed fp32, Lightning/NeMo time limits in their own duration spelling', () => {
    const mega = edit(read('megatron', 'megatron-functional-test-gpt3_15b_8t_release-model_config.yaml'), 'm.yaml', { field: 'precision', value: 'fp16' });
    assert.match(mega.text, /^ {2}--bf16: false$/m);
    assert.match(mega.text, /^ {2}--fp16: true$/m); // inside MODEL_ARGS, with its indentation
    assert.strictEqual(mega.run.inputs.precision?.value, 'fp16');
    const ds = edit(read('deepspeed', 'axolotl-zero3_bf16.json'), 'z.json', { field: 'precision', value: 'fp32' });
    assert.strictEqual(ds.run.inputs.precision?.value, 'fp32');
    const nemo = edit(read('nemo', 'nemo-launcher-training-gpt3-5b.yaml'), 'n.yaml', { field: 'hours', value: 50 });
    assert.strictEqual(nemo.text.split('\n')[24], '  max_time: "02:02:00:00"'); // 50 h = 2 days 2 hours, quotes kept
    assert.strictEqual(nemo.run.inputs.hours?.value, 50);
    const slurm = edit(read('nemo', 'nemo-launcher-peft-llama-sft.yaml'), 's.yaml', { field: 'hours', value: 30.5 });
    assert.strictEqual(slurm.text.split('\n')[11], '  time_limit: "1-06:30:00"'); // quoted: YAML 1.1 would read 06:30:00 as a number
    assert.strictEqual(slurm.run.inputs.hours?.value, 30.5);
    const lt = edit(read('lightning', 'terratorch-burn_scars.yaml'), 'b.yaml', { field: 'hours', value: 6 });
    assert.match(lt.text, /default_root_dir: <path>\n {2}max_time: "00:06:00:00"/);
    assert.strictEqual(lt.run.inputs.hours?.value, 6);
  });

  itCorpus('SageMaker region, torchtune QLoRA → LoRA', () => {
    const sm = ['compute_environment: AMAZON_SAGEMAKER', 'distributed_type: NO', 'ec2_instance_type: ml.p4d.24xlarge', 'mixed_precision: bf16', 'num_machines: 1', 'region: us-east-1'].join('\n');
    const region = edit(sm, 'sagemaker.yaml', { field: 'region', value: 'aws:eu-north-1' });
    assert.match(region.text, /^region: eu-north-1$/m);
    assert.strictEqual(region.run.inputs.region?.value, 'aws:eu-north-1');
    const tt = edit(read('torchtune', 'llama3_1-8B_qlora_single_device.yaml'), 'llama3_1-8B_qlora_single_device.yaml', { field: 'adapter', value: 'lora' });
    assert.match(tt.text, /_component_: torchtune\.models\.llama3_1\.lora_llama3_1_8b/);
    assert.deepStrictEqual([tt.run.inputs.adapter?.value, tt.run.inputs.quantization], ['lora', undefined]);
  });

  itCorpus('changes a format cannot express come back as an empty plan, never as a wrong value', () => {
    const cannot = (folder: string, name: string, change: Change) => {
      const text = read(folder, name);
      const run = runOf(text, name);
      const handler = trainingHandlers.find((h) => h.id === folder)!;
      assert.deepStrictEqual(handler.planEdit!(makeInput(text, name), run, change), [], `${folder}: ${change.field} ${String(change.value)}`);
    };
    cannot('hf-training-args', 'alignment-handbook-zephyr-7b-sft-qlora.yaml', { field: 'precision', value: 'fp8' }); // only bf16/fp16 switches
    cannot('torchtune', 'llama3_1-70B_full.yaml', { field: 'quantization', value: 4 }); // a full fine-tune builder
    cannot('torchtune', 'llama3_1-8B_qlora_single_device.yaml', { field: 'precision', value: 'fp16' }); // recipes take fp32/bf16
    cannot('ludwig', 'llama2_7b_4bit.yaml', { field: 'precision', value: 'bf16' });
    cannot('measured', 'metamathqa-result-lora--llama-3.2-3B-rank32.json', { field: 'hours', value: 1 }); // history is not rewritten
  });

  itCorpus('a change a format cannot express plans nothing', () => {
    const text = read('ludwig', 'hyperopt-config_optuna.yaml');
    const run = runOf(text, 'h.yaml');
    // A tabular ECD model has no quantized-weights option.
    assert.strictEqual(planChange(text, 'h.yaml', run, { field: 'quantization', value: 4 }), undefined);
  });
});
