// Shell and Slurm launch scripts (src/formats/handlers/shell.ts, sbatch.ts, shellVars.ts). Every
// expected value was read by hand from the script text; lines and columns are 0-based in ranges
// and 1-based in the comments that quote them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateRun } from '../../src/core/estimate';
import type { RunSpec, SourceRange } from '../../src/core/runSpec';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText, syntaxOf } from '../../src/formats';
import { LineIndex } from '../../src/formats/lineIndex';
import { gresGpus, readDirectives, slurmHours } from '../../src/formats/sbatch';
import { expandScript, MAX_VALUE_CHARS } from '../../src/formats/shellVars';
import { at } from './helpers/runAsserts';

const FIXTURES = path.resolve(__dirname, '../fixtures/scripts');

function run(text: string, file = 'train.sh'): RunSpec {
  const a = analyzeText(text, file);
  assert.ok(a.runs[0], `no run (format ${a.format})`);
  return a.runs[0];
}

function field(r: RunSpec, name: string): { value: unknown; origin: string; range?: SourceRange; note?: string } {
  const v = (r.inputs as Record<string, { value: unknown; origin: string; range?: SourceRange; note?: string }>)[name];
  assert.ok(v, `${name} missing (have ${Object.keys(r.inputs).join(', ')})`);
  return v;
}

/** The text a range covers. */
describe('Slurm time limits (sbatch manual formats)', () => {
  const cases: Array<[string, number | undefined]> = [
    ['90', 1.5], // minutes
    ['30:00', 0.5], // minutes:seconds
    ['48:00:00', 48],
    ['2-0', 48], // days-hours
    ['7-00:00:00', 168],
    ['1-12', 36],
    ['1-12:30', 36.5], // days-hours:minutes
    ['0', undefined], // no limit
    ['UNLIMITED', undefined],
    ['soon', undefined],
  ];
  for (const [raw, h] of cases) it(`${raw} → ${h ?? 'no bound'}`, () => assert.strictEqual(slurmHours(raw), h));

  it('reads gres with and without a type', () => {
    assert.deepStrictEqual(gresGpus('gpu:4'), { count: 4, type: undefined, countAt: [4, 5], typeAt: undefined });
    const g = gresGpus('gpu:a100:8,nvme:1');
    assert.strictEqual(g?.count, 8);
    assert.strictEqual(g?.type, 'a100');
    assert.strictEqual(gresGpus('gpu')?.count, 1);
    assert.strictEqual(gresGpus('nvme:1'), undefined);
  });

  it('reads long, `=`, short and glued short directives, first one wins', () => {
    const text = '#SBATCH -N 2\n#SBATCH --gres gpu:2\n#SBATCH -t30\n#SBATCH --nodes=5\n##SBATCH --gpus=9\n';
    const { directives, count } = readDirectives(text, new LineIndex(text));
    assert.strictEqual(count, 4); // the `##SBATCH` line is disabled
    assert.strictEqual(directives.nodes?.raw, '2');
    assert.strictEqual(directives.gres?.raw, 'gpu:2');
    assert.strictEqual(directives.time?.raw, '30');
    assert.strictEqual(directives.gpus, undefined);
  });
});

describe('Slurm scripts', () => {
  const text = [
    '#!/bin/bash',
    '#SBATCH --job-name=sft', // line 2
    '#SBATCH -N 2', // line 3
    '#SBATCH --gres=gpu:a100:4', // line 4
    '#SBATCH --time=2-00:00:00', // line 5
    'srun python train.py --model_name_or_path meta-llama/Llama-3.1-8B --num_train_epochs 1',
  ].join('\n');

  it('is detected as slurm, named after the job', () => {
    const a = analyzeText(text, 'job.sbatch');
    assert.strictEqual(a.format, 'slurm');
    assert.strictEqual(a.runs[0].name, 'sft');
  });

  it('counts GPUs per node × nodes and reads the GPU type', () => {
    const r = run(text, 'job.slurm');
    assert.strictEqual(field(r, 'count').value, 8); // gpu:a100:4 × -N 2
    assert.strictEqual(at(text, field(r, 'count').range), '4');
    assert.strictEqual(field(r, 'nodes').value, 2);
    assert.strictEqual(field(r, 'hardware').value, 'a100');
    assert.deepStrictEqual(field(r, 'hardware').range, { startLine: 3, startCol: 19, endLine: 3, endCol: 23 });
  });

  it('keeps the time limit as maxHours, never as hours', () => {
    const r = run(text, 'job.slurm');
    assert.strictEqual(field(r, 'maxHours').value, 48); // 2-00:00:00
    assert.strictEqual(r.inputs.hours, undefined);
    assert.ok(r.notes.some((n) => /Slurm time limit 48 h .*upper bound, not the runtime/.test(n)), r.notes.join('\n'));
  });

  it('--gpus is the whole job; --gpus-per-node and --gpus-per-task × --ntasks-per-node multiply by nodes', () => {
    assert.strictEqual(run('#SBATCH --nodes=2\n#SBATCH --gpus=6\ntorchrun train.py\n', 'a.slurm').inputs.count?.value, 6);
    assert.strictEqual(run('#SBATCH --nodes=2\n#SBATCH --gpus-per-node=h100:8\ntorchrun train.py\n', 'a.slurm').inputs.count?.value, 16);
    const t = run('#SBATCH --nodes=3\n#SBATCH --ntasks-per-node=4\n#SBATCH --gpus-per-task=1\nsrun python train.py --max_steps 10\n', 'a.slurm');
    assert.strictEqual(t.inputs.count?.value, 12); // 1 × 4 × 3
  });

  it('takes a GPU type from --constraint or the partition name', () => {
    assert.strictEqual(run('#SBATCH -C a100_80gb\n#SBATCH --gpus=1\ntorchrun x.py\n', 'a.slurm').inputs.hardware?.value, 'a100_80gb');
    // The partition name as a whole is a name the catalogue resolves (gpu-h100 → H100 SXM5 80GB).
    const p = run('#SBATCH -p gpu-h100\n#SBATCH --gpus=1\ntorchrun x.py\n', 'a.slurm');
    assert.strictEqual(p.inputs.hardware?.value, 'gpu-h100');
    assert.strictEqual(p.inputs.hardware?.origin, 'inferred');
    assert.match(p.inputs.hardware?.note ?? '', /H100/);
  });

  it('resolves $SLURM_NNODES and $SLURM_GPUS_ON_NODE from the directives', () => {
    const s = '#SBATCH --nodes=4\n#SBATCH --gres=gpu:8\nsrun torchrun --nnodes $SLURM_NNODES --nproc_per_node=$SLURM_GPUS_ON_NODE train.py\n';
    const r = run(s, 'a.slurm');
    assert.strictEqual(r.inputs.count?.value, 32); // 8 per node × 4 nodes
    assert.strictEqual(r.inputs.nodes?.value, 4);
    // The values point at the directives, with a note saying how they got to the launcher.
    assert.strictEqual(at(s, r.inputs.nodes?.range), '4');
    assert.strictEqual(r.inputs.nodes?.range?.startLine, 0);
    assert.match(r.inputs.nodes?.note ?? '', /\$SLURM_NNODES, which Slurm sets from line 1/);
  });
});

describe('Launch scripts: launchers and training flags', () => {
  it('reads a torchrun line with continuations, each value at its line and columns', () => {
    const text = [
      'torchrun --nproc_per_node 8 train.py \\', // line 1
      '  --model_name_or_path Qwen/Qwen2.5-7B \\', // line 2
      '  --num_train_epochs 2 --max_steps 300 \\', // line 3
      '  --per_device_train_batch_size 4 --gradient_accumulation_steps 8 \\', // line 4
      '  --max_seq_length 4096 --bf16 --lora_r 32 --dataset_name tatsu-lab/alpaca',
    ].join('\n');
    const r = run(text);
    assert.strictEqual(r.format, 'shell');
    assert.strictEqual(field(r, 'count').value, 8);
    assert.strictEqual(field(r, 'model').value, 'Qwen/Qwen2.5-7B');
    assert.deepStrictEqual(field(r, 'model').range, { startLine: 1, startCol: 23, endLine: 1, endCol: 38 });
    assert.strictEqual(field(r, 'epochs').value, 2);
    assert.strictEqual(field(r, 'steps').value, 300);
    assert.deepStrictEqual(field(r, 'steps').range, { startLine: 2, startCol: 35, endLine: 2, endCol: 38 }); // `300` after `  --num_train_epochs 2 --max_steps `
    assert.strictEqual(field(r, 'perDeviceBatch').value, 4);
    assert.strictEqual(field(r, 'gradAccum').value, 8);
    assert.strictEqual(field(r, 'seqLen').value, 4096);
    assert.strictEqual(field(r, 'precision').value, 'bf16');
    assert.strictEqual(field(r, 'loraRank').value, 32);
    assert.strictEqual(field(r, 'adapter').value, 'lora');
  });

  it('reads python -m torch.distributed.launch, deepspeed and accelerate counts', () => {
    assert.strictEqual(run('python -m torch.distributed.launch --nproc_per_node=2 main.py --max_steps 5\n').inputs.count?.value, 2);
    assert.strictEqual(run('deepspeed --num_gpus 4 train.py --deepspeed ds.json\n').inputs.count?.value, 4);
    assert.strictEqual(run('accelerate launch --num_processes=3 train.py\n').inputs.count?.value, 3);
  });

  it('counts CUDA_VISIBLE_DEVICES for a CLI that takes no GPU flag', () => {
    const text = 'CUDA_VISIBLE_DEVICES=0,1,2 llamafactory-cli train --model_name_or_path x/y-7b --num_train_epochs 1\n';
    const r = run(text);
    assert.strictEqual(field(r, 'count').value, 3);
    assert.strictEqual(at(text, field(r, 'count').range), '0,1,2');
  });

  it('reads llamafactory-cli key=value overrides like flags', () => {
    const r = run('llamafactory-cli train cfg.yaml num_train_epochs=5 cutoff_len=512\n');
    assert.strictEqual(field(r, 'epochs').value, 5);
    assert.strictEqual(field(r, 'seqLen').value, 512);
  });

  it('reads vllm serve as a deployment', () => {
    const r = run('vllm serve meta-llama/Llama-3.1-70B-Instruct --tensor-parallel-size 4 --dtype bfloat16\n', 'serve.sh');
    assert.strictEqual(r.phase, 'inference');
    assert.strictEqual(r.inputs.count?.value, 4);
    assert.strictEqual(r.inputs.model?.value, 'meta-llama/Llama-3.1-70B-Instruct');
  });

  it('reads a TGI container started with docker run', () => {
    const r = run('docker run --gpus all -p 8080:80 ghcr.io/huggingface/text-generation-inference:2.4 --model-id mistralai/Mistral-7B-v0.1 --num-shard 2\n', 'tgi.sh');
    assert.strictEqual(r.phase, 'inference');
    assert.strictEqual(r.inputs.count?.value, 2);
  });

  it('lists referenced configs and points the run at the training config', () => {
    const a = analyzeText('torchrun --nproc_per_node 2 train.py --config conf/train.yaml --deepspeed ds_z2.json\n', 'run.sh');
    // The Python file torchrun runs is a reference too (read like any .py script when present); the
    // training config still wins as the file the run takes its values from.
    assert.deepStrictEqual(a.references, ['train.py', 'conf/train.yaml', 'ds_z2.json']);
    assert.strictEqual(a.runs[0].perTrialConfig?.path, 'conf/train.yaml');
    const b = analyzeText('axolotl train examples/llama-3/lora-8b.yml\n', 'run.sh');
    assert.deepStrictEqual(b.references, ['examples/llama-3/lora-8b.yml']);
  });

  it('a launcher name that is only an argument starts no run; a wrapper does not hide one', () => {
    assert.strictEqual(analyzeText('#!/bin/bash\npip install deepspeed accelerate vllm\n', 'setup.sh').format, 'unknown');
    assert.strictEqual(analyzeText('nohup srun -n 1 torchrun --nproc_per_node 2 t.py --max_steps 9 &\n', 'go.sh').runs[0].inputs.count?.value, 2);
  });

  it('does not claim a script that starts no run', () => {
    assert.strictEqual(analyzeText('#!/bin/bash\nset -e\npip install -r requirements.txt\npython download.py\n', 'setup.sh').format, 'unknown');
    assert.strictEqual(syntaxOf('job.sbatch', ''), 'shell');
    assert.strictEqual(syntaxOf('notes.txt', '#!/usr/bin/env bash\n'), 'shell');
  });
});

describe('Shell variables', () => {
  it('substitutes VAR=value, export, ${VAR}, and points at the literal with a note', () => {
    const text = 'export MODEL="meta-llama/Llama-3.1-8B"\nN=4\ntorchrun --nproc_per_node=${N} train.py --model_name_or_path $MODEL\n';
    const r = run(text);
    assert.strictEqual(field(r, 'model').value, 'meta-llama/Llama-3.1-8B');
    assert.deepStrictEqual(field(r, 'model').range, { startLine: 0, startCol: 14, endLine: 0, endCol: 37 }); // inside the quotes
    assert.match(field(r, 'model').note ?? '', /through \$MODEL \(line 1\)/);
    assert.strictEqual(field(r, 'count').value, 4);
    assert.strictEqual(at(text, field(r, 'count').range), '4');
  });

  it('uses ${VAR:-default} when VAR is unset or empty, the value when set', () => {
    const text = 'E=${EPOCHS:-3}\nB=\nBS=${B:-16}\nS=7\nST=${S:-9}\ntorchrun --nproc_per_node 1 t.py --num_train_epochs $E --per_device_train_batch_size $BS --max_steps $ST\n';
    const r = run(text);
    assert.strictEqual(field(r, 'epochs').value, 3);
    assert.strictEqual(at(text, field(r, 'epochs').range), '3');
    assert.strictEqual(field(r, 'perDeviceBatch').value, 16); // B is empty: `:-` takes the default
    assert.strictEqual(field(r, 'steps').value, 7);
    assert.strictEqual(at(text, field(r, 'steps').range), '7'); // S=7 on line 4
  });

  it('resolves in order of assignment: a later reassignment does not reach an earlier command', () => {
    const text = 'EP=1\ntorchrun --nproc_per_node 1 a.py --num_train_epochs $EP\nEP=5\ntorchrun --nproc_per_node 1 b.py --num_train_epochs $EP\n';
    const x = expandScript(text, new LineIndex(text));
    const eps = x.words.filter((w, i) => x.words[i - 1]?.text === '--num_train_epochs').map((w) => w.text);
    assert.deepStrictEqual(eps, ['1', '5']);
    const r = run(text);
    assert.strictEqual(r.inputs.epochs?.value, 1); // the first launch is estimated
    assert.ok(r.notes.some((n) => /^2 launch commands; estimated the first \(line 2\)/.test(n)), r.notes.join('\n'));
  });

  it('leaves unknown and positional variables unresolved (noted, not guessed)', () => {
    const r = run('torchrun --nproc_per_node 2 t.py --num_train_epochs $1 --max_steps $UNSET\n');
    assert.strictEqual(r.inputs.epochs, undefined);
    assert.strictEqual(r.inputs.steps, undefined);
    assert.ok(r.notes.some((n) => /\$UNSET/.test(n)));
  });

  it('stays linear on a hostile fan-out of variables (A="$B$B$B…" chains)', () => {
    // 40 levels, each 64 copies of the previous: unbounded, level k would hold 64^k characters.
    const lines = ['V0=abcdefgh'];
    for (let k = 1; k <= 40; k++) lines.push(`V${k}="${`$V${k - 1}`.repeat(64)}"`);
    for (let i = 0; i < 2000; i++) lines.push(`X${i}="$V40$V40$V40$V40"`);
    lines.push('torchrun --nproc_per_node 2 t.py --model_name_or_path $V40');
    const text = lines.join('\n');
    // Unbounded, this never ends (mocha's timeout catches it); bounded, `capped` says where it stopped.
    // No wall-clock assert here (issue 19: they fail on a loaded machine).
    const x = expandScript(text, new LineIndex(text));
    const a = analyzeText(text, 'bomb.sh');
    assert.ok(x.capped);
    // Substitution adds at most MAX_VALUE_CHARS to what is written (references left unresolved stay as written).
    for (const asg of x.assignments) assert.ok(asg.value.text.length <= MAX_VALUE_CHARS + (asg.valueEnd - asg.valueStart), asg.name);
    assert.strictEqual(a.format, 'shell');
    assert.ok(a.runs[0].notes.some((n) => /not substituted/.test(n)));
  });
});

describe('The time limit in the estimate', () => {
  const base: RunSpec = {
    name: 't', phase: 'training', format: 'slurm', notes: [], warnings: [],
    inputs: {
      model: { value: 'meta-llama/Llama-3.1-8B', origin: 'file' }, hardware: { value: 'a100', origin: 'file' },
      count: { value: 8, origin: 'file' }, tokens: { value: 2e10, origin: 'file' },
    },
  };

  it('caps hours that run past the limit, leaving shorter bounds alone', () => {
    const free = estimateRun(base);
    // Hand check: 6 × 8.03e9 × 2e10 ≈ 9.6e20 FLOP on 8 × 312 TFLOP/s ≈ 107 h at 100 % MFU, so every
    // MFU band (< 60 %) runs well past a 48 h limit.
    assert.ok(free.hours.low > 48, `low ${free.hours.low}`);
    const capped = estimateRun({ ...base, inputs: { ...base.inputs, maxHours: { value: 48, origin: 'file', note: 'Slurm time limit' } } });
    assert.deepStrictEqual(capped.hours, { low: 48, mid: 48, high: 48 });
    // Energy scales with the hours kept: mid energy × 48 / mid hours.
    assert.ok(Math.abs(capped.energyKwh.mid - free.energyKwh.mid * 48 / free.hours.mid) < 1e-6 * free.energyKwh.mid);
    assert.ok(capped.assumptions.some((a) => /Bounded by the Slurm time limit of 48 h/.test(a)));
  });

  it('leaves an estimate within the limit unchanged and never uses the limit as the runtime', () => {
    const short = { ...base, inputs: { ...base.inputs, tokens: { value: 1e8, origin: 'file' as const }, maxHours: { value: 48, origin: 'file' as const, note: 'Slurm time limit' } } };
    const e = estimateRun(short);
    assert.deepStrictEqual(e.hours, estimateRun({ ...short, inputs: { ...short.inputs, maxHours: undefined } }).hours);
    // Without tokens or steps there is no runtime: the limit alone gives no number.
    const none = estimateRun({ ...base, inputs: { hardware: base.inputs.hardware, count: base.inputs.count, maxHours: { value: 48, origin: 'file' } } });
    assert.ok(none.missing.length > 0);
    assert.strictEqual(none.energyKwh.mid, 0);
  });
});

describe('Script fixtures through the whole pipeline', () => {
  function evalFixture(name: string) {
    const file = path.join(FIXTURES, name);
    const text = fs.readFileSync(file, 'utf8');
    let r = evaluateText(text, file, DEFAULT_SETTINGS);
    const siblings = new Map<string, string>();
    for (const ref of r.analysis?.references ?? []) {
      const p = path.join(FIXTURES, ref);
      if (fs.existsSync(p)) siblings.set(ref, fs.readFileSync(p, 'utf8'));
    }
    if (siblings.size) r = evaluateText(text, file, DEFAULT_SETTINGS, siblings);
    assert.strictEqual(r.error, null);
    assert.strictEqual(r.estimates.length, 1);
    assert.deepStrictEqual(r.estimates[0].missing, []);
    return r;
  }

  it('torchrun_gres.slurm: gpt2-large, 5000 steps on 8 H100s', () => {
    const r = evalFixture('torchrun_gres.slurm');
    assert.strictEqual(r.format, 'slurm');
    const e = r.estimates[0];
    // Hand: tokens = 5000 steps × (8 per device × 2 accum × 8 GPUs) × 1024 = 6.55e8; FLOPs ≈ 6 × 7.74e8 ×
    // 6.55e8 ≈ 3.04e18; 8 × 989 TFLOP/s = 0.107 h at MFU 1. gpt2-large trains in 12 GB of an 80 GB H100:
    // "small model on a large device", MFU 0.10–0.30, typical 0.20 → 0.36–1.07 h, mid 0.53 h; well inside the 48 h limit.
    assert.ok(e.hours.mid > 0.15 && e.hours.mid < 0.6, `hours ${e.hours.mid}`);
    assert.ok(e.assumptions.some((a) => /finishes within it/.test(a)));
  });

  it('deepspeed_vars.sh: pythia-1.4b through variables, 4 GPUs', () => {
    const r = evalFixture('deepspeed_vars.sh');
    const e = r.estimates[0];
    assert.strictEqual(e.inputs.count?.value, 4);
    assert.strictEqual(e.inputs.epochs?.value, 3); // EPOCHS=${EPOCHS_OVERRIDE:-3} replaces EPOCHS=2
    assert.ok(e.energyKwh.mid > 0);
  });

  it('llamafactory_cvd.sh: 2 GPUs from CUDA_VISIBLE_DEVICES, LoRA rank 16', () => {
    const e = evalFixture('llamafactory_cvd.sh').estimates[0];
    assert.strictEqual(e.inputs.count?.value, 2);
    assert.strictEqual(e.inputs.adapter?.value, 'lora');
    assert.ok(e.energyKwh.mid > 0);
  });

  it('llamafactory_yaml.sh: the referenced YAML fills the model; the line overrides epochs', () => {
    const r = evalFixture('llamafactory_yaml.sh');
    const e = r.estimates[0];
    assert.strictEqual(e.inputs.model?.value, 'Qwen/Qwen2.5-7B-Instruct'); // from qwen_lora_sft.yaml line 2
    assert.match(e.inputs.model?.note ?? '', /qwen_lora_sft\.yaml line 2/);
    assert.strictEqual(e.inputs.epochs?.value, 2); // num_train_epochs=2 on the line beats 3.0 in the file
    assert.strictEqual(e.inputs.count?.value, 4);
  });

  it('vllm_serve.sh: a 4-GPU always-on deployment', () => {
    const r = evalFixture('vllm_serve.sh');
    const e = r.estimates[0];
    assert.strictEqual(e.phase, 'inference');
    // Hand: 4 GPUs × 8760 h (always on for the default 365-day horizon) — hours are exactly that.
    assert.strictEqual(e.hours.mid, 8760);
  });

  it('accelerate_tasks.sbatch: 4 A100 80GB, a 168 h limit that does not bind', () => {
    const e = evalFixture('accelerate_tasks.sbatch').estimates[0];
    assert.strictEqual(e.inputs.count?.value, 4);
    assert.strictEqual(e.inputs.maxHours?.value, 168);
    assert.ok(e.hours.high < 168);
    // Hand: 2000 steps × 4 × 4 GPUs × 4096 = 1.31e8 tokens; LoRA ≈ 4 × 7.2e9 × 1.31e8 ≈ 3.8e18 FLOP on
    // 4 × 312 TFLOP/s at 25–60 % MFU ≈ 1.4–3.4 h.
    assert.ok(e.hours.mid > 1 && e.hours.mid < 6, `hours ${e.hours.mid}`);
  });
});
