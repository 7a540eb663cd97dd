// Configs a Kubernetes manifest carries in a ConfigMap and mounts into the training container
// (src/formats/handlers/k8sConfigMaps.ts). Fixtures imitate fms-hf-tuning's kfto-kueue-sft-trainer.yaml
// (JSON config named by an env variable) and a subPath-mounted Axolotl config run by `axolotl train`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { SourceRange } from '../../src/core/runSpec';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { analyzeText } from '../../src/formats';
import { planChange } from '../../src/formats/edits';
import type { TextEditSpec } from '../../src/formats/types';

const dir = path.join(__dirname, '..', 'fixtures', 'k8s-configmap');
const SFT = fs.readFileSync(path.join(dir, 'sft-configmap.yaml'), 'utf8');
const AXO = fs.readFileSync(path.join(dir, 'axolotl-subpath.yaml'), 'utf8');

/** The manifest text a range covers. */
function at(text: string, r: SourceRange | undefined): string {
  assert.ok(r, 'no range');
  const lines = text.split('\n');
  assert.strictEqual(r.startLine, r.endLine, 'one line');
  return lines[r.startLine].slice(r.startCol, r.endCol);
}

function apply(text: string, edits: TextEditSpec[]): string {
  const lines = text.split('\n');
  // Right to left on each line, so earlier columns stay valid.
  for (const e of [...edits].sort((a, b) => b.range.startLine - a.range.startLine || b.range.startCol - a.range.startCol)) {
    const l = lines[e.range.startLine];
    lines[e.range.startLine] = l.slice(0, e.range.startCol) + e.newText + l.slice(e.range.endCol);
  }
  return lines.join('\n');
}

describe('Kubernetes: configs mounted from a ConfigMap', () => {
  it('reads the JSON config an env variable names, each value at its line inside the ConfigMap', () => {
    const a = analyzeText(SFT, 'sft-configmap.yaml');
    assert.strictEqual(a.format, 'kubernetes');
    const r = a.runs[0];
    assert.strictEqual(r.inputs.model?.value, 'TinyLlama/TinyLlama-1.1B-Chat-v1.0');
    assert.strictEqual(r.inputs.model?.origin, 'file');
    // Line 11 of the manifest (0-based 10) holds "model_name_or_path"; the range is the quoted value.
    assert.strictEqual(r.inputs.model?.range?.startLine, 10);
    assert.strictEqual(at(SFT, r.inputs.model?.range), '"TinyLlama/TinyLlama-1.1B-Chat-v1.0"');
    assert.strictEqual(at(SFT, r.inputs.epochs?.range), '4');
    assert.strictEqual(r.inputs.perDeviceBatch?.value, 8);
    assert.strictEqual(r.inputs.gradAccum?.value, 2);
    // GPUs and the device type still come from the PyTorchJob.
    assert.strictEqual(r.inputs.count?.value, 2);
    assert.strictEqual(r.inputs.hardware?.value, 'NVIDIA-A100-SXM4-80GB');
    assert.ok(r.notes.some((n) => n.startsWith('Read config.json in ConfigMap tuning-config (mounted at /etc/config/config.json, named by env SFT_TRAINER_CONFIG_JSON_PATH) as hf-training-args: model (line 11), epochs (line 14)')), r.notes.join('\n'));
  });

  it('turns into an estimate: 4 epochs × the default 10k samples × 1,024 tokens on 2 × A100', () => {
    const e = evaluateText(SFT, 'sft-configmap.yaml', normalizeSettings({})).estimates[0];
    assert.deepStrictEqual(e.missing, []);
    // 4 × 10,000 × 1,024 = 40,960,000 training tokens (sequence length as written: no dataset size is known).
    assert.strictEqual(e.inputs.tokens?.value, 40_960_000);
    // 6 × 1.1e9 × 4.096e7 = 2.70336e17 FLOPs.
    assert.strictEqual(e.compute?.flops, 6 * 1.1e9 * 40_960_000);
  });

  it('a subPath mount named by the command: the command line wins over the file, the rest comes from it', () => {
    const r = analyzeText(AXO, 'axolotl-subpath.yaml').runs[0];
    assert.strictEqual(r.inputs.epochs?.value, 1, '--num_epochs=1 on the command line, not the file\'s 3');
    assert.strictEqual(r.inputs.model?.value, 'NousResearch/Llama-2-7b-hf');
    assert.strictEqual(r.inputs.adapter?.value, 'qlora');
    assert.strictEqual(r.inputs.quantization?.value, 4);
    assert.strictEqual(at(AXO, r.inputs.loraRank?.range), '32');
    assert.strictEqual(r.inputs.dataset?.value, 'mhenrichsen/alpaca_2k_test');
  });

  it('what-ifs write inside the block as the embedded format would, and refuse what needs a new line', () => {
    const r = analyzeText(AXO, 'axolotl-subpath.yaml').runs[0];
    // Axolotl's own spelling of "plain LoRA": adapter: lora and load_in_4bit: false, both lines inside the block.
    const lora = planChange(AXO, 'axolotl-subpath.yaml', r, { field: 'adapter', value: 'lora' });
    assert.ok(lora, 'planned');
    const after = apply(AXO, lora);
    assert.match(after, /\n {4}adapter: lora\n/);
    assert.match(after, /\n {4}load_in_4bit: false\n/);
    assert.strictEqual(analyzeText(after, 'axolotl-subpath.yaml').runs[0].inputs.adapter?.value, 'lora');
    // fp8 would add an `fp8: true` line, which would need the block's indentation: refused, the file untouched.
    assert.strictEqual(planChange(AXO, 'axolotl-subpath.yaml', r, { field: 'precision', value: 'fp8' }), undefined);
    // A plain value of the JSON config: replaced where it stands.
    const sft = analyzeText(SFT, 'sft-configmap.yaml').runs[0];
    const batch = planChange(SFT, 'sft-configmap.yaml', sft, { field: 'perDeviceBatch', value: 16 });
    assert.ok(batch);
    assert.match(apply(SFT, batch), /"per_device_train_batch_size": 16,/);
  });

  it('reads nothing that is not mounted and named, and says why a named config is not used', () => {
    // Not named by the container: the ConfigMap is mounted but the trainer reads another path.
    const unnamed = SFT.replace('value: /etc/config/config.json', 'value: /etc/other/config.json');
    assert.strictEqual(analyzeText(unnamed, 'x.yaml').runs[0].inputs.model, undefined);
    // Not mounted: no volume for the ConfigMap.
    const unmounted = SFT.replace('name: tuning-config\n                items', 'name: another-config\n                items');
    assert.strictEqual(analyzeText(unmounted, 'x.yaml').runs[0].inputs.model, undefined);
    // Broken JSON (as in the published example, a comma missing): a warning, no values.
    const broken = SFT.replace('"num_train_epochs": 4,', '"num_train_epochs": 4');
    const b = analyzeText(broken, 'x.yaml').runs[0];
    assert.strictEqual(b.inputs.model, undefined);
    assert.ok(b.warnings.some((w) => w.startsWith('config.json in ConfigMap tuning-config (mounted at /etc/config/config.json, named by env SFT_TRAINER_CONFIG_JSON_PATH) does not parse as JSON')), b.warnings.join('\n'));
  });

  it('a block with an indentation indicator is not mapped line by line: values are shown at the data key, never written', () => {
    const folded = AXO.replace('qlora.yml: |', 'qlora.yml: |2');
    const r = analyzeText(folded, 'x.yaml').runs[0];
    assert.strictEqual(r.inputs.model?.value, 'NousResearch/Llama-2-7b-hf');
    assert.strictEqual(r.inputs.model?.origin, 'inferred');
    assert.strictEqual(at(folded, r.inputs.model?.range), 'qlora.yml');
    assert.strictEqual(planChange(folded, 'x.yaml', r, { field: 'loraRank', value: 8 }), undefined);
  });

  it('a config inside a config is not read (no recursion)', () => {
    // The ConfigMap's data is itself a manifest with a ConfigMap: read as a file of its own, its own
    // ConfigMaps are not followed.
    const inner = SFT.split('\n').map((l) => `    ${l}`).join('\n');
    const outer = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outer\ndata:\n  job.yaml: |\n${inner}\n---\n${SFT.replace(/^#.*\n/gm, '').split('---\n')[1].replace('/etc/config/config.json', '/etc/config/job.yaml').replace('name: tuning-config', 'name: outer').replace('key: config.json\n                    path: config.json', 'key: job.yaml\n                    path: job.yaml')}`;
    const r = analyzeText(outer, 'x.yaml').runs[0];
    assert.strictEqual(r.inputs.model, undefined);
    assert.ok(r.notes.some((n) => n.startsWith('Read job.yaml in ConfigMap outer')), r.notes.join('\n'));
  });
});
