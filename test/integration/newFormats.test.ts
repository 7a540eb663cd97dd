// The readers added for issue #13 in a real extension host: a detectron2 config that inherits from
// its _BASE_, an Ultralytics script, a litgpt config and a NeMo-Run recipe each get the CLI's figure on
// their main lens and a hover on the line that sets their length. The files are the unit fixtures
// (test/fixtures/vision, litgpt, nemo-run; each names the public file it imitates), copied into the
// test run's copy of the workspace under formats/ so the editor reads them as a user's files (the
// detectron2 _BASE_ is followed only inside the workspace folder).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { formatMass } from '../../src/core/format';
import { EXTENSION_ID, cliEstimate, cliJson, mainLens, until, workspaceFile } from './helpers';

async function ourHover(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => t.includes('**Carbon Lens**'));
}

/** `key`: the word a user hovers, on the line that sets the run's length. */
const CASES: { file: string; format: string; key: RegExp }[] = [
  // SOLVER.MAX_ITER: 270000 iterations; the batch comes from Base-RCNN-FPN.yaml through _BASE_.
  { file: 'formats/mask_rcnn_R_50_FPN_3x.yaml', format: 'detectron2', key: /\bMAX_ITER\b/ },
  // `epochs=EPOCHS` in model.train(...): the value comes from `EPOCHS = 50` above.
  { file: 'formats/yolo_train.py', format: 'ultralytics', key: /(?<=^\s+)epochs(?==)/ },
  { file: 'formats/lora.yaml', format: 'litgpt', key: /\bepochs(?=:)/ },
  { file: 'formats/llama3_lora_finetune.py', format: 'nemo-run', key: /\bmax_steps\b/ },
  // kohya sd-scripts TOML: each value at its own line (a `.toml` file, the `toml` language we contribute);
  // max_train_steps is the length used (the epochs would need the image count).
  { file: 'formats/kohya_lora.toml', format: 'kohya', key: /^max_train_steps\b/ },
  // NeMo ASR: a FastConformer counted per second of audio, not per token.
  { file: 'formats/fast-conformer_ctc_bpe.yaml', format: 'nemo', key: /\bmax_epochs\b/ },
  // A Kubernetes Job whose program reads EPOCHS from its env: the hover on that env value.
  { file: 'formats/job-env-model.yaml', format: 'kubernetes', key: /(?<=value: )"1"/ },
  // A launch script whose epochs are main.py's argparse default (main.py beside it, as in the repository).
  { file: 'formats/train_ddp.sh', format: 'shell', key: /^torchrun\b/ },
  // nanoGPT: bare assignments; the hover on max_iters.
  { file: 'formats/train_small_char.py', format: 'nanogpt', key: /^max_iters\b/ },
  // A PyTorchJob whose trainer reads a JSON config from a ConfigMap of the same manifest: the hover on a
  // line inside the ConfigMap's block.
  { file: 'formats/sft-configmap.yaml', format: 'kubernetes', key: /"num_train_epochs"/ },
  // torchtitan: a job config TOML (the `toml` language), the hover on its steps.
  { file: 'formats/llama3_8b_tp.toml', format: 'torchtitan', key: /^steps\b/ },
];

suite('Carbon Lens on the new formats (detectron2, Ultralytics, litgpt, NeMo-Run, kohya TOML, NeMo ASR, k8s env, entry scripts, nanoGPT, ConfigMap, torchtitan)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const fixtures = path.join(ext.extensionPath, 'test', 'fixtures');
    const into = workspaceFile('formats').fsPath;
    fs.mkdirSync(into, { recursive: true });
    for (const f of ['vision/mask_rcnn_R_50_FPN_3x.yaml', 'vision/Base-RCNN-FPN.yaml', 'vision/yolo_train.py', 'litgpt/lora.yaml', 'nemo-run/llama3_lora_finetune.py',
      'diffusion/kohya_lora.toml', 'speech/fast-conformer_ctc_bpe.yaml', 'k8s-examples/job-env-model.yaml', 'entry/train_ddp.sh', 'entry/main.py', 'scripts/ceiling_only.slurm', 'nanogpt/train_small_char.py', 'k8s-configmap/sft-configmap.yaml', 'torchtitan/llama3_8b_tp.toml']) {
      fs.copyFileSync(path.join(fixtures, f), path.join(into, path.basename(f)));
    }
    await ext.activate();
  });

  for (const c of CASES) {
    test(`${c.format}: ${c.file.split('/').pop()} — the CLI's figure on the lens and in the hover`, async () => {
      const uri = workspaceFile(c.file);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const cli = cliEstimate(c.file);
      const lens = await until(`the main lens on ${c.file}`, async () =>
        mainLens(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)));
      assert.ok(lens.command!.title.startsWith(`${cli.co2e} · ${cli.energy} · ${cli.hardware}`),
        `${lens.command!.title} against the CLI's ${cli.co2e} · ${cli.energy} · ${cli.hardware}`);
      const line = doc.getText().split('\n').findIndex((l) => c.key.test(l));
      assert.ok(line >= 0, `${c.key} not in ${c.file}`);
      const at = new vscode.Position(line, c.key.exec(doc.lineAt(line).text)!.index + 1);
      const hover = await until(`a hover on line ${line + 1} of ${c.file}`, () => ourHover(uri, at));
      // Markdown escapes dots and commas ("6\.4 kg"): read it as the user does.
      assert.ok(hover.replace(/\\(.)/g, '$1').includes(cli.co2e), `the hover lacks ${cli.co2e}:\n${hover}`);
    });
  }

  test('slurm: a script with GPUs and a time limit but no model shows the CLI\'s ceiling on its lens, never as an estimate', async () => {
    const file = 'formats/ceiling_only.slurm';
    const uri = workspaceFile(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const ceiling = cliJson(file).files[0].runs[0].ceiling as { co2eKg: number; hours: number } | undefined;
    assert.ok(ceiling && ceiling.hours === 72, `the CLI's JSON has no 72 h ceiling: ${JSON.stringify(ceiling)}`);
    const lens = await until(`the main lens on ${file}`, async () =>
      mainLens(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)));
    const want = `Carbon Lens: at most ${formatMass(ceiling.co2eKg)} CO₂e (the whole 72 h time limit) · needs the model`;
    assert.ok(lens.command!.title.startsWith(want), `${lens.command!.title}\nwanted it to start with ${want}`);
    assert.doesNotMatch(lens.command!.title, /≈/, 'a ceiling is never shown as an estimate');
  });
});
