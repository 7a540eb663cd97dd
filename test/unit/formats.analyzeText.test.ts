// The analyser's own rules (src/formats/index.ts), apart from any one format: which syntax a file is
// read as (by name, by a notebook's keys inside a .json, by a `#!…sh` first line), how a YAML file with
// a broken document is read (its good documents, said so) or refused (a syntax error is never guessed
// past), and hardware facts filled from the file's comments only where the config is silent.
import * as assert from 'assert';
import { analyzeText, syntaxOf } from '../../src/formats';

const JOB = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: a',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: t',
  '          image: pytorch/pytorch',
  '          command: ["torchrun", "--nproc_per_node=8", "train.py", "--model_name_or_path", "gpt2", "--max_steps", "10"]',
  '          resources:',
  '            limits:',
  '              nvidia.com/gpu: 8',
].join('\n') + '\n';
const BROKEN = 'kind: Job\nspec: [\n';

describe('Which syntax a file is read as', () => {
  it('by extension, in any case', () => {
    for (const [name, syntax] of [['A.YML', 'yaml'], ['c.JSONC', 'json'], ['a.ipynb', 'ipynb'], ['t.py', 'python'], ['k.toml', 'toml'], ['j.SBATCH', 'shell'], ['b.bash', 'shell']] as const) {
      assert.strictEqual(syntaxOf(name, ''), syntax, name);
    }
  });

  it('a .json with a notebook\'s `cells` and `nbformat` is a notebook; `cells` alone is JSON', () => {
    assert.strictEqual(syntaxOf('nb.json', '{"cells": [], "nbformat": 4}'), 'ipynb');
    assert.strictEqual(syntaxOf('x.json', '{"cells": []}'), 'json');
  });

  it('a `#!/bin/bash` or `#!/usr/bin/env zsh` first line makes any name a shell script; a python shebang or a later `#!` does not', () => {
    assert.strictEqual(syntaxOf('run.job', '#!/bin/bash\necho'), 'shell');
    assert.strictEqual(syntaxOf('r.run', '#!/usr/bin/env zsh\n'), 'shell');
    assert.strictEqual(syntaxOf('p', '#!/usr/bin/env python\n'), 'other');
    assert.strictEqual(syntaxOf('x.txt', `${'x'.repeat(130)}\n#!/bin/sh`), 'other');
  });
});

describe('YAML files with a broken document', () => {
  it('two good documents: two runs, nothing partial', () => {
    const a = analyzeText(`${JOB}---\n${JOB.replace('name: a', 'name: b')}`, 'job.yaml');
    assert.deepStrictEqual([a.format, a.runs.length, a.partial, a.problems.length], ['kubernetes', 2, undefined, 0]);
  });

  it('one good and one broken: the good one is read, and the analysis says 1 of 2 (a trailing `---` is not a document)', () => {
    for (const text of [`${JOB}---\n${BROKEN}`, `${JOB}---\n${BROKEN}---\n`]) {
      const a = analyzeText(text, 'job.yaml');
      assert.deepStrictEqual([a.format, a.runs.length, a.partial], ['kubernetes', 1, { read: 1, total: 2 }]);
      assert.strictEqual(a.runs[0].inputs.count?.value, 8);
      assert.strictEqual(a.error, undefined);
    }
  });

  it('a syntax error in the only document: the format is named, no run is guessed, the error is shown as YAML', () => {
    const a = analyzeText(JOB.replace('nvidia.com/gpu: 8', 'nvidia.com/gpu: [8'), 'job.yaml');
    assert.deepStrictEqual([a.format, a.runs.length, a.syntaxError], ['kubernetes', 0, 'YAML']);
    assert.ok(a.error?.message, 'the parser\'s message');
  });
});

describe('Hardware facts from comments fill only what the config leaves out', () => {
  const HF = 'model_name_or_path: meta-llama/Llama-3.1-8B\nnum_train_epochs: 1\nper_device_train_batch_size: 4\n';

  it('a training config silent on hardware takes `# 8x A100 80GB` from its comment, said so', () => {
    const i = analyzeText(`${HF}# trained on 8x A100 80GB\n`, 'train.yaml').runs[0].inputs;
    assert.deepStrictEqual([i.count?.value, i.hardware?.value, i.count?.note], [8, 'A100 80GB', 'from "8 x A100 80GB" on line 4']);
  });

  it('a run description that states count, hardware and region keeps them over a comment', () => {
    const i = analyzeText('model: gpt2\nhardware: nvidia-h100-sxm5-80gb\ncount: 2\nregion: aws:us-east-1\n# 8x A100\n', 'run.yaml').runs[0].inputs;
    assert.deepStrictEqual([i.count?.value, i.hardware?.value, i.region?.value], [2, 'nvidia-h100-sxm5-80gb', 'aws:us-east-1']);
  });

  it('a stated count is kept while the device still comes from the comment', () => {
    // `# 8x A100`: the device is taken, its 8 is not (the file says 2).
    const i = analyzeText('model: gpt2\ncount: 2\nhours: 5\n# 8x A100\n', 'run.yaml').runs[0].inputs;
    assert.deepStrictEqual([i.count?.value, i.hardware?.value, i.hardware?.note], [2, 'A100', 'from "8 x A100" on line 4']);
  });
});
