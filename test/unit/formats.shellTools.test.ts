// Launch scripts that start training through a tool's own command line rather than torchrun/accelerate
// (src/formats/handlers/shell.ts, `cliAt`), the GPU count a script gives through its environment
// (CUDA_VISIBLE_DEVICES, NUM_GPUS, GPUS_PER_NODE × Slurm nodes), and MPI / llm.c process counts.
// One command per case, in the spelling of each tool's README (LLaMA-Factory, axolotl, SkyPilot,
// Ultralytics, LitGPT, llama-cookbook, llm.c, 2024); the expected values are read off the command by
// hand. Other commands of the same tools (export, preprocess, val, download) start no training run.
import * as assert from 'assert';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import type { Analysis } from '../../src/formats/types';

const sh = (text: string, file = 'run.sh'): Analysis => analyzeText(text, file);
function run(text: string, file = 'run.sh'): RunSpec {
  const a = sh(text, file);
  assert.ok(a.runs[0], `no run for ${JSON.stringify(text)} (format ${a.format})`);
  return a.runs[0];
}

describe('Launch scripts: training tools started by their own command', () => {
  it('llamafactory-cli train: the YAML is the run\'s config, `key=value` overrides read as flags', () => {
    const r = run('llamafactory-cli train examples/train_lora/llama3_lora_sft.yaml num_train_epochs=2\n');
    assert.strictEqual(r.perTrialConfig?.path, 'examples/train_lora/llama3_lora_sft.yaml');
    assert.strictEqual(r.inputs.epochs?.value, 2);
    // The module spellings of the same CLI.
    assert.strictEqual(run('python -m llamafactory.cli train x.yaml\n').perTrialConfig?.path, 'x.yaml');
    assert.strictEqual(run('python -m llamafactory.launcher x.yaml\n').perTrialConfig?.path, 'x.yaml');
  });

  it('axolotl train and `python -m axolotl.cli.train`: the config', () => {
    assert.strictEqual(run('axolotl train cfg.yml\n').perTrialConfig?.path, 'cfg.yml');
    assert.strictEqual(run('python -m axolotl.cli.train cfg.yml\n').perTrialConfig?.path, 'cfg.yml');
  });

  it('sky launch and sky jobs launch: the task file, and `--gpus A100:8` as 8 devices', () => {
    const r = run('sky jobs launch task.yaml --gpus A100:8\n');
    assert.strictEqual(r.perTrialConfig?.path, 'task.yaml');
    assert.strictEqual(r.inputs.count?.value, 8);
    assert.strictEqual(r.inputs.hardware?.value, 'A100');
    // `sky status` on the line before starts nothing; the launch after it is the run.
    assert.strictEqual(run('sky status\nsky launch task.yaml\n').perTrialConfig?.path, 'task.yaml');
  });

  it('yolo train, also with a task word (`yolo segment train`): model, epochs, COCO\'s 118,287 images', () => {
    for (const line of ['yolo train data=coco.yaml model=yolov8n.pt epochs=3', 'yolo segment train data=coco.yaml model=yolov8n.pt epochs=3']) {
      const r = run(`${line}\n`);
      assert.strictEqual(r.inputs.model?.value, 'yolov8n.pt', line);
      assert.strictEqual(r.inputs.epochs?.value, 3, line);
      assert.strictEqual(r.inputs.datasetSamples?.value, 118287, line);
    }
  });

  it('litgpt finetune / finetune_lora / pretrain: the bare word after the subcommand is the model', () => {
    assert.strictEqual(run('litgpt finetune meta-llama/Llama-2-7b-hf\n').inputs.model?.value, 'meta-llama/Llama-2-7b-hf');
    const lora = run('litgpt finetune_lora meta-llama/Llama-2-7b-hf --train.epochs 2\n');
    assert.strictEqual(lora.inputs.model?.value, 'meta-llama/Llama-2-7b-hf');
    assert.strictEqual(lora.inputs.epochs?.value, 2);
    assert.strictEqual(run('litgpt pretrain EleutherAI/pythia-160m\n').inputs.model?.value, 'EleutherAI/pythia-160m');
  });

  it('llama-recipes / llama-cookbook finetuning: 3 epochs assumed (its train_config default) unless --num_epochs says', () => {
    const r = run('python -m llama_cookbook.finetuning --model_name meta-llama/Llama-3.1-8B --use_peft\n');
    assert.strictEqual(r.inputs.model?.value, 'meta-llama/Llama-3.1-8B');
    assert.deepStrictEqual([r.inputs.epochs?.value, r.inputs.epochs?.origin], [3, 'default']);
    assert.strictEqual(r.inputs.epochs?.note, 'llama-recipes default (train_config.num_epochs = 3): the command sets no --num_epochs');
    const one = run('python -m llama_recipes.finetuning --model_name meta-llama/Llama-2-7b-hf --num_epochs 1\n');
    assert.deepStrictEqual([one.inputs.epochs?.value, one.inputs.epochs?.origin], [1, 'file']);
  });

  it('a versioned python with training flags is a run; `python download.py` is none', () => {
    const r = run('python3.10 train.py --num_train_epochs 3\n');
    assert.strictEqual(r.inputs.epochs?.value, 3);
    assert.strictEqual(run('python train.py --max_steps=100\n').inputs.steps?.value, 100);
    assert.strictEqual(sh('python download.py\n').format, 'unknown');
  });

  it('the same tools\' other commands start no training: export, preprocess, val, download', () => {
    for (const line of [
      'llamafactory-cli export examples/merge_lora/llama3_lora_sft.yaml',
      'axolotl preprocess cfg.yml',
      'yolo detect val data=coco.yaml model=yolov8n.pt',
      'litgpt download meta-llama/Llama-2-7b-hf',
    ]) {
      const a = sh(`${line}\n`);
      assert.strictEqual(a.format, 'unknown', line);
      assert.deepStrictEqual(a.runs, [], line);
    }
  });
});

describe('Launch scripts: the GPU count from the environment', () => {
  it('CUDA_VISIBLE_DEVICES lists the devices: 4, or 1 (singular in the note); a variable is not a list', () => {
    const four = run('export CUDA_VISIBLE_DEVICES=0,1,2,3\ntorchrun train.py --num_train_epochs 3\n');
    assert.deepStrictEqual([four.inputs.count?.value, four.inputs.count?.note], [4, 'CUDA_VISIBLE_DEVICES lists 4 devices']);
    const one = run('export CUDA_VISIBLE_DEVICES=0\npython train.py --num_train_epochs 3\n');
    assert.deepStrictEqual([one.inputs.count?.value, one.inputs.count?.note], [1, 'CUDA_VISIBLE_DEVICES lists 1 device']);
    assert.strictEqual(run('export CUDA_VISIBLE_DEVICES=$GPU\npython train.py --num_train_epochs 3\n').inputs.count, undefined);
  });

  it('NUM_GPUS=8 is 8 devices; NUM_GPUS=0 is no count', () => {
    const r = run('NUM_GPUS=8\npython train.py --num_train_epochs 3\n');
    assert.deepStrictEqual([r.inputs.count?.value, r.inputs.count?.note], [8, 'NUM_GPUS=8']);
    assert.strictEqual(run('NUM_GPUS=0\npython train.py --num_train_epochs 3\n').inputs.count, undefined);
  });

  it('GPUS_PER_NODE=4 on a 2-node Slurm job: 4 × 2 = 8 devices, derived and said so', () => {
    const r = run('#!/bin/bash\n#SBATCH --nodes=2\nGPUS_PER_NODE=4\nsrun python train.py --num_train_epochs 3\n', 'job.slurm');
    assert.deepStrictEqual([r.inputs.count?.value, r.inputs.count?.origin, r.inputs.count?.note], [8, 'inferred', 'GPUS_PER_NODE=4 per node × 2 nodes']);
    assert.strictEqual(r.inputs.nodes?.value, 2);
  });
});

describe('Launch scripts: MPI and llm.c process counts', () => {
  it('`mpirun -np 4 ./train_gpt2cu`: 4 processes, one per GPU, also after other mpirun options', () => {
    const r = run('mpirun -np 4 ./train_gpt2cu -e d12\n');
    assert.deepStrictEqual([r.inputs.count?.value, r.inputs.count?.note], [4, 'one process per GPU']);
    assert.strictEqual(run('mpirun -x NCCL_DEBUG=INFO -np 8 ./train_gpt2cu -e d12\n').inputs.count?.value, 8);
    // `-np 0` is no count.
    assert.strictEqual(run('mpirun -np 0 ./train_gpt2cu -e d12\n').inputs.count, undefined);
  });

  it('llm.c\'s own `-pn 2` without a launcher', () => {
    assert.strictEqual(run('./train_gpt2cu -e d12 -pn 2\n').inputs.count?.value, 2);
  });
});
