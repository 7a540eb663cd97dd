// torchtitan job configs (src/formats/handlers/torchtitan.ts), the srun-per-node torchrun launch that runs
// them, and a plain python launch with a project's own length flag. Fixtures in test/fixtures/torchtitan
// imitate pytorch/torchtitan train_configs/llama3_8b.toml, run_8node.sh and sotopia-rl's train_sft.sh.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';

const dir = path.join(__dirname, '..', 'fixtures', 'torchtitan');
const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const TOML = read('llama3_8b_tp.toml');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle));

describe('torchtitan job configs', () => {
  it('reads the model flavor, steps, sequence length and the batch per GPU under tensor parallelism', () => {
    const a = analyzeText(TOML, 'llama3_8b_tp.toml');
    assert.strictEqual(a.format, 'torchtitan');
    const r = a.runs[0];
    assert.strictEqual(r.name, 'Llama 3 8B, 2-way tensor parallel');
    // torchtitan's llama3 8B flavor is the Llama 3.1 architecture.
    assert.strictEqual(r.inputs.model?.value, 'meta-llama/Llama-3.1-8B');
    assert.strictEqual(r.inputs.model?.range?.startLine, lineOf(TOML, 'flavor'));
    assert.strictEqual(r.inputs.steps?.value, 500);
    assert.strictEqual(r.inputs.seqLen?.value, 8192);
    // batch_size 4 per data-parallel rank, shared by the 2 GPUs of a tensor-parallel pair: 2 per GPU.
    assert.strictEqual(r.inputs.perDeviceBatch?.value, 2);
    assert.strictEqual(r.inputs.perDeviceBatch?.origin, 'inferred');
    assert.strictEqual(r.inputs.gradientCheckpointing?.value, true);
  });

  it('without tensor parallelism the batch is per GPU as written; selective recomputation is named, not counted', () => {
    const plain = TOML.replace('tensor_parallel_degree = 2', 'tensor_parallel_degree = 1').replace("mode = 'full'", "mode = 'selective'");
    const r = analyzeText(plain, 'x.toml').runs[0];
    assert.strictEqual(r.inputs.perDeviceBatch?.value, 4);
    assert.strictEqual(r.inputs.perDeviceBatch?.origin, 'file');
    assert.strictEqual(r.inputs.gradientCheckpointing, undefined);
    assert.ok(r.notes.some((n) => n.startsWith("activation_checkpoint.mode = 'selective'")), r.notes.join('\n'));
    // Newer torchtitan: [parallelism] and local_batch_size; float8 → fp8.
    const newer = '[model]\nname = "qwen3"\nflavor = "0.6B"\n\n[training]\nlocal_batch_size = 8\nseq_len = 4096\nsteps = 100\n\n[parallelism]\ntensor_parallel_degree = 4\n\n[float8]\nenable_float8_linear = true\n';
    const n = analyzeText(newer, 'q.toml').runs[0];
    assert.strictEqual(n.inputs.model?.value, 'Qwen/Qwen3-0.6B');
    assert.strictEqual(n.inputs.perDeviceBatch?.value, 2);
    assert.strictEqual(n.inputs.precision?.value, 'fp8');
  });

  it('is not claimed without [model] name and flavor', () => {
    assert.notStrictEqual(analyzeText(TOML.replace('flavor = "8B"\n', ''), 'x.toml').format, 'torchtitan');
    assert.notStrictEqual(analyzeText('[model]\nname = "x"\nflavor = "8B"\n', 'x.toml').format, 'torchtitan');
  });
});

describe('srun starting one torchrun per node, reading a torchtitan config', () => {
  it('counts 8 processes on each of the 4 nodes and fills the run from the TOML', () => {
    const script = read('run_multinode.sh');
    const e = evaluateText(script, 'run_multinode.sh', normalizeSettings({}), new Map([['./llama3_8b_tp.toml', TOML]])).estimates[0];
    assert.strictEqual(e.inputs.count?.value, 32);
    assert.strictEqual(e.inputs.nodes?.value, 4);
    assert.strictEqual(e.inputs.model?.value, 'meta-llama/Llama-3.1-8B');
    // 2 per GPU × 32 GPUs = 64 sequences a step × 8,192 tokens × 500 steps = 262,144,000 tokens.
    assert.strictEqual(e.inputs.tokens?.value, 262_144_000);
    assert.deepStrictEqual(e.missing, []);
  });

  it('a torchrun not under srun, or with its own --nnodes, keeps its own count', () => {
    const direct = read('run_multinode.sh').replace('srun -p gpu -n 4 -N 4 --ntasks-per-node=1 --gpus-per-task=8 \\\n', '#SBATCH --nodes=4\n');
    assert.strictEqual(analyzeText(direct, 'run.sh').runs[0].inputs.count?.value, 8);
    const nnodes = read('run_multinode.sh').replace('torchrun --nproc_per_node 8', 'torchrun --nproc_per_node 8 --nnodes 2');
    assert.strictEqual(analyzeText(nnodes, 'run.sh').runs[0].inputs.count?.value, 16);
  });
});

describe('a plain python launch with the project\'s own length flag', () => {
  it('is a launch script: --num_epochs marks a training run, the model folder names the model', () => {
    const a = analyzeText(read('sft_custom_flags.sh'), 'sft_custom_flags.sh');
    assert.strictEqual(a.format, 'shell');
    const r = a.runs[0];
    assert.strictEqual(r.inputs.epochs?.value, 2);
    assert.strictEqual(r.inputs.count?.value, 1);
    assert.match(String(r.inputs.model?.value), /gemma-2-2b-it$/);
    assert.strictEqual(r.inputs.adapter?.value, 'lora');
    // Without a length flag, a python command with only a model is not claimed as a training run.
    assert.strictEqual(analyzeText('python /x/eval.py --model_name /data/models/gemma-2-2b-it\n', 'eval.sh').format, 'unknown');
  });
});
