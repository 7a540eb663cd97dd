// The editor's reader of referenced files (editor/safeWorkspaceRead) over real temporary files,
// with a small stand-in for the `vscode` module: workspace.fs reports stat types the way VS Code's
// disk provider does (File 1, Directory 2, Unknown 0 for FIFOs and devices, | SymbolicLink 64).
// Audit 2026-12: M2 and M3 (editor, Read), I3 (`//host` failed the whole analysis), I5, Restricted Mode.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const POSIX = process.platform !== 'win32';

class FakeUri {
  constructor(readonly scheme: string, readonly path: string) {}
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
  static file(p: string): FakeUri {
    return new FakeUri('file', p);
  }
  static joinPath(u: FakeUri, ...segments: string[]): FakeUri {
    return new FakeUri(u.scheme, path.posix.join(u.path, ...segments));
  }
}

const state = { trusted: true, folder: '' };
const stub = {
  Uri: FakeUri,
  workspace: {
    get isTrusted() {
      return state.trusted;
    },
    getWorkspaceFolder: (u: FakeUri) => (state.folder && (u.path === state.folder || u.path.startsWith(`${state.folder}/`)) ? { uri: FakeUri.file(state.folder) } : undefined),
    fs: {
      async stat(u: FakeUri) {
        const link = await fs.promises.lstat(u.fsPath);
        const st = link.isSymbolicLink() ? await fs.promises.stat(u.fsPath).catch(() => undefined) : link;
        const type = (st?.isFile() ? 1 : st?.isDirectory() ? 2 : 0) | (link.isSymbolicLink() ? 64 : 0);
        return { type, size: st?.size ?? 0, mtime: 1, ctime: 1 };
      },
      readFile: (u: FakeUri) => fs.promises.readFile(u.fsPath),
    },
  },
};

type Reader = typeof import('../../src/editor/safeWorkspaceRead');
let reader: Reader;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const originalResolve = Module._resolveFilename;

describe('editor: readReferencedFile (workspace.fs stand-in)', () => {
  let ws = '';

  before(() => {
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? 'vscode-stub' : originalResolve.call(this, request, ...rest);
    };
    require.cache['vscode-stub'] = { id: 'vscode-stub', filename: 'vscode-stub', loaded: true, exports: stub } as unknown as NodeJS.Module;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    reader = require('../../src/editor/safeWorkspaceRead') as Reader;
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-ws-')));
    ws = path.join(dir, 'ws');
    fs.mkdirSync(path.join(ws, 'configs'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.writeFileSync(path.join(dir, 'outside', 'secret.yaml'), 'token: s3cret\n');
    fs.writeFileSync(path.join(ws, 'configs', 'ds.json'), '{"train_micro_batch_size_per_gpu": 4}');
    state.folder = ws;
  });

  after(() => {
    Module._resolveFilename = originalResolve;
    delete require.cache['vscode-stub'];
  });

  beforeEach(() => {
    state.trusted = true;
  });

  const doc = () => FakeUri.file(path.join(ws, 'configs', 'train.yaml')) as never;
  const why = async (ref: string) => {
    const r = await reader.readReferencedFile(doc(), ref, 1024 * 1024);
    return r.ok ? `read: ${r.text}` : r.missing ? 'missing' : r.reason;
  };

  it('reads a reference beside the document', async () => {
    assert.strictEqual(await why('ds.json'), 'read: {"train_micro_batch_size_per_gpu": 4}');
    assert.strictEqual(await why('nope.json'), 'missing');
  });

  it('refuses absolute, `..` and UNC references before touching the disk, and `//host` no longer throws (I3)', async () => {
    assert.strictEqual(await why(path.join(path.dirname(ws), 'outside', 'secret.yaml')), 'absolute path');
    assert.strictEqual(await why('../../outside/secret.yaml'), 'leaves the folder (..)');
    // Before: `uri.with({ path: '//host/x.json' })` threw a UriError outside the try, failing the whole analysis.
    assert.strictEqual(await why('//attacker.example/share/ds.json'), 'Windows UNC/drive path');
    assert.strictEqual(await why('\\\\attacker.example\\share\\ds.json'), 'Windows UNC/drive path');
  });

  it('follows nothing in Restricted Mode', async () => {
    state.trusted = false;
    assert.strictEqual(await why('ds.json'), 'the workspace is in Restricted Mode; references are followed once it is trusted');
  });

  it('refuses /dev/zero and FIFOs behind a reference, at once; follows a symlink to a file in the folder (I5)', async function () {
    if (!POSIX) this.skip();
    fs.symlinkSync('/dev/zero', path.join(ws, 'configs', 'zero.json'));
    execFileSync('mkfifo', [path.join(ws, 'configs', 'fifo.json')]);
    fs.symlinkSync('ds.json', path.join(ws, 'configs', 'linked.json'));
    fs.symlinkSync('../../outside', path.join(ws, 'configs', 'out'));
    // Before: readFile with no stat — /dev/zero allocates until Node's limit, a FIFO never resolves (a
    // hang mocha's timeout catches; no wall-clock assert here, issue 19).
    assert.strictEqual(await why('zero.json'), 'not a regular file (a pipe, device or socket)');
    assert.strictEqual(await why('fifo.json'), 'not a regular file (a pipe, device or socket)');
    assert.strictEqual(await why('linked.json'), 'read: {"train_micro_batch_size_per_gpu": 4}');
    assert.strictEqual(await why('out/secret.yaml'), 'outside the workspace folder (through a symbolic link)');
  });

  it('SiblingTexts is the sibling map, carrying the refusals beside it', () => {
    const s = new reader.SiblingTexts([['ds.json', '{}']]);
    s.refused.set('/etc/x.json', 'absolute path');
    assert.ok(s instanceof Map);
    assert.deepStrictEqual([...s], [['ds.json', '{}']]);
  });
});
