// Bundles the three programs Carbon Lens ships:
//  - the extension host code (node, cjs, `vscode` provided by the host),
//  - the CLI (node, cjs, with a shebang so `carbon-lens` runs directly),
//  - the webview scripts (browser, iife: the panel's and the workspace report's), which must not reach node or vscode APIs.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const { version } = require('./package.json');
const watch = process.argv.includes('--watch');

/** Reports build errors in the `file:line:col: error` shape problem matchers understand. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemReporter],
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  define: { CARBON_LENS_VERSION: JSON.stringify(version) },
};

// The sourced data tables stay JSON files beside the bundles (dist/data/), loaded by the catalogue
// on first use: activation never parses them, and the extension bundle stays small.
const dataExternal = ['./data/*.json'];

// `yaml` resolves for Node to a CommonJS build, which esbuild cannot tree-shake; the package also
// ships the same source as ES modules (its browser build), from which the bundles keep only what is
// used: about 15 KB less in dist/extension.js, minified. The two builds differ only where that one
// touches Node: `!!binary` scalars decode through atob to a Uint8Array instead of a Buffer, and
// yaml's own warnings go to console.warn instead of process.emitWarning. Unit tests run from source
// with the CommonJS build; both shipped programs use this one, so they agree with each other.
const yamlEsm = path.join(path.dirname(require.resolve('yaml/package.json')), 'browser/dist/index.js');
const nodeAlias = fs.existsSync(yamlEsm) ? { yaml: yamlEsm } : {};

const targets = [
  // The extension host loads dist/extension.js at activation. The parsers, YAML and JSON libraries and
  // the estimator pipeline are dist/engineWorker.js, which runs in worker threads started on the
  // first analysis (src/host, src/editor/engine.ts); the CLI runs the same worker file.
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', ...dataExternal], alias: nodeAlias },
  { ...common, entryPoints: ['src/host/engineWorker.ts'], outfile: 'dist/engineWorker.js', platform: 'node', format: 'cjs', target: 'node20', external: dataExternal, alias: nodeAlias },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: dataExternal, alias: nodeAlias, banner: { js: '#!/usr/bin/env node' } },
  // The GitHub Action (action.yml): the CLI's engine plus the pull-request comment. It bundles cli.ts
  // for its file helpers, and CARBON_LENS_ENTRY keeps cli.ts's own main from running there.
  { ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/action.js', platform: 'node', format: 'cjs', target: 'node20', external: dataExternal, alias: nodeAlias, define: { ...common.define, CARBON_LENS_ENTRY: '"action"' } },
];

function copyData() {
  fs.mkdirSync('dist/data', { recursive: true });
  for (const f of fs.readdirSync('src/core/data')) if (f.endsWith('.json')) fs.copyFileSync(`src/core/data/${f}`, `dist/data/${f}`);
  copyCodicons();
}

// The panel's and the report's icons (@vscode/codicons, the icon font VS Code itself uses): the
// stylesheet and its font only (~160 kB), into dist/codicons/ so the .vsix carries them (node_modules
// is not packaged) and the webviews load them from a local resource root under the strict CSP.
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  if (!fs.existsSync(`${from}/codicon.css`)) {
    console.warn('esbuild: @vscode/codicons is not installed; the panel shows its labels without icons');
    return;
  }
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(`${from}/${f}`, `dist/codicons/${f}`);
}
if (fs.existsSync('src/webview/app/main.ts')) {
  targets.push({ ...common, entryPoints: ['src/webview/app/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' });
}
// The editor-area workspace report's page: browser, iife, like the panel's.
if (fs.existsSync('src/webview/report/main.ts')) {
  targets.push({ ...common, entryPoints: ['src/webview/report/main.ts'], outfile: 'dist/report.js', platform: 'browser', format: 'iife', target: 'es2022' });
}

async function main() {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    copyData();
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  copyData();
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  try { fs.chmodSync('dist/cli.js', 0o755); } catch { /* not fatal: `node dist/cli.js` still works */ }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
