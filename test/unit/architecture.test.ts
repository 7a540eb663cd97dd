// The pure layers must stay runnable without VS Code: the CLI, the benchmark and these unit tests
// depend on it. This reads the sources rather than trusting a lint rule someone can switch off.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const PURE_DIRS = ['src/core', 'src/formats', 'src/engine', 'src/shared', 'src/host'];
const PURE_FILES = ['src/webview/html.ts', 'src/webview/reportHtml.ts', 'src/editor/workspaceSummary.ts', 'src/editor/reportView.ts', 'src/webview/viewModel.ts', 'src/editor/hoverMarkdown.ts', 'src/editor/lensText.ts', 'src/editor/diagnosticText.ts', 'src/editor/lensPlan.ts', 'src/core/present/estimateText.ts'];

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  const files = [...PURE_DIRS.flatMap(tsFiles), ...PURE_FILES.filter((f) => fs.existsSync(f))];

  it('finds the pure sources', () => {
    assert.ok(files.length > 20, `only ${files.length} files found`);
  });

  it('src/core, src/formats, src/engine and the pure view helpers never import vscode', () => {
    const offenders = files.filter((f) => /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders, []);
  });

  it('the editor reaches the parsers and the estimator pipeline only through the engine worker', () => {
    // Anything that reads file text must run in src/host's worker, where a deadline can stop it
    // (issue #18); a direct import would put it back on the extension host's thread.
    const pipeline = /from\s+['"](\.\.\/)+(formats(\/(index|edits))?|engine\/(evaluate|budgetFile|exports))['"]/;
    const editorFiles = [...tsFiles('src/editor'), ...tsFiles('src/webview'), 'src/extension.ts'];
    const offenders = editorFiles.filter((f) => pipeline.test(fs.readFileSync(f, 'utf8').replace(/^import type .*$/gm, '')));
    assert.deepStrictEqual(offenders, []);
  });

  it('the editor and the panel share types through src/shared, never each other’s code', () => {
    // Editor code that imports the webview's (or the panel's script that imports the editor's) ties two
    // sides together that run in different places; what both need lives in src/shared (issue #16).
    // Every import form counts, `import type` included: the dependency is the same.
    const importsFrom = (f: string, dir: RegExp) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)]
        .map((m) => path.posix.normalize(path.posix.join(path.dirname(f).split(path.sep).join('/'), m[1])))
        .filter((target) => dir.test(target));
    const editor = tsFiles('src/editor');
    assert.ok(editor.length > 10, `only ${editor.length} editor files found`);
    assert.deepStrictEqual(editor.flatMap((f) => importsFrom(f, /^src\/webview(\/|$)/).map((t) => `${f} → ${t}`)), []);
    const app = tsFiles('src/webview/app');
    assert.ok(app.length > 5, `only ${app.length} panel-script files found`);
    assert.deepStrictEqual(app.flatMap((f) => importsFrom(f, /^src\/editor(\/|$)/).map((t) => `${f} → ${t}`)), []);
  });

  it('src/core and src/formats make no network or child-process calls', () => {
    const banned = /\b(from\s+['"](https?|net|child_process|dgram|tls)['"]|fetch\(|XMLHttpRequest)/;
    const offenders = [...tsFiles('src/core'), ...tsFiles('src/formats')].filter((f) => banned.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders, []);
  });
});
