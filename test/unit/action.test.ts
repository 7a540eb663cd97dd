// The GitHub Action end to end: action.yml's composite steps run as the runner runs them (inputs
// substituted into the step's env, $GITHUB_OUTPUT parsed back into outputs), against a local fake of
// the GitHub REST endpoints it calls (127.0.0.1, no network). One comment is created, then
// updated, never duplicated, even when it sits on the second page of a busy pull request.
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'ghs_test_token';

interface Comment {
  id: number;
  body: string;
}

/** The three issue-comment endpoints, with GitHub's pagination and auth behaviour. */
function fakeGitHub() {
  const comments: Comment[] = [];
  const calls: string[] = [];
  let nextId = 1000;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      calls.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
      let m = /^\/repos\/acme\/models\/issues\/7\/comments$/.exec(url.pathname);
      if (m && req.method === 'GET') {
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(200, comments.slice((page - 1) * per, page * per));
      }
      if (m && req.method === 'POST') {
        const c = { id: nextId++, body: JSON.parse(raw).body as string };
        comments.push(c);
        return send(201, c);
      }
      m = /^\/repos\/acme\/models\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (m && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = JSON.parse(raw).body;
        return send(200, c);
      }
      send(404, { message: 'Not Found' });
    });
  });
  return { server, comments, calls };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const LAUNCH = (n: number) => `run: torchrun --nproc_per_node ${n} train.py\nhardware: A100 80GB\nhours: 10\nregion: FR\n`;

interface StepRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
}

/** Runs action.yml's steps the way a runner runs a composite action. */
async function runAction(workspace: string, inputs: Record<string, string>, env: Record<string, string>): Promise<StepRun> {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries<{ default?: string }>(action.inputs)) values[name] = inputs[name] ?? (spec.default === '${{ github.token }}' ? TOKEN : spec.default ?? '');
  const expr = (s: string) => s.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => values[n] ?? '');
  const outFile = path.join(workspace, '..', `output-${Date.now()}-${Math.random()}`);
  fs.writeFileSync(outFile, '');
  let stdout = '';
  let code = 0;
  for (const step of action.runs.steps as { run: string; env?: Record<string, string>; shell: string }[]) {
    assert.strictEqual(step.shell, 'bash');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(String(v))]));
    code = await new Promise<number>((resolve) => {
      execFile('bash', ['-e', '-c', step.run], { cwd: workspace, env: { ...process.env, ...env, ...stepEnv, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outFile } }, (err, out, errOut) => {
        stdout += out + errOut;
        resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
      });
    });
    if (code !== 0) break;
  }
  // `name=value` and `name<<DELIM` … `DELIM` lines, as the runner reads them.
  const outputs: Record<string, string> = {};
  const lines = fs.readFileSync(outFile, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) outputs[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  // The action's outputs are `${{ steps.estimate.outputs.X }}`: map them as the runner does.
  const mapped: Record<string, string> = {};
  for (const [name, spec] of Object.entries<{ value: string }>(action.outputs)) {
    const m = /steps\.estimate\.outputs\.([\w-]+)/.exec(spec.value);
    if (m && outputs[m[1]] !== undefined) mapped[name] = outputs[m[1]];
  }
  return { code, stdout, outputs: mapped };
}

describe('GitHub Action (action.yml) against a local fake GitHub', function () {
  this.timeout(120000);
  const fake = fakeGitHub();
  let api = '';
  let workspace = '';
  let env: Record<string, string> = {};

  before(async () => {
    // The composite's build step is skipped when dist/action.js exists: build it once, as `npm start` does.
    execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'ignore' });
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    api = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    // A busy pull request: 100 comments already, one of them mentioning Carbon Lens without the marker.
    for (let i = 0; i < 100; i++) fake.comments.push({ id: i + 1, body: i === 50 ? 'Carbon Lens says hi (not the bot)' : `review comment ${i}` });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-action-'));
    workspace = path.join(dir, 'repo');
    fs.mkdirSync(workspace);
    git(workspace, 'init', '-q', '-b', 'main');
    git(workspace, 'config', 'user.email', 'test@example.invalid');
    git(workspace, 'config', 'user.name', 'test');
    fs.mkdirSync(path.join(workspace, 'configs'));
    fs.writeFileSync(path.join(workspace, 'configs/launch.yaml'), LAUNCH(8));
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', 'base');
    const base = git(workspace, 'rev-parse', 'HEAD');
    git(workspace, 'checkout', '-q', '-b', 'pr');
    fs.writeFileSync(path.join(workspace, 'configs/launch.yaml'), LAUNCH(4));
    git(workspace, 'commit', '-q', '-am', 'halve the GPUs');
    const event = path.join(dir, 'event.json');
    fs.writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { sha: base } } }));
    env = { GITHUB_API_URL: api, GITHUB_REPOSITORY: 'acme/models', GITHUB_EVENT_PATH: event, GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
  });

  after(() => fake.server.close());

  const ours = () => fake.comments.filter((c) => c.body.includes('<!-- carbon-lens:diff -->'));

  it('creates one comment with the before → after table and sets the outputs', async () => {
    const r = await runAction(workspace, { paths: 'configs', sarif: 'out/carbon.sarif' }, env);
    assert.strictEqual(r.code, 0, r.stdout);
    assert.strictEqual(ours().length, 1);
    assert.deepStrictEqual(fake.calls.filter((c) => !c.startsWith('GET')), ['POST /repos/acme/models/issues/7/comments']);
    // It looked through both pages before deciding the comment was new.
    assert.ok(fake.calls.includes('GET /repos/acme/models/issues/7/comments?per_page=100&page=2'));
    // 8 → 4 GPUs for 10 h in France: 8 × 10 h × 392 W × 1.56 × 0.056039 = 2.742 kg (1.678–4.056) → 1.371 kg
    // (0.839–2.028); energy ∝ GPU count.
    assert.match(ours()[0].body, /\| launch\.yaml \| configs\/launch\.yaml \| 2\.7 kg \(1\.7–4\.1\) \| 1\.4 kg \(0\.84–2\) \| \*\*−1\.4 kg \(−50 %\)\*\* \| count 8 → 4 \(inferred, line 1\) \|/);
    assert.strictEqual(r.outputs['runs'], '1');
    assert.ok(Math.abs(Number(r.outputs['co2e-kg']) - 1.3708) < 0.01, JSON.stringify(r.outputs));
    assert.ok(Math.abs(Number(r.outputs['delta-co2e-kg']) + 1.3708) < 0.01);
    assert.strictEqual(r.outputs['budget-exceeded'], 'false');
    assert.strictEqual(r.outputs['comment-id'], String(ours()[0].id));
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'out/carbon.sarif'), 'utf8'));
    assert.strictEqual(sarif.version, '2.1.0');
  });

  it('updates that comment on the next push instead of adding one', async () => {
    fs.writeFileSync(path.join(workspace, 'configs/launch.yaml'), LAUNCH(2));
    git(workspace, 'commit', '-q', '-am', 'quarter the GPUs');
    fake.calls.length = 0;
    const id = ours()[0].id;
    const r = await runAction(workspace, { paths: 'configs' }, env);
    assert.strictEqual(r.code, 0, r.stdout);
    assert.strictEqual(ours().length, 1, 'never duplicated');
    assert.strictEqual(fake.comments.length, 101);
    assert.deepStrictEqual(fake.calls.filter((c) => !c.startsWith('GET')), [`PATCH /repos/acme/models/issues/comments/${id}`]);
    // 8 → 2 GPUs: −75 %.
    assert.match(ours()[0].body, /count 8 → 2 \(inferred, line 1\)/);
    assert.match(ours()[0].body, /−75 %/);
    assert.strictEqual(fake.comments[50].body, 'Carbon Lens says hi (not the bot)', 'other comments untouched');
  });

  it('fails the step over the budget, after updating the comment and writing SARIF', async () => {
    fake.calls.length = 0;
    const r = await runAction(workspace, { paths: 'configs', budget: '0.5', sarif: 'over.sarif' }, env);
    assert.notStrictEqual(r.code, 0);
    // 2 GPUs × 10 h × 392 W × 1.56 × 0.056039 = 0.6854 kg → 690 g.
    assert.match(r.stdout, /::error title=Carbon budget exceeded::690 g CO₂e \(mid\) under configs, against a budget of 500 g/);
    assert.strictEqual(ours().length, 1);
    assert.match(ours()[0].body, /❌ over the budget of 500 g/);
    assert.strictEqual(r.outputs['budget-exceeded'], 'true');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'over.sarif'), 'utf8'));
    assert.deepStrictEqual(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['CL002']);
  });

  it("says why when the token is refused (a fork's read-only token), creates nothing, and still reports", async () => {
    const before = fake.comments.length;
    const r = await runAction(workspace, { paths: 'configs', 'github-token': 'wrong' }, env);
    assert.strictEqual(r.code, 0, 'the estimate and budget check stand without the comment');
    assert.match(r.stdout, /::warning title=Carbon Lens comment::GitHub API GET \/repos\/acme\/models\/issues\/7\/comments: 401 Bad credentials/);
    assert.strictEqual(fake.comments.length, before);
    assert.strictEqual(r.outputs['runs'], '1');
    assert.strictEqual(r.outputs['comment-id'], undefined);
  });
});
