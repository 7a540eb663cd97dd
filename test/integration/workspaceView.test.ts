// The Runs view and the editor-area workspace report in a real extension host: what the tree lists,
// the totals kept apart (one-time training, per-year serving), a sweep counted once, and the report
// following a saved edit. Figures come from the CLI (the same engine outside the editor).
//
// Fixture figures, by hand (as in test/unit/workspaceSummary.test.ts):
//  - sweep/base-run.yaml: 8 × A100 80GB × 24 h, aws:us-east-1: 32.38 kg mid; grid-sweep.yaml runs it
//    3 times: 97.15 kg. base-run is inside the sweep's figure, so the one-time total adds it once.
//  - serving/chat-serve.yaml: 2 × L4 in France for 730 days: 176.44 kg, i.e. 88.22 kg per year.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TreeSnapshotItem } from '../../src/editor/runsTree';
import type { WorkspaceRunsState } from '../../src/editor/workspaceRuns';
import type { ReportSnapshot } from '../../src/webview/reportPanel';
import { EXTENSION_ID, cliEstimate, until, workspaceFile } from './helpers';

interface RefreshResult {
  state: WorkspaceRunsState;
  items: TreeSnapshotItem[];
}

function close(actual: number, expected: number, rel = 2e-3): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ≈ ${expected}, got ${actual}`);
}

function kg(mid: string): number {
  // `33 kg`, `350 g`, `1.2 t`: the CLI's mid, only for a rough cross-check (2 significant digits).
  const [n, unit] = mid.split(' ');
  return Number(n.replace(/,/g, '')) * (unit === 'g' ? 1e-3 : unit === 't' ? 1e3 : 1);
}

suite('Runs view and workspace report', () => {
  let refreshed: RefreshResult;

  suiteSetup(async function () {
    // A first scan of the workspace (the soak suite before this one leaves a busy extension host).
    this.timeout(120000);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    refreshed = (await vscode.commands.executeCommand<RefreshResult>('carbonLens.refreshRuns'))!;
    assert.ok(refreshed?.state, 'refreshRuns returned no state');
  });

  test('the tree lists runs by folder with phase, CO₂e and energy, the CLI’s figures', () => {
    const folder = (name: string) => refreshed.items.find((i) => i.label === name);
    const sweep = folder('sweep');
    assert.ok(sweep?.children, `no sweep folder in ${refreshed.items.map((i) => i.label).join(', ')}`);
    const grid = sweep.children.find((c) => c.label === 'grid-sweep.yaml');
    const cli = cliEstimate('sweep/grid-sweep.yaml');
    // "training · 99 kg CO₂e (69–130) · 260 kWh": the CLI's "≈ 99 kg CO₂e (69–130)" without the ≈.
    assert.strictEqual(grid?.description?.split(' · ').slice(0, 3).join(' · '), `training · ${cli.co2e.replace(/^≈ /, '')} · ${cli.energy}`);
    const base = sweep.children.find((c) => c.label === 'base-run.yaml');
    assert.match(base?.description ?? '', /counted in sweep\/grid-sweep\.yaml/);
    const serve = folder('serving')?.children?.find((c) => c.label === 'chat-serve.yaml');
    assert.match(serve?.description ?? '', /^serving · .* \/ year/);
    // A file that does not parse is listed with its error, not left out silently.
    const root = folder('(workspace root)');
    assert.ok(root?.children?.some((c) => c.label === 'bad.yaml' && /^not estimated/.test(c.description ?? '')), JSON.stringify(root?.children?.map((c) => c.label)));
  });

  test('one-time and per-year totals are kept apart, the sweep’s base run added once', () => {
    const { oneTime, perYear, counted } = refreshed.state.summary.totals;
    assert.ok(counted >= 1);
    const base = refreshed.state.summary.rows.find((r) => r.relPath === 'sweep/base-run.yaml');
    assert.strictEqual(base?.countedIn, 'sweep/grid-sweep.yaml');
    // Expected one-time total: every training row with a figure, except the ones a sweep counts.
    const rows = refreshed.state.summary.rows.filter((r) => r.cadence === 'one-time' && r.co2eKg && !r.countedIn);
    close(oneTime.co2eKg.mid, rows.reduce((s, r) => s + r.co2eKg!.mid, 0), 1e-9);
    assert.ok(!rows.some((r) => r.relPath === 'sweep/base-run.yaml'));
    // The serving file: the CLI says ≈ 180 kg over its 730 days; a year of it is half (88.2 kg by hand).
    const serve = refreshed.state.summary.rows.find((r) => r.relPath === 'serving/chat-serve.yaml');
    close(serve!.co2eKg!.mid, 88.22092);
    close(serve!.co2eKg!.mid * 2, kg(cliEstimate('serving/chat-serve.yaml').mid), 0.02);
    assert.ok(perYear.co2eKg.mid >= serve!.co2eKg!.mid);
    assert.ok(!rows.some((r) => r.phase === 'inference'), 'a serving row in the one-time total');
  });

  test('the report opens in the editor area with focus, totals split, every run listed', async () => {
    const snap = await until('the report delivered', async () => {
      const s = await vscode.commands.executeCommand<ReportSnapshot>('carbonLens.openWorkspaceReport');
      return s?.delivered && s.view ? s : undefined;
    });
    assert.strictEqual(snap.active, true, 'the report panel is not the active editor');
    const v = snap.view!;
    assert.strictEqual(v.oneTime.label, 'One-time (training)');
    assert.strictEqual(v.perYear.label, 'Per year (serving)');
    assert.ok(v.rows.some((r) => r.file === 'serving/chat-serve.yaml' && r.phase === 'serving' && r.co2e.endsWith('/ year')));
    assert.ok(v.rows.some((r) => r.file === 'sweep/base-run.yaml' && r.note === 'counted in sweep/grid-sweep.yaml'));
    assert.ok(v.rows.some((r) => r.file === 'train.ipynb' && /^cell \d+/.test(r.where)), JSON.stringify(v.rows.find((r) => r.file === 'train.ipynb')));
    assert.ok(v.notes.some((n) => /listed but not added/.test(n)));
  });

  test('a saved edit refreshes the report: a fourth trial adds one base run to the sweep', async () => {
    const uri = workspaceFile('sweep/grid-sweep.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    // Taken now, not from the suite's first refresh: other suites may have changed files since.
    const before = (await vscode.commands.executeCommand<RefreshResult>('carbonLens.refreshRuns'))!.state.summary.totals.oneTime.co2eKg.mid;
    const original = doc.getText();
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original.replace('[0.1, 0.2, 0.3]', '[0.1, 0.2, 0.3, 0.4]'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      // 4 × 32.38 − 3 × 32.38 = +32.38 kg on the one-time total (4 × 32.38 = 129.5 kg reads "≈ 130 kg").
      const snap = await until('the report to follow the save', async () => {
        const s = await vscode.commands.executeCommand<ReportSnapshot>('carbonLens.openWorkspaceReport');
        const row = s?.view?.rows.find((r) => r.file === 'sweep/grid-sweep.yaml');
        return row && row.co2e.startsWith('≈ 130 kg') ? s : undefined;
      });
      assert.ok(snap.view);
      const after = (await vscode.commands.executeCommand<RefreshResult>('carbonLens.refreshRuns'))!.state.summary.totals.oneTime.co2eKg.mid;
      close(after - before, 32.38183, 1e-3);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      const d = await vscode.workspace.openTextDocument(uri);
      restore.replace(uri, new vscode.Range(0, 0, d.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
      await d.save();
    }
  });
});
