// Orchestration, sweep, serving, notebook and script formats. Expected values were read by hand from
// each file; `[value, line]` pairs give the 1-based line the value's range must start on (the
// comment next to it quotes that line). Detection is always from the real file name, never the folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Origin, Phase, RunSpec, SourceRange } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import { LineIndex } from '../../src/formats/lineIndex';
import { acceleratorsOf, anyFlags, argvWords, findLaunchers, launchersIn, shellWords } from '../../src/formats/launcherFlags';
import { kwarg, scanPython, stringValue, tokenize } from '../../src/formats/pyCalls';
import { inferFromText } from '../../src/formats/textHints';
import type { TextEditSpec } from '../../src/formats/types';
import { CORPUS, describeCorpus, itCorpus } from './helpers/corpus';

const FIXTURES = path.resolve(__dirname, '../fixtures/formats/orchestration');

type Want = unknown | [unknown, number] | [unknown, number, Origin];
interface RunCase {
  name?: string;
  phase: Phase;
  inputs: Record<string, Want>;
  /** Fields that must not be set. */
  absent?: string[];
}
interface FileCase {
  file: string;
  format: string;
  runs: RunCase[];
}

function checkRun(file: string, run: RunSpec, want: RunCase): void {
  const where = `${file} / ${run.name}`;
  if (want.name !== undefined) assert.strictEqual(run.name, want.name, where);
  assert.strictEqual(run.phase, want.phase, `${where}: phase`);
  for (const [field, w] of Object.entries(want.inputs)) {
    const got = (run.inputs as Record<string, { value: unknown; origin: Origin; range?: SourceRange }>)[field];
    assert.ok(got, `${where}: ${field} missing (have ${Object.keys(run.inputs).join(', ')})`);
    const [value, line, origin] = Array.isArray(w) ? (w as [unknown, number?, Origin?]) : [w];
    assert.deepStrictEqual(got.value, value, `${where}: ${field}`);
    if (line !== undefined) assert.strictEqual((got.range?.startLine ?? -2) + 1, line, `${where}: ${field} line`);
    if (origin !== undefined) assert.strictEqual(got.origin, origin, `${where}: ${field} origin`);
  }
  for (const field of want.absent ?? []) assert.strictEqual((run.inputs as Record<string, unknown>)[field], undefined, `${where}: ${field} should be absent`);
}

function runCases(dir: string, cases: FileCase[]): void {
  for (const c of cases) {
    it(`${c.file} → ${c.format}`, () => {
      const text = fs.readFileSync(path.join(dir, c.file), 'utf8');
      const a = analyzeText(text, path.basename(c.file));
      assert.strictEqual(a.format, c.format, `${c.file}: format`);
      assert.strictEqual(a.error, undefined);
      assert.strictEqual(a.runs.length, c.runs.length, `${c.file}: runs ${a.runs.map((r) => r.name).join(' | ')}`);
      c.runs.forEach((want, i) => checkRun(c.file, a.runs[i], want));
    });
  }
}

/** Applies edits (in any order) to text, the way an editor would. */
function applyEdits(text: string, edits: TextEditSpec[]): string {
  const index = new LineIndex(text);
  const withOffsets = edits.map((e) => ({ a: index.offsetOf(e.range.startLine, e.range.startCol), b: index.offsetOf(e.range.endLine, e.range.endCol), t: e.newText }));
  withOffsets.sort((x, y) => y.a - x.a);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.a) + e.t + out.slice(e.b);
  return out;
}

function textAt(text: string, r: SourceRange): string {
  const index = new LineIndex(text);
  return text.slice(index.offsetOf(r.startLine, r.startCol), index.offsetOf(r.endLine, r.endCol));
}

// ──────────────────────────────── corpus ────────────────────────────────

describeCorpus('orchestration formats: corpus', () => {
  runCases(CORPUS, [
    {
      file: 'skypilot/distributed-pytorch-train.yaml', format: 'skypilot',
      runs: [{
        name: 'minGPT-ddp', phase: 'training',
        inputs: {
          hardware: ['L4', 5], //           accelerators: L4
          nodes: [2, 7, 'file'], //          num_nodes: 2
          count: [2, 5, 'inferred'], //      1 per node × 2 nodes (torchrun flags are variables)
        },
      }],
    },
    {
      file: 'skypilot/llama31-lora.yaml', format: 'skypilot',
      runs: [{
        phase: 'training',
        inputs: {
          hardware: ['A100', 20], //         accelerators: A100:8
          count: [8, 20, 'file'],
          model: ['meta-llama/Meta-Llama-3.1-8B-Instruct', 40], // tune download …-${MODEL_SIZE}-Instruct, MODEL_SIZE: 8B (line 12)
        },
        absent: ['nodes', 'region'],
      }],
    },
    {
      file: 'skypilot/vllm-service-replicas.yaml', format: 'skypilot',
      runs: [{
        phase: 'inference',
        inputs: {
          hardware: ['L4', 15], //           accelerators: {L4:1, A10G:1, …} — the first
          replicas: [2, 7], //               replicas: 2
          count: [2, 15, 'inferred'], //     1 per replica × 2
          model: ['meta-llama/Llama-2-7b-chat-hf', 11], // --model $MODEL_NAME; MODEL_NAME on line 11
        },
        absent: ['hours'],
      }],
    },
    {
      file: 'kubernetes/gke-trl-lora-sft-job.yaml', format: 'kubernetes',
      runs: [{
        name: 'Job trl-lora-sft', phase: 'training',
        inputs: {
          hardware: ['nvidia-l4', 19], //    cloud.google.com/gke-accelerator: nvidia-l4
          count: [1], //                     nvidia.com/gpu: 1
          model: ['mistralai/Mistral-7B-v0.3', 31], // "--model_name_or_path=mistralai/Mistral-7B-v0.3"
          loraRank: [16, 39], //             "--lora_r=16"
          adapter: 'lora',
          precision: ['bf16', 44], //        "--bf16"
          seqLen: [1024, 45], //             "--max_seq_length=1024"
          perDeviceBatch: [2, 46], //        "--per_device_train_batch_size=2"
          gradAccum: [8, 47], //             "--gradient_accumulation_steps=8"
          epochs: [3, 52], //                "--num_train_epochs=3"
        },
        absent: ['nodes', 'region'],
      }],
    },
    {
      file: 'kubernetes/pytorch_job_mnist_nccl.yaml', format: 'kubernetes',
      runs: [{
        name: 'PyTorchJob pytorch-dist-mnist-nccl', phase: 'training',
        inputs: {
          count: [2, 18, 'inferred'], //     Master 1 × 1 GPU + Worker 1 × 1 GPU (lines 8, 18, 20, 30)
          nodes: [2],
        },
      }],
    },
    {
      file: 'ray/ray-cluster-aws-example-gpu-docker.yaml', format: 'ray',
      runs: [{
        name: 'gpu-docker', phase: 'training',
        inputs: {
          hardware: ['nvidia-k80', 61, 'inferred'], // InstanceType: p2.xlarge (head); workers are m5.large
          count: [1, 61],
          region: ['aws:us-west-2', 29], //  provider.type aws, region: us-west-2
        },
      }],
    },
    {
      file: 'ray/rayservice-high-throughput-llm.yaml', format: 'ray',
      runs: [{
        name: 'RayService qwen-35-4b: qwen-3.5-4b', phase: 'inference',
        inputs: {
          model: ['Qwen/Qwen3.5-4b', 27], // model_source, inside the serveConfigV2 block string
          hardware: ['L4', 28], //           accelerator_type: L4
          replicas: [4, 30], //              num_replicas: 4
          count: [4, 30], //                 1 GPU × 4 replicas (cluster: 4 workers × 1 GPU)
        },
      }],
    },
    {
      file: 'wandb-sweep/sweep-grid.yaml', format: 'wandb-sweep',
      runs: [{
        phase: 'training',
        inputs: {
          trials: [27, 10, 'inferred'], //   method: grid; values 3 × 3 × 3 (lines 26, 28, 30)
          epochs: [5, 20], //                epochs: value: 5
        },
      }],
    },
    {
      file: 'wandb-sweep/sweep-bayes.yaml', format: 'wandb-sweep',
      runs: [{
        phase: 'training',
        inputs: {
          trials: [20, 10, 'default'], //    method: bayes, no run_cap: unbounded, 20 assumed
          epochs: [5, 20],
        },
      }],
    },
    {
      file: 'optuna/hydra-optuna-sweeper-mnist_optuna.yaml', format: 'optuna',
      runs: [{ phase: 'training', inputs: { trials: [20, 36, 'file'] } }], // n_trials: 20
    },
    {
      file: 'vllm/vllm-serve-config-test_config_with_model.yaml', format: 'vllm',
      runs: [{
        name: 'mymodel', phase: 'inference',
        inputs: {
          model: ['config-model', 2], //     model: config-model
          count: [2, 5], //                  tensor_parallel_size: 2
        },
        absent: ['hours', 'replicas'],
      }],
    },
    {
      file: 'vllm/production-stack-values-04-multiple-models.yaml', format: 'vllm',
      runs: [
        {
          name: 'llama3', phase: 'inference',
          inputs: {
            model: ['meta-llama/Llama-3.1-8B-Instruct', 7], // modelURL
            replicas: [1, 8], //             replicaCount: 1
            count: [1, 11], //               requestGPU: 1
            maxBatch: [32, 17], //           maxNumSeqs: 32
          },
        },
        {
          name: 'mistral', phase: 'inference',
          inputs: {
            model: ['mistralai/Mistral-7B-Instruct-v0.2', 25],
            replicas: [1, 26],
            count: [1, 29],
            maxBatch: [32, 35],
          },
        },
      ],
    },
    {
      file: 'tgi/tgi-llama-405b-gke-deployment.yaml', format: 'tgi',
      runs: [{
        name: 'Deployment tgi-deployment', phase: 'inference',
        inputs: {
          model: ['meta-llama/Llama-3.1-405B-Instruct-FP8', 25], // env MODEL_ID
          count: [8, 27, 'file'], //         env NUM_SHARD "8" (× replicas: 1)
          replicas: [1, 6],
          hardware: ['nvidia-h100-80gb', 48], // gke-accelerator
          precision: ['fp8', 25, 'inferred'], //  -FP8 suffix
          quantization: [8, 25, 'inferred'],
        },
        absent: ['hours'],
      }],
    },
    {
      file: 'notebook/trl-sft_trl_lora_qlora-colab-T4.ipynb', format: 'notebook',
      runs: [{
        name: 'cell 33: trainer.train()', phase: 'training',
        inputs: {
          steps: [30, 405], //               max_steps = 30 (num_train_epochs is commented out)
          perDeviceBatch: [1, 401],
          gradAccum: [4, 402],
          seqLen: [1024, 415], //            max_length=1024
          model: ['unsloth/qwen3-14b-unsloth-bnb-4bit', 295], // model_id, output_dir = "…", "…" (tuple assignment)
          quantization: [4, 336], //         BitsAndBytesConfig(load_in_4bit=True
          loraRank: [32, 365], //            LoraConfig(r=32
          adapter: 'qlora',
          precision: ['fp16', 337], //       bnb_4bit_compute_dtype=torch.float16
          hardware: ['T4', 1130, 'inferred'], // metadata.colab.gpuType
          count: [1, 1130, 'inferred'],
        },
        absent: ['epochs'],
      }],
    },
    {
      file: 'notebook/trl-sft_nemotron_3-colab-A100.ipynb', format: 'notebook',
      runs: [{
        name: 'cell 27: trainer.train()', phase: 'training',
        inputs: {
          epochs: [1, 380],
          perDeviceBatch: [1, 378],
          gradAccum: [4, 379],
          seqLen: [128, 390],
          model: ['nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16', 319], // model_id = "…" in a one-string cell source
          loraRank: [8, 343],
          precision: ['bf16', 319], //       dtype=torch.bfloat16 (same one-string cell)
          hardware: ['A100', 968, 'inferred'],
        },
        absent: ['quantization'],
      }],
    },
    {
      file: 'notebook/peft-dna_lm-colab-T4.ipynb', format: 'notebook',
      runs: [
        {
          name: 'cell 30: trainer.train()', phase: 'training',
          inputs: { epochs: [5, 830], perDeviceBatch: [16, 828], model: ['gagneurlab/SpeciesLM', 112], hardware: ['T4', 1466] },
          absent: ['loraRank'], //           the LoraConfig comes later (cell 40)
        },
        {
          name: 'cell 43: trainer.train()', phase: 'training',
          inputs: { epochs: [5, 1342], perDeviceBatch: [16, 1340], loraRank: [8, 1114], adapter: 'lora' },
        },
      ],
    },
    {
      file: 'notebook/vertex-trl-lora-sft.ipynb', format: 'notebook',
      runs: [{
        name: 'cell 33: job.submit(…)', phase: 'training',
        inputs: {
          hardware: ['NVIDIA_L4', 357, 'file'], // accelerator_type="NVIDIA_L4"
          count: [1, 358], //                accelerator_count=1 × replica_count=1
          model: ['mistralai/Mistral-7B-v0.3', 271], // args list: "--model_name_or_path=…"
          loraRank: [16, 279],
          precision: ['bf16', 284],
          seqLen: [1024, 285],
          perDeviceBatch: [2, 286],
          gradAccum: [8, 287],
          epochs: [1, 292],
        },
        absent: ['region'], //               location=os.getenv("LOCATION") is not a literal
      }],
    },
    {
      file: 'notebook/kubeflow-trainer-mnist.ipynb', format: 'notebook',
      runs: [{
        name: 'cell 15: client.train(…)', phase: 'training',
        inputs: { count: [4, 417], nodes: [4, 411] }, // num_nodes=4, "nvidia.com/gpu": 1
      }],
    },
  ]);
});

// ──────────────────────────────── fixtures ────────────────────────────────

describe('orchestration formats: fixtures', () => {
  runCases(FIXTURES, [
    {
      file: 'sky-infra-anyof.sky.yaml', format: 'skypilot',
      runs: [{
        name: 'qwen-sft', phase: 'training',
        inputs: {
          hardware: ['H100', 7], //          any_of: first alternative accelerators: H100:8
          count: [16, 7, 'inferred'], //     8 × num_nodes 2
          nodes: [2, 10],
          region: ['gcp:europe-west4', 5], // infra: gcp/europe-west4
          model: ['Qwen/Qwen2.5-7B', 17],
          perDeviceBatch: [4, 18],
          precision: ['bf16', 18],
          epochs: [3, 13], //                --num_train_epochs $EPOCHS, EPOCHS: 3 in envs (issue #13)
        },
      }],
    },
    {
      file: 'sky-vllm-task.yaml', format: 'vllm',
      runs: [{
        phase: 'inference',
        inputs: {
          hardware: ['L40S', 5], count: [4, 5], region: ['aws:us-east-1', 4],
          model: ['meta-llama/Llama-3.1-70B-Instruct-AWQ', 8], quantization: [4, 8, 'inferred'], maxBatch: [128, 9],
        },
      }],
    },
    {
      file: 'sky-tgi-docker.yaml', format: 'tgi',
      runs: [{
        phase: 'inference',
        inputs: {
          hardware: ['A10G', 3], count: [4, 3], //        accelerators: A10G:4 (== --num-shard 4)
          model: ['mistralai/Mistral-7B-Instruct-v0.3', 7], // --model-id $MODEL_ID, MODEL_ID in envs
          maxBatch: [256, 12], //                          --max-concurrent-requests 256
        },
      }],
    },
    {
      file: 'k8s-trainjob.yaml', format: 'kubernetes',
      runs: [{ name: 'TrainJob llama-ft', phase: 'training', inputs: { count: [8, 19], nodes: [4, 16], model: ['meta-llama/Llama-2-7b', 22] } }],
    },
    {
      file: 'k8s-rayjob.yaml', format: 'kubernetes',
      runs: [{
        name: 'RayJob ray-train', phase: 'training',
        inputs: {
          count: [12, 29], nodes: [3, 17], //   3 replicas × 4 GPUs
          hardware: ['nvidia-a10g', 22], //     instance-type g5.12xlarge
          region: ['aws:eu-west-1', 23],
          epochs: [2, 6], model: ['google/gemma-2-2b', 6], // entrypoint flags
        },
      }],
    },
    {
      file: 'k8s-katib.yaml', format: 'kubernetes',
      runs: [{ phase: 'training', inputs: { trials: [12, 6], count: [1, 29], hardware: ['NVIDIA-A100-SXM4-80GB', 22], epochs: [5, 26] } }],
    },
    {
      file: 'k8s-vllm-deployment.yaml', format: 'vllm',
      runs: [{
        name: 'Deployment llama-vllm', phase: 'inference',
        inputs: {
          model: ['meta-llama/Llama-3.1-8B-Instruct', 17], replicas: [3, 6], count: [6, 18, 'inferred'],
          quantization: [8, 21], precision: ['fp8', 21], maxBatch: [64, 19], hardware: ['nvidia-l4', 10], region: ['gcp:us-central1', 11],
        },
      }],
    },
    {
      file: 'compose-tgi.yaml', format: 'tgi',
      runs: [{ name: 'service tgi', phase: 'inference', inputs: { model: ['mistralai/Mistral-7B-Instruct-v0.3', 4], count: [2, 4], quantization: [4, 4], maxBatch: [32, 4] } }],
    },
    {
      file: 'ray-gcp-cluster.yaml', format: 'ray',
      runs: [{ phase: 'training', inputs: { count: [8, 16], nodes: [2, 14], hardware: ['nvidia-tesla-v100', 20], region: ['gcp:us-central1', 5] } }],
    },
    {
      file: 'rayservice-nollm.yaml', format: 'ray',
      runs: [{ phase: 'inference', inputs: { count: [2, 27], replicas: [2, 19] } }],
    },
    {
      file: 'sweep-random-capped.yaml', format: 'wandb-sweep',
      runs: [{ phase: 'training', inputs: { trials: [40, 3, 'file'], perDeviceBatch: [8, 13] } }],
    },
    {
      file: 'sweep-grid-nested.yaml', format: 'wandb-sweep',
      runs: [{ phase: 'training', inputs: { trials: [12, 2, 'inferred'] }, absent: ['epochs'] }], // 2 × 3 × 2; epochs swept
    },
    {
      file: 'vllm-hyphen.yaml', format: 'vllm',
      runs: [{ phase: 'inference', inputs: { model: ['Qwen/Qwen2.5-32B-Instruct', 1], count: [8, 2, 'inferred'], precision: ['bf16', 5], maxBatch: [256, 4] } }],
    },
    {
      file: 'kaggle-unsloth.ipynb', format: 'notebook',
      runs: [{
        name: 'cell 5: trainer.train()', phase: 'training',
        inputs: {
          epochs: [2], perDeviceBatch: [2], gradAccum: [4], precision: 'fp16', // inline args=TrainingArguments(...)
          model: 'unsloth/Meta-Llama-3.1-8B-bnb-4bit', seqLen: 2048, quantization: 4, loraRank: 16, adapter: 'qlora',
          hardware: ['nvidiaTeslaT4', 48, 'inferred'], // metadata.kaggle.accelerator
        },
        absent: ['count', 'nodes'], //       `torchrun --nproc_per_node 64` is only in a cell's outputs
      }],
    },
    {
      file: 'colab-hpsearch.ipynb', format: 'notebook',
      runs: [{
        name: 'cell 2: trainer.hyperparameter_search(…)', phase: 'training',
        inputs: { trials: 8, epochs: 3, perDeviceBatch: 32, precision: 'bf16', model: 'distilbert/distilbert-base-uncased', hardware: 'L4' },
      }],
    },
    {
      file: 'train_sft.py', format: 'python',
      runs: [{
        name: 'line 25: trainer.train()', phase: 'training',
        inputs: {
          epochs: [3, 16], perDeviceBatch: [8, 17], gradAccum: [2, 18], seqLen: [1024, 19], precision: ['fp16', 20],
          model: ['meta-llama/Llama-3.2-1B', 8], quantization: [8, 10], loraRank: [64, 22], adapter: 'qlora',
        },
      }],
    },
    {
      file: 'lightning_train.py', format: 'python',
      runs: [{ phase: 'training', inputs: { count: [8, 5], nodes: [2, 5], epochs: [10, 5], precision: ['bf16', 5] } }],
    },
    {
      file: 'sagemaker_launch.py', format: 'python',
      runs: [{
        phase: 'training',
        inputs: {
          hardware: ['nvidia-a100-sxm4-40gb', 8, 'inferred'], count: [16, 8], nodes: [2, 9],
          model: ['mistralai/Mistral-7B-v0.1', 12], epochs: [2, 12], region: ['aws:eu-west-1', 5],
        },
      }],
    },
  ]);

  itCorpus('reads the anchor of a notebook run from the cell’s first source line', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'notebook/peft-dna_lm-colab-T4.ipynb'), 'utf8');
    const run = analyzeText(text, 'peft-dna_lm-colab-T4.ipynb').runs[0];
    // Cell 30 starts with "from transformers import Trainer, TrainingArguments\n" on line 820.
    assert.strictEqual(run.anchor!.startLine + 1, 820);
    assert.ok(textAt(text, run.anchor!).startsWith('from transformers import Trainer'));
  });
});

describe('orchestration formats: inline cases', () => {
  it('LeaderWorkerSet running vLLM: leader + workers per group × groups', () => {
    const yaml = [
      'apiVersion: leaderworkerset.x-k8s.io/v1', 'kind: LeaderWorkerSet', 'metadata:', '  name: vllm-405b', 'spec:', '  replicas: 2',
      '  leaderWorkerTemplate:', '    size: 2', '    leaderTemplate:', '      spec:', '        containers:', '          - name: leader',
      '            image: vllm/vllm-openai:latest', '            command: ["sh", "-c", "vllm serve meta-llama/Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline-parallel-size 2"]',
      '            resources:', '              limits:', '                nvidia.com/gpu: "8"', '    workerTemplate:', '      spec:', '        containers:',
      '          - name: worker', '            image: vllm/vllm-openai:latest', '            resources:', '              limits:', '                nvidia.com/gpu: "8"',
    ].join('\n');
    const a = analyzeText(yaml, 'lws.yaml');
    assert.strictEqual(a.format, 'vllm');
    const r = a.runs[0];
    assert.strictEqual(r.inputs.model!.value, 'meta-llama/Llama-3.1-405B-Instruct');
    assert.strictEqual(r.inputs.count!.value, 32); // TP 8 × PP 2 per replica × 2 replicas
    assert.strictEqual(r.inputs.replicas!.value, 2);
  });

  it('KServe InferenceService with a GPU model container', () => {
    const yaml = [
      'apiVersion: serving.kserve.io/v1beta1', 'kind: InferenceService', 'metadata:', '  name: llama', 'spec:', '  predictor:', '    minReplicas: 2',
      '    model:', '      modelFormat:', '        name: huggingface', '      args: ["--model_name=llama", "--model_id=meta-llama/Llama-3.1-8B-Instruct"]',
      '      resources:', '        limits:', '          nvidia.com/gpu: 1',
    ].join('\n');
    const a = analyzeText(yaml, 'isvc.yaml');
    assert.strictEqual(a.format, 'kubernetes');
    assert.strictEqual(a.runs[0].phase, 'inference');
    assert.strictEqual(a.runs[0].inputs.count!.value, 2);
    assert.strictEqual(a.runs[0].inputs.replicas!.value, 2);
  });

  it('RayCluster: head without GPUs, a worker group with numOfHosts', () => {
    const yaml = [
      'apiVersion: ray.io/v1', 'kind: RayCluster', 'metadata:', '  name: tpu', 'spec:', '  headGroupSpec:', '    template:', '      spec:', '        containers:',
      '          - name: head', '            image: rayproject/ray', '  workerGroupSpecs:', '    - groupName: w', '      replicas: 2', '      numOfHosts: 2',
      '      template:', '        spec:', '          containers:', '            - name: w', '              image: rayproject/ray', '              resources:',
      '                limits:', '                  google.com/tpu: 4',
    ].join('\n');
    const r = analyzeText(yaml, 'rc.yaml').runs[0];
    assert.strictEqual(r.inputs.count!.value, 16); // 2 replicas × 2 hosts × 4 chips
    assert.strictEqual(r.inputs.nodes!.value, 4);
  });

  it('a Job without GPUs that runs torchrun is still a training job, on CPUs (#13: never an assumed A100)', () => {
    const yaml = [
      'apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: t', 'spec:', '  template:', '    spec:', '      containers:', '        - name: t',
      '          image: pytorch/pytorch', '          command: ["torchrun", "--nproc_per_node", "4", "train.py"]',
    ].join('\n');
    const r = analyzeText(yaml, 'job.yaml').runs[0];
    assert.strictEqual(r.format, 'kubernetes');
    // No nvidia.com/gpu request: the device plugin gives the pod no GPU, so `--nproc_per_node 4` counts
    // CPU processes. One pod without a CPU request is counted at 1 vCPU (test/unit/formats.k8sCpu.test.ts).
    assert.strictEqual(r.inputs.hardware!.value, 'cpu-vcpu');
    assert.strictEqual(r.inputs.count!.value, 1);
  });

  it('SkyPilot legacy cloud/region: the region edit rewrites region (and cloud)', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/workspace/skypilot.yaml'), 'utf8');
    const run = analyzeText(text, 'skypilot.yaml').runs[0];
    assert.strictEqual(run.inputs.region!.value, 'aws:us-east-1');
    const after = applyEdits(text, planChange(text, 'skypilot.yaml', run, { field: 'region', value: 'gcp:europe-west1' })!);
    assert.match(after, /cloud: gcp\n {2}region: europe-west1/);
    assert.strictEqual(analyzeText(after, 'skypilot.yaml').runs[0].inputs.region!.value, 'gcp:europe-west1');
  });

  it('many training calls in one file stay fast (runs are capped, look-ups indexed)', function () {
    this.timeout(20_000);
    const src = 'trainer = Trainer(args=TrainingArguments(num_train_epochs=3))\ntrainer.train()\n'.repeat(20_000);
    // The time it takes is measured in `npm run bench` (section 6), not asserted here.
    const a = analyzeText(src, 'many.py');
    assert.strictEqual(a.format, 'python');
    assert.ok(a.runs.length <= 200);
    assert.strictEqual(a.runs[0].inputs.epochs!.value, 3);
  });
});

// ──────────────────────────────── notebook ranges ────────────────────────────────

describe('notebook positions map through JSON escapes', () => {
  itCorpus('points inside a one-string (minified) cell source, escaped quotes included', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'notebook/trl-sft_nemotron_3-colab-A100.ipynb'), 'utf8');
    const run = analyzeText(text, 'x.ipynb').runs[0];
    // Line 319 holds the whole cell as one JSON string: …model_id = \"nvidia/…BF16\"\n# model_id…
    assert.strictEqual(textAt(text, run.inputs.model!.range!), '\\"nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16\\"');
    assert.strictEqual(textAt(text, run.inputs.precision!.range!), 'torch.bfloat16');
    assert.strictEqual(textAt(text, run.inputs.model!.keyRange!), 'model_id');
  });

  itCorpus('points at the literal in list-form sources, one JSON string per line', () => {
    const text = fs.readFileSync(path.join(CORPUS, 'notebook/trl-sft_trl_lora_qlora-colab-T4.ipynb'), 'utf8');
    const run = analyzeText(text, 'x.ipynb').runs[0];
    assert.strictEqual(textAt(text, run.inputs.steps!.range!), '30');
    assert.strictEqual(textAt(text, run.inputs.steps!.keyRange!), 'max_steps');
    assert.strictEqual(textAt(text, run.inputs.model!.range!), '\\"unsloth/qwen3-14b-unsloth-bnb-4bit\\"');
    assert.strictEqual(textAt(text, run.inputs.loraRank!.range!), '32');
  });

  it('handles \\\\ and \\n escapes before a value on the same JSON line', () => {
    const src = 'p = "C:\\\\data\\n"; TrainingArguments(num_train_epochs=7)\ntrainer.train()';
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: [src], outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const run = analyzeText(nb, 'esc.ipynb').runs[0];
    assert.strictEqual(run.inputs.epochs!.value, 7);
    assert.strictEqual(textAt(nb, run.inputs.epochs!.range!), '7');
    assert.strictEqual(textAt(nb, run.inputs.epochs!.keyRange!), 'num_train_epochs');
  });

  it('ignores outputs: values printed by a cell are not the run', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'kaggle-unsloth.ipynb'), 'utf8');
    const run = analyzeText(text, 'kaggle-unsloth.ipynb').runs[0];
    assert.strictEqual(run.inputs.epochs!.value, 2); // the output says num_train_epochs=99
  });

  it('reads a notebook with 20 MB of outputs quickly, without scanning them', function () {
    this.timeout(30_000);
    const big = 'x'.repeat(1000);
    const outputs = [{ output_type: 'stream', name: 'stdout', text: Array.from({ length: 20_000 }, () => big + ' 8xA100 torchrun --nproc_per_node 64\n') }];
    const nb = JSON.stringify({
      cells: [
        { cell_type: 'code', metadata: {}, source: ['args = TrainingArguments(num_train_epochs=2)\n', 'trainer.train()'], outputs },
      ],
      metadata: { colab: { gpuType: 'T4' } }, nbformat: 4, nbformat_minor: 5,
    }, null, 1);
    assert.ok(nb.length > 20e6);
    // The time it takes is measured in `npm run bench` (section 6), not asserted here.
    const a = analyzeText(nb, 'big.ipynb');
    assert.strictEqual(a.format, 'notebook');
    assert.strictEqual(a.runs[0].inputs.epochs!.value, 2);
    assert.strictEqual(a.runs[0].inputs.count!.value, 1); // the Colab runtime, not the 64 in the outputs
  });
});

// ──────────────────────────────── launcher flags ────────────────────────────────

describe('launcherFlags', () => {
  const table: Array<[string, { tool: string; count?: number; nodes?: number; model?: string; quantize?: string; maxBatch?: number }]> = [
    ['torchrun --nproc_per_node 8 --nnodes 2 train.py', { tool: 'torchrun', count: 16, nodes: 2 }],
    ['torchrun --nproc-per-node=8 train.py --epochs 3', { tool: 'torchrun', count: 8, nodes: 1 }],
    ['python -m torch.distributed.run --nnodes=1:4 --nproc_per_node=4 t.py', { tool: 'torchrun', count: 4, nodes: 1 }],
    ['accelerate launch --num_processes 16 --num_machines 2 train.py', { tool: 'accelerate', count: 16, nodes: 2 }],
    ['deepspeed --num_gpus 8 --num_nodes 2 train.py --deepspeed ds.json', { tool: 'deepspeed', count: 16, nodes: 2 }],
    ['tune run --nproc_per_node 8 full_finetune_distributed --config llama3_1/70B_full', { tool: 'tune', count: 8 }],
    ['vllm serve meta-llama/Llama-3.1-8B --tensor-parallel-size 4', { tool: 'vllm', count: 4, model: 'meta-llama/Llama-3.1-8B' }],
    ['vllm serve Qwen/Qwen2.5-7B --tp 2 --max-num-seqs 64', { tool: 'vllm', count: 2, model: 'Qwen/Qwen2.5-7B', maxBatch: 64 }],
    ['python -m vllm.entrypoints.openai.api_server --model m/x -tp 2 -pp 2', { tool: 'vllm', count: 4, model: 'm/x' }],
    ['text-generation-launcher --num-shard 8 --model-id bigscience/bloom', { tool: 'tgi', count: 8, model: 'bigscience/bloom' }],
    ['text-generation-launcher --model-id x/y --quantize bitsandbytes-nf4', { tool: 'tgi', model: 'x/y', quantize: 'bitsandbytes-nf4' }],
    ['torchrun \\\n  --nproc_per_node=2 \\\n  --nnodes=3 \\\n  train.py', { tool: 'torchrun', count: 6, nodes: 3 }],
    ['cd x && torchrun --nproc_per_node "4" t.py', { tool: 'torchrun', count: 4 }],
    ['!torchrun --nproc_per_node=2 train.py', { tool: 'torchrun', count: 2 }],
    ['torchrun --nproc_per_node=$SKYPILOT_NUM_GPUS_PER_NODE t.py', { tool: 'torchrun' }], // a variable: no count
    ['docker run --gpus all -p 8080:80 ghcr.io/huggingface/text-generation-inference:2.4 --model-id x/y --num-shard 2', { tool: 'tgi', count: 2, model: 'x/y' }],
    ['docker run --runtime nvidia vllm/vllm-openai:latest --model m/n --tensor-parallel-size 2', { tool: 'vllm', count: 2, model: 'm/n' }],
  ];
  for (const [cmd, want] of table) {
    it(JSON.stringify(cmd), () => {
      const fs1 = launchersIn(cmd);
      assert.strictEqual(fs1.length, 1, JSON.stringify(fs1));
      const f = fs1[0];
      assert.strictEqual(f.tool, want.tool);
      const acc = acceleratorsOf(f);
      assert.strictEqual(acc?.count, want.count);
      if (want.nodes !== undefined) assert.strictEqual(acc?.nodes, want.nodes);
      if (want.model !== undefined) assert.strictEqual(f.model?.raw, want.model);
      if (want.quantize !== undefined) assert.strictEqual(f.quantize?.raw, want.quantize);
      if (want.maxBatch !== undefined) assert.strictEqual(f.maxBatch?.value, want.maxBatch);
    });
  }

  it('gives value offsets in the source string', () => {
    const s = 'torchrun --nproc_per_node=8 --nnodes 2 x.py';
    const f = launchersIn(s)[0];
    assert.strictEqual(s.slice(f.perNode!.start, f.perNode!.end), '8');
    assert.strictEqual(s.slice(f.nodes!.start, f.nodes!.end), '2');
    assert.strictEqual(s.slice(f.perNode!.flagStart!, f.perNode!.flagStart! + f.perNode!.flag.length), '--nproc_per_node');
  });

  it('does not read flags across commands or from comments', () => {
    assert.strictEqual(acceleratorsOf(launchersIn('torchrun t.py; echo --nproc_per_node 8')[0]), undefined);
    assert.deepStrictEqual(launchersIn('# torchrun --nproc_per_node 8'), []);
    assert.deepStrictEqual(launchersIn('pip install torchrun-helper vllm'), []);
  });

  it('reads argv lists item by item, splitting only scripts', () => {
    const words = argvWords([{ text: '/bin/bash', start: 0 }, { text: '-c', start: 10 }, { text: 'torchrun --nproc_per_node 4 t.py', start: 13 }]);
    const f = findLaunchers(words)[0];
    assert.strictEqual(acceleratorsOf(f)?.count, 4);
  });

  it('reads --quantize in any command line', () => {
    assert.strictEqual(anyFlags(shellWords('./serve.sh --port 80 --quantize bitsandbytes-nf4 --x 1')).quantize?.raw, 'bitsandbytes-nf4');
    assert.strictEqual(anyFlags(shellWords('./serve.sh --quantize=awq')).quantize?.raw, 'awq');
  });

  it('keeps quoted words whole', () => {
    assert.deepStrictEqual(shellWords(`a "b c" 'd e' f\\ g`).map((w) => w.text), ['a', 'b c', 'd e', 'f g']);
  });
});

// ──────────────────────────────── pyCalls ────────────────────────────────

describe('pyCalls', () => {
  const table: Array<[string, string, Record<string, unknown>]> = [
    // [source, callee, expected kwargs (literal values)]
    ['TrainingArguments(output_dir="a)b", num_train_epochs=3)', 'TrainingArguments', { output_dir: 'a)b', num_train_epochs: 3 }],
    ['x = f(g(h(1), 2), y=(3))', 'f', { y: 3 }],
    ['f(a=1, # comment with ) and "quote\n  b="s")', 'f', { a: 1, b: 's' }],
    ['SFTConfig(\n    max_steps = 30,   # (steps)\n    bf16=True,\n    lr=2e-4,\n)', 'SFTConfig', { max_steps: 30, bf16: true, lr: 2e-4 }],
    ['y = f"{a["k"]} {b!r:>{w}}" ; Foo(n=1)', 'Foo', { n: 1 }],
    ["s = '''triple ) ' q''' + Bar(q=-2.5e-3)", 'Bar', { q: -0.0025 }],
    ['Cfg(n=0x1F, big=1_000, t=True, none=None, s="a" "b", raw=r"c:\\d")', 'Cfg', { n: 31, big: 1000, t: true, none: null, s: 'ab', raw: 'c:\\d' }],
    ['BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.float16)', 'BitsAndBytesConfig', { load_in_4bit: true }],
    ['study.optimize(objective, n_trials=100, timeout=600)', 'study.optimize', { n_trials: 100, timeout: 600 }],
    ['tune.TuneConfig(num_samples=16, max_concurrent_trials=4)', 'tune.TuneConfig', { num_samples: 16 }],
    ['aiplatform.init(project="p", location="europe-west4")', 'aiplatform.init', { location: 'europe-west4' }],
    ['FastLanguageModel.from_pretrained(model_name="unsloth/x", max_seq_length=2048, load_in_4bit=True)', 'FastLanguageModel.from_pretrained', { model_name: 'unsloth/x', max_seq_length: 2048, load_in_4bit: true }],
    ['LoraConfig(r=16, lora_alpha=32, target_modules=["q", "v"])', 'LoraConfig', { r: 16 }],
    ['Z(k=rf"{v}", m="plain {{braces}}")', 'Z', { m: 'plain {{braces}}' }],
    ['Z(k=f"{{literal}}")', 'Z', { k: '{literal}' }],
  ];
  for (const [src, callee, kwargs] of table) {
    it(JSON.stringify(src).slice(0, 70), () => {
      const call = scanPython(src).calls.find((c) => c.callee === callee);
      assert.ok(call, `no call ${callee} in ${JSON.stringify(scanPython(src).calls.map((c) => c.callee))}`);
      for (const [k, v] of Object.entries(kwargs)) {
        const a = kwarg(call!, k);
        assert.ok(a, `missing ${k}`);
        assert.deepStrictEqual(a!.value.value, v, k);
      }
    });
  }

  it('gives offsets of calls, keys and values', () => {
    const src = 'args = TrainingArguments(\n    num_train_epochs=3,\n)\ntrainer.train()';
    const scan = scanPython(src);
    const ta = scan.calls[0];
    assert.strictEqual(ta.assignedTo, 'args');
    assert.strictEqual(src.slice(ta.start, ta.end), 'TrainingArguments(\n    num_train_epochs=3,\n)');
    const a = kwarg(ta, 'num_train_epochs')!;
    assert.strictEqual(src.slice(a.keyStart, a.keyEnd), 'num_train_epochs');
    assert.strictEqual(src.slice(a.value.start, a.value.end), '3');
    assert.strictEqual(scan.calls[1].callee, 'trainer.train');
  });

  it('does not take definitions, keywords or f-string contents for calls', () => {
    const calls = scanPython('def train(self, x): pass\nclass Trainer(Base): pass\nif (a): pass\nf"{TrainingArguments(x=1)}"').calls;
    assert.deepStrictEqual(calls.map((c) => c.callee), []);
  });

  it('records literal assignments, tuple ones included', () => {
    const { assigns } = scanPython('a, b = "m/1", 7\nc = [1, "x"]\nd = compute()\n');
    assert.deepStrictEqual(assigns.filter((x) => x.value.value !== undefined).map((x) => [x.name, x.value.value]), [['a', 'm/1'], ['b', 7]]);
    assert.deepStrictEqual(assigns.find((x) => x.name === 'c')!.value.items!.map((i) => i.value), [1, 'x']);
  });

  it('reads list and dict literals with their items', () => {
    const call = scanPython('Trainer(resources_per_node={"cpu": 5, "nvidia.com/gpu": 2}, args=["--bf16", "--lora_r=8"])').calls[0];
    assert.deepStrictEqual(kwarg(call, 'resources_per_node')!.value.entries!.map((e) => [e.key, e.value.value]), [['cpu', 5], ['nvidia.com/gpu', 2]]);
    assert.deepStrictEqual(kwarg(call, 'args')!.value.items!.map((i) => i.value), ['--bf16', '--lora_r=8']);
  });

  it('survives an unclosed bracket and keeps reading later calls', () => {
    const calls = scanPython('broken(a=1, b=(2\nOther(z=5)').calls;
    assert.ok(calls.some((c) => c.callee === 'Other' && kwarg(c, 'z')!.value.value === 5));
  });

  it('tokenizes comments away and keeps # inside strings', () => {
    assert.deepStrictEqual(tokenize('x = 1 # c\ny = "a#b"').map((t) => t.text), ['x', '=', '1', '\n', 'y', '=', '"a#b"']);
    assert.strictEqual(stringValue('"a\\tb\\"c"'), 'a\tb"c');
    assert.strictEqual(stringValue('b"bytes"'), undefined);
  });

  it('is linear on pathological input', function () {
    this.timeout(10_000);
    const src = '('.repeat(50_000) + 'f(x=1)'.repeat(20_000) + '"'.repeat(3) + 'a'.repeat(100_000);
    // Timed in `npm run bench` (section 6); here: it completes and finds the calls.
    assert.ok(scanPython(src));
  });
});

// ──────────────────────────────── textHints ────────────────────────────────

describe('inferFromText', () => {
  const hint = (text: string) => inferFromText(text, new LineIndex(text));
  const table: Array<[string, { count?: number; nodes?: number; hardware?: string; region?: string; line?: number }]> = [
    ['# This config is only tested on an 8xA100 machine.', { count: 8, hardware: 'A100' }],
    ['# ... on 1 node of 8X A100 40GB', { count: 8, nodes: 1, hardware: 'A100 40GB' }],
    ['we fine-tune on a single A100 80GB', { count: 1, hardware: 'A100 80GB' }],
    ['# needs 4 H100 GPUs', { count: 4, hardware: 'H100' }],
    ['# A100 x 4 recommended', { count: 4, hardware: 'A100' }],
    ['instance_type: p4d.24xlarge', { count: 8, hardware: 'nvidia-a100-sxm4-40gb' }],
    ['machine: a2-highgpu-8g', { count: 8, hardware: 'nvidia-a100-sxm4-40gb' }],
    ['instance: g5.12xlarge', { count: 4, hardware: 'nvidia-a10g' }],
    ['vm_size: Standard_ND96asr_v4', { count: 8, hardware: 'nvidia-a100-sxm4-40gb' }],
    ['accelerator_type="NVIDIA_L4"', { hardware: 'NVIDIA_L4' }],
    ['accel: nvidia-l4', { hardware: 'nvidia-l4' }],
    ['x: 1\n# launch:\n#   torchrun --nproc_per_node 8 --nnodes 2 train.py', { count: 16, nodes: 2, line: 3 }],
    ['accelerate launch --num_processes 16 --num_machines 2 x.py', { count: 16, nodes: 2 }],
    ['    "!torchrun --nproc_per_node=2 train.py\\n",', { count: 2 }],
    ['aws s3 ls --region us-west-2', { region: 'aws:us-west-2' }],
    ['zone: europe-west4-a', { region: 'gcp:europe-west4' }],
    ['a\n# 8xA100\n# 2x H100', { count: 8, hardware: 'A100', line: 2 }], // the first hit wins
  ];
  for (const [text, want] of table) {
    it(JSON.stringify(text).slice(0, 70), () => {
      const h = hint(text);
      assert.strictEqual(h.count?.value, want.count, 'count');
      if (want.nodes !== undefined) assert.strictEqual(h.nodes?.value, want.nodes, 'nodes');
      assert.strictEqual(h.hardware?.value, want.hardware, 'hardware');
      assert.strictEqual(h.region?.value, want.region, 'region');
      for (const s of [h.count, h.nodes, h.hardware, h.region]) if (s) assert.strictEqual(s.origin, 'inferred');
      const any = h.count ?? h.hardware ?? h.region;
      assert.ok(any?.note && /on line \d+/.test(any.note), 'the note names the line');
      if (want.line !== undefined) assert.strictEqual(any!.range!.startLine + 1, want.line);
    });
  }

  it('finds nothing in prose that only looks similar', () => {
    for (const t of ['It is 2x faster', 'a 3x3 conv', 'version 1.2.3 on node 4', 'location=os.getenv("LOCATION")', 'ratio 16:9', '0x1F mask']) {
      assert.deepStrictEqual(hint(t), {}, t);
    }
  });

  it('is linear on huge and hostile text', function () {
    this.timeout(20_000);
    const lines = [
      'a'.repeat(9_000), '8x'.repeat(4_000), 'x'.repeat(9_999), '#'.repeat(9_000) + ' gpu', '1 node of '.repeat(900),
      ('nvidia-' + 'a'.repeat(50) + ' ').repeat(100), 'region '.repeat(1_200), 'torchrun \\', '--nproc_per_node=$X \\',
    ];
    let text = '';
    while (text.length < 5e6) text += lines.join('\n') + '\n';
    // Timed in `npm run bench` (section 6); here: it completes without throwing.
    assert.doesNotThrow(() => hint(text));
  });
});

// ──────────────────────────────── edits ────────────────────────────────

describe('planEdit for orchestration formats', () => {
  function editFile(dir: string, file: string, change: Parameters<typeof planChange>[3], runIndex = 0) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const name = path.basename(file);
    const run = analyzeText(text, name).runs[runIndex];
    const edits = planChange(text, name, run, change);
    assert.ok(edits && edits.length, `no edit for ${JSON.stringify(change)}`);
    const after = applyEdits(text, edits!);
    return { before: text, after, analysis: analyzeText(after, name) };
  }

  itCorpus('SkyPilot: swaps the accelerator and keeps the count', () => {
    const { after, analysis } = editFile(CORPUS, 'skypilot/llama31-lora.yaml', { field: 'hardware', value: 'nvidia-h100-sxm5-80gb' });
    assert.match(after, /accelerators: H100:8/);
    assert.strictEqual(analysis.runs[0].inputs.count!.value, 8);
  });

  it('SkyPilot: rewrites infra to another region', () => {
    const { after } = editFile(FIXTURES, 'sky-infra-anyof.sky.yaml', { field: 'region', value: 'gcp:europe-north1' });
    assert.match(after, /infra: gcp\/europe-north1/);
  });

  itCorpus('SkyPilot: adds infra when the task names no region', () => {
    const { after, analysis } = editFile(CORPUS, 'skypilot/distributed-pytorch-train.yaml', { field: 'region', value: 'aws:eu-north-1' });
    assert.match(after, /resources:\n {4}infra: aws\/eu-north-1\n {4}cpus: 4\+/);
    assert.strictEqual(analysis.runs[0].inputs.region!.value, 'aws:eu-north-1');
  });

  itCorpus('Kubernetes: changes the GKE accelerator label', () => {
    const { after, analysis } = editFile(CORPUS, 'kubernetes/gke-trl-lora-sft-job.yaml', { field: 'hardware', value: 'nvidia-a100-sxm4-80gb' });
    assert.match(after, /cloud\.google\.com\/gke-accelerator: nvidia-a100-80gb/);
    assert.strictEqual(analysis.runs[0].inputs.hardware!.value, 'nvidia-a100-80gb');
  });

  itCorpus('vLLM: adds quantization to a config file', () => {
    const { after, analysis } = editFile(CORPUS, 'vllm/vllm-serve-config-test_config_with_model.yaml', { field: 'quantization', value: 8 });
    assert.match(after, /trust_remote_code: true\nquantization: fp8/);
    assert.strictEqual(analysis.runs[0].inputs.quantization!.value, 8);
  });

  it('vLLM: replaces the quantization flag of a Deployment', () => {
    const { after } = editFile(FIXTURES, 'k8s-vllm-deployment.yaml', { field: 'quantization', value: 4 });
    assert.match(after, /- "awq"/);
  });

  itCorpus('notebook: replaces a keyword literal inside a JSON string', () => {
    const { after, analysis } = editFile(CORPUS, 'notebook/trl-sft_trl_lora_qlora-colab-T4.ipynb', { field: 'steps', value: 60 });
    JSON.parse(after);
    assert.match(after, /"    max_steps = 60,\\n"/);
    assert.strictEqual(analysis.runs[0].inputs.steps!.value, 60);
  });

  itCorpus('notebook: adds load_in_4bit=True to the model load, keeping the JSON valid', () => {
    const { after, analysis } = editFile(CORPUS, 'notebook/trl-sft_nemotron_3-colab-A100.ipynb', { field: 'quantization', value: 4 });
    JSON.parse(after);
    assert.match(after, /dtype=torch\.bfloat16, load_in_4bit=True,\\n\)/);
    assert.strictEqual(analysis.runs[0].inputs.quantization!.value, 4);
  });

  it('notebook: switches fp16 to bf16 by renaming the keyword', () => {
    const { after, analysis } = editFile(FIXTURES, 'kaggle-unsloth.ipynb', { field: 'precision', value: 'bf16' });
    JSON.parse(after);
    assert.strictEqual(analysis.runs[0].inputs.precision!.value, 'bf16');
  });

  itCorpus('notebook: swaps a Vertex accelerator enum, escaped for JSON', () => {
    const { after, analysis } = editFile(CORPUS, 'notebook/vertex-trl-lora-sft.ipynb', { field: 'hardware', value: 'nvidia-h100-sxm5-80gb' });
    JSON.parse(after);
    assert.match(after, /accelerator_type=\\"NVIDIA_H100_80GB\\"/);
    assert.strictEqual(analysis.runs[0].inputs.hardware!.value, 'NVIDIA_H100_80GB');
  });

  it('python: moves an 8-bit base to 4-bit', () => {
    const { after } = editFile(FIXTURES, 'train_sft.py', { field: 'quantization', value: 4 });
    assert.match(after, /BitsAndBytesConfig\(load_in_4bit=True\)/);
  });
});
