// Which files a launch line points at (src/formats/handlers/shell.ts, `refsOf`/`primaryRef`): the
// references the editor opens and reads, and the one whose values the run takes (`perTrialConfig`, where
// the lens links). accelerate's own `--config_file` before the script vs the script's after it, DeepSpeed
// configs, a YAML given positionally, data files that are not configs, flags without a usable value,
// `python -m` modules, and a serving engine's JSON options. Expected lists are read off each line by hand.
import * as assert from 'assert';
import { analyzeText } from '../../src/formats';

function refs(line: string, siblings: string[] = []): { references: string[]; config?: string; shown?: string } {
  const a = analyzeText(`${line}\n`, 'launch.sh', { siblings: new Map(siblings.map((s) => [s, 'x: 1\n'])) });
  const p = a.runs[0]?.perTrialConfig;
  return { references: a.references, config: p?.path, shown: p && line.slice(p.range.startCol, p.range.endCol) };
}
const TAIL = '--model_name_or_path gpt2 --max_steps 1';

describe('Launch lines: the files they point at', () => {
  it('accelerate: `--config_file` before the script is accelerate\'s, after it the script\'s (which the run takes)', () => {
    const r = refs(`accelerate launch --config_file configs/fsdp.yaml train.py --config_file recipe.yaml ${TAIL}`);
    assert.deepStrictEqual(r.references, ['configs/fsdp.yaml', 'train.py', 'recipe.yaml']);
    assert.deepStrictEqual([r.config, r.shown], ['recipe.yaml', 'recipe.yaml']);
  });

  it('the file at hand is preferred: with only the accelerate config in the workspace, the run takes it', () => {
    const line = `accelerate launch --config_file=configs/fsdp.yaml train.py ${TAIL}`;
    assert.strictEqual(refs(line).config, 'train.py');
    assert.deepStrictEqual(refs(line, ['configs/fsdp.yaml']), { references: ['configs/fsdp.yaml', 'train.py'], config: 'configs/fsdp.yaml', shown: 'configs/fsdp.yaml' });
  });

  it('DeepSpeed configs by `--deepspeed x` and `--deepspeed_config=x` are references; the script comes before them', () => {
    const a = refs(`torchrun --nproc_per_node=8 train.py --deepspeed ds_config.json ${TAIL}`);
    assert.deepStrictEqual([a.references, a.config], [['train.py', 'ds_config.json'], 'train.py']);
    assert.deepStrictEqual(refs(`torchrun --nproc_per_node=8 train.py --deepspeed_config=zero3.json ${TAIL}`).references, ['train.py', 'zero3.json']);
  });

  it('a YAML given after the script is its config (case of the flag aside); a data file is not', () => {
    const r = refs(`torchrun --nproc_per_node=8 train.py recipes/sft.yaml --data_path data/train.json ${TAIL}`);
    assert.deepStrictEqual([r.references, r.config], [['train.py', 'recipes/sft.yaml'], 'recipes/sft.yaml']);
    assert.deepStrictEqual(refs(`torchrun --nproc_per_node=8 train.py --CONFIG-PATH conf/a.yaml ${TAIL}`).references, ['train.py', 'conf/a.yaml']);
    assert.deepStrictEqual(refs(`torchrun --nproc_per_node=8 train.py out=run.json ${TAIL}`).references, ['train.py']);
  });

  it('a config flag without a usable value names no file: followed by a flag, a variable, or nothing', () => {
    assert.deepStrictEqual(refs(`torchrun --nproc_per_node=8 train.py --config -v ${TAIL}`).references, ['train.py']);
    assert.deepStrictEqual(refs(`torchrun --nproc_per_node=8 train.py --config $CFG ${TAIL}`).references, ['train.py']);
    assert.deepStrictEqual(refs('torchrun --nproc_per_node=8 train.py --config').references, ['train.py']);
  });

  it('`-m pkg.train` is pkg/train.py, shown at the module name; a glob script is no file', () => {
    const r = refs(`torchrun --nproc_per_node=8 -m pkg.train ${TAIL}`);
    assert.deepStrictEqual([r.references, r.config, r.shown], [['pkg/train.py'], 'pkg/train.py', 'pkg.train']);
    assert.deepStrictEqual(refs(`torchrun --nproc_per_node=8 scripts/run*.py ${TAIL}`).references, []);
  });

  it('a serving engine: `--config serve.yaml` is its config, a JSON chat template is not', () => {
    assert.deepStrictEqual(refs('vllm serve meta-llama/Llama-3.1-8B --config serve.yaml --chat-template t.json').references, ['serve.yaml']);
  });
});
