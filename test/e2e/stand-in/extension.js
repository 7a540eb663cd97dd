// A stand-in for Carbon Lens with the same ids and just enough behaviour for
// every e2e scenario to pass. `run-e2e.mjs --stand-in` runs the scenarios
// against it, which tells a selector or timing bug in the harness apart from
// a missing or broken feature in the real extension. Not shipped.
const vscode = require('vscode');

const LENS = '1.2 t CO₂e (0.8 – 1.9)';

exports.activate = (context) => {
  const selector = [{ language: 'yaml' }, { notebookType: 'jupyter-notebook', language: 'python' }];
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(selector, {
    provideCodeLenses(doc) {
      const line = doc.getText().split('\n').findIndex((l) => /TrainingArguments|base_model/.test(l));
      if (line < 0) return [];
      return [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: LENS, command: 'carbonLens.estimate' })];
    },
  }));

  context.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'yaml' }, {
    provideHover(doc, pos) {
      if (!/num_epochs/.test(doc.lineAt(pos.line).text)) return undefined;
      return new vscode.Hover(new vscode.MarkdownString('**1.2 t CO₂e** ≈ 5,000 km by car\n\n**Assumptions**: 8× A100 80GB'));
    },
  }));

  context.subscriptions.push(vscode.window.registerWebviewViewProvider('carbonLens.panel', {
    resolveWebviewView(view) {
      view.webview.options = { enableScripts: true };
      // Like the real panel, it names and follows the active file.
      const render = () => {
        const name = (vscode.window.activeTextEditor?.document.uri.path ?? '').split('/').pop() || '(no file)';
        view.webview.html = `<!doctype html><body><h3>${name}</h3><h2>1.2 t CO₂e</h2><p>What-if: 2 epochs</p>
          <button id="apply">Apply</button>
          <script>const api = acquireVsCodeApi();
          document.getElementById('apply').onclick = () => api.postMessage('apply');</script></body>`;
      };
      render();
      context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((e) => { if (e) render(); }));
      view.webview.onDidReceiveMessage(async () => {
        const folder = vscode.workspace.workspaceFolders[0].uri;
        const uri = vscode.Uri.joinPath(folder, 'axolotl.yaml');
        const doc = await vscode.workspace.openTextDocument(uri);
        const line = doc.getText().split('\n').findIndex((l) => /^num_epochs/.test(l));
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, doc.lineAt(line).range, 'num_epochs: 2');
        await vscode.workspace.applyEdit(edit);
        // =0 leaves the edit unsaved, the other path scenario d accepts.
        if (process.env.CARBON_LENS_STAND_IN_SAVE !== '0') await doc.save();
      });
    },
  }));

  context.subscriptions.push(vscode.commands.registerCommand('carbonLens.estimate', () =>
    vscode.commands.executeCommand('carbonLens.panel.focus')));
};
