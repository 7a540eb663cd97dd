import { CO2_RE, activeEditor, openFile, runCommand, waitForText } from '../lib.mjs';
import { FigureMismatch, statusBarEstimate } from '../figures.mjs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../../vscode/codeServer.mjs';

/**
 * The CLI's verdict on a file that does not parse: `errorLine` and `syntaxError` from --json
 * (bad.yaml: a flow list opened on line 3, `count: [8`, that the parser gives up on at line 4).
 */
function cliError(workspace, file) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), 'estimate', '--json', file], { cwd: workspace, encoding: 'utf8', timeout: 30000 });
  const f = JSON.parse(r.stdout || '{}').files?.find((x) => x.path === file);
  if (!f?.error || !f.errorLine || f.runs.length) throw new Error(`the CLI reads ${file} without an error: ${r.stdout}`);
  return { line: f.errorLine, kind: f.syntaxError, message: f.error };
}

export default {
  id: 'p',
  name: 'a malformed YAML file gets a "fix the YAML error on line N" lens, an Error in Problems, and no estimate',
  comparesFigures: true,
  async run({ page, timeout, workspace, note }) {
    const cli = cliError(workspace, 'bad.yaml');
    await openFile(page, 'bad.yaml', { timeout });
    const lenses = activeEditor(page).locator('.codelens-decoration');
    const wanted = `Carbon Lens: fix the ${cli.kind} error on line ${cli.line}`;
    // Whatever lens appears first decides: an estimate on a file that did not parse is the bug this
    // scenario exists for (before: a confident "≈ 4.1 kg CO₂e" with the parse error as a warning).
    const text = await waitForText('a Carbon Lens lens on bad.yaml', lenses.filter({ hasText: /Carbon Lens|CO₂e/ }).first(), [/\S/], { timeout });
    if (CO2_RE.test(text) || text !== wanted) {
      throw new FigureMismatch(`the lens on bad.yaml reads ${JSON.stringify(text)}; the CLI has no estimate but a ${cli.kind} error on line ${cli.line} ("${wanted}")`);
    }
    if ((await lenses.filter({ hasText: CO2_RE }).count()) > 0) {
      throw new FigureMismatch('bad.yaml shows a CO₂e lens beside the error lens');
    }
    // The status bar speaks for the active file: no figure for a file with no estimate.
    const status = statusBarEstimate(page);
    if (await status.isVisible().catch(() => false)) {
      throw new FigureMismatch(`the status bar shows ${JSON.stringify((await status.innerText()).trim())} for bad.yaml, which has no estimate`);
    }
    // The Problems panel lists the parse error as an Error at the CLI's line.
    await runCommand(page, 'View: Focus Problems', { timeout });
    const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: cli.message.slice(0, 40) }).first();
    const rowText = await waitForText('the parse error in the Problems panel', row, [new RegExp(`\\[Ln ${cli.line}, Col \\d+\\]`)], { timeout });
    if ((await row.locator('.codicon-error').count()) === 0) throw new Error(`the Problems row is not an Error: ${rowText}`);
    note(`lens "${text}"; Problems: "${rowText.replace(/\s+/g, ' ')}"; no CO₂e on lens or status bar`);
  },
};
