// Compiles the in-editor integration tests (test/integration/*.ts) to
// out/test/integration/*.js, one self-contained CommonJS file per entry, the
// shape VS Code's extension host and @vscode/test-cli load.
// `vscode` is provided by the host; mocha is resolved from node_modules at
// run time so the runner and the test files share one mocha instance.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'test/integration');
const outDir = path.join(root, 'out/test/integration');

async function main() {
  const entries = fs
    .readdirSync(srcDir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(srcDir, f));
  // Start clean so a deleted or renamed test never runs from a stale .js.
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: outDir,
    outbase: srcDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    // jsonc-parser's `main` is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  console.log(`built ${entries.length} integration test file(s) into ${path.relative(root, outDir)}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
