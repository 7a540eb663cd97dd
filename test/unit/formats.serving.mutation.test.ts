// The serving reader (src/formats/handlers/serving.ts): vLLM production-stack Helm values, docker-compose
// services, a Deployment running the engine's own entrypoint, `vllm serve --config` files and the
// what-if edits written into them. Written to kill mutants that survived (issue #19): each test
// asserts what a user sees (a count, a name, a warning, the text of an edit) with the value derived
// by hand in a comment; `[value, line]` gives the 1-based line the value is read from.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSpec } from '../../src/core/runSpec';
import { analyzeText } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import type { Change, TextEditSpec } from '../../src/formats/types';

const DIR = path.resolve(__dirname, '../fixtures/serving');

function analyze(text: string, fileName: string) {
  const a = analyzeText(text, fileName);
  assert.strictEqual(a.error, undefined);
  return a;
}

function fixture(file: string, fileName = file) {
  return analyze(fs.readFileSync(path.join(DIR, file), 'utf8'), fileName);
}

/** value and 1-based line of a run input (line 0 when it has no range). */
function at(run: RunSpec, field: keyof RunSpec['inputs']): [unknown, number] {
  const f = run.inputs[field];
  assert.ok(f, `${run.name}: ${String(field)} missing (have ${Object.keys(run.inputs).join(', ')})`);
  return [f!.value, f!.range ? f!.range.startLine + 1 : 0];
}

function applyEdits(text: string, edits: TextEditSpec[]): string {
  const lines = text.split('\n');
  const offset = (l: number, c: number) => lines.slice(0, l).reduce((s, x) => s + x.length + 1, 0) + c;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.startLine, b.range.startCol) - offset(a.range.startLine, a.range.startCol))) {
    out = out.slice(0, offset(e.range.startLine, e.range.startCol)) + e.newText + out.slice(offset(e.range.endLine, e.range.endCol));
  }
  return out;
}

/** The file after the what-if, or undefined when the reader plans no edit. */
function edited(text: string, fileName: string, change: Change, runIndex = 0): string | undefined {
  const run = analyze(text, fileName).runs[runIndex];
  const edits = planChange(text, fileName, run, change);
  return edits ? applyEdits(text, edits) : undefined;
}

describe('serving reader (mutation tests)', () => {
  describe('vLLM production-stack Helm values', () => {
    const a = () => fixture('production-stack-values-gpu-selector.yaml');

    it('reads one run per model spec, skipping an entry that is not a map', () => {
      // modelSpec has four items; the third is a bare string ("not-a-model-spec") and is no model.
      assert.strictEqual(a().format, 'vllm');
      assert.deepStrictEqual(a().runs.map((r) => r.name), ['llama3', 'mistralai/Mistral-7B-Instruct-v0.2', 'model']);
      // Each run is anchored on its spec's first key: `- name: "llama3"` (line 6), `- modelURL:` (29),
      // `- repository:` (35).
      assert.deepStrictEqual(a().runs.map((r) => [r.phase, r.format, r.anchor!.startLine + 1]), [['inference', 'vllm', 6], ['inference', 'vllm', 29], ['inference', 'vllm', 35]]);
    });

    it('llama3: devices = tensorParallelSize × replicaCount, extraArgs flags win over vllmConfig keys', () => {
      const r = a().runs[0];
      assert.deepStrictEqual(at(r, 'model'), ['meta-llama/Llama-3.1-8B-Instruct', 9]); // modelURL
      assert.deepStrictEqual(at(r, 'replicas'), [2, 10]); //                                 replicaCount: 2
      assert.deepStrictEqual(at(r, 'count'), [4, 15]); //   tensorParallelSize: 2 (line 15) × 2 replicas = 4
      assert.strictEqual(r.inputs.count!.origin, 'inferred');
      // extraArgs ["--quantization", "fp8", "--max-num-seqs", "48"] (line 18): fp8 is 8-bit and sets the
      // precision (over dtype: bfloat16), and 48 beats vllmConfig.maxNumSeqs: 32 (the flag is what vLLM uses).
      assert.deepStrictEqual(at(r, 'quantization'), [8, 18]);
      assert.deepStrictEqual(at(r, 'precision'), ['fp8', 18]);
      assert.deepStrictEqual(at(r, 'maxBatch'), [48, 18]);
      // requestGPU: 2 equals the tensor-parallel size: nothing to warn about.
      assert.deepStrictEqual(r.warnings, []);
    });

    it('llama3: device type and region from nodeSelectorTerms matchExpressions', () => {
      const r = a().runs[0];
      assert.deepStrictEqual(at(r, 'hardware'), ['NVIDIA-A100-SXM4-80GB', 24]); // values: - "NVIDIA-A100-SXM4-80GB"
      assert.strictEqual(r.inputs.hardware!.key, 'nvidia.com/gpu.product');
      assert.strictEqual(r.inputs.hardware!.keyRange!.startLine + 1, 21); //    - key: nvidia.com/gpu.product
      assert.deepStrictEqual(at(r, 'region'), ['aws:us-east-1', 28]); //         us-east-1 is an AWS region id
    });

    it('second spec: unnamed, so named by its model; pipelineParallelSize vs requestGPU warns', () => {
      const r = a().runs[1];
      assert.deepStrictEqual(at(r, 'model'), ['mistralai/Mistral-7B-Instruct-v0.2', 29]);
      assert.deepStrictEqual(at(r, 'replicas'), [1, 30]);
      assert.deepStrictEqual(at(r, 'count'), [2, 33]); // pipelineParallelSize: 2 × 1 replica
      assert.strictEqual(r.inputs.hardware, undefined);
      assert.strictEqual(r.inputs.region, undefined);
      assert.deepStrictEqual(r.warnings, ['pipelineParallelSize is 2 but requestGPU requests 4 GPUs per replica; the engine uses 2.']);
    });

    it('third spec: neither name nor model, counted from requestGPU', () => {
      const r = a().runs[2];
      assert.deepStrictEqual(at(r, 'count'), [1, 36]); // requestGPU: 1
      assert.strictEqual(r.inputs.model, undefined);
    });
  });

  describe('vLLM production-stack: a spec with its own dtype and batch, and selectors without values', () => {
    const text = ['servingEngineSpec:', '  modelSpec:', '  - name: small', '    modelURL: m/x', '    vllmConfig:', '      dtype: float16', '      maxNumSeqs: 16',
      '      extraArgs: ["--enforce-eager", {unexpected: 1}]', '    nodeSelectorTerms:', '      - matchExpressions:', '        - key: nvidia.com/gpu.product', '          operator: Exists',
      '        - operator: In', '          values: ["NVIDIA-L4"]'].join('\n') + '\n';

    it('dtype float16 is the precision and maxNumSeqs the batch; no device from selectors that name none', () => {
      const r = analyze(text, 'values.yaml').runs[0];
      assert.strictEqual(r.name, 'small');
      assert.deepStrictEqual(at(r, 'precision'), ['fp16', 6]);
      assert.deepStrictEqual(at(r, 'maxBatch'), [16, 7]);
      // `operator: Exists` has no value, and the other expression has no key: neither names a device.
      assert.strictEqual(r.inputs.hardware, undefined);
      assert.deepStrictEqual(r.notes, ['No tensor-parallel size given: vLLM uses 1 GPU per replica.']);
    });
  });

  describe('docker-compose services', () => {
    const a = () => fixture('compose-vllm-env-list.yaml');

    it('one run per vLLM service; redis is not one', () => {
      assert.strictEqual(a().format, 'vllm');
      assert.deepStrictEqual(a().runs.map((r) => [r.name, r.anchor!.startLine + 1]), [['service vllm', 5], ['service vllm-small', 21]]);
    });

    it('list-style environment (NAME=value) gives the model and the tensor-parallel size', () => {
      const r = a().runs[0];
      assert.deepStrictEqual(at(r, 'model'), ['Qwen/Qwen2.5-7B-Instruct', 10]); // - MODEL=Qwen/Qwen2.5-7B-Instruct
      assert.strictEqual(r.inputs.model!.key, 'MODEL');
      assert.deepStrictEqual(at(r, 'replicas'), [3, 14]); //                      deploy.replicas: 3
      // TENSOR_PARALLEL_SIZE=2 (line 12) × 3 replicas = 6; `count: all` is no number and is ignored.
      assert.deepStrictEqual(at(r, 'count'), [6, 12]);
      assert.deepStrictEqual(at(r, 'maxBatch'), [16, 7]); // command: ["--max-num-seqs", "16", …]
      assert.deepStrictEqual(r.warnings, []);
    });

    it('a flag on the command line beats the environment; a device count that disagrees warns', () => {
      const r = a().runs[1];
      assert.deepStrictEqual(at(r, 'model'), ['microsoft/phi-2', 23]); // --model, not MODEL: ignored/by-the-flag
      assert.deepStrictEqual(at(r, 'count'), [1, 23]); //                   --tensor-parallel-size 1
      assert.deepStrictEqual(r.warnings, ['tensor-parallel-size is 1 but count requests 4 GPUs per replica; the engine uses 1.']);
    });
  });

  describe('Kubernetes workload running the engine image', () => {
    // Read as deploy/…: the run is named after the file's base name when metadata.name is absent.
    const a = () => fixture('k8s-vllm-image-entrypoint.yaml', 'deploy/k8s-vllm-image-entrypoint.yaml');

    it('names the run by kind and file name, takes the model from the hf.co/model label', () => {
      const r = a().runs[0];
      assert.strictEqual(r.name, 'Deployment k8s-vllm-image-entrypoint.yaml');
      // args[0] "/models/local" is a path in the container, not a model id: the pod label gives it,
      // with `--` turned into `/`.
      assert.deepStrictEqual(at(r, 'model'), ['mistralai/Mistral-7B-v0.3', 11]);
    });

    it('image entrypoint: args are engine flags; nvidia.com/gpu that disagrees warns by name', () => {
      const r = a().runs[0];
      assert.deepStrictEqual(at(r, 'count'), [2, 16]); // --tensor-parallel-size 2 × replicas: 1
      assert.deepStrictEqual(r.warnings, ['tensor-parallel-size is 2 but nvidia.com/gpu requests 4 GPUs per replica; the engine uses 2.']);
    });
  });

  describe('docker-compose services started by a launcher or by the image alone', () => {
    const compose = (...lines: string[]) => lines.join('\n') + '\n';

    it('`command: vllm serve MODEL …`: the launcher\'s positional model and flags', () => {
      const a = analyze(compose('services:', '  api:', '    image: python:3.11', '    command: vllm serve Qwen/Qwen2.5-7B-Instruct --tensor-parallel-size 2'), 'docker-compose.yml');
      assert.strictEqual(a.format, 'vllm');
      // `vllm` and `serve` are the launcher, not the model.
      assert.deepStrictEqual(at(a.runs[0], 'model'), ['Qwen/Qwen2.5-7B-Instruct', 4]);
      assert.deepStrictEqual(at(a.runs[0], 'count'), [2, 4]);
    });

    it('TGI image without a command: the environment configures it', () => {
      const a = analyze(compose('services:', '  tgi:', '    image: ghcr.io/huggingface/text-generation-inference:2.4.0', '    environment:', '      MODEL_ID: HuggingFaceH4/zephyr-7b-beta', '      NUM_SHARD: "2"'), 'docker-compose.yml');
      assert.strictEqual(a.format, 'tgi');
      assert.deepStrictEqual(at(a.runs[0], 'model'), ['HuggingFaceH4/zephyr-7b-beta', 5]);
      assert.deepStrictEqual(at(a.runs[0], 'count'), [2, 6]); // NUM_SHARD "2"
    });
  });

  describe('hardware what-if on a vLLM Deployment', () => {
    it('writes the GKE label of the new device (nvidia-a100-sxm4-80gb is `nvidia-a100-80gb` on GKE)', () => {
      const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/formats/orchestration/k8s-vllm-deployment.yaml'), 'utf8');
      const after = edited(text, 'k8s-vllm-deployment.yaml', { field: 'hardware', value: 'nvidia-a100-sxm4-80gb' });
      assert.ok(after?.includes('        cloud.google.com/gke-accelerator: nvidia-a100-80gb\n'), after);
    });
  });

  describe('`vllm serve --config` files', () => {
    const cfg = (...lines: string[]) => lines.join('\n') + '\n';

    it('two distinct engine keys and no model: a vLLM config, named after the file', () => {
      const a = analyze(cfg('tensor_parallel_size: 2', 'max_num_seqs: 8'), 'configs/serve.yaml');
      assert.strictEqual(a.format, 'vllm');
      assert.strictEqual(a.runs[0].name, 'serve.yaml');
      assert.deepStrictEqual(at(a.runs[0], 'count'), [2, 1]);
      assert.ok(a.runs[0].notes.includes('A `vllm serve MODEL` argument on the command line overrides `model:` in this file.'));
    });

    it('one distinct key is enough with `model:`; served_model_name names the run', () => {
      const a = analyze(cfg('model: meta-llama/Llama-3.1-8B', 'served_model_name: chat', 'tensor_parallel_size: 4'), 'serve.yaml');
      assert.strictEqual(a.format, 'vllm');
      assert.strictEqual(a.runs[0].name, 'chat');
      assert.deepStrictEqual(at(a.runs[0], 'count'), [4, 3]);
      const b = analyze(cfg('model: meta-llama/Llama-3.1-8B', 'max_num_seqs: 64'), 'serve.yaml');
      assert.strictEqual(b.runs[0].name, 'meta-llama/Llama-3.1-8B'); // no served_model_name: the model
      assert.deepStrictEqual(at(b.runs[0], 'maxBatch'), [64, 2]);
    });

    it('one distinct key without `model:` is not enough', () => {
      assert.notStrictEqual(analyze(cfg('max_num_seqs: 8', 'port: 8000'), 'serve.yaml').format, 'vllm');
    });

    it('needs 60 % of the keys to be vLLM arguments: 3 of 5 is enough, 2 of 5 is not', () => {
      // 3 of 5 known (tensor_parallel_size, max_num_seqs, seed): 3 < 5 × 0.6 = 3 is false → a config.
      const yes = analyze(cfg('tensor_parallel_size: 2', 'max_num_seqs: 8', 'seed: 1', 'learning_rate: 0.1', 'epochs: 3'), 'serve.yaml');
      assert.strictEqual(yes.format, 'vllm');
      // 2 of 5: 2 < 3 → some other YAML file that happens to share two names.
      const no = analyze(cfg('tensor_parallel_size: 2', 'max_num_seqs: 8', 'learning_rate: 0.1', 'epochs: 3', 'optimizer: adam'), 'serve.yaml');
      assert.notStrictEqual(no.format, 'vllm');
    });

    it('a multi-document YAML file is not a config file', () => {
      const a = analyze(cfg('tensor_parallel_size: 2', 'max_num_seqs: 8', '---', 'tensor_parallel_size: 4', 'max_num_seqs: 8'), 'serve.yaml');
      assert.notStrictEqual(a.format, 'vllm');
    });

    it('data_parallel_size multiplies the devices; quantization: awq is 4-bit', () => {
      // tensor 2 × data 2 = 4 devices, anchored on the first part (line 1).
      const a = analyze(cfg('model: m/x', 'tensor_parallel_size: 2', 'data_parallel_size: 2', 'quantization: awq'), 'serve.yaml');
      assert.deepStrictEqual(at(a.runs[0], 'count'), [4, 2]);
      assert.deepStrictEqual(at(a.runs[0], 'quantization'), [4, 4]);
    });
  });

  describe('what-if edits', () => {
    const cfg = (...lines: string[]) => lines.join('\n') + '\n';

    it('quantization 4 appends `quantization: awq`; precision fp8 appends `quantization: fp8`', () => {
      const text = cfg('model: m/x', 'tensor_parallel_size: 2');
      assert.strictEqual(edited(text, 'serve.yaml', { field: 'quantization', value: 4 }), cfg('model: m/x', 'tensor_parallel_size: 2', 'quantization: awq'));
      assert.strictEqual(edited(text, 'serve.yaml', { field: 'precision', value: 'fp8' }), cfg('model: m/x', 'tensor_parallel_size: 2', 'quantization: fp8'));
    });

    it('hyphenated keys get a hyphenated new key; an existing quantization is replaced in place', () => {
      assert.strictEqual(edited(cfg('model: m/x', 'max-num-seqs: 8'), 'serve.yaml', { field: 'quantization', value: 8 }), cfg('model: m/x', 'max-num-seqs: 8', 'quantization: fp8'));
      assert.strictEqual(edited(cfg('model: m/x', 'max_num_seqs: 8', 'quantization: awq'), 'serve.yaml', { field: 'quantization', value: 8 }), cfg('model: m/x', 'max_num_seqs: 8', 'quantization: fp8'));
    });

    it('a quantization inferred from the model id is not overwritten: the key is added', () => {
      // The model id names AWQ weights, so quantization is 4 (inferred, with the model's range);
      // replacing that range with `fp8` would rename the model.
      const text = cfg('model: TheBloke/Llama-2-7B-AWQ', 'max_num_seqs: 8');
      assert.strictEqual(edited(text, 'serve.yaml', { field: 'quantization', value: 8 }), cfg('model: TheBloke/Llama-2-7B-AWQ', 'max_num_seqs: 8', 'quantization: fp8'));
    });

    it('precision bf16 rewrites `dtype:`, or adds it; `dtype: auto` is left alone rather than duplicated', () => {
      assert.strictEqual(edited(cfg('model: m/x', 'max_num_seqs: 8', 'dtype: float16'), 'serve.yaml', { field: 'precision', value: 'bf16' }), cfg('model: m/x', 'max_num_seqs: 8', 'dtype: bfloat16'));
      assert.strictEqual(edited(cfg('model: m/x', 'max_num_seqs: 8'), 'serve.yaml', { field: 'precision', value: 'fp32' }), cfg('model: m/x', 'max_num_seqs: 8', 'dtype: float32'));
      assert.strictEqual(edited(cfg('model: m/x', 'max_num_seqs: 8', 'dtype: auto'), 'serve.yaml', { field: 'precision', value: 'bf16' }), undefined);
      // int8 is no dtype vLLM takes.
      assert.strictEqual(edited(cfg('model: m/x', 'max_num_seqs: 8'), 'serve.yaml', { field: 'precision', value: 'int8' }), undefined);
    });

    it('a device-count what-if rewrites tensor_parallel_size, not quantization', () => {
      const text = cfg('model: m/x', 'tensor_parallel_size: 2');
      assert.strictEqual(edited(text, 'serve.yaml', { field: 'count', value: 4 }), cfg('model: m/x', 'tensor_parallel_size: 4'));
    });

    it('TGI: quantization 4 is bitsandbytes-nf4 in place; none to replace means no edit', () => {
      const compose = (flags: string) => cfg('services:', '  tgi:', '    image: ghcr.io/huggingface/text-generation-inference:2.4.0', `    command: --model-id m/x ${flags}`);
      assert.strictEqual(edited(compose('--quantize fp8'), 'docker-compose.yaml', { field: 'quantization', value: 4 }), compose('--quantize bitsandbytes-nf4'));
      assert.strictEqual(edited(compose('--num-shard 2'), 'docker-compose.yaml', { field: 'quantization', value: 4 }), undefined);
      // precision as a dtype is vLLM's spelling only.
      assert.strictEqual(edited(compose('--num-shard 2'), 'docker-compose.yaml', { field: 'precision', value: 'bf16' }), undefined);
    });
  });
});
