// `npm run bench`: how much Carbon Lens costs the editor. Prints a table, writes bench/results/latest.json,
// and exits 1 when a hard target (bundle sizes) is missed. Ratios are measured in the same run as
// their baseline (bare `yaml` parse, bare JSON.parse) so machine speed cancels out.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { evaluateText } from '../src/engine/evaluate';
import { normalizeSettings } from '../src/core/settings';
import { VersionCache } from '../src/engine/versionCache';
import { LineIndex } from '../src/formats/lineIndex';
import { scanNotebook } from '../src/formats/notebookScan';
import { shellWords } from '../src/formats/launcherFlags';
import { analyzeText } from '../src/formats';
import { scanPython } from '../src/formats/pyCalls';
import { inferFromText } from '../src/formats/textHints';
import { execFileSync } from 'child_process';
import { SyncEngine } from '../src/host/syncEngine';
import { engineWorkerScript } from '../src/host/workerScript';

const settings = normalizeSettings({});
const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const rows: { what: string; value: string; target: string; ok: boolean | null }[] = [];
const json: Record<string, unknown> = { machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() }, date: new Date().toISOString(), clock: process.env.BENCH_CLOCK === 'cpu' ? 'cpu' : 'wall' };

/**
 * `BENCH_SECTIONS=1,2 npm run bench` (or `node --expose-gc -r esbuild-register bench/bench.ts`) runs
 * only those numbered sections, e.g. to re-measure one change on a busy machine; unset runs them all.
 */
const ONLY = process.env.BENCH_SECTIONS?.split(',').map((x) => x.trim()).filter(Boolean);
const runs = (section: string): boolean => !ONLY || ONLY.includes(section);

/**
 * The clock of `time` (sections 1, 2 and 8): wall time, or with `BENCH_CLOCK=cpu` this process's CPU time (user +
 * system, GC threads included). On a machine shared with other work, wall time counts the time the
 * process waits for a core (a 2-core box at load 10 tripled the shell figure); CPU time does not.
 */
const CPU_CLOCK = process.env.BENCH_CLOCK === 'cpu';
function clock(): number {
  if (!CPU_CLOCK) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median time (ms, see `clock`) of `fn` over enough repetitions to last ~`budgetMs` of wall time. */
function time(fn: () => void, budgetMs = 400, minReps = 3): number {
  fn(); // warm up (JIT, lazy tables)
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minReps || (performance.now() - start < budgetMs && samples.length < 200)) {
    const t = clock();
    fn();
    samples.push(clock() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function record(what: string, value: string, target: string, ok: boolean | null): void {
  rows.push({ what, value, target, ok });
}

function syntheticYaml(lines: number): string {
  const out = ['# synthetic Axolotl-like config', 'base_model: meta-llama/Meta-Llama-3-8B', 'adapter: qlora', 'load_in_4bit: true', 'sequence_len: 4096', 'micro_batch_size: 2', 'gradient_accumulation_steps: 4', 'num_epochs: 3', 'datasets:'];
  let i = 0;
  while (out.length < lines) {
    out.push(`  - path: org/dataset-${i}`, `    type: alpaca`, `    split: train[:${i}%]`);
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** A Slurm script of `lines` lines: directives, variables, and launch commands with continuations. */
function syntheticShell(lines: number): string {
  const out = ['#!/bin/bash', '#SBATCH --job-name=sweep', '#SBATCH --nodes=2', '#SBATCH --gres=gpu:a100:8', '#SBATCH --time=2-00:00:00', 'MODEL=meta-llama/Llama-3.1-8B', 'export GPUS_PER_NODE=8', 'EPOCHS=${EPOCHS:-3}', ''];
  let i = 0;
  while (out.length < lines) {
    out.push(`LR_${i}=\${LR:-1e-5}  # learning rate ${i}`, `echo "run ${i} with $MODEL at $LR_${i}"`,
      'srun torchrun --nnodes $SLURM_NNODES --nproc_per_node=$GPUS_PER_NODE train.py \\', `    --model_name_or_path "$MODEL" --learning_rate $LR_${i} \\`,
      `    --num_train_epochs $EPOCHS --per_device_train_batch_size 4 --bf16 --output_dir out/${i}`, '');
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** Reading a script without understanding it: split into lines, one regex test per line. */
const SHELL_SCAN = /^\s*#SBATCH\b|--[\w-]+|\$\{?\w+/;
function scanShellLines(text: string): number {
  let hits = 0;
  for (const line of text.split('\n')) if (SHELL_SCAN.test(line)) hits++;
  return hits;
}

function syntheticNotebook(bytes: number): string {
  const image = 'iVBORw0KGgo'.padEnd(200_000, 'A');
  const code = (src: string[]) => ({ cell_type: 'code', execution_count: 1, metadata: {}, source: src, outputs: [] as unknown[] });
  const cells: unknown[] = [
    code(['from transformers import TrainingArguments, Trainer\n', 'args = TrainingArguments(output_dir="out", num_train_epochs=3, per_device_train_batch_size=8, bf16=True)\n']),
    code(['trainer = Trainer(model=model, args=args)\n', 'trainer.train()\n']),
  ];
  let size = 0;
  while (size < bytes) {
    const out = { output_type: 'display_data', data: { 'image/png': image, 'text/plain': ['<Figure>'] }, metadata: {} };
    const c = code(['plot()\n']);
    c.outputs.push(out);
    cells.push(c);
    size += image.length + 200;
  }
  return JSON.stringify({ cells, metadata: { colab: { gpuType: 'T4' }, accelerator: 'GPU' }, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

/** A notebook whose outputs are training logs: many short strings, brackets, non-ASCII progress bars. */
function logNotebook(bytes: number): string {
  const line = (i: number) => `{'loss': ${(1 + (i % 97) / 50).toFixed(4)}, 'grad_norm': 1.23, 'learning_rate': 2e-05, 'epoch': ${(i / 1000).toFixed(2)}} [${'='.repeat(i % 30)}>] ${i % 100}%|█▏ | ${i}/100000 [00:${i % 60}<04:10, 3.9it/s]\n`;
  const cells: unknown[] = [{ cell_type: 'code', execution_count: 1, metadata: {}, source: ['args = TrainingArguments(output_dir="out", num_train_epochs=3)\n', 'trainer.train()\n'], outputs: [] }];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const text: string[] = [];
    for (let k = 0; k < 500; k++) {
      const l = line(i++);
      text.push(l);
      size += l.length + 4;
    }
    cells.push({ cell_type: 'code', execution_count: 2, metadata: {}, source: ['trainer.train()\n'], outputs: [{ output_type: 'stream', name: 'stdout', text }] });
  }
  return JSON.stringify({ cells, metadata: { colab: { gpuType: 'T4' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

function fitExponent(points: { n: number; ms: number }[]): number {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

function corpusFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  if (!fs.existsSync(CORPUS)) return out;
  for (const dir of fs.readdirSync(CORPUS)) {
    const d = path.join(CORPUS, dir);
    if (!fs.statSync(d).isDirectory()) continue;
    for (const f of fs.readdirSync(d)) out.push({ name: f, text: fs.readFileSync(path.join(d, f), 'utf8') });
  }
  return out;
}

// ── 1. Analyse a config ──
if (runs('1')) {
  const files = corpusFiles();
  const perFile = files.map((f) => time(() => evaluateText(f.text, f.name, settings), 60, 5));
  const total = perFile.reduce((a, b) => a + b, 0);
  record(`1. corpus: ${files.length} files, analyse + estimate + what-ifs`, `${total.toFixed(1)} ms total, max ${Math.max(...perFile).toFixed(2)} ms`, 'each < 100 ms', Math.max(...perFile) < 100);
  json.corpus = { files: files.length, totalMs: total, maxMs: Math.max(...perFile) };

  const points: { n: number; ms: number }[] = [];
  const ratios: Record<string, number> = {};
  for (const n of [100, 1_000, 10_000, 100_000]) {
    const text = syntheticYaml(n);
    const ours = time(() => evaluateText(text, 'config.yaml', settings), n >= 100_000 ? 3000 : 800);
    const bare = time(() => parseDocument(text), n >= 100_000 ? 3000 : 800);
    points.push({ n, ms: ours });
    ratios[n] = ours / bare;
    record(`1. YAML ${n.toLocaleString('en-US')} lines`, `${ours.toFixed(2)} ms vs yaml.parseDocument ${bare.toFixed(2)} ms = ×${(ours / bare).toFixed(2)}`, 'ratio ≤ 1.5', ours / bare <= 1.5);
  }
  const k = fitExponent(points);
  record('1. YAML growth (fitted exponent of time vs lines)', k.toFixed(2), '≈ 1 (linear)', k < 1.15);
  json.yaml = { points, ratios, exponent: k };

  // Shell/Slurm scripts. The target is "within 1.5× of reading it". There is no parser to
  // compare with; the closest equivalent of yaml.parseDocument is the shell tokenizer the analysis
  // starts with (shellWords: quotes, continuations, comments, separators), so the target is ≤ 1.5 ×
  // shellWords on the same text. The least a reader could do (split lines, one regex test per line)
  // is reported beside it.
  const shellPoints: { n: number; ms: number }[] = [];
  const shell: Record<string, unknown> = {};
  for (const n of [1_000, 10_000, 100_000]) {
    const text = syntheticShell(n);
    const ours = time(() => evaluateText(text, 'job.slurm', settings), n >= 100_000 ? 3000 : 800);
    const bare = time(() => scanShellLines(text), 400);
    const words = time(() => shellWords(text), 400);
    shellPoints.push({ n, ms: ours });
    shell[n] = { ms: ours, lineScanMs: bare, tokenizeMs: words };
    if (n === 10_000) {
      record('1. shell 10,000 lines (Slurm, variables, launchers)', `${ours.toFixed(2)} ms vs shellWords ${words.toFixed(2)} ms = ×${(ours / words).toFixed(2)}; vs line split + regex ${bare.toFixed(2)} ms = ×${(ours / bare).toFixed(1)}`, 'ratio ≤ 1.5 (vs shellWords)', ours / words <= 1.5);
    }
  }
  const ks = fitExponent(shellPoints);
  record('1. shell growth (fitted exponent of time vs lines)', ks.toFixed(2), '≈ 1 (linear)', ks < 1.15);
  json.shell = { ...shell, exponent: ks };
}

// ── 2. Analyse a notebook (outputs are skipped by src/formats/notebookScan.ts, not parsed) ──
if (runs('2')) {
  const res: Record<string, unknown> = {};
  const cases = [
    ...[1, 10, 50].map((mb) => ({ key: `${mb}MB`, what: `${mb} MB (outputs, base64 images)`, mb, text: () => syntheticNotebook(mb * 1024 * 1024) })),
    { key: '10MB-logs', what: '10 MB (outputs, text logs)', mb: 10, text: () => logNotebook(10 * 1024 * 1024) },
  ];
  for (const c of cases) {
    const text = c.text();
    // The ratio only means something if the fast scan read the file (a declined file is parsed in full).
    const fast = scanNotebook(text, new LineIndex(text)) !== undefined;
    const ours = time(() => evaluateText(text, 'big.ipynb', settings), c.mb >= 50 ? 4000 : 1500);
    const bare = time(() => JSON.parse(text), c.mb >= 50 ? 4000 : 1500);
    res[c.key] = { chars: text.length, ours, bare, ratio: ours / bare, fastScan: fast };
    record(`2. notebook ${c.what}`, `${ours.toFixed(1)} ms vs JSON.parse ${bare.toFixed(1)} ms = ×${(ours / bare).toFixed(2)}${fast ? '' : ' (full parse: the scan declined!)'}`, 'ratio ≤ 1.5', fast && ours / bare <= 1.5);
  }
  json.notebook = res;
}

// ── 3. Cache hit: re-asking for an unchanged document (AnalysisService's VersionCache) ──
if (runs('3')) {
  const cache = new VersionCache<unknown>();
  const files = corpusFiles();
  const keys = files.map((f, i) => `file:///workspace/${i}/${f.name}`);
  for (let i = 0; i < keys.length; i++) cache.set(keys[i], 7, cache.generation, evaluateText(files[i].text, files[i].name, settings));
  const key = keys[0] ?? 'file:///workspace/none.yaml';
  if (!keys.length) cache.set(key, 7, cache.generation, {});
  const N = 10_000;
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < 200; r++) {
    const t = performance.now();
    for (let i = 0; i < N; i++) if (cache.get(key, 7) !== undefined) sink++;
    samples.push(((performance.now() - t) / N) * 1000);
  }
  if (sink !== 200 * N) throw new Error('cache bench: expected every get to hit');
  samples.sort((a, b) => a - b);
  const us = samples[Math.floor(samples.length / 2)];
  record('3. cache hit (unchanged document, VersionCache.get)', `${us.toFixed(3)} µs (median of 200 × 10 000)`, '< 50 µs', us < 50);
  json.cacheHitMicroseconds = us;
}

// ── 4. Activation inside code-server: run after the bundle step below, on the production build ──
function activation(): void {
  const what = '4. activate() in code-server, median of 10 starts';
  if (process.env.BENCH_SKIP_ACTIVATION === '1') {
    record(what, 'skipped (BENCH_SKIP_ACTIVATION=1)', '< 20 ms', null);
    return;
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-bench-')), 'activation.json');
  try {
    // Progress lines go to the terminal; the figures come back as JSON.
    execFileSync(process.execPath, [path.join(ROOT, 'bench/activation.mjs'), '--runs', '10', '--json', out], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  } catch (e) {
    if (!fs.existsSync(out)) {
      record(what, `failed: ${(e as Error).message.split('\n')[0]}`, '< 20 ms', false);
      return;
    }
  }
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as { skipped?: string; error?: string; medianMs?: number; minMs?: number; maxMs?: number; loadAndActivate?: { medianMs: number } };
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  json.activation = r;
  if (r.skipped) record(what, `skipped: ${r.skipped}`, '< 20 ms', null);
  else if (r.error || r.medianMs === undefined) record(what, `failed: ${r.error ?? 'no result'}`, '< 20 ms', false);
  else {
    const load = r.loadAndActivate ? `; require + activate ${r.loadAndActivate.medianMs} ms` : '';
    record(what, `${r.medianMs.toFixed(1)} ms (min ${r.minMs}, max ${r.maxMs})${load}`, '< 20 ms', r.medianMs < 20);
  }
}

// ── 6. Memory: the corpus analysed 1 000 times ──
if (runs('6')) {
  const files = corpusFiles();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    for (let i = 0; i < 20; i++) for (const f of files) evaluateText(f.text, f.name, settings);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1000; i++) for (const f of files) evaluateText(f.text, f.name, settings);
    gc();
    const growth = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    record('6. heap growth, corpus × 1 000', `${growth.toFixed(2)} MB`, '< 5 MB', growth < 5);
    json.memoryGrowthMb = growth;
  } else record('6. heap growth', 'skipped (run with --expose-gc)', '< 5 MB', null);
}

// ── 7. Workspace report throughput (the engine the command runs, over 10 000 generated files) ──
if (runs('7')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-bench-'));
  const files: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const p = path.join(dir, `run-${i}.yaml`);
    fs.writeFileSync(p, `base_model: meta-llama/Meta-Llama-3-8B\nadapter: lora\nlora_r: ${8 + (i % 4) * 8}\nsequence_len: 2048\nmicro_batch_size: 4\nnum_epochs: ${1 + (i % 5)}\ndatasets:\n  - path: d${i}\n    type: alpaca\n`);
    files.push(p);
  }
  const t = performance.now();
  for (const f of files) evaluateText(fs.readFileSync(f, 'utf8'), f, settings);
  const secs = (performance.now() - t) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  record('7. workspace report engine, 10 000 configs', `${(files.length / secs).toFixed(0)} files/s`, 'report streams and can be cancelled', null);
  json.workspaceFilesPerSecond = files.length / secs;
}

// ── 5. Bundle sizes (hard targets: the run fails when one is missed) ──
let bundleFailed = false;
if (runs('5')) {
  fs.rmSync(path.join(ROOT, 'out/carbon-lens.vsix'), { force: true }); // never measure a stale package
  try {
    execFileSync('bash', [path.join(ROOT, 'scripts/package-vsix.sh')], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
  } catch (e) {
    console.error(`Packaging the .vsix failed: ${(e as Error).message}`);
    bundleFailed = true;
  }
  const size = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size : undefined);
  const ext = size(path.join(ROOT, 'dist/extension.js'));
  const web = size(path.join(ROOT, 'dist/webview.js'));
  // Run in worker threads from the first analysis, not at activation (src/host); reported with the total.
  const eng = size(path.join(ROOT, 'dist/engineWorker.js'));
  const vsix = size(path.join(ROOT, 'out/carbon-lens.vsix'));
  const kb = (n?: number) => (n === undefined ? 'not built' : `${(n / 1024).toFixed(0)} KB`);
  const extOk = ext !== undefined && ext < 400 * 1024;
  const vsixOk = vsix === undefined ? false : vsix < 1.5 * 1024 * 1024;
  record('5. dist/extension.js (production build)', kb(ext), '< 400 KB', ext === undefined ? null : extOk);
  record('5. dist/engineWorker.js (engine worker, started on first analysis)', kb(eng), 'reported', null);
  record('5. extension code in all (extension.js + engineWorker.js)', ext !== undefined && eng !== undefined ? kb(ext + eng) : 'not built', 'reported', null);
  record('5. dist/webview.js', kb(web), 'reported', null);
  record('5. .vsix', kb(vsix), '< 1.5 MB', vsixOk);
  bundleFailed = bundleFailed || !extOk || vsix === undefined || vsixOk === false;
  json.bundle = { extension: ext, engine: eng, webview: web, vsix };
}

// ── 8. The engine worker (issue #18): what moving analysis off the extension host's thread costs ──
// The round trip is measured through the CLI's synchronous caller: the same worker file, the same
// structured-clone copies both ways as the editor's pool, without the event loop's scheduling noise.
function engineWorker(): void {
  const file = path.join(ROOT, 'examples/axolotl-qlora.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const script = engineWorkerScript(path.join(ROOT, 'dist'));
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const e = new SyncEngine(30_000, script);
    e.call('evaluateText', 'x: 1\n', 'warm.yaml', settings);
    starts.push(performance.now() - t);
    e.close();
  }
  starts.sort((a, b) => a - b);
  const engine = new SyncEngine(30_000, script);
  const inWorker = time(() => engine.call('evaluateText', text, file, settings), 1500, 20);
  const inProcess = time(() => evaluateText(text, file, settings), 1500, 20);
  engine.close();
  const overhead = inWorker - inProcess;
  record('8. engine worker start (spawn → first answer), median of 5', `${starts[2].toFixed(0)} ms`, 'reported (once per session)', null);
  record('8. analysis of the Axolotl example: in the worker / in-process', `${inWorker.toFixed(2)} / ${inProcess.toFixed(2)} ms`, 'reported', null);
  record('8. worker round-trip overhead per analysis', `${overhead.toFixed(2)} ms`, '< 5 ms', overhead < 5);
  json.engineWorker = { startMs: starts, inWorkerMs: inWorker, inProcessMs: inProcess, overheadMs: overhead };
}

if (runs('8')) engineWorker();
// ── 6. Pathological inputs (moved here from the unit tests, issue #19: timing targets live in the bench) ──
// Each was a DoS repro whose bad behaviour took minutes; the target is the bound the unit test used to assert.
if (runs('6')) {
  const once = (fn: () => void) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  const many = 'trainer = Trainer(args=TrainingArguments(num_train_epochs=3))\ntrainer.train()\n'.repeat(20_000);
  const manyMs = once(() => analyzeText(many, 'many.py'));
  record('6. 20,000 training calls in one .py', `${manyMs.toFixed(0)} ms`, '< 8 s', manyMs < 8000);
  const big = 'x'.repeat(1000);
  const outputs = [{ output_type: 'stream', name: 'stdout', text: Array.from({ length: 20_000 }, () => big + ' 8xA100 torchrun --nproc_per_node 64\n') }];
  const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: ['args = TrainingArguments(num_train_epochs=2)\n', 'trainer.train()'], outputs }], metadata: { colab: { gpuType: 'T4' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
  const nbMs = once(() => analyzeText(nb, 'big.ipynb'));
  record('6. notebook with 20 MB of outputs', `${nbMs.toFixed(0)} ms`, '< 15 s', nbMs < 15_000);
  const py = '('.repeat(50_000) + 'f(x=1)'.repeat(20_000) + '"'.repeat(3) + 'a'.repeat(100_000);
  const pyMs = once(() => scanPython(py));
  record('6. scanPython on 50k open brackets + 20k calls', `${pyMs.toFixed(0)} ms`, '< 3 s', pyMs < 3000);
  const lines = ['a'.repeat(9_000), '8x'.repeat(4_000), 'x'.repeat(9_999), '#'.repeat(9_000) + ' gpu', '1 node of '.repeat(900), ('nvidia-' + 'a'.repeat(50) + ' ').repeat(100), 'region '.repeat(1_200), 'torchrun \\', '--nproc_per_node=$X \\'];
  let text = '';
  while (text.length < 5e6) text += lines.join('\n') + '\n';
  const hintMs = once(() => inferFromText(text, new LineIndex(text)));
  record('6. text hints on 5 MB of adversarial lines', `${hintMs.toFixed(0)} ms`, '< 8 s', hintMs < 8000);
  json.pathologicalMs = { manyCalls: manyMs, bigNotebook: nbMs, scanPython: pyMs, textHints: hintMs };
}

// ── 9. Worst cases (issue #19): the time targets the unit tests no longer assert ──
// hostile.test.ts (the audit's reproductions, 2 s each), regexBounds.test.ts (every quantified regex at
// 10^5 characters: 200 ms a direct call, 1 s a whole file, best of 3) and budgetGlob.test.ts (the worst
// 10-wildcard globs, 200 ms) and fuzz.test.ts (100 ms a case, best of 4) check what these inputs give; here the same files run in a child mocha that
// writes each call's time (test/support/worstCases.ts `timed`), and every call must meet its target.
let worstFailed = false;
function worstCases(): void {
  const files = ['test/unit/hostile.test.ts', 'test/unit/regexBounds.test.ts', 'test/unit/budgetGlob.test.ts', 'test/unit/fuzz.test.ts', 'test/unit/formats.entryScript.test.ts', 'test/unit/notebookRuntime.test.ts'];
  const out = path.join(os.tmpdir(), `carbon-lens-worst-${process.pid}.json`);
  const mocha = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
  try {
    execFileSync(process.execPath, [mocha, '--no-config', '-r', 'esbuild-register', '--timeout', '120000', '--reporter', 'dot', ...files], { cwd: ROOT, env: { ...process.env, CARBON_LENS_TIMINGS: out, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '3000' }, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    record('9. worst-case test files (hostile, regexBounds, budgetGlob)', 'tests FAILED', 'pass', false);
    worstFailed = true;
  }
  const timings = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { what: string; ms: number; targetMs: number }[]) : [];
  fs.rmSync(out, { force: true });
  const groups = new Map<string, { n: number; worst: { what: string; ms: number; targetMs: number } | undefined; missed: string[] }>();
  for (const t of timings) {
    const group = t.what.startsWith('hostile') ? 'hostile inputs (audit reproductions)' : t.what.startsWith('regex') ? 'regex bounds at 10^5 characters' : t.what.startsWith('fuzz') ? 'fuzz cases (FUZZ_RUNS, default 3000 here)' : 'budget globs, 10 wildcards × 10,000 characters';
    const g = groups.get(group) ?? { n: 0, worst: undefined, missed: [] };
    g.n++;
    if (!g.worst || t.ms / t.targetMs > g.worst.ms / g.worst.targetMs) g.worst = t;
    if (t.ms >= t.targetMs) g.missed.push(`${t.what}: ${t.ms.toFixed(0)} ms (target ${t.targetMs} ms)`);
    groups.set(group, g);
  }
  if (timings.length === 0) {
    record('9. worst cases', 'no timings written', 'timed', false);
    worstFailed = true;
  }
  for (const [group, g] of groups) {
    const w = g.worst!;
    record(`9. ${group}: ${g.n} calls, slowest vs its target`, `${w.ms.toFixed(0)} ms (${w.what.slice(0, 50)})`, `each < its target (${w.targetMs} ms here)`, g.missed.length === 0);
    for (const m of g.missed) console.error(`worst case over target: ${m}`);
    worstFailed = worstFailed || g.missed.length > 0;
  }
  json.worstCases = timings;
}

if (runs('9')) worstCases();
if (runs('4')) activation();
rows.sort((a, b) => parseInt(a.what, 10) - parseInt(b.what, 10)); // stable: sections in number order

// ── Output ──
const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.target.length))];
console.log(`Carbon Lens benchmark — ${json.machine && (json.machine as { cpu: string }).cpu}, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${json.clock} clock\n`);
console.log(`${'Measure'.padEnd(w[0])}  ${'Result'.padEnd(w[1])}  ${'Target'.padEnd(w[2])}  OK`);
for (const r of rows) console.log(`${r.what.padEnd(w[0])}  ${r.value.padEnd(w[1])}  ${r.target.padEnd(w[2])}  ${r.ok === null ? '–' : r.ok ? 'yes' : 'NO'}`);
json.rows = rows;
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify(json, null, 2));
if (worstFailed) {
  console.error('\nFAILED: a worst case (hostile input, regex at 10^5 characters, budget glob, fuzz case) missed its time target, or its test failed.');
  process.exitCode = 1;
}
if (bundleFailed) {
  console.error('\nFAILED: a bundle is missing or over its size target (extension.js < 400 KB, .vsix < 1.5 MB).');
  process.exitCode = 1;
}
