// `npm run test:electron`: the same integration suite in desktop VS Code via
// @vscode/test-cli, for machines that can download VS Code (it cannot here;
// there `npm run test:vscode` runs the suite in code-server instead).
// `npx vscode-test --label 1.99.3` picks one of the two configurations.
import { defineConfig } from '@vscode/test-cli';

const common = {
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  // Other extensions could contribute lenses or hovers of their own to the fixtures.
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 30000, color: true },
};

export default defineConfig([
  // The oldest VS Code the manifest accepts (engines.vscode ^1.99.0).
  { ...common, label: '1.99.3', version: '1.99.3' },
  { ...common, label: 'stable', version: 'stable' },
]);
