// Launch scripts in a real extension host (issue #13): a `.sh` and a `.slurm` file get the CO₂e lens
// on the launch command with the CLI's figure, and the `#SBATCH --gres` / `--time` lines answer a
// hover — the time limit worded as an upper bound, never as the runtime.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, cliEstimate, mainLens, until, workspaceFile } from './helpers';

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)) ?? [];
}

async function hoverAt(uri: vscode.Uri, pos: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  return texts.find((t) => t.includes('**Carbon Lens**'))?.replace(/\\(.)/g, '$1');
}

function lineOf(doc: vscode.TextDocument, re: RegExp): number {
  for (let i = 0; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  throw new Error(`${re} not found in ${doc.uri.path}`);
}

suite('Carbon Lens on launch scripts', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  test('a .sh torchrun script: the lens sits on the launcher line with the CLI figure', async () => {
    const uri = workspaceFile('launch/train_torchrun.sh');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lens = await until('the script\'s CO₂e lens', async () => {
      const l = mainLens(await lensesOf(uri));
      return l && /CO₂e/.test(l.command!.title) && l;
    });
    // The CLI on the same file (4× A100 80GB, 3000 steps × 32 × 2048 tokens of Qwen2.5-1.5B).
    const cli = cliEstimate('launch/train_torchrun.sh');
    assert.ok(lens.command!.title.startsWith(`${cli.co2e} · ${cli.energy} · ${cli.hardware}`), `${lens.command!.title} vs ${cli.co2e} · ${cli.energy} · ${cli.hardware}`);
    assert.strictEqual(lens.range.start.line, lineOf(doc, /^torchrun /), 'the lens is on the torchrun line');
  });

  test('a .slurm job: lens on the srun launch, hovers on --gres and --time (an upper bound)', async () => {
    const uri = workspaceFile('launch/train_job.slurm');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lens = await until('the job\'s CO₂e lens', async () => {
      const l = mainLens(await lensesOf(uri));
      return l && /CO₂e/.test(l.command!.title) && l;
    });
    const cli = cliEstimate('launch/train_job.slurm');
    assert.ok(lens.command!.title.startsWith(`${cli.co2e} · ${cli.energy} · ${cli.hardware}`), `${lens.command!.title} vs ${cli.co2e}`);
    assert.strictEqual(lens.range.start.line, lineOf(doc, /^srun torchrun /));

    // `#SBATCH --gres=gpu:a100:8`: the GPU type is read from the GRES (the count comes from the
    // launcher's --nproc_per_node=8); the hover on `a100` answers with the estimate.
    const gres = lineOf(doc, /--gres=/);
    const gresCol = doc.lineAt(gres).text.indexOf('a100') + 1;
    const onGres = await until('a hover on --gres', () => hoverAt(uri, new vscode.Position(gres, gresCol)));
    assert.match(onGres, /CO₂e/);

    // `#SBATCH --time=1-00:00:00`: 24 h, said to be an upper bound and not the runtime.
    const time = lineOf(doc, /--time=/);
    const timeCol = doc.lineAt(time).text.indexOf('1-00');
    const onTime = await until('a hover on --time', () => hoverAt(uri, new vscode.Position(time, timeCol + 1)));
    assert.match(onTime, /upper bound/i);
    assert.doesNotMatch(onTime, /runtime is 24 h/i);
  });
});
