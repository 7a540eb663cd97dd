// Hovers and notebook cells in a real extension host: the hover on a cost-driving key carries the
// estimate, comparisons and assumptions; a Jupyter notebook's training cell gets the lens and hover.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, cliEstimate, until, workspaceFile } from './helpers';

/** The text of our hover at a position, or undefined when we contribute none there. */
async function ourHover(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((t) => t.includes('**Carbon Lens**'));
}

/** The hover as the user reads it: markdown escapes (`4\.2`, `file\, line 4`) undone. */
function readable(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

function positionOf(doc: vscode.TextDocument, re: RegExp): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const m = re.exec(doc.lineAt(i).text);
    if (m) return new vscode.Position(i, m.index + 1);
  }
  throw new Error(`${re} not found in ${doc.uri.path}`);
}

function assertFullHover(text: string): void {
  assert.match(text, /CO₂e/);
  // Short (issue #16): links first, then the figures; equivalences with their source year and basis.
  assert.match(text, /^\*\*Carbon Lens\*\* · \[Open panel\]\(command:carbonLens\.openPanel\?/);
  assert.match(text, /\n≈ .+\(.*\d{4}\).* — .*operational CO₂e/, 'an equivalence with its source year and basis');
  assert.ok(text.split('\n\n').length <= 8, `a long hover:\n${text}`);
}

suite('Carbon Lens hover', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  test('a cost-driving key of a run description', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('carbon-lens-run.yaml'));
    const text = await until('a hover on `hours`', () => ourHover(doc.uri, positionOf(doc, /^hours/)));
    assertFullHover(text);
    assert.match(text, /\*\*Hours \(wall clock\)\*\* 24 h \(file\\, line 4\)/);
    assert.match(text, /\*\*Hours \(wall clock\)\*\* 24 h \(file\\, line 4\): halve → −/);
    // The run's figures are the CLI's for the same file: "**≈ 33 kg CO₂e (23–43)** · 87 kWh · 24 h wall-clock".
    const cli = cliEstimate('carbon-lens-run.yaml');
    assert.ok(readable(text).includes(`**${cli.co2e}** · ${cli.energy} · 24 h wall-clock`), `no "${cli.co2e} · ${cli.energy}" in:\n${text}`);
    assert.ok(readable(text).includes(`— ${cli.mid} CO₂e (operational CO₂e, embodied not included)`), text);
  });

  test('no hover on a comment line', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('carbon-lens-run.yaml'));
    await until('the file to be analysed', () => ourHover(doc.uri, positionOf(doc, /^count/)));
    assert.strictEqual(await ourHover(doc.uri, new vscode.Position(0, 3)), undefined);
  });

  test('num_epochs in axolotl.yaml', async function () {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('axolotl.yaml'));
    const text = await until('a hover on `num_epochs`', () => ourHover(doc.uri, positionOf(doc, /^num_epochs/)));
    assertFullHover(text);
    // "**Epochs** 3 (file, line 31)": the CLI reads the same value on the same line.
    const cli = cliEstimate('axolotl.yaml');
    const epochs = cli.json.inputs.epochs;
    assert.ok(readable(text).includes(`**Epochs** ${epochs.value} (file, line ${epochs.line})`), `no epochs ${JSON.stringify(epochs)} in:\n${text}`);
    assert.ok(readable(text).includes(`**${cli.co2e}** · ${cli.energy} · `), `no "${cli.co2e} · ${cli.energy}" in:\n${text}`);
  });

  test('keys that matter get a hover: sequence_len as written, bf16: auto with the precision assumed', async function () {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('axolotl.yaml'));
    const seq = await until('a hover on `sequence_len`', () => ourHover(doc.uri, positionOf(doc, /^sequence_len/)));
    // 4096 as written (it read "4,100" before issue #16), on its line (25), with what it contributes
    // (with the dataset's tokens known, packing makes the length "no effect on this estimate").
    assert.match(readable(seq), /\*\*Sequence length\*\* 4096 \(file, line 25\): (halve → −|no effect)/, seq);
    const bf16 = await until('a hover on `bf16`', () => ourHover(doc.uri, positionOf(doc, /^bf16/)));
    assert.match(readable(bf16), /\*\*Precision\*\* bf16 \((assumed|derived|setting)[^)]*\)/, bf16);
  });

  test('train.ipynb: the training cell gets the lens and its keys the hover', async function () {
    const nb = await vscode.workspace.openNotebookDocument(workspaceFile('train.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const cells = nb.getCells();
    const training = cells.find((c) => c.document.getText().includes('TrainingArguments('));
    assert.ok(training, 'fixture has a TrainingArguments cell');
    const lens = await until('a CO₂e lens on the training cell', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', training.document.uri, 20)) ?? [];
      return lenses.find((l) => l.command?.command === 'carbonLens.openPanel' && /CO₂e|Carbon Lens: needs/.test(l.command.title));
    });
    // The Colab runtime in the notebook metadata reaches the analysis: the lens names the T4, and
    // the figures are the CLI's for the same notebook ("≈ 32 g CO₂e (14–70) · 66 Wh · 1× T4 PCIe 16GB").
    const cli = cliEstimate('train.ipynb');
    assert.match(cli.hardware, /^1× T4\b/);
    assert.ok(lens.command!.title.startsWith(`${cli.co2e} · ${cli.energy} · ${cli.hardware}`), `${lens.command!.title} against the CLI's ${cli.co2e} · ${cli.energy} · ${cli.hardware}`);
    const args = lens.command!.arguments?.[0] as { uri: string; runIndex: number };
    assert.strictEqual(args.uri, nb.uri.toString(), 'the panel is asked for the notebook, not the cell');
    // Only the cell that configures training carries the run's main lens.
    const pip = cells.find((c) => c.document.getText().startsWith('!pip'))!;
    const pipLenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', pip.document.uri, 20)) ?? [];
    assert.deepStrictEqual(pipLenses.filter((l) => l.command?.command === 'carbonLens.openPanel').map((l) => l.command!.title), []);

    const epochs = positionOf(training.document, /num_train_epochs/);
    const text = await until('a hover on num_train_epochs in the cell', () => ourHover(training.document.uri, epochs));
    // An estimate, not "Needs …": the same figures as the lens.
    assert.ok(readable(text).includes(`**${cli.co2e}** · ${cli.energy} · `), `no "${cli.co2e} · ${cli.energy}" in:\n${text}`);
    assert.match(text, /operational CO₂e/);
  });

  test('a notebook configured in one cell and started in another: the lens on both cells', async function () {
    // TrainingArguments in cell 1, `trainer.train()` in cell 2 (issue 16 §6): a user reads the first and runs the second.
    const code = (text: string) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python');
    const data = new vscode.NotebookData([
      code('from transformers import AutoModelForCausalLM, TrainingArguments, Trainer\nmodel = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B")'),
      code('args = TrainingArguments(output_dir="out", max_steps=1000, per_device_train_batch_size=8, bf16=True)'),
      code('trainer = Trainer(model=model, args=args)\ntrainer.train()'),
    ]);
    const nb = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(nb);
    const mainLens = async (cell: number) => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', nb.cellAt(cell).document.uri, 20)) ?? [];
      return lenses.find((l) => l.range.start.line === 0 && l.command && /CO₂e|needs|Carbon Lens/.test(l.command.title));
    };
    const configures = await until('the run lens on the TrainingArguments cell', () => mainLens(1));
    const starts = await until('the run lens on the trainer.train() cell', () => mainLens(2));
    assert.strictEqual(configures.command!.title, starts.command!.title, 'one run, one title on both cells');
    const none = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', nb.cellAt(0).document.uri, 20)) ?? [];
    assert.deepStrictEqual(none.filter((l) => l.range.start.line === 0 && l.command?.title === starts.command!.title).length, 0, 'the model-load cell carries no run lens');
  });
});
