// A launch script that changes folder before it launches (TheoViel/kaggle_islr train_ddp.sh: `cd src`, then
// `torchrun --nproc_per_node=8 main.py`): the files the command names are looked up from that folder.
import * as assert from 'assert';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';

const MAIN = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--epochs", type=int, default=12)\n';
const script = (cd: string) => `export OMP_NUM_THREADS=1\n${cd}\ntorchrun --nproc_per_node=4 main.py --lr 1e-3\n`;
const epochsWith = (cd: string, files: Record<string, string>) =>
  evaluateText(script(cd), 'train_ddp.sh', normalizeSettings({}), new Map(Object.entries(files))).estimates[0].inputs.epochs?.value;

describe('shell: the folder a launch runs in', () => {
  it('`cd src` before `torchrun main.py` names src/main.py, whose --epochs default is read', () => {
    assert.deepStrictEqual(analyzeText(script('cd src'), 'train_ddp.sh').references, ['src/main.py']);
    assert.strictEqual(epochsWith('cd src', { 'src/main.py': MAIN }), 12);
  });

  it('follows several literal steps, `./` and `..`, and pushd', () => {
    assert.deepStrictEqual(analyzeText(script('cd ./code/train\ncd ..\npushd exp'), 't.sh').references, ['code/exp/main.py']);
  });

  it('stops following after a cd it cannot read: the name stays as written', () => {
    for (const cd of ['cd $WORK', 'cd /abs/dir', 'cd ~/proj', 'cd ..', 'cd src\ncd "$(dirname "$0")"']) {
      assert.deepStrictEqual(analyzeText(script(cd), 't.sh').references, ['main.py'], cd);
    }
    // Without a cd the script's own folder: the file beside it.
    assert.strictEqual(epochsWith('echo start', { 'main.py': MAIN }), 12);
  });
});
