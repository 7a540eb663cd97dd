// Bundles the three programs Carbon Lens ships:
//  - the extension host code (node, cjs, `vscode` provided by the host),
//  - the CLI (node, cjs, with a shebang so `carbon-lens` runs directly),
//  - the webview script (browser, iife), which must not reach node or vscode APIs.
const esbuild = require('esbuild');
const fs = require('fs');

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
const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', ...dataExternal] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: dataExternal, banner: { js: '#!/usr/bin/env node' } },
];

function copyData() {
  fs.mkdirSync('dist/data', { recursive: true });
  for (const f of fs.readdirSync('src/core/data')) if (f.endsWith('.json')) fs.copyFileSync(`src/core/data/${f}`, `dist/data/${f}`);
}
if (fs.existsSync('src/webview/app/main.ts')) {
  targets.push({ ...common, entryPoints: ['src/webview/app/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' });
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
