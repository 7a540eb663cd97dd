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
import { EXTENSION_ID, cliEstimate, mainLens, until, workspaceFile } from './helpers';

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
];

suite('Carbon Lens on the new formats (detectron2, Ultralytics, litgpt, NeMo-Run)', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const fixtures = path.join(ext.extensionPath, 'test', 'fixtures');
    const into = workspaceFile('formats').fsPath;
    fs.mkdirSync(into, { recursive: true });
    for (const f of ['vision/mask_rcnn_R_50_FPN_3x.yaml', 'vision/Base-RCNN-FPN.yaml', 'vision/yolo_train.py', 'litgpt/lora.yaml', 'nemo-run/llama3_lora_finetune.py']) {
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
});
