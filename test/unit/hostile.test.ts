// Regression tests for the audit of 2026-12 (/work/shared/notes/security-audit-2026-12.md), part 2 of
// issue #18: every reproduction of H1, H2, H3, M1, L4, L6, L7 and I1, built here as the audit's
// commands build it. Each must finish well under a second (target: 2 s on a shared, loaded machine,
// timed by `npm run bench`; the times before the fix, measured with `node dist/cli.js estimate` at 80a0c06, are in comments),
// and each also checks what the user sees: the run is still there, with a note saying what was not read.
import * as assert from 'assert';
import { analyzeText } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import { isUnknownValue, toNumber } from '../../src/formats/fields';
import { recordCandidates } from '../../src/formats/measuredRecords';
import { MAX_REFERENCES, OmegaResolver } from '../../src/formats/omegaconf';
import { scanPython, kwarg } from '../../src/formats/pyCalls';
import { parseYamlDocs, MAX_FILE_NODES } from '../../src/formats/tree';
import { tokenizerVocab } from '../../src/formats/handlers/megatron';
import { parseBudgetFile, resolveBudget } from '../../src/engine/budgetFile';
import { cleanText } from '../../src/webview/cleanText';
import type { RunSpec } from '../../src/core/runSpec';
import { timed } from '../support/worstCases';

// Each reproduction is timed through `timed` (test/support/worstCases.ts) but not held to a time here:
// the 2 s target ("well under a second" on a shared machine) is checked by `npm run bench` ("worst
// cases"), which runs this file; asserted here, it failed on a loaded machine and under Stryker's
// instrumentation. A return of the bad behaviour is still caught here by what the run says (a note, an
// unknown value, a node budget) and, where it hangs, by mocha's timeout.
const BOUND_MS = 2000;

/** Runs `fn` and returns its result, timed for the bench against BOUND_MS. */
function quick<T>(what: string, fn: () => T): T {
  return timed(`hostile: ${what}`, BOUND_MS, fn);
}

const only = (text: string, file: string): RunSpec => {
  const a = analyzeText(text, file);
  assert.strictEqual(a.runs.length, 1, `${file}: expected one run, got ${a.runs.length} (${a.format}, ${a.error?.message ?? ''})`);
  return a.runs[0];
};

/** The audit's H1 file: `a_i` refers to `a_{i+1}` b times, seven levels, so b^7 references without memoisation. */
function fanOut(b: number): string {
  let s = 'trainer:\n  _target_: lightning.pytorch.Trainer\n  devices: 8\n  max_epochs: ${a0}\nmodel:\n  class_path: x.Model\n';
  for (let i = 0; i < 7; i++) s += `a${i}: "${('${a' + (i + 1) + '}').repeat(b)}"\n`;
  return s + 'a7: "1"\n';
}

/** Axolotl's minimal header (the audit's `B`), plus what a test adds. */
const AXOLOTL = 'base_model: meta-llama/Llama-3.1-8B\nmicro_batch_size: 2\n';

describe('hostile files (audit 2026-12, part 2: bounded work)', () => {
  describe('H1: OmegaConf interpolation fan-out', () => {
    it('the 516-byte file (b = 10) is read at once; max_epochs stays unknown with a note, the rest of the run stands', () => {
      // Before: 11.4 s and 694 MB (audit), 8.1 s here. a3 would be 10^4 characters, over the 1 KB bound.
      const run = quick('fan-out b=10', () => only(fanOut(10), 'fan.yaml'));
      assert.strictEqual(run.inputs.count?.value, 8);
      assert.strictEqual(run.inputs.epochs, undefined);
      assert.ok(run.notes.some((n) => /max_epochs: \$\{a0\}` \(line 4\) resolves to more than 1024 characters/.test(n)), run.notes.join('\n'));
    });

    it('the 675-byte file (b = 14) that crashed V8 after 136 s and 5.2 GB gives the same run', () => {
      // Before: killed by our 150 s timeout at 2.7 GB; the audit saw "Fatal JavaScript invalid size error".
      const run = quick('fan-out b=14', () => only(fanOut(14), 'fan.yaml'));
      assert.strictEqual(run.inputs.count?.value, 8);
      assert.ok(run.notes.some((n) => /resolves to more than 1024 characters/.test(n)));
    });

    it('caps the references one value follows, and lists each followed reference once', () => {
      // 300 distinct keys, each an interpolation of an empty string: short, but 300 > MAX_REFERENCES (256).
      const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
      const yaml = `x: "${keys.map((k) => '${' + k + '}').join('')}"\ne: ""\n${keys.map((k) => `${k}: "\${e}"`).join('\n')}\n`;
      const omega = new OmegaResolver(parseYamlDocs(yaml)[0].root);
      const r = quick('300 references', () => omega.resolve(['x'], `${keys.map((k) => '${' + k + '}').join('')}`));
      assert.strictEqual(r.value, undefined);
      assert.strictEqual(r.limit, `follows more than ${MAX_REFERENCES} references`);
      // `${e}` is followed from every k but listed once: refs are deduplicated.
      assert.strictEqual(r.refs.filter((x) => x === '${e}').length, 1);
    });

    it('a key referenced many times is resolved once and still gives the real value', () => {
      // hidden 4096 → ffn = 4 × 4096 = 16384; `${model.ffn}` from three places, each the same number.
      const yaml = 'model:\n  hidden: 4096\n  ffn: ${multiply:4, ${.hidden}}\na: ${model.ffn}\nb: "${model.ffn}-${model.ffn}"\n';
      const omega = new OmegaResolver(parseYamlDocs(yaml)[0].root);
      assert.strictEqual(omega.resolve(['a'], '${model.ffn}').value, 16384);
      assert.strictEqual(omega.resolve(['b'], '${model.ffn}-${model.ffn}').value, '16384-16384');
    });
  });

  describe('H2: YAML complex keys', () => {
    it('100 nested `?` keys (216 bytes) parse at once, and the file\'s other keys are still read', () => {
      // Before: 7.4-8.0 s and 1.2-1.4 GB (audit), 4.6 s here, then "Invalid string length".
      const text = `${AXOLOTL}num_epochs: 1\n${'? '.repeat(100)}x\n`;
      const docs = quick('complex keys', () => parseYamlDocs(text));
      const keys = docs[0].root?.kind === 'map' ? docs[0].root.entries.map((e) => e.key) : [];
      assert.deepStrictEqual(keys.slice(0, 3), ['base_model', 'micro_batch_size', 'num_epochs']);
      // The complex key is its source text, clipped to 200 characters, never a rendering of the subtree.
      assert.ok(keys[3].length <= 200 && keys[3].startsWith('? ? '));
      const run = quick('complex keys (analysis)', () => only(text, 'qkeys.yaml'));
      assert.deepStrictEqual([run.inputs.model?.value, run.inputs.perDeviceBatch?.value, run.inputs.epochs?.value], ['meta-llama/Llama-3.1-8B', 2, 1]);
    });

    it('300 documents of 23 nested keys (the audit\'s 20 KB file, 27 s and 2.65 GB) parse at once', () => {
      const text = `${'? '.repeat(23)}x\n---\n`.repeat(300);
      const docs = quick('300 documents', () => parseYamlDocs(text));
      assert.strictEqual(docs.length, 301);
    });
  });

  describe('L7: one node budget per file', () => {
    it('documents that each expand to ~495k values stop at the file budget; the first is still read', () => {
      // Each document: a list of 4900 numbers anchored, then 100 aliases of it:
      // 4901 + 100 × (1 + 4901) + 2 = 495,103 values, under the 500k per document, so only the file
      // budget (500,000 for the whole file) stops them: document 1 is read, document 2 (990,206 in all)
      // is not. Before: the audit measured 7.2 s and 575 MB for ten such documents (5.3 s and 846 MB
      // here; 1.1 s and 262 MB after, most of it the YAML library's own parse). Three keep the test short.
      const doc = `a: &a [${Array.from({ length: 4900 }, (_, i) => i).join(',')}]\nb: [${Array(100).fill('*a').join(', ')}]\n`;
      const docs = quick('three expanding documents', () => parseYamlDocs(Array(3).fill(doc).join('---\n')));
      assert.strictEqual(docs.length, 3);
      assert.ok(docs[0].root);
      assert.strictEqual(docs[1].root, undefined);
      assert.strictEqual(docs[2].root, undefined);
      assert.match(docs[1].errors[0].message, new RegExp(`the file expands to more than ${MAX_FILE_NODES} values`));
    });
  });

  describe('H3: budget globs', () => {
    const path = '/w/configs/train/llama3-8b-lora-sft.yaml';

    it('the audit\'s pattern is refused with a message for its rule, the other rules still apply', () => {
      // Before: 2.7-4.4 s (audit), 8.8 s here, for this one ordinary path; `}x{` threw and lost the file.
      const f = parseBudgetFile([
        'budgets:',
        '  - path: "**?**?**?**?**?**?**?**?**?**@"',
        '    perRunKg: 5',
        '  - path: "}x{"',
        '    perRunKg: 1',
        '  - path: configs/**',
        '    perRunKg: 7',
        '',
      ].join('\n'));
      assert.deepStrictEqual(f.problems.map((p) => [p.message, p.range.startLine]), [
        ['`path` has 19 wildcards; at most 10 are allowed.', 1],
        ['`path` has a `{` that is never closed by a `}` after it.', 3],
      ]);
      assert.deepStrictEqual(f.rules.map((r) => r.path), ['configs/**']);
      assert.strictEqual(quick('resolveBudget', () => resolveBudget([{ dir: '/w', file: f }], path))?.kg, 7);
    });

    it('the worst allowed pattern (10 wildcards) against a 4,000-character path is still instant', () => {
      // `**a` × 9 + `**b`: the audit's 193 s case, on a far longer name. No match: the path has no `b`.
      const f = parseBudgetFile(`budgets:\n  - path: "${'**a'.repeat(9)}**b"\n    perRunKg: 5\nperRunKg: 9\n`);
      assert.deepStrictEqual(f.problems, []);
      const long = `/w/${'a'.repeat(4000)}`;
      assert.strictEqual(quick('10 wildcards, 4000 characters', () => resolveBudget([{ dir: '/w', file: f }], long))?.kg, 9);
      assert.strictEqual(resolveBudget([{ dir: '/w', file: f }], `/w/${'a'.repeat(40)}b`)?.kg, 5);
      assert.strictEqual(resolveBudget([{ dir: '/w', file: f }], `/w/${'a'.repeat(40)}b.yaml`)?.kg, 9); // must end in `b`
    });
  });

  describe('M1: long scalars and Python text', () => {
    it('a 100 KB "number" is not a number: noted, quoted clipped to 80 characters (I1)', () => {
      // Before: 14-16 s (audit), 18.8 s here.
      const text = `${AXOLOTL}num_epochs: "${'0'.repeat(100_000)}x"\n`;
      assert.strictEqual(quick('toNumber', () => toNumber(`${'0'.repeat(100_000)}x`)), undefined);
      const run = quick('long number', () => only(text, 'num.yaml'));
      assert.strictEqual(run.inputs.epochs, undefined);
      const note = run.notes.find((n) => n.startsWith('`num_epochs: 000'));
      assert.ok(note, run.notes.join('\n'));
      // `num_epochs: ` + 79 characters + `…` inside the backticks.
      assert.ok(note.includes(`\`num_epochs: ${'0'.repeat(79)}…\``), note.slice(0, 200));
      assert.ok(note.length < 200);
    });

    it('a 64-character number is still a number, a 65-character one is not', () => {
      assert.strictEqual(toNumber(`1${'0'.repeat(63)}`), 1e63);
      assert.strictEqual(toNumber(`1${'0'.repeat(64)}`), undefined);
      assert.strictEqual(toNumber('1_000_000'), 1_000_000);
      assert.strictEqual(toNumber('3.0e-4'), 3e-4);
      assert.strictEqual(toNumber('.5'), 0.5);
      assert.strictEqual(toNumber('5.'), 5);
    });

    it('a 100 KB Python number literal is not a number and the call is still read', () => {
      // Before: 13-16 s (audit), 19.7 s here.
      const src = `from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o", num_train_epochs=${'0'.repeat(100_000)}.0.0, max_steps=50)\n`;
      const call = quick('python number', () => scanPython(src)).calls.find((c) => c.callee === 'TrainingArguments')!;
      assert.strictEqual(kwarg(call, 'num_train_epochs')!.value.value, undefined);
      assert.strictEqual(kwarg(call, 'max_steps')!.value.value, 50);
    });

    it('16,000 unclosed `f(` before a TrainingArguments line: the later call is read (it alone closes)', () => {
      // Before: 12-14 s for 32 KB (audit), 3.4-9.9 s here.
      const src = `from transformers import TrainingArguments\n${'f('.repeat(16000)}\nargs = TrainingArguments(output_dir="o", num_train_epochs=1)\n`;
      const calls = quick('unclosed calls', () => scanPython(src)).calls;
      assert.deepStrictEqual(calls.map((c) => c.callee), ['TrainingArguments']);
      assert.strictEqual(kwarg(calls[0], 'num_train_epochs')!.value.value, 1);
    });

    it('16,000 nested closed calls and 20,000 nested lists stay linear', () => {
      const nested = `x = ${'f('.repeat(16000)}1${')'.repeat(16000)}\ny = ${'['.repeat(20000)}${']'.repeat(20000)}\nTrainingArguments(num_train_epochs=2)\n`;
      const calls = quick('nested calls', () => scanPython(nested)).calls;
      assert.strictEqual(calls.length, 16001);
      assert.strictEqual(kwarg(calls[16000], 'num_train_epochs')!.value.value, 2);
    });

    it('a 100 KB Megatron tokenizer file name gives no vocabulary, a real one still does', () => {
      // Before: 5.9-6.4 s (audit).
      assert.strictEqual(quick('tokenizerVocab', () => tokenizerVocab('SentencePieceTokenizer', '0'.repeat(100_000))), undefined);
      assert.strictEqual(tokenizerVocab('SentencePieceTokenizer', '/data/tok/spm_256k.model'), 256_000);
      assert.strictEqual(tokenizerVocab('SentencePieceTokenizer', 'vocab-32K'), 32_000);
      assert.strictEqual(tokenizerVocab('GPT2BPETokenizer', undefined), 50257);
    });

    it('output_dir of 100k slashes: only the records beside the config are looked for', () => {
      // Before: 6.5-7.2 s (audit), 11.7 s here (the whole CLI run).
      const text = `${AXOLOTL}num_epochs: 1\ngpu: 8xA100\noutput_dir: a${'/'.repeat(100_000)}x\n`;
      assert.deepStrictEqual(quick('recordCandidates', () => recordCandidates(text)), ['emissions.csv', 'trainer_state.json', 'train_results.json', 'all_results.json']);
      assert.deepStrictEqual(recordCandidates('output_dir: ./out///\n').slice(4), ['out/emissions.csv', 'out/trainer_state.json', 'out/train_results.json', 'out/all_results.json']);
    });

    it('SageMaker hyperparameters of 33,000 `${]`: unknown epochs, the rest of the run read', () => {
      // Before: 1.8 s for isUnknownValue alone (audit), 7.3 s here for the CLI run.
      const hostile = '${]'.repeat(33000);
      assert.strictEqual(quick('isUnknownValue', () => isUnknownValue(hostile)), false); // no `}` after a `${`
      assert.strictEqual(isUnknownValue('${a}'), true);
      assert.strictEqual(isUnknownValue('$EPOCHS'), true);
      const src = `from sagemaker.huggingface import HuggingFace\nest = HuggingFace(entry_point="train.py", instance_type="ml.p4d.24xlarge", instance_count=1, hyperparameters={"num_train_epochs": "${hostile}", "model_id": "meta-llama/Llama-3.1-8B"})\nest.fit()\n`;
      const run = quick('sagemaker', () => only(src, 'sm.py'));
      assert.strictEqual(run.inputs.model?.value, 'meta-llama/Llama-3.1-8B');
      assert.strictEqual(run.inputs.epochs, undefined);
      assert.strictEqual(run.inputs.count?.value, 8); // ml.p4d.24xlarge: 8 A100
    });

    it('a 100 KB model class name (`Fors` × 25000 + `é`) is not a loader; the training run is read', () => {
      // Before: 1.6 s (audit), 7.8 s here.
      const src = `from transformers import AutoModelForCausalLM, TrainingArguments\nmodel = A${'Fors'.repeat(25000)}é.from_pretrained("meta-llama/Llama-3.1-8B")\nargs = TrainingArguments(output_dir="o", num_train_epochs=3)\n`;
      const run = quick('model loader', () => only(src, 'loader.py'));
      assert.strictEqual(run.inputs.epochs?.value, 3);
      assert.strictEqual(run.inputs.model, undefined);
    });

    it('cleanText clips 100k spaces before cleaning', () => {
      // Before: 7.8-7.9 s per panel model (audit).
      const out = quick('cleanText', () => cleanText(`a${' '.repeat(100_000)}\nx`));
      assert.strictEqual(out.length, 300);
      assert.ok(out.endsWith('…'));
      assert.strictEqual(cleanText('a  \r\n  b'), 'a b');
      assert.strictEqual(cleanText('x'.repeat(300)), 'x'.repeat(300));
    });
  });

  describe('L4: values reached through a YAML alias or merge key', () => {
    const compose = [
      'x-svc: &svc',
      '  image: ghcr.io/huggingface/text-generation-inference:2.4.0',
      '  command: --model-id mistralai/Mistral-7B-Instruct-v0.3 --num-shard 2',
      'services:',
      '  tgi-a: *svc',
      '  tgi-b:',
      '    <<: *svc',
      '',
    ].join('\n');

    it('are not writable: no edit into the shared anchor, and the run says to edit the anchor by hand', () => {
      // Before: `count: 1` on "service tgi-b" edited line 3, the anchor, changing tgi-a too.
      const a = analyzeText(compose, 'docker-compose.yaml');
      assert.deepStrictEqual(a.runs.map((r) => r.name), ['service tgi-a', 'service tgi-b']);
      for (const run of a.runs) {
        assert.strictEqual(run.inputs.count?.value, 2);
        assert.strictEqual(planChange(compose, 'docker-compose.yaml', run, { field: 'count', value: 1 }), undefined);
        assert.ok(run.notes.some((n) => n.includes('YAML anchor `&svc` (line 1)') && n.includes('edit the anchor by hand')), run.notes.join('\n'));
      }
    });

    it('the same service written out in full is still writable', () => {
      const own = compose.replace('  tgi-a: *svc\n  tgi-b:\n    <<: *svc\n', '  tgi-b:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n    command: --model-id mistralai/Mistral-7B-Instruct-v0.3 --num-shard 2\n').replace(/^x-svc: &svc\n(  .*\n)+/, '');
      const run = only(own, 'docker-compose.yaml');
      const edits = planChange(own, 'docker-compose.yaml', run, { field: 'count', value: 1 });
      assert.strictEqual(edits?.length, 1);
      assert.strictEqual(edits![0].range.startLine, 3);
      assert.ok(!run.notes.some((n) => n.includes('YAML anchor')));
    });
  });

  describe('L6: prototype-named keys', () => {
    const FIELDS = new Set(['hardware', 'count', 'nodes', 'model', 'params', 'epochs', 'steps', 'perDeviceBatch', 'batchSize', 'gradAccum', 'seqLen', 'tokens', 'hours', 'region', 'precision', 'adapter', 'loraRank', 'quantization', 'trials', 'intensity', 'pue', 'mfu', 'replicas', 'requestsPerDay', 'tokensPerRequest', 'utilisation']);

    it('`constructor`, `__proto__`, `toString` SageMaker hyperparameters give no junk inputs', () => {
      // Before: inputs keys "function Object() { [native code] }" and "[object Object]".
      const src = 'from sagemaker.huggingface import HuggingFace\nest = HuggingFace(entry_point="train.py", instance_type="ml.g5.2xlarge", instance_count=1, hyperparameters={"constructor": 5, "__proto__": 7, "toString": 3, "valueOf": 2, "hasOwnProperty": 1, "num_train_epochs": 2})\nest.fit()\n';
      const run = only(src, 'sm.py');
      const keys = Object.keys(run.inputs);
      assert.deepStrictEqual(keys.filter((k) => !FIELDS.has(k)), []);
      assert.strictEqual(run.inputs.epochs?.value, 2);
    });

    it('`--constructor` and `--toString` training flags are ignored like any unknown flag', () => {
      const src = 'from transformers import TrainingArguments\n!python train.py --constructor 5 --toString 3 --__proto__ 7 --num_train_epochs 2\n';
      const a = analyzeText(JSON.stringify({ cells: [{ cell_type: 'code', source: src.split(/(?<=\n)/), metadata: {}, outputs: [] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }), 'nb.ipynb');
      for (const run of a.runs) assert.deepStrictEqual(Object.keys(run.inputs).filter((k) => !FIELDS.has(k)), []);
    });
  });

  describe('ConfigMap-mounted configs: bounded', () => {
    it('5,000 mounted and named config files: at most 200 keys looked at and 4 configs read, the run stands', () => {
      const keys = Array.from({ length: 5000 }, (_, i) => `k${i}.yaml`);
      const data = keys.map((k, i) => `  ${k}: |\n    base_model: meta-llama/Llama-3.1-8B\n    adapter: lora\n    sequence_len: 512\n    num_epochs: 1\n    micro_batch_size: ${i + 1}\n`).join('');
      const args = keys.map((k) => `/cfg/${k}`).join(' ');
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\ndata:\n${data}---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers:\n        - name: t\n          image: axolotlai/axolotl\n          command: ["axolotl", "train", "${args}"]\n          volumeMounts:\n            - name: c\n              mountPath: /cfg\n          resources:\n            limits:\n              nvidia.com/gpu: 1\n      volumes:\n        - name: c\n          configMap:\n            name: many\n`;
      const run = quick('5,000 ConfigMap configs', () => only(text, 'job.yaml'));
      // The first mounted config wins for each value (k0.yaml: micro_batch_size 1); four are read in all.
      assert.strictEqual(run.inputs.perDeviceBatch?.value, 1);
      assert.strictEqual(run.notes.filter((n) => n.startsWith('Read k')).length, 4);
    });
  });
});
