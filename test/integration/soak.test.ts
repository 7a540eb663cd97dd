// A long session in one extension host (issue #8): open, edit, ask for lenses on, save and release
// 1 000 documents — Carbon Lens run descriptions, Axolotl-like configs, training arguments that
// point at a DeepSpeed JSON, and Jupyter notebooks — and check what a user would notice over a long
// day: every document still gets its estimate, the extension host keeps answering as fast at the end
// as at the start, and its heap does not grow with the number of documents it has seen (per-document
// caches are dropped on close).
//
// Documents are processed by a few concurrent workers: each document costs several workbench round
// trips (open, edit, lens, save) that mostly wait on the renderer, so overlapping them keeps 1 000
// documents near a minute on a 2-core box where one at a time took ~100 ms each (110–210 s in all).
// Notebooks are the exception: a lens on a cell needs the notebook shown in an editor, which takes
// the workbench ~1.3 s (it waits for the output webview), so they are 1 in 25, one at a time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import { EXTENSION_ID, mainLens, workspaceFile } from './helpers';

const DOCS = 1000;
const WORKERS = 6;
/** The heap is measured (after gc, with no work in flight) when this many documents are done. */
const CHECKPOINTS = [200, 400, 600, 800, 1000];
/**
 * Heap growth allowed per document. A leak grows the heap in every interval between checkpoints, so
 * growth counts only when both the least-squares slope through the checkpoints and the median of the
 * per-interval rates exceed this: a one-off step (the workbench releasing or loading something
 * mid-soak, seen up to ±3.4 MB) moves the slope but not the median. Measured over 800 documents:
 * checkpoints within ±1.5 MB alone, ±3.4 MB after the other suites, slope and median under 2.5
 * KB/document; with closed documents' results kept in the cache (the leak this guards against) a
 * steady 8–9 KB/document on both, 6.9 MB in all.
 */
const MAX_GROWTH_KB_PER_DOC = 4.5;
/** Lens round trip at the end of the soak against the start, both under the same concurrent load. */
const MAX_SLOWDOWN = 3;
/**
 * Absolute bounds under load, where a user would notice: lenses that take seconds to appear, or an
 * extension host that stalls typing-time work (measured: p95 100–450 ms, loop delay p99 30–80 ms).
 */
const MAX_P95_MS = 2000;
const MAX_LOOP_DELAY_P99_MS = 500;
/** The workbench keeps the last 50 documents an extension opened; the rest must have been closed. */
// Measured with the whole integration suite before the soak (Runs view, report and what-if suites open
// their own documents first): 874–877 of 960 closed, 884 when the soak runs alone; the heap slope stays
// ≤ 0 KB/document either way, which is the leak guard. 100 = the workbench's 50 plus that margin.
const STILL_OPEN_ALLOWANCE = 100;

type Kind = 'run' | 'axolotl' | 'hf' | 'notebook';

/** In 25: 11 run descriptions, 7 Axolotl configs, 6 configs with a referenced file, 1 notebook. */
function kindOf(i: number): Kind {
  const k = i % 25;
  return k < 11 ? 'run' : k < 18 ? 'axolotl' : k < 24 ? 'hf' : 'notebook';
}

function fileName(i: number): string {
  const kind = kindOf(i);
  return kind === 'notebook' ? `nb-${i}.ipynb` : `${kind}-${i}.yaml`;
}

function runDescription(i: number): string {
  return [
    `# soak run ${i}`,
    `name: soak run ${i}`,
    `hardware: ${['A100 80GB', 'H100 SXM', 'L4', 'V100'][i % 4]}`,
    `count: ${1 + (i % 16)}`,
    `hours: ${2 + (i % 48)}`,
    `region: ${['aws:us-east-1', 'gcp:europe-west1', 'FR', 'azure:westeurope'][i % 4]}`,
    '',
  ].join('\n');
}

function axolotlLike(i: number): string {
  return [
    `# trained on ${1 + (i % 8)}x A100 80GB`,
    `base_model: meta-llama/Meta-Llama-3-8B`,
    'model_type: LlamaForCausalLM',
    'load_in_4bit: true',
    'adapter: qlora',
    `lora_r: ${8 << (i % 3)}`,
    'datasets:',
    '  - path: tatsu-lab/alpaca',
    '    type: alpaca',
    `sequence_len: ${[1024, 2048, 4096][i % 3]}`,
    'micro_batch_size: 2',
    'gradient_accumulation_steps: 4',
    `num_epochs: ${1 + (i % 5)}`,
    'learning_rate: 0.0002',
    '',
  ].join('\n');
}

/** Hugging Face training arguments whose precision and batch come from a DeepSpeed file beside them. */
function trainingArgs(i: number): string {
  return [
    `# ${1 + (i % 8)}x A100`,
    'model_name_or_path: gpt2',
    'output_dir: out',
    `num_train_epochs: ${1 + (i % 3)}`,
    'per_device_train_batch_size: 32',
    'learning_rate: 1e-4',
    `deepspeed: ds-${i % 4}.json`,
    '',
  ].join('\n');
}

const DEEPSPEED = JSON.stringify({ fp16: { enabled: true }, train_batch_size: 256, gradient_accumulation_steps: 2 }, null, 2);

function notebook(i: number): string {
  const cell = (type: string, source: string[]) => ({ cell_type: type, metadata: {}, source, ...(type === 'code' ? { execution_count: null, outputs: [] } : {}) });
  return JSON.stringify({
    cells: [
      cell('markdown', [`# soak notebook ${i}`]),
      cell('code', ['from transformers import TrainingArguments, Trainer\n', '\n', `args = TrainingArguments(output_dir="out", num_train_epochs=${1 + (i % 4)}, per_device_train_batch_size=8, bf16=True)\n`, 'trainer = Trainer(model="distilbert-base-uncased", args=args)\n', 'trainer.train()']),
    ],
    metadata: { accelerator: 'GPU', colab: { gpuType: 'T4' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1);
}

function content(i: number): string {
  switch (kindOf(i)) {
    case 'run': return runDescription(i);
    case 'axolotl': return axolotlLike(i);
    case 'hf': return trainingArgs(i);
    case 'notebook': return notebook(i);
  }
}

/** The line whose number the edit changes (count / num_epochs / num_train_epochs), and that number's pattern. */
const EDITED: Record<Exclude<Kind, 'notebook'>, { line: number; re: RegExp }> = {
  run: { line: 3, re: /\d+$/ },
  axolotl: { line: 12, re: /\d+$/ },
  hf: { line: 3, re: /\d+$/ },
};

/** `global.gc`, or the same function obtained at run time (the host is not started with --expose-gc). */
function collector(): { gc?: () => void; how: string } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return { gc: g, how: 'global.gc' };
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const v8 = require('v8') as typeof import('v8');
    const vm = require('vm') as typeof import('vm');
    /* eslint-enable @typescript-eslint/no-require-imports */
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
    return { gc, how: 'gc exposed at run time (v8.setFlagsFromString)' };
  } catch {
    return { how: 'no gc available: heap measured as is' };
  }
}

async function settledHeap(gc: (() => void) | undefined): Promise<number> {
  // Let the debounced change events of the last edits fire first.
  await new Promise((r) => setTimeout(r, 500));
  if (gc) for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

suite(`Carbon Lens soak: ${DOCS} documents`, () => {
  const dir = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'soak');
  const uriOf = (i: number) => vscode.Uri.file(path.join(dir, fileName(i)));

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    // The Runs view and the workspace report keep every workspace file's runs while they are shown
    // (that is what they list), and re-read each save: the soak measures per-document state, so it
    // starts with both hidden, as after closing them, not with what earlier suites left open.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < DOCS; i++) fs.writeFileSync(uriOf(i).fsPath, content(i));
    for (let k = 0; k < 4; k++) fs.writeFileSync(path.join(dir, `ds-${k}.json`), DEEPSPEED);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // The workbench has text models for a notebook's cells (which a lens request needs) only while an
  // editor shows the notebook, so each notebook is shown, and its editor closed again, one at a time
  // (two at once, in two editor groups, raced the workbench's closing of emptied groups).
  let notebookTurn: Promise<unknown> = Promise.resolve();
  function oneNotebookAtATime<T>(f: () => Promise<T>): Promise<T> {
    const mine = notebookTurn.then(f);
    notebookTurn = mine.catch(() => undefined);
    return mine;
  }

  async function soakNotebook(i: number): Promise<string> {
    const uri = uriOf(i);
    const nb = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(nb, { preview: true, preserveFocus: true });
    try {
      const code = nb.cellAt(1).document;
      const m = /num_train_epochs=(\d+)/.exec(code.getText());
      assert.ok(m, `no num_train_epochs in ${uri.fsPath}`);
      const at = code.positionAt(m.index + 'num_train_epochs='.length);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(code.uri, new vscode.Range(at, at.translate(0, m[1].length)), String(Number(m[1]) + 1));
      edit.insert(nb.cellAt(0).document.uri, new vscode.Position(0, 0), `<!-- edit ${i} -->\n`);
      assert.ok(await vscode.workspace.applyEdit(edit), `edit of ${uri.fsPath} refused`);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', code.uri, 0);
      const title = mainLens(lenses)?.command?.title ?? '';
      // The Colab T4 in the notebook's metadata reaches the estimate of the cell.
      assert.match(title, /CO₂e.*1× T4\b/, `${fileName(i)}: no estimate lens on the training cell (got ${JSON.stringify(title)})`);
      assert.ok(await nb.save(), `save of ${uri.fsPath} failed`);
      return title;
    } finally {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputNotebook && t.input.uri.toString() === uri.toString());
      await vscode.window.tabGroups.close(tabs);
    }
  }

  /** Opens, edits, asks for lenses on and saves document `i`; returns the main lens title. */
  async function soakOne(i: number): Promise<string> {
    const kind = kindOf(i);
    if (kind === 'notebook') return oneNotebookAtATime(() => soakNotebook(i));
    const uri = uriOf(i);
    const doc = await vscode.workspace.openTextDocument(uri);
    const { line, re } = EDITED[kind];
    const text = doc.lineAt(line).text;
    const value = re.exec(text);
    assert.ok(value, `no number on line ${line + 1} of ${uri.fsPath}: ${text}`);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), `# edit ${i}\n`);
    // Both ranges address the text before the edit, so the number's line is still `line`.
    edit.replace(uri, new vscode.Range(line, value.index, line, text.length), String(Number(value[0]) + 1));
    assert.ok(await vscode.workspace.applyEdit(edit), `edit of ${uri.fsPath} refused`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0);
    const title = mainLens(lenses)?.command?.title ?? '';
    assert.match(title, /CO₂e/, `${fileName(i)}: no estimate lens (got ${JSON.stringify(title)})`);
    // The lens is for the edited text, not the file as opened: a run description shows the new count.
    if (kind === 'run') assert.match(title, new RegExp(`· ${Number(value[0]) + 1}× `), `${fileName(i)}: lens not for the edited count: ${title}`);
    // Saved and unreferenced, the workbench releases the document (onDidCloseTextDocument) on its own.
    assert.ok(await doc.save(), `save of ${uri.fsPath} failed`);
    return title;
  }

  test(`open, edit, lens, save and close ${DOCS} documents: every one estimated, bounded heap, steady latency`, async function () {
    // Well inside the harness's 300 s for the whole suite, so a stall is reported here, by this test.
    this.timeout(200000);
    const { gc, how } = collector();
    const started = Date.now();
    let closedDocs = 0;
    let closedNotebooks = 0;
    const listeners = [
      vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === 'file' && d.uri.fsPath.startsWith(dir)) closedDocs++; }),
      vscode.workspace.onDidCloseNotebookDocument((n) => { if (n.uri.fsPath.startsWith(dir)) closedNotebooks++; }),
    ];

    // The latency probe: a small file kept open in an editor, edited before each sample so that every
    // CodeLens request is a fresh analysis, not a cache hit.
    const probeDoc = await vscode.workspace.openTextDocument(workspaceFile('carbon-lens-run.yaml'));
    await vscode.window.showTextDocument(probeDoc, { preview: false });
    const probeOnce = async (): Promise<number> => {
      const e = new vscode.WorkspaceEdit();
      e.insert(probeDoc.uri, new vscode.Position(0, 0), ' ');
      await vscode.workspace.applyEdit(e);
      const t0 = performance.now();
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', probeDoc.uri, 0);
      const ms = performance.now() - t0;
      assert.ok(mainLens(lenses), 'the probe file has its lens');
      return ms;
    };
    for (let i = 0; i < 5; i++) await probeOnce(); // warm-up: the first requests pay for JIT and lazy loading

    let done = 0;
    let busy = false;
    let stopProbe = false;
    const samples: Array<{ at: number; ms: number }> = [];
    const probe = (async () => {
      while (!stopProbe) {
        const ms = await probeOnce();
        // Only samples taken while the workers run count: the load must be the same early and late.
        if (busy) samples.push({ at: done, ms });
        await sleep(150);
      }
    })();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });

    const heaps: Array<{ at: number; mb: number }> = [];
    let next = 0;
    const failures: string[] = [];
    try {
      for (const until of CHECKPOINTS) {
        busy = true;
        loopDelay.enable();
        await Promise.all(Array.from({ length: WORKERS }, async () => {
          for (let i = next++; i < until; i = next++) {
            try {
              await soakOne(i);
            } catch (e) {
              failures.push(`${fileName(i)}: ${(e as Error).stack ?? String(e)}`);
            }
            done++;
          }
        }));
        next = until;
        busy = false;
        loopDelay.disable();
        heaps.push({ at: until, mb: mb(await settledHeap(gc)) });
      }
      // The workbench releases documents lazily, a little after their editors close: on a slow machine the
      // last close events trail the loop. Wait for them (bounded): documents something still holds never come.
      const closable = Array.from({ length: DOCS }, (_, i) => kindOf(i)).filter((k) => k !== 'notebook').length - STILL_OPEN_ALLOWANCE;
      for (const end = Date.now() + 20_000; closedDocs < closable && Date.now() < end;) await sleep(100);
    } finally {
      stopProbe = true;
      await probe.catch(() => undefined);
      for (const l of listeners) l.dispose();
    }
    const seconds = (Date.now() - started) / 1000;
    // The probe file is dirty: revert it (closing it unsaved would ask the user).
    await vscode.window.showTextDocument(probeDoc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // Early and late: the samples taken over the first and the last fifth of the documents.
    const early = samples.filter((s) => s.at < DOCS / 5).map((s) => s.ms);
    const late = samples.filter((s) => s.at >= DOCS - DOCS / 5).map((s) => s.ms);
    const all = samples.map((s) => s.ms);
    const growth = heaps[heaps.length - 1].mb - heaps[0].mb;
    const kbPerDoc = slope(heaps.map((h) => [h.at, h.mb * 1024]));
    const rates = heaps.slice(1).map((h, k) => ((h.mb - heaps[k].mb) * 1024) / (h.at - heaps[k].at));
    const medianRate = median(rates);
    const lagMs = (n: number) => n / 1e6;
    console.log(`      soak: ${DOCS} docs (${WORKERS} workers) in ${seconds.toFixed(1)} s; ${closedDocs} text documents and ${closedNotebooks} notebooks closed by the workbench meanwhile`);
    console.log(`      soak: heap after gc (${how}) ${heaps.map((h) => `${h.at}: ${h.mb.toFixed(1)} MB`).join(', ')}; growth ${growth.toFixed(1)} MB, slope ${kbPerDoc.toFixed(2)} KB/document, median interval ${medianRate.toFixed(2)} KB/document`);
    console.log(`      soak: lens round trip under load, ${all.length} samples: p50 ${percentile(all, 50).toFixed(0)} ms, p95 ${percentile(all, 95).toFixed(0)} ms; `
      + `first fifth p50 ${percentile(early, 50).toFixed(0)} ms (${early.length}), last fifth p50 ${percentile(late, 50).toFixed(0)} ms (${late.length}); `
      + `event-loop delay p50 ${lagMs(loopDelay.percentile(50)).toFixed(0)} ms, p99 ${lagMs(loopDelay.percentile(99)).toFixed(0)} ms, max ${lagMs(loopDelay.max).toFixed(0)} ms`);

    assert.deepStrictEqual(failures.slice(0, 5), [], `${failures.length} of ${DOCS} documents failed`);
    assert.strictEqual(done, DOCS);
    // "Close" is part of the cycle: all but the last few dozen text documents (still referenced by the
    // workbench) were released. Notebooks are fewer than the 50 it keeps, so none need have closed yet.
    const textDocs = Array.from({ length: DOCS }, (_, i) => kindOf(i)).filter((k) => k !== 'notebook').length;
    assert.ok(closedDocs >= textDocs - STILL_OPEN_ALLOWANCE, `only ${closedDocs} of ${textDocs} text documents were closed`);
    assert.ok(Math.min(kbPerDoc, medianRate) < MAX_GROWTH_KB_PER_DOC,
      `heap grows ${kbPerDoc.toFixed(1)} KB per document (median interval ${medianRate.toFixed(1)} KB; ${growth.toFixed(1)} MB between document ${heaps[0].at} and ${DOCS})`);
    assert.ok(early.length >= 3 && late.length >= 3, `too few latency samples: ${early.length} early, ${late.length} late`);
    // A floor of 20 ms keeps timer noise on a fast start from failing the ratio.
    const [p50Early, p50Late] = [percentile(early, 50), percentile(late, 50)];
    assert.ok(p50Late < MAX_SLOWDOWN * Math.max(p50Early, 20), `lens round trip went from ${p50Early.toFixed(0)} ms to ${p50Late.toFixed(0)} ms (median)`);
    assert.ok(percentile(all, 95) < MAX_P95_MS, `lens round trip p95 ${percentile(all, 95).toFixed(0)} ms under load`);
    assert.ok(lagMs(loopDelay.percentile(99)) < MAX_LOOP_DELAY_P99_MS, `extension host event loop delayed ${lagMs(loopDelay.percentile(99)).toFixed(0)} ms (p99)`);
  });

  test('a config that names a DeepSpeed file still takes its precision from it after edits', async () => {
    // The file was edited (and re-analysed) during the soak; edit it once more so its newest version
    // is analysed with the references the previous version named.
    const uri = uriOf(18); // an `hf` config naming ds-2.json
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# one more edit\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('deepspeed:'));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 2))) ?? [];
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => t.includes('**Carbon Lens**')) ?? '';
    const text = markdown.replace(/\\(.)/g, '$1'); // markdown escapes (`ds\-2\.json`)
    assert.match(text, /\*\*Precision\*\* fp16 \(derived .*from ds-2\.json/, `the hover on \`deepspeed:\` names the precision from ds-2.json:\n${text}`);
    assert.ok(await doc.save());
  });
});
