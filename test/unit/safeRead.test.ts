// The two readers of files Carbon Lens was not asked to open (audit 2026-12, M2, M3, I2, I5): the
// CLI's (engine/safeRead, real files) and the editor's checks (editor/checkedRead, over a stand-in
// for workspace.fs with the stat types VS Code reports).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { realRoot, safeReadFileSync } from '../../src/engine/safeRead';
import { FILE_TYPE, pathInside, readChecked, type CheckedFs, type StatLike } from '../../src/editor/checkedRead';

const POSIX = process.platform !== 'win32';

function tmp(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-read-')));
}

describe('safeReadFileSync (CLI)', () => {
  it('reads a regular file, and a symlink to one inside the root', function () {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'x: 1\n');
    assert.deepStrictEqual(safeReadFileSync(path.join(dir, 'a.yaml'), { maxBytes: 100, roots: [dir] }), { ok: true, text: 'x: 1\n' });
    if (!POSIX) return;
    fs.symlinkSync('a.yaml', path.join(dir, 'b.yaml'));
    assert.deepStrictEqual(safeReadFileSync(path.join(dir, 'b.yaml'), { maxBytes: 100, roots: [dir] }), { ok: true, text: 'x: 1\n' });
  });

  it('refuses /dev/zero behind a symlink and a FIFO at once, without reading', function () {
    if (!POSIX) this.skip();
    const dir = tmp();
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    const zero = safeReadFileSync(path.join(dir, 'zero.json'), { maxBytes: 1024 * 1024 });
    const pipe = safeReadFileSync(path.join(dir, 'pipe.json'), { maxBytes: 1024 * 1024 });
    // Before (readFileSync after a size check that devices and FIFOs pass with size 0): 2.39 GB in 20 s, or a hang.
    // The reasons below say nothing was read, and a hang is caught by mocha's timeout (no wall-clock
    // assert here: issue 19, they fail on a loaded machine).
    assert.deepStrictEqual(zero, { ok: false, reason: 'not-file', message: 'Not read: a device file behind a symbolic link.' });
    assert.deepStrictEqual(pipe, { ok: false, reason: 'not-file', message: 'Not read: a named pipe (FIFO).' });
    assert.strictEqual(safeReadFileSync(dir, { maxBytes: 10 }).ok, false);
  });

  it('takes a file of exactly the cap and refuses one byte more', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'cap.json'), 'x'.repeat(1000));
    fs.writeFileSync(path.join(dir, 'over.json'), 'x'.repeat(1001));
    assert.strictEqual(safeReadFileSync(path.join(dir, 'cap.json'), { maxBytes: 1000 }).ok, true);
    const over = safeReadFileSync(path.join(dir, 'over.json'), { maxBytes: 1000 });
    assert.strictEqual(over.ok === false && over.reason, 'too-large');
  });

  it('refuses a real path outside the roots (a symlinked folder), and says missing for absent files', function () {
    if (!POSIX) this.skip();
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'ws'));
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.writeFileSync(path.join(dir, 'outside', 'secret.yaml'), 'token: s3cret\n');
    fs.symlinkSync('../outside', path.join(dir, 'ws', 'link'));
    const root = realRoot(path.join(dir, 'ws'));
    assert.strictEqual(root, path.join(dir, 'ws'));
    const r = safeReadFileSync(path.join(dir, 'ws', 'link', 'secret.yaml'), { maxBytes: 100, roots: [root!] });
    assert.strictEqual(r.ok === false && r.reason, 'outside');
    // A config given by name through a symlink is confined to the folder it is named in.
    fs.symlinkSync('../outside/secret.yaml', path.join(dir, 'ws', 'given.yaml'));
    assert.strictEqual(realRoot(path.join(dir, 'ws', 'given.yaml')), path.join(dir, 'ws'));
    const missing = safeReadFileSync(path.join(dir, 'ws', 'nope.json'), { maxBytes: 100, roots: [root!] });
    assert.strictEqual(missing.ok === false && missing.reason, 'missing');
    // A sibling folder whose name starts like the root's is not inside it.
    fs.mkdirSync(path.join(dir, 'ws2'));
    fs.writeFileSync(path.join(dir, 'ws2', 'a.yaml'), 'a: 1\n');
    assert.strictEqual(safeReadFileSync(path.join(dir, 'ws2', 'a.yaml'), { maxBytes: 100, roots: [root!] }).ok, false);
  });

  it('sniffs binaries only when asked', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'bin.json'), Buffer.from([0x7b, 0, 1]));
    assert.strictEqual(safeReadFileSync(path.join(dir, 'bin.json'), { maxBytes: 100 }).ok, true);
    const r = safeReadFileSync(path.join(dir, 'bin.json'), { maxBytes: 100, rejectBinary: true });
    assert.deepStrictEqual(r, { ok: false, reason: 'binary', message: 'Skipped: binary file.' });
  });
});

/** A workspace.fs stand-in: paths to stat results, file contents, real paths; counts reads. */
function fakeFs(entries: Record<string, { stat: Partial<StatLike> & { type: number }; bytes?: number; real?: string }>, localFiles = true) {
  const reads: string[] = [];
  const port: CheckedFs<string> = {
    async stat(p) {
      const e = entries[p];
      if (!e) throw Object.assign(new Error('EntryNotFound'), { code: 'FileNotFound' });
      return { size: e.bytes ?? 0, mtime: 1, ...e.stat };
    },
    async readFile(p) {
      reads.push(p);
      return new Uint8Array(entries[p].bytes ?? 0).fill(0x61);
    },
    async realPath(p) {
      return localFiles ? entries[p]?.real ?? p : undefined;
    },
    plainPath: (p) => p,
  };
  return { port, reads };
}

describe('readChecked (editor, over workspace.fs)', () => {
  const MB = 1024 * 1024;

  it('reads a regular file and a symlink to a regular file in the folder (audit I5)', async () => {
    const { port } = fakeFs({
      '/ws/emissions.csv': { stat: { type: FILE_TYPE.File }, bytes: 3 },
      '/ws/linked.csv': { stat: { type: FILE_TYPE.File | FILE_TYPE.SymbolicLink }, bytes: 3, real: '/ws/runs/emissions.csv' },
      '/ws': { stat: { type: FILE_TYPE.Directory } },
    });
    const plain = await readChecked(port, '/ws/emissions.csv', '/ws', MB);
    assert.strictEqual(plain.ok && plain.text, 'aaa');
    // Before: `stat.type !== FileType.File` turned File|SymbolicLink (65) away.
    const linked = await readChecked(port, '/ws/linked.csv', '/ws', MB);
    assert.strictEqual(linked.ok && linked.text, 'aaa');
  });

  it('never calls readFile for a FIFO or device (type Unknown), a folder, or a file over the cap', async () => {
    const { port, reads } = fakeFs({
      '/ws/ds.json': { stat: { type: 0 | FILE_TYPE.SymbolicLink } }, // /dev/zero or a FIFO behind a link
      '/ws/dir.json': { stat: { type: FILE_TYPE.Directory } },
      '/ws/huge.json': { stat: { type: FILE_TYPE.File }, bytes: 2 * MB },
    });
    const r = await Promise.all(['/ws/ds.json', '/ws/dir.json', '/ws/huge.json'].map((p) => readChecked(port, p, '/ws', MB)));
    assert.deepStrictEqual(r.map((x) => (x.ok ? 'read' : x.reason)), ['not a regular file (a pipe, device or socket)', 'a folder', '2.0 MB, over the 1.0 MB limit']);
    assert.deepStrictEqual(reads, [], 'nothing was read');
  });

  it('refuses a file whose real path leaves the folder, and a symlink where it cannot be resolved', async () => {
    const local = fakeFs({ '/ws/link/secret.yaml': { stat: { type: FILE_TYPE.File }, bytes: 5, real: '/home/me/secret.yaml' } });
    const out = await readChecked(local.port, '/ws/link/secret.yaml', '/ws', MB);
    assert.deepStrictEqual(out, { ok: false, missing: false, reason: 'outside the workspace folder (through a symbolic link)' });
    const remote = fakeFs({ '/ws/l.json': { stat: { type: FILE_TYPE.File | FILE_TYPE.SymbolicLink }, bytes: 5 }, '/ws/p.json': { stat: { type: FILE_TYPE.File }, bytes: 5 } }, false);
    const sym = await readChecked(remote.port, '/ws/l.json', '/ws', MB);
    assert.strictEqual(sym.ok === false && sym.reason, 'a symbolic link whose target cannot be checked here');
    assert.strictEqual((await readChecked(remote.port, '/ws/p.json', '/ws', MB)).ok, true);
    assert.deepStrictEqual(remote.reads, ['/ws/p.json']);
  });

  it('says missing (no note needed) for an absent file', async () => {
    const { port } = fakeFs({});
    assert.deepStrictEqual(await readChecked(port, '/ws/ds.json', '/ws', MB), { ok: false, missing: true, reason: 'not found' });
  });

  it('compares folders segment by segment', () => {
    assert.ok(pathInside('/ws', '/ws/a/b.json'));
    assert.ok(pathInside('/ws/', '/ws'));
    assert.ok(!pathInside('/ws', '/ws2/a.json'));
    assert.ok(pathInside('C:\\repo', 'C:\\repo\\configs\\ds.json'));
  });
});
