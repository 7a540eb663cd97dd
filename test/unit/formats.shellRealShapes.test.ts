// Launch-script shapes met in public repositories (test/realfiles/scripts.json) that the shell/Slurm
// reader did not read before: llm.c's one-letter flags, `srun bash -c "…"`, nodes from --ntasks,
// llama-recipes' defaults, a local model folder, the Python file a job runs, and configs named
// relative to the repository root. Every expected value is worked out by hand in a comment from the
// fixture text (test/fixtures/scripts/, our own files in those shapes).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { estimateFile } from '../../src/cli';
import { evaluateText } from '../../src/engine/evaluate';
import { lookupFolders } from '../../src/engine/referencePolicy';
import { analyzeText } from '../../src/formats';
import { shellWords } from '../../src/formats/launcherFlags';
import { localModelName } from '../../src/formats/handlers/trainFlags';
import { field, textAt } from '../support/runFields';

const FIXTURES = path.resolve(__dirname, '../fixtures/scripts');
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

function runOf(f: string, siblings?: Map<string, string>): RunSpec {
  const a = analyzeText(read(f), f, { siblings });
  assert.ok(a.runs[0], `no run in ${f} (format ${a.format})`);
  return a.runs[0];
}

describe('llm.c launches (train_gpt2cu one-letter flags)', () => {
  it('mpirun -np 4 ./train_gpt2cu: model from -e d12, batch from -d ÷ -t, steps from -x, 4 GPUs', () => {
    const text = read('llmc_gpt2_124m.sh');
    const r = runOf('llmc_gpt2_124m.sh');
    assert.strictEqual(r.format, 'shell');
    // `-e "d12"`: depth 12 is GPT-2 124M (llm.c), the value pointed at inside its quotes.
    assert.strictEqual(field(r, 'model').value, 'openai-community/gpt2');
    assert.strictEqual(textAt(text, field(r, 'model').range), 'd12');
    assert.strictEqual(field(r, 'seqLen').value, 1024); // -t 1024
    // -d 262144 tokens per step ÷ -t 1024 = 256 sequences per step.
    assert.strictEqual(field(r, 'batchSize').value, 256);
    assert.strictEqual(field(r, 'steps').value, 5000); // -x 5000
    assert.strictEqual(textAt(text, field(r, 'steps').range), '5000');
    // `mpirun -np 4`: one process per GPU.
    assert.strictEqual(field(r, 'count').value, 4);
    assert.strictEqual(textAt(text, field(r, 'count').range), '4');
    // 5000 steps × 256 sequences × 1024 tokens = 1,310,720,000 tokens.
    const est = evaluateText(text, 'llmc_gpt2_124m.sh', normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(est.missing, []);
    assert.strictEqual(est.inputs.tokens?.value, 1_310_720_000);
  });

  it('srun bash -c "…train_gpt2cu…" with no -x: one pass over the FineWeb 100B shards; nodes from --ntasks', () => {
    const r = runOf('llmc_multinode.sbatch');
    assert.strictEqual(r.format, 'slurm');
    assert.strictEqual(field(r, 'model').value, 'openai-community/gpt2-medium'); // -e d24
    // -d 1048576 ÷ -t 1024 = 1024 sequences per step.
    assert.strictEqual(field(r, 'batchSize').value, 1024);
    assert.strictEqual(field(r, 'epochs').value, 1);
    assert.strictEqual(field(r, 'epochs').origin, 'inferred');
    // 'dev/data/fineweb100B/…': llm.c's 100B-token FineWeb sample.
    assert.strictEqual(field(r, 'datasetTokens').value, 100e9);
    // --ntasks=16 at --ntasks-per-node=8 and no --nodes: ceil(16 / 8) = 2 nodes, inferred.
    assert.strictEqual(field(r, 'nodes').value, 2);
    assert.strictEqual(field(r, 'nodes').origin, 'inferred');
    // llm.c's own `-pn 16` counts the processes (one per GPU) = 2 nodes × gres gpu:8.
    assert.strictEqual(field(r, 'count').value, 16);
    // --time=12:00:00 stays an upper bound, never the runtime.
    assert.strictEqual(field(r, 'maxHours').value, 12);
    assert.strictEqual(r.inputs.hours, undefined);
    const est = evaluateText(read('llmc_multinode.sbatch'), 'llmc_multinode.sbatch', normalizeSettings({})).estimates[0];
    // 1 epoch × 100e9 dataset tokens.
    assert.strictEqual(est.inputs.tokens?.value, 100e9);
    assert.ok(est.hours.high <= 12, `capped by the 12 h limit, got ${est.hours.high}`);
    assert.ok(est.assumptions.some((a) => /upper bound, not the runtime/.test(a)));
  });

  it('an llm.c launch with unknown shards and no -x says the length is not known', () => {
    const r = analyzeText('mpirun -np 8 ./train_gpt2cu -e d12 -i "my/own/*.bin"\n', 'x.sh').runs[0];
    assert.strictEqual(r.inputs.steps, undefined);
    assert.strictEqual(r.inputs.epochs, undefined);
    assert.ok(r.notes.some((n) => /length of training is not known/.test(n)));
  });
});

describe('inline scripts and quoting', () => {
  it('srun bash -c "torchrun …": the launcher inside the quoted argument is read, values point into it', () => {
    const text = '#!/bin/bash\n#SBATCH --gres=gpu:4\nsrun bash -c "torchrun --nproc_per_node 4 train.py --model_name_or_path Qwen/Qwen2.5-7B --num_train_epochs 2"\n';
    const r = analyzeText(text, 'job.slurm').runs[0];
    assert.strictEqual(r.inputs.model?.value, 'Qwen/Qwen2.5-7B');
    assert.strictEqual(textAt(text, r.inputs.model?.range), 'Qwen/Qwen2.5-7B');
    assert.strictEqual(r.inputs.epochs?.value, 2);
    assert.strictEqual(textAt(text, r.inputs.epochs?.range), '2');
  });

  it('CMD="""…""" then eval "$CMD" (trl commands/run_sft.sh): the launch in the string is read, values at their assignments', () => {
    const text = read('eval_cmd.sh');
    const a = analyzeText(text, 'eval_cmd.sh');
    assert.strictEqual(a.format, 'shell', 'detected as a launch script, not unknown');
    const r = a.runs[0];
    // Each value points at the assignment it came through (MODEL_NAME on line 4, MAX_STEPS line 5, NUM_GPUS line 6).
    assert.strictEqual(field(r, 'model').value, 'Qwen/Qwen2.5-0.5B');
    assert.strictEqual(field(r, 'model').range?.startLine, 3);
    assert.strictEqual(field(r, 'steps').value, 200);
    assert.strictEqual(field(r, 'steps').range?.startLine, 4);
    assert.strictEqual(field(r, 'count').value, 2);
    assert.strictEqual(field(r, 'count').range?.startLine, 5);
    assert.strictEqual(field(r, 'perDeviceBatch').value, 4);
    // `echo $CMD` prints the same words: it is not a second launch.
    assert.strictEqual(a.runs.length, 1);
    const e = evaluateText(text, 'eval_cmd.sh', normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(e.missing, []);
  });

  it('sbatch --gres=… --time=… --wrap="…" on the command line: the options are the directives, the wrap is the launch', () => {
    const text = read('sbatch_wrap.sh');
    const a = analyzeText(text, 'sbatch_wrap.sh');
    assert.strictEqual(a.format, 'slurm', 'an sbatch submission with GPU options is a Slurm job');
    const r = a.runs[0];
    // --time=20:00:00 on line 7 (0-based 6): read as an #SBATCH line would be, and said as written.
    assert.strictEqual(field(r, 'maxHours').value, 20);
    assert.strictEqual(field(r, 'maxHours').range?.startLine, 6);
    assert.ok(r.notes.includes('Slurm time limit 20 h (`sbatch --time 20:00:00`, line 7): an upper bound, not the runtime.'), r.notes.join('\n'));
    // The launcher's process count (torchrun --nproc_per_node 4, in the wrap on line 9) agrees with --gres=gpu:4.
    assert.strictEqual(field(r, 'count').value, 4);
    // The launch inside --wrap: its values point into the string on line 9.
    assert.strictEqual(field(r, 'model').value, 'Qwen/Qwen2.5-0.5B');
    assert.strictEqual(textAt(text, field(r, 'model').range), 'Qwen/Qwen2.5-0.5B');
    assert.strictEqual(field(r, 'steps').value, 500);
    const e = evaluateText(text, 'sbatch_wrap.sh', normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(e.missing, []);
    // A bare `python train.py` in the wrap (the public file's shape): the GPUs come from --gres=gpu:4 on line 5
    // (0-based 4) and only the 20 h ceiling is left, never an estimate.
    const bareText = text.replace(/torchrun --nproc_per_node 4 train\.py --model_name_or_path \S+ --max_steps 500/, 'python3 -m src.train --config config/mnist.yaml');
    const bareRun = analyzeText(bareText, 'sbatch_wrap.sh').runs[0];
    assert.strictEqual(field(bareRun, 'count').value, 4);
    assert.strictEqual(field(bareRun, 'count').range?.startLine, 4);
    const bare = evaluateText(bareText, 'sbatch_wrap.sh', normalizeSettings({})).estimates[0];
    assert.ok(bare.missing.length > 0);
    assert.strictEqual(bare.ceiling?.hours, 20);
  });

  it('a script that only submits another (sbatch job.slurm, no GPU options) is not read as a job', () => {
    assert.strictEqual(analyzeText('#!/bin/bash\nsbatch --dependency=afterok:1 job.slurm\n', 'submit.sh').format, 'unknown');
  });

  it('a backslash-newline inside double quotes is a continuation (bash QUOTING), not a newline', () => {
    // "a \<newline>b" is the one word `a b`.
    const w = shellWords('echo "a \\\nb"');
    assert.deepStrictEqual(w.map((x) => x.text), ['echo', 'a b']);
  });
});

describe('defaults of the tools a script runs, flagged as assumed', () => {
  it('python -m llama_recipes.finetuning without --num_epochs: 3 epochs, origin default', () => {
    const r = runOf('llama_recipes_peft.slurm');
    assert.strictEqual(field(r, 'model').value, 'meta-llama/Llama-3.1-8B-Instruct'); // --model_name
    assert.strictEqual(field(r, 'epochs').value, 3);
    assert.strictEqual(field(r, 'epochs').origin, 'default');
    assert.match(String(field(r, 'epochs').note), /llama-recipes default/);
    assert.strictEqual(field(r, 'adapter').value, 'lora'); // --use_peft
    assert.strictEqual(field(r, 'count').value, 1); // --gres=gpu:a100:1
    assert.strictEqual(field(r, 'maxHours').value, 8);
  });

  it('a local model folder named like a release (…/llama-7b) names the model; a checkpoint folder does not', () => {
    const r = runOf('fastchat_local_model.sh');
    assert.strictEqual(field(r, 'model').value, 'llama-7b');
    assert.strictEqual(field(r, 'model').origin, 'inferred');
    // --data_path data/sharegpt_clean.json is data, not a config to read.
    assert.ok(!analyzeText(read('fastchat_local_model.sh'), 'x.sh').references.includes('data/sharegpt_clean.json'));
    assert.strictEqual(localModelName('/nfs/models/llama-7b'), 'llama-7b');
    assert.strictEqual(localModelName('./models/Qwen2-7B/'), 'Qwen2-7B');
    assert.strictEqual(localModelName('/out/checkpoint-500'), undefined);
    assert.strictEqual(localModelName('/data/output'), undefined);
  });

  it('a job name chosen when the script is run (`--job-name=${JOB_NAME}`, JOB_NAME=$2) is not the run name: the script name is', () => {
    // Shape of open-mmlab/mmdetection tools/slurm_train.sh (PARTITION=$1 JOB_NAME=$2 CONFIG=$3, srun -p … --job-name=${JOB_NAME}).
    const text = 'JOB_NAME=$2\nsrun -p gpu --job-name=${JOB_NAME} --gres=gpu:8 --ntasks=8 python -u tools/train.py configs/x.py\n';
    assert.strictEqual(analyzeText(text, 'tools/slurm_train.sh').runs[0]?.name, 'slurm_train.sh');
    assert.strictEqual(analyzeText('#SBATCH --job-name=llama-sft\n#SBATCH --gres=gpu:8\ntorchrun --nproc_per_node 8 train.py\n', 'job.slurm').runs[0]?.name, 'llama-sft');
  });

  it('other spellings of the model flag: --model-path, --model_id, --llm_path (a variable holding a local folder)', () => {
    // Shapes of FastChat's `--model-path lmsys/vicuna-7b-v1.5` and of speech-LLM Slurm jobs such as
    // LeiLiLab/InfiniSST scripts/train/stage1.sh (`llama_path=/…/llama-3.1-8b-instruct-hf`, `--llm_path ${llama_path}`).
    const model = (line: string) => analyzeText(line, 'run.sh').runs[0]?.inputs.model;
    assert.strictEqual(model('torchrun --nproc_per_node 8 train.py --model-path lmsys/vicuna-7b-v1.5 --num_train_epochs 1\n')?.value, 'lmsys/vicuna-7b-v1.5');
    assert.strictEqual(model('accelerate launch train.py --model_id mistralai/Mistral-7B-v0.1 --max_steps 100\n')?.value, 'mistralai/Mistral-7B-v0.1');
    const viaVar = model('llama_path=/compute/u/llama-3.1-8b-instruct-hf\nsrun python train/main.py --llm_path ${llama_path} --max_epochs 6\n');
    assert.deepStrictEqual([viaVar?.value, viaVar?.origin], ['llama-3.1-8b-instruct-hf', 'inferred']);
    // A checkpoint folder names no model: nothing is read from it.
    assert.strictEqual(model('torchrun --nproc_per_node 8 train.py --model_path /ckpt/run3 --num_train_epochs 1\n'), undefined);
  });
});

describe('the Python file a job runs, and configs named from the repository root', () => {
  it('a Slurm job running `python3 train_lora.py` reads that file when it is at hand; Slurm values win', () => {
    const job = 'job_with_script/train_job.slurm';
    assert.deepStrictEqual(analyzeText(read(job), job).references, ['train_lora.py']);
    const alone = runOf(job);
    assert.strictEqual(alone.inputs.model, undefined);
    const siblings = new Map([['train_lora.py', read('job_with_script/train_lora.py')]]);
    const est = evaluateText(read(job), job, normalizeSettings({}), siblings).estimates[0];
    assert.deepStrictEqual(est.missing, []);
    // From train_lora.py: model_name = "Qwen/Qwen2.5-1.5B", num_train_epochs=2 — inferred, not stated here.
    assert.strictEqual(est.inputs.model?.value, 'Qwen/Qwen2.5-1.5B');
    assert.strictEqual(est.inputs.epochs?.value, 2);
    // From the job: --gres=gpu:v100:2 (the script says nothing of devices).
    assert.strictEqual(est.inputs.count?.value, 2);
  });

  it('the CLI finds configs/… named by scripts/train.sh at the workspace root, not beside the script', () => {
    const root = path.join(FIXTURES, 'repo_root');
    const file = path.join(root, 'scripts', 'train.sh');
    const settings = normalizeSettings({});
    // configs/accelerate_4gpu.yaml sits at the root: num_processes 4.
    const withRoot = estimateFile(file, settings, 1 << 20, { workspaceRoot: root }).estimates[0];
    assert.strictEqual(withRoot.inputs.count?.value, 4);
    // 2000 steps (max_steps wins over epochs) × (8 per device × 4 GPUs) × 2048 tokens = 131,072,000.
    assert.strictEqual(withRoot.inputs.tokens?.value, 131_072_000);
    // Without a workspace root the config is looked for only beside the script (scripts/configs/…).
    const alone = estimateFile(file, settings, 1 << 20).estimates[0];
    assert.notStrictEqual(alone.inputs.count?.value, 4);
  });

  it('lookupFolders: the file\'s folder, then each parent up to the root; nothing above it', () => {
    assert.deepStrictEqual(lookupFolders('a/b'), ['a/b', 'a', '']);
    assert.deepStrictEqual(lookupFolders(''), ['']);
    assert.deepStrictEqual(lookupFolders('../x'), ['../x']);
  });
});

describe('Slurm job arrays and a time limit alone', () => {
  it('arrayTasks counts ranges, lists and steps; %N limits concurrency, not the count', () => {
    const { arrayTasks } = require('../../src/formats/sbatch') as typeof import('../../src/formats/sbatch');
    assert.strictEqual(arrayTasks('1-64'), 64);
    assert.strictEqual(arrayTasks('0,1,2,3,4'), 5);
    // 0, 2, …, 18: (18 − 0) / 2 + 1 = 10 tasks, at most 5 at a time.
    assert.strictEqual(arrayTasks('0-18:2%5'), 10);
    assert.strictEqual(arrayTasks('0-19%4'), 20);
    assert.strictEqual(arrayTasks('$N'), undefined);
    assert.strictEqual(arrayTasks('5-1'), undefined);
  });

  it('an array job is that many runs; with only a time limit the ceiling is said in words, never as the number', () => {
    // Shape of amitaysicherman/reactions run_all.sh: array 1-12, gres A40:1, --time=3-00, `python train.py $args`.
    const text = '#!/bin/sh\n#SBATCH --time=0-3\n#SBATCH --array=1-12\n#SBATCH --gres=gpu:h100:1\n\nargs=$(sed -n "$SLURM_ARRAY_TASK_ID"p configs.txt)\npython train.py $args\n';
    const r = analyzeText(text, 'run_all.sh').runs[0];
    assert.strictEqual(r.inputs.trials?.value, 12);
    assert.strictEqual(r.inputs.maxHours?.value, 3); // 0-3: 0 days 3 hours
    const est = evaluateText(text, 'run_all.sh', normalizeSettings({})).estimates[0];
    assert.ok(est.missing.length > 0, 'no model, no length: no number');
    assert.strictEqual(est.energyKwh.mid, 0);
    const ceiling = est.assumptions.find((a) => /^At most .* kWh/.test(a));
    assert.ok(ceiling, est.assumptions.join('\n'));
    assert.match(ceiling, /1 × H100.* 3 h time limit, × 12 tasks — a ceiling, not an estimate/);
  });
});
