// Hugging Face / TRL training flags on a launch line (src/formats/handlers/trainFlags.ts), read through
// the shell reader as a user's `train.sh` is: zero values are no values, TRL's GRPO lengths, packing and
// checkpointing, 4/8-bit loading (the first one written wins), the adapter a LoRA rank or `--use_qlora`
// implies, TrainingArguments' 3-epoch default and when it applies, dtype as a precision fallback, and a
// local checkpoint folder that names its model. Each expected value is read off the command by hand.
import * as assert from 'assert';
import type { RunInputs } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';

const P = 'python train.py --model_name_or_path gpt2';
function inputs(flags: string, line = P): RunInputs {
  const r = analyzeText(`${line} ${flags}\n`, 'train.sh').runs[0];
  assert.ok(r, `no run for ${flags}`);
  return r.inputs;
}
const value = (i: RunInputs, k: keyof RunInputs): unknown => (i[k] as { value: unknown } | undefined)?.value;

describe('Training flags on a launch line', () => {
  it('zero is no value: epochs, steps, batches, lengths, rank, sample caps and GRPO counts of 0 are left unknown', () => {
    const i = inputs('--num_train_epochs 0 --max_steps 0 --per_device_train_batch_size 0 --gradient_accumulation_steps 0 --max_seq_length 0 --lora_r 0 --max_train_samples 0 --num_generations 0 --max_completion_length 0 --max_prompt_length 0 --global_batch_size 0');
    for (const k of ['epochs', 'steps', 'perDeviceBatch', 'gradAccum', 'seqLen', 'loraRank', 'maxSamples', 'numGenerations', 'completionLen', 'promptLen', 'batchSize'] as const) {
      assert.strictEqual(i[k], undefined, k);
    }
  });

  it('sample cap, GRPO generations and lengths, global batch, packing and checkpointing, each at its flag', () => {
    const i = inputs('--max_train_samples 1000 --num_generations 8 --max_completion_length 256 --max_prompt_length 512 --global_batch_size 256 --packing --gradient_checkpointing false');
    assert.deepStrictEqual(
      [value(i, 'maxSamples'), value(i, 'numGenerations'), value(i, 'completionLen'), value(i, 'promptLen'), value(i, 'batchSize')],
      [1000, 8, 256, 512, 256],
    );
    assert.strictEqual(i.maxSamples?.key, 'max_train_samples');
    // A bare `--packing` is true; `--gradient_checkpointing false` is false (not absent).
    assert.strictEqual(value(i, 'packing'), true);
    assert.strictEqual(value(i, 'gradientCheckpointing'), false);
    const j = inputs('--packing false --gradient_checkpointing --max_steps 10');
    assert.deepStrictEqual([value(j, 'packing'), value(j, 'gradientCheckpointing')], [false, true]);
  });

  it('`--bf16 true` is bf16, `--bf16 false` sets no precision; dtype is the fallback when no precision flag is given', () => {
    assert.strictEqual(value(inputs('--bf16 true --max_steps 1'), 'precision'), 'bf16');
    assert.strictEqual(inputs('--bf16 false --max_steps 1').precision, undefined);
    assert.strictEqual(value(inputs('--torch_dtype bfloat16 --max_steps 1'), 'precision'), 'bf16');
    // `--fp16` is what the Trainer computes in; torch_dtype is only the weights' load type.
    assert.strictEqual(value(inputs('--torch_dtype bfloat16 --fp16 --max_steps 1'), 'precision'), 'fp16');
  });

  it('quantized loading: 4 or 8 bits, `--quantization_bit 4`, and the first of two written wins', () => {
    assert.strictEqual(value(inputs('--quantization_bit 4 --max_steps 10'), 'quantization'), 4);
    assert.strictEqual(value(inputs('--load_in_4bit --load_in_8bit --max_steps 10'), 'quantization'), 4);
    assert.strictEqual(value(inputs('--load_in_8bit --quantization_bit 4 --max_steps 10'), 'quantization'), 8);
  });

  it('adapters: `--use_peft` is LoRA; `--use_qlora` is QLoRA on a 4-bit base; a rank on a 4-bit base is QLoRA, said so', () => {
    assert.strictEqual(value(inputs('--use_peft --max_steps 10'), 'adapter'), 'lora');
    const q = inputs('--use_qlora --max_steps 10');
    assert.strictEqual(value(q, 'adapter'), 'qlora');
    assert.deepStrictEqual([value(q, 'quantization'), q.quantization?.origin, q.quantization?.note], [4, 'inferred', '--use_qlora loads the base model in 4 bits']);
    const r = inputs('--lora_r 16 --load_in_4bit --max_steps 10');
    assert.deepStrictEqual([value(r, 'adapter'), r.adapter?.note], ['qlora', 'LoRA rank from `lora_r` on a quantized base']);
    assert.strictEqual(inputs('--lora_r 16 --max_steps 10').adapter?.note, 'LoRA rank from `lora_r`');
  });

  it('diffusers: a `*_lora.py` script is a LoRA run; `--rank` is its rank there and nowhere else', () => {
    const lora = analyzeText('accelerate launch train_dreambooth_lora.py --pretrained_model_name_or_path=runwayml/stable-diffusion-v1-5 --max_train_steps=500\n', 'a.sh').runs[0].inputs;
    assert.strictEqual(value(lora, 'adapter'), 'lora');
    const ranked = analyzeText('accelerate launch train_dreambooth_lora.py --max_train_steps=500 --rank 8\n', 'a.sh').runs[0].inputs;
    assert.deepStrictEqual([value(ranked, 'loraRank'), ranked.adapter?.note], [8, 'LoRA rank from `rank`']);
    const full = analyzeText('accelerate launch train_dreambooth.py --pretrained_model_name_or_path=runwayml/stable-diffusion-v1-5 --max_train_steps=500 --rank 8\n', 'a.sh').runs[0].inputs;
    assert.strictEqual(full.loraRank, undefined);
    assert.strictEqual(full.adapter, undefined);
  });

  it('TrainingArguments\' 3 epochs: with --do_train (also `=true`) or --output_dir and a batch; not otherwise, nor when epochs come from a variable', () => {
    const NOTE = 'TrainingArguments default (num_train_epochs=3.0): the command sets neither epochs nor steps';
    for (const flags of ['--do_train --output_dir out', '--do_train=true --output_dir out', '--output_dir out --per_device_train_batch_size 8']) {
      const i = inputs(flags);
      assert.deepStrictEqual([value(i, 'epochs'), i.epochs?.origin, i.epochs?.note], [3, 'default', NOTE], flags);
    }
    assert.strictEqual(inputs('--output_dir out --learning_rate 1e-5 --bf16').epochs, undefined);
    const r = analyzeText(`${P} --do_train --num_train_epochs $EPOCHS\n`, 'train.sh').runs[0];
    assert.strictEqual(r.inputs.epochs, undefined);
    assert.deepStrictEqual(r.notes, ['`--num_train_epochs` is set from a variable ($EPOCHS); its value is unknown here.']);
  });

  it('a local checkpoint folder names its model when its name does (a size, a catalogued name); `checkpoint-500` does not', () => {
    const llama = inputs('--max_steps 1', 'python train.py --model_name_or_path /data/llama-7b/');
    assert.deepStrictEqual([value(llama, 'model'), llama.model?.origin, llama.model?.note], ['llama-7b', 'inferred', 'the local folder llama-7b names the model']);
    assert.strictEqual(value(inputs('--max_steps 1', 'python train.py --model_name_or_path /nfs/models/Qwen2-7B'), 'model'), 'Qwen2-7B');
    assert.strictEqual(inputs('--max_steps 1', 'python train.py --model_name_or_path ./output/checkpoint-500').model, undefined);
  });
});
