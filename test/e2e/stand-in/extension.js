// A stand-in for Carbon Lens that prints a constant estimate: the test of the tests.
// It has the same ids and shows something estimate-shaped on every surface the e2e scenarios read
// (lens, status bar, hover, panel headline, an Apply button), in the same places, but the figures are
// one made-up constant whatever the file says. `run-e2e.mjs --stand-in` runs the scenarios against
// it: the harness scenario must still pass (so the runner and selectors work), and every scenario
// that compares figures with the CLI must fail on a figure. A scenario that passed here would only
// be checking that "some CO₂e" appeared. Not shipped.
const vscode = require('vscode');

const CONSTANT = '≈ 1.2 t CO₂e (0.8–1.9)';
const LENS = `${CONSTANT} · 2.5 MWh · 8× A100 SXM4 80GB · us-east-1`;

/** The first `key:` line of a YAML file, or a notebook cell's TrainingArguments line. */
function anchorLine(doc) {
  return doc.getText().split('\n').findIndex((l) => /^[A-Za-z_][\w-]*:|TrainingArguments/.test(l));
}

exports.activate = (context) => {
  const selector = [{ language: 'yaml' }, { notebookType: 'jupyter-notebook', language: 'python' }];
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(selector, {
    provideCodeLenses(doc) {
      const line = anchorLine(doc);
      if (line < 0) return [];
      return [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: LENS, command: 'carbonLens.estimate' })];
    },
  }));

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.text = '$(pulse) 1.2 t CO₂e';
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'yaml' }, {
    provideHover(doc, pos) {
      if (!/^[A-Za-z_][\w-]*:/.test(doc.lineAt(pos.line).text)) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(`**${CONSTANT}** · 2.5 MWh\n\n#### Equivalent to (1.2 t CO₂e)\n\n- 5,000 km by car\n\n#### Assumptions\n\n- 8× A100 80GB`));
    },
  }));

  context.subscriptions.push(vscode.window.registerWebviewViewProvider('carbonLens.panel', {
    resolveWebviewView(view) {
      view.webview.options = { enableScripts: true };
      // Like the real panel, it names and follows the active file, with its headline in #estimate-total.
      const render = () => {
        const name = (vscode.window.activeTextEditor?.document.uri.path ?? '').split('/').pop() || '(no file)';
        view.webview.html = `<!doctype html><body><h3>${name.replace(/[<&]/g, '')}</h3>
          <div class="total" id="estimate-total">${CONSTANT}</div><p>What-if: 2 epochs</p>
          <button id="apply">Apply to file</button>
          <script>const api = acquireVsCodeApi();
          document.getElementById('apply').onclick = () => api.postMessage('apply');</script></body>`;
      };
      render();
      context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((e) => { if (e) render(); }));
      view.webview.onDidReceiveMessage(async () => {
        const doc = vscode.window.activeTextEditor?.document;
        if (!doc) return;
        const line = anchorLine(doc);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, doc.lineAt(line).range, doc.lineAt(line).text.replace(/:.*/, ': 2'));
        await vscode.workspace.applyEdit(edit);
        // =0 leaves the edit unsaved, the other path scenario d accepts.
        if (process.env.CARBON_LENS_STAND_IN_SAVE !== '0') await doc.save();
      });
    },
  }));

  context.subscriptions.push(vscode.commands.registerCommand('carbonLens.estimate', () =>
    vscode.commands.executeCommand('carbonLens.panel.focus')));
};
