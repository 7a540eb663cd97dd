// SARIF output: valid against the SARIF 2.1.0 JSON schema, and every result points at the file,
// line and column a reviewer has to look at.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { main, estimateFile } from '../../src/cli';
import { runDiff, sarifForFiles } from '../../src/cliReview';
import { normalizeSettings } from '../../src/core/settings';
import { columnOf, type SarifLog } from '../../src/engine/sarif';

// The schema as published for SARIF 2.1.0 (its final release candidate, rtm.5, which the OASIS
// standard of 2020 adopted; shipped on npm by @microsoft/jest-sarif). It is a draft-04 schema. Its
// `language` pattern has a stray `]` that JavaScript's unicode mode rejects, hence unicodeRegExp off.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(SCHEMA);
}

function tmpDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-sarif-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const settings = normalizeSettings({ includeEmbodied: true });
// 8 × A100 for 10 h in France: 8 × 10 h × 392 W × PUE 1.56 = 48.92 kWh × 56.039 g/kWh = 2.742 kg CO₂e (mid).
const RUN = 'hardware: A100 80GB\ncount: 8\nhours: 10\nregion: FR\n';

function sarifOf(dir: string, rels: string[], budgetKg?: number): SarifLog {
  const files = rels.map((r) => ({ ...estimateFile(path.join(dir, r), settings, 20 * 1024 * 1024), path: r }));
  return sarifForFiles(files, { cwd: dir, version: '9.9.9', budgetKg });
}

describe('SARIF output', () => {
  const dir = tmpDir({
    '.carbonlens.yml': 'budgets:\n  - path: "big/**"\n    perRunKg: 1\n',
    'big/run.yaml': `# over its 1 kg budget\nname: big-run\n${RUN}`,
    'odd.yaml': 'hardware: A100 80GB\ncount: 8\nhours: 10\nepochs:   1e12\nregion: FR\n',
    'ds_config.json': '{\n  "train_batch_size": 32,\n  "zero_optimization": {"stage": 3,\n  "fp16": {"enabled": true}\n',
    'weights.json': Buffer.from([0x7b, 0x00, 0x01, 0x02]),
    'fine.yaml': RUN,
  });
  const rels = ['big/run.yaml', 'odd.yaml', 'ds_config.json', 'weights.json', 'fine.yaml'];

  it('is valid against the SARIF 2.1.0 schema, with and without results', () => {
    const validate = validator();
    const log = sarifOf(dir, rels, 5);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
    assert.ok(log.runs[0].results.length >= 5);
    const empty = sarifOf(dir, ['fine.yaml']);
    assert.deepStrictEqual(empty.runs[0].results, []);
    assert.ok(validate(empty), JSON.stringify(validate.errors));
    // The validator is not a rubber stamp: a result without a message fails.
    const broken = JSON.parse(JSON.stringify(log));
    delete broken.runs[0].results[0].message;
    assert.strictEqual(validate(broken), false);
  });

  it('puts each result at the right file, line and column, with rule ids and levels', () => {
    const results = sarifOf(dir, rels, 5).runs[0].results;
    const where = (rule: string) => results.filter((r) => r.ruleId === rule).map((r) => ({ level: r.level, uri: r.locations[0].physicalLocation.artifactLocation.uri, region: r.locations[0].physicalLocation.region }));

    // The budget rule matched big/**; the run is described from line 2 (`name: big-run`, cols 1–5).
    assert.deepStrictEqual(where('CL001'), [{ level: 'error', uri: 'big/run.yaml', region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 } }]);
    assert.match(results.find((r) => r.ruleId === 'CL001')!.message.text, /over its budget of 1 kg by 1\.7 kg .*\.carbonlens\.yml line 2/);

    // `epochs:   1e12` on line 4: the value starts at column 11 (8 for `epochs: `, 2 more spaces) and is 4 long.
    assert.deepStrictEqual(where('CL004'), [{ level: 'warning', uri: 'odd.yaml', region: { startLine: 4, startColumn: 11, endLine: 4, endColumn: 15 } }]);

    // The DeepSpeed file lacks its closing braces: it did not parse, so it is not estimated — an
    // error where the parser stopped (line 5, col 1).
    const syntax = where('CL003').find((r) => r.uri === 'ds_config.json')!;
    assert.deepStrictEqual([syntax.level, syntax.region.startLine, syntax.region.startColumn], ['error', 5, 1]);
    // The binary file was not estimated at all: an error at its first line.
    assert.deepStrictEqual(where('CL003').find((r) => r.uri === 'weights.json'), { level: 'error', uri: 'weights.json', region: { startLine: 1 } });

    // Three estimated runs (big, odd, fine: the DeepSpeed file names no hardware or length) of 2.742 kg
    // each = 8.22 kg, over the 5 kg total: reported once, at the largest run.
    const total = results.filter((r) => r.ruleId === 'CL002');
    assert.strictEqual(total.length, 1);
    assert.match(total[0].message.text, /total 8\.2 kg CO₂e \(mid\), over the budget of 5 kg/);
    // ruleIndex points at the rule with that id.
    const rules = sarifOf(dir, rels).runs[0].tool.driver.rules;
    for (const r of results) assert.strictEqual(rules[r.ruleIndex].id, r.ruleId);
  });

  it('finds the column of a value written as the warning prints it', () => {
    assert.deepStrictEqual(columnOf('epochs: 1_000_000_000_000  # typo', '1.0e+12'), { start: 9, end: 26 });
    assert.deepStrictEqual(columnOf('hours: 0', '0'), { start: 8, end: 9 });
    assert.strictEqual(columnOf('hours: ten', '0'), undefined, 'no number that prints the same: line only');
  });

  it('is what `estimate --format sarif` prints, with URIs relative to the current folder', () => {
    const cwd = process.cwd();
    let out = '';
    try {
      process.chdir(dir);
      assert.strictEqual(main(['estimate', '--format', 'sarif', 'odd.yaml', 'big'], (s) => (out += s), () => undefined), 0);
    } finally {
      process.chdir(cwd);
    }
    const log = JSON.parse(out) as SarifLog;
    assert.strictEqual(log.version, '2.1.0');
    assert.deepStrictEqual(log.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]), [['CL004', 'odd.yaml'], ['CL001', 'big/run.yaml']], 'in the order the paths were given');
  });

  it('`diff --format sarif` reports on the head versions of the changed files, URIs from the repository root', () => {
    const repo = tmpDir({ 'configs/run.yaml': RUN, 'configs/fine.yaml': RUN });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'empty');
    git('add', '-A');
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    // The change adds an implausible value on line 3 (`hours: 0`, the 0 at column 8).
    fs.writeFileSync(path.join(repo, 'configs/run.yaml'), 'hardware: A100 80GB\ncount: 8\nhours: 0\nregion: FR\n');
    let out = '';
    const code = runDiff({ words: [base], format: 'sarif', settings, maxBytes: 1e7, version: '9.9.9', cwd: path.join(repo, 'configs') }, (x) => (out += x), () => undefined);
    assert.strictEqual(code, 0);
    const log = JSON.parse(out) as SarifLog;
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.deepStrictEqual(log.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]), [['CL004', 'configs/run.yaml', { startLine: 3, startColumn: 8, endLine: 3, endColumn: 9 }]]);
  });
});
