// Which paths written in a file Carbon Lens follows (audit 2026-12, M3), the note a refused one
// leaves on the estimate, and the markdown report cells (L5).
import * as assert from 'assert';
import * as path from 'path';
import { checkReference, depthBelow, noteRefusedReferences, refusalNote } from '../../src/engine/referencePolicy';
import * as fs from 'fs';
import * as os from 'os';
import { estimateFile } from '../../src/cli';
import { evaluateText } from '../../src/engine/evaluate';
import { markdownReport, mdText } from '../../src/engine/exports';
import { normalizeSettings } from '../../src/core/settings';
import { recordCandidates } from '../../src/formats/measuredRecords';

// markdown-it with linkify, as the audit rendered the report (a dependency of @vscode/vsce here;
// GitHub's renderer links the same scheme, www. and e-mail forms).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: { linkify: boolean }) => { render(src: string): string };

describe('reference policy', () => {
  it('follows plain relative paths, normalised to `/` without `.` segments', () => {
    assert.deepStrictEqual(checkReference('ds.json'), { ok: true, path: 'ds.json' });
    assert.deepStrictEqual(checkReference('./configs//zero3.json'), { ok: true, path: 'configs/zero3.json' });
    assert.deepStrictEqual(checkReference('configs\\zero3.json'), { ok: true, path: 'configs/zero3.json' });
    assert.deepStrictEqual(checkReference('  deepspeed_configs/zero3_bf16.json '), { ok: true, path: 'deepspeed_configs/zero3_bf16.json' });
  });

  it('refuses absolute, `..`, drive, UNC and URL references, saying why', () => {
    const reason = (ref: string) => {
      const c = checkReference(ref);
      return c.ok ? 'followed' : c.reason;
    };
    assert.strictEqual(reason('/etc/passwd'), 'absolute path');
    assert.strictEqual(reason('\\etc\\x.json'), 'absolute path');
    assert.strictEqual(reason('../outside/secret.yaml'), 'leaves the folder (..)');
    assert.strictEqual(reason('a/../../b.json'), 'leaves the folder (..)');
    assert.strictEqual(reason('a\\..\\..\\b.json'), 'leaves the folder (..)');
    for (const unc of ['\\\\attacker.example\\share\\ds.json', '//attacker.example/share/ds.json', '/\\attacker.example\\share\\ds.json', '\\/attacker.example/ds.json', 'C:\\Users\\x\\ds.json', 'c:ds.json', 'C:/x.json']) {
      assert.strictEqual(reason(unc), 'Windows UNC/drive path', unc);
    }
    assert.strictEqual(reason('https://evil.example/ds.json'), 'a URL, not a file in the folder');
    assert.strictEqual(reason('file:///etc/passwd'), 'a URL, not a file in the folder');
    assert.strictEqual(reason('a\u0000b.json'), 'control characters in the path');
  });

  it('`..` climbs as far as the workspace root and no further (OpenMMLab `_base_`, detectron2 `_BASE_`)', () => {
    // configs/faster_rcnn/x.py lies two folders below the root: `../_base_/…` climbs one, `../../` two.
    assert.strictEqual(depthBelow('/w', '/w/configs/faster_rcnn/x.py'), 2);
    assert.strictEqual(depthBelow('/w/', '/w/x.yaml'), 0);
    assert.strictEqual(depthBelow('/w', '/elsewhere/a/x.yaml'), 0);
    assert.deepStrictEqual(checkReference('../_base_/models/faster-rcnn_r50_fpn.py', 2), { ok: true, path: '../_base_/models/faster-rcnn_r50_fpn.py' });
    assert.deepStrictEqual(checkReference('../../Base-RCNN-FPN.yaml', 2), { ok: true, path: '../../Base-RCNN-FPN.yaml' });
    assert.deepStrictEqual(checkReference('a/../../b.json', 1), { ok: true, path: '../b.json' });
    // One `..` too many, however it is spelled, leaves the workspace.
    for (const ref of ['../../../secret.yaml', '..\\..\\..\\secret.yaml', 'a/../../../../b.json']) {
      assert.deepStrictEqual(checkReference(ref, 2), { ok: false, reason: 'leaves the folder (..)' }, ref);
    }
  });

  it('the CLI on a repository folder reads an OpenMMLab `_base_` two folders up; given the file alone, it does not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-ref-'));
    try {
      fs.mkdirSync(path.join(dir, 'configs/_base_/schedules'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'configs/faster_rcnn'), { recursive: true });
      // The schedule (20 epochs) lives only in the base file.
      fs.writeFileSync(path.join(dir, 'configs/_base_/schedules/schedule_20e.py'), "train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=1)\n");
      const child = path.join(dir, 'configs/faster_rcnn/faster-rcnn_r50_fpn_coco.py');
      fs.writeFileSync(child, "_base_ = ['../_base_/schedules/schedule_20e.py']\nmodel = dict(type='FasterRCNN')\ntrain_dataloader = dict(batch_size=2)\n");
      const settings = normalizeSettings({});
      const inRepo = estimateFile(child, settings, 1 << 20, { workspaceRoot: dir, roots: [fs.realpathSync(dir)] });
      const alone = estimateFile(child, settings, 1 << 20);
      const epochs = (r: ReturnType<typeof estimateFile>) => r.analysis?.runs[0]?.inputs.epochs?.value;
      assert.strictEqual(epochs(inRepo), 20, JSON.stringify(inRepo.analysis?.runs[0]?.inputs));
      assert.notStrictEqual(epochs(alone), 20);
      assert.ok(alone.estimates.every((e) => e.assumptions.some((a) => a.includes('leaves the folder (..)'))) || alone.estimates.length === 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the UNC forms refused are the ones Windows would send to a remote host (path maths)', () => {
    // What the old code did with them: path.resolve beside the config, on Windows.
    const beside = (ref: string) => path.win32.resolve('C:\\repo\\configs', ref);
    assert.strictEqual(beside('//attacker.example/share/ds.json'), '\\\\attacker.example\\share\\ds.json');
    assert.strictEqual(beside('\\\\attacker.example\\share\\run1\\emissions.csv'), '\\\\attacker.example\\share\\run1\\emissions.csv');
    for (const ref of ['//attacker.example/share/ds.json', '\\\\attacker.example\\share\\run1']) assert.strictEqual(checkReference(ref).ok, false);
  });

  it('record candidates from output_dir obey it too (no `\\\\host`, `//host`, `/\\`, `C:`)', () => {
    const base = 'base_model: x\n';
    const dirs = (out: string) => recordCandidates(`${base}output_dir: ${out}\n`).filter((p) => p.includes('/')).map((p) => p.slice(0, p.lastIndexOf('/')));
    // Before: `\\attacker.example\share\run1` passed, and path.win32.resolve made it a UNC path.
    for (const out of ['\\\\attacker.example\\share\\run1', '//attacker.example/share/run1', '/\\attacker.example\\share', 'C:\\runs\\a', 'C:runs', '/abs/runs', '../up', 'https://x.example/r']) {
      assert.deepStrictEqual(dirs(out), [], out);
    }
    assert.deepStrictEqual([...new Set(dirs('./outputs/run1/'))], ['outputs/run1']);
    assert.deepStrictEqual([...new Set(dirs('outputs\\\\run1'))], ['outputs/run1']);
  });

  it('a refused reference leaves a note on the run that names it, saying why', () => {
    const text = 'base_model: meta-llama/Llama-3.1-8B\ndatasets:\n  - path: tatsu-lab/alpaca\n    type: alpaca\nsequence_len: 2048\nmicro_batch_size: 2\nnum_epochs: 1\ndeepspeed: /etc/ds.json\n';
    const result = evaluateText(text, 'train.yaml', normalizeSettings({}));
    assert.deepStrictEqual(result.analysis?.references, ['/etc/ds.json']);
    const noted = noteRefusedReferences(result, new Map([['/etc/ds.json', 'absolute path']]));
    const note = 'Did not read "/etc/ds.json": absolute path. Carbon Lens follows a reference only to a regular file inside the workspace folder.';
    assert.strictEqual(refusalNote('/etc/ds.json', 'absolute path'), note);
    assert.ok(noted.estimates[0].assumptions.includes(note));
    assert.ok(!result.estimates[0].assumptions.includes(note), 'the input result is not changed');
    assert.strictEqual(noteRefusedReferences(result, new Map()), result);
  });
});

describe('markdown report cells (mdText)', () => {
  const md = new MarkdownIt({ linkify: true });

  it('a lone \\r, U+2028/2029 or NEL in a run name cannot end the table row (audit L5)', () => {
    const name = 'train\r\rBudget check: approved. Details: https://evil.example/login\r\r';
    // Before: the \r ended the row, and "Budget check…" became a paragraph with a live link.
    const cell = mdText(name);
    assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(cell), JSON.stringify(cell));
    const html = md.render(`| Run |\n|---|\n| ${cell} |\n`);
    assert.ok(!html.includes('<p>'), html);
    assert.ok(!html.includes('<a '), html);
    assert.match(html, /<td>train Budget check: approved\. Details: https:\/\/evil\.example\/login<\/td>/);
    for (const sep of ['\u2028', '\u2029', '\u0085', '\r\n', '\n']) assert.strictEqual(mdText(`a${sep}b`), 'a b', JSON.stringify(sep));
  });

  it('drops controls and bidi characters, and breaks every autolink form', () => {
    assert.strictEqual(mdText('a\u0000\u0007\u001b[31m\u009b\u202eb\u2066c'), 'a\\[31mbc');
    for (const s of ['see http://evil.example/x', 'www.evil.com', 'mail me@evil.com', 'evil.com/login', 'HTTPS://EVIL.COM/A', 'mailto:a@b.co', 'ftp://x.org/f']) {
      const html = md.render(mdText(s));
      assert.ok(!html.includes('<a '), `${s} → ${html}`);
      // What the reader sees is still the text, unchanged.
      assert.strictEqual(html.replace(/<\/?p>\n?/g, ''), s.replace(/&/g, '&amp;'), s);
    }
    // Plain names and paths are untouched.
    assert.strictEqual(mdText('configs/llama-3.1-8b.yaml'), 'configs/llama-3.1-8b.yaml');
  });

  it('in the whole report, a hostile run name stays inside its cell', () => {
    const text = 'name: "train\\r\\rBudget check: approved. Details: https://evil.example/login\\r\\r"\nhardware: A100 80GB\ncount: 8\nhours: 24\n';
    const result = evaluateText(text, 'run.yaml', normalizeSettings({}));
    assert.strictEqual(result.estimates[0].name, 'train\r\rBudget check: approved. Details: https://evil.example/login\r\r');
    const html = md.render(markdownReport([result], { version: '1' }));
    assert.ok(!html.includes('href="https://evil.example'), html);
    assert.ok(!/<p>Budget check/.test(html), html);
  });
});
