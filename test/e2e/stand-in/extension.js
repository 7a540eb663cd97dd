// A stand-in for Carbon Lens: the test of the tests. Not shipped.
// It has the same ids and shows something estimate-shaped on every surface the e2e scenarios read
// (lens, status bar, hover, panel headline, an Apply button), in the same places. Mostly the figures
// are one made-up constant whatever the file says. A few surfaces are near misses instead, so that a
// scenario's later checks are exercised too, not only its first: the runner hands over the CLI's
// strings for some files (figures.json beside this file), and the stand-in shows them right where a
// scenario looks first and gets the next thing wrong:
//   - axolotl.yaml: the lens is right, the status bar is the constant (scenario a's second check);
//     the hover is right except that it puts num_epochs one line off (scenario b);
//   - carbon-lens-run.yaml: the panel headline is right, and Apply writes the wrong edit (scenario d).
// `run-e2e.mjs --stand-in` runs the scenarios against it: the harness scenario must still pass, and
// every scenario that compares figures must fail on a figure.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const CONSTANT = '≈ 1.2 t CO₂e (0.8–1.9)';
const LENS = `${CONSTANT} · 2.5 MWh · 8× A100 SXM4 80GB · us-east-1`;

/** { [file name]: { lens?, hover?, headline?, co2e, energy, hardware, mid, embodied, epochs } } from the runner. */
function loadFigures() {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'figures.json'), 'utf8'));
  } catch {
    return {};
  }
}
const FIGURES = loadFigures();
const figuresFor = (doc) => FIGURES[path.basename(doc.uri.path)];

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
      const f = figuresFor(doc);
      const title = f?.lens ? `${f.co2e} · ${f.energy} · ${f.hardware} · world avg grid (assumed)` : LENS;
      const lenses = [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: 'carbonLens.estimate' })];
      // A driver lens where the real one has it (scenario b waits for it before hovering the key).
      const epochsLine = doc.getText().split('\n').findIndex((l) => /^num_epochs:/.test(l));
      if (epochsLine >= 0) lenses.push(new vscode.CodeLens(new vscode.Range(epochsLine, 0, epochsLine, 0), { title: 'halve epochs → −600 kg', command: 'carbonLens.estimate' }));
      return lenses;
    },
  }));

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.text = '$(pulse) 1.2 t CO₂e';
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'yaml' }, {
    provideHover(doc, pos) {
      if (!/^[A-Za-z_][\w-]*:/.test(doc.lineAt(pos.line).text)) return undefined;
      const f = figuresFor(doc);
      if (f?.hover) {
        // Everything the CLI says, but num_epochs one line below where it is.
        return new vscode.Hover(new vscode.MarkdownString([
          `**${f.co2e}** · ${f.energy} · 1.8 h wall-clock`,
          `**Epochs** ${f.epochs.value} (file, line ${f.epochs.line + 1})`,
          `Embodied (hardware manufacturing, amortised): ${f.embodied}, not in the total above`,
          `#### Equivalent to (${f.mid} CO₂e)`, '- 20 km by car', '#### Assumptions', '- 8× A100 80GB',
        ].join('\n\n')));
      }
      return new vscode.Hover(new vscode.MarkdownString(`**${CONSTANT}** · 2.5 MWh\n\n#### Equivalent to (1.2 t CO₂e)\n\n- 5,000 km by car\n\n#### Assumptions\n\n- 8× A100 80GB`));
    },
  }));

  context.subscriptions.push(vscode.window.registerWebviewViewProvider('carbonLens.panel', {
    resolveWebviewView(view) {
      view.webview.options = { enableScripts: true };
      // Like the real panel, it names and follows the active file, with its headline in #estimate-total.
      const render = () => {
        const doc = vscode.window.activeTextEditor?.document;
        const name = (doc?.uri.path ?? '').split('/').pop() || '(no file)';
        const f = doc && figuresFor(doc);
        const headline = f?.headline ? f.co2e : CONSTANT;
        view.webview.html = `<!doctype html><body><h3>${name.replace(/[<&]/g, '')}</h3>
          <div class="total" id="estimate-total">${headline}</div><p>What-if: 2 epochs</p>
          <button id="apply">Apply to file</button>
          <script>const api = acquireVsCodeApi();
          document.getElementById('apply').onclick = () => api.postMessage('apply');</script></body>`;
      };
      render();
      context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((e) => { if (e) render(); }));
      // Apply: sets the file's first key to 2, which is no what-if the CLI would propose.
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
