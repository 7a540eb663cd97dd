// `.carbonlens.yml`: what a team writes, which budget governs which config, and errors that point
// at the line to fix instead of silently enforcing half a file.
import * as assert from 'assert';
import { budgetExcess, compilePattern, parseBudgetFile, resolveBudget, type LocatedBudgetFile } from '../../src/engine/budgetFile';

const paths = (file: ReturnType<typeof parseBudgetFile>) => file.rules.map((r) => [r.path, r.perRunKg]);

describe('parseBudgetFile', () => {
  it('reads budgets, a folder default and a workspace budget', () => {
    const f = parseBudgetFile('budgets:\n  - path: "configs/**"\n    perRunKg: 50\n  - { path: sweeps/*.yaml, perRunKg: 5 }\nperRunKg: 100\nworkspaceKg: 500\n');
    assert.deepStrictEqual(f.problems, []);
    assert.deepStrictEqual(paths(f), [['configs/**', 50], ['sweeps/*.yaml', 5]]);
    assert.strictEqual(f.perRunKg?.kg, 100);
    assert.strictEqual(f.workspaceKg?.kg, 500);
    assert.strictEqual(f.rules[0].range.startLine, 1, 'the rule remembers its line');
    assert.strictEqual(f.workspaceKg?.range.startLine, 5);
  });

  it('accepts an empty file or a comment-only file', () => {
    assert.deepStrictEqual(parseBudgetFile(''), { rules: [], problems: [] });
    assert.deepStrictEqual(parseBudgetFile('# budgets come later\n'), { rules: [], problems: [] });
  });

  it('reports a YAML syntax error with its location and enforces nothing', () => {
    const f = parseBudgetFile('budgets:\n  - path: "configs/**\n    perRunKg: 50\n');
    assert.strictEqual(f.rules.length, 0);
    assert.strictEqual(f.problems.length >= 1, true);
    assert.strictEqual(f.problems[0].severity, 'error');
    assert.ok(f.problems[0].range.startLine >= 1, JSON.stringify(f.problems[0]));
  });

  it('reports wrong types on the offending line', () => {
    const f = parseBudgetFile('budgets:\n  - path: a/**\n    perRunKg: "50 kg"\n  - path: 3\n    perRunKg: 1\n  - perRunKg: -2\n    path: b\nworkspaceKg: lots\n');
    const byLine = f.problems.map((p) => [p.range.startLine, p.severity, p.message]);
    assert.ok(byLine.some(([l, s, m]) => l === 2 && s === 'error' && /perRunKg.*positive number/.test(m as string)), JSON.stringify(byLine));
    assert.ok(byLine.some(([l, , m]) => l === 3 && /path.*string/.test(m as string)), JSON.stringify(byLine));
    assert.ok(byLine.some(([l, , m]) => l === 5 && /positive/.test(m as string)), JSON.stringify(byLine));
    assert.ok(byLine.some(([l, , m]) => l === 7 && /workspaceKg/.test(m as string)), JSON.stringify(byLine));
    assert.deepStrictEqual(f.rules, [], 'no half-valid rule is enforced');
  });

  it('reports missing fields, non-list budgets and a non-mapping root', () => {
    assert.match(parseBudgetFile('budgets:\n  - path: a\n').problems[0].message, /no `perRunKg`/);
    assert.match(parseBudgetFile('budgets:\n  - perRunKg: 3\n').problems[0].message, /no `path`/);
    assert.match(parseBudgetFile('budgets: 50\n').problems[0].message, /must be a list/);
    assert.match(parseBudgetFile('- a\n- b\n').problems[0].message, /must be a mapping/);
  });

  it('warns about unknown keys but keeps the rest', () => {
    const f = parseBudgetFile('budget: 5\nbudgets:\n  - path: a\n    perRunKg: 3\n    perrunkg: 4\n');
    assert.deepStrictEqual(paths(f), [['a', 3]]);
    assert.deepStrictEqual(f.problems.map((p) => [p.range.startLine, p.severity]), [[0, 'warning'], [4, 'warning']]);
  });

  it('refuses paths that leave the folder, and aliases', () => {
    assert.match(parseBudgetFile('budgets:\n  - path: ../other/**\n    perRunKg: 3\n').problems[0].message, /cannot leave/);
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a]\nbudgets: *b\n';
    assert.ok(parseBudgetFile(bomb).problems.length > 0);
  });

  it('refuses a huge file without parsing it', () => {
    const f = parseBudgetFile(`# ${'x'.repeat(300 * 1024)}\n`);
    assert.match(f.problems[0].message, /larger than/);
  });
});

describe('compilePattern', () => {
  const m = (glob: string, path: string) => compilePattern(glob).glob!.test(path);
  it('** spans folders, * and ? stay within a name', () => {
    assert.ok(m('configs/**', 'configs/a.yaml'));
    assert.ok(m('configs/**', 'configs/deep/b.yaml'));
    assert.ok(!m('configs/*.yaml', 'configs/deep/b.yaml'));
    assert.ok(m('configs/*.yaml', 'configs/b.yaml'));
    assert.ok(m('**/*.yml', 'x/y/z.yml'));
    assert.ok(m('**/*.yml', 'z.yml'));
    assert.ok(m('run?.yaml', 'run1.yaml'));
    assert.ok(!m('run?.yaml', 'run10.yaml'));
  });
  it('a name without a slash matches at any depth; a folder covers its content', () => {
    assert.ok(m('*.ipynb', 'notebooks/x/train.ipynb'));
    assert.ok(m('sweeps', 'sweeps/a.yaml'));
    assert.ok(m('./sweeps/', 'sweeps/a/b.yaml'));
    assert.ok(!m('configs/a', 'other/configs/a'));
  });
  it('supports {a,b} and treats regex characters literally', () => {
    assert.ok(m('*.{yaml,yml}', 'a.yml'));
    assert.ok(!m('*.{yaml,yml}', 'a.json'));
    assert.ok(m('a+b (1).yaml', 'a+b (1).yaml'));
    assert.ok(!m('a.yaml', 'axyaml'));
    assert.ok(m('a,b.yaml', 'a,b.yaml'));
  });
});

describe('resolveBudget', () => {
  let root: LocatedBudgetFile;
  let nested: LocatedBudgetFile;
  let silent: LocatedBudgetFile;
  let all: LocatedBudgetFile[];
  // Parsed in before(), not while mocha loads the file: mutation testing treats load-time calls as static code.
  before(() => {
  root = {
    dir: '/ws',
    file: parseBudgetFile('perRunKg: 100\nbudgets:\n  - path: "configs/**"\n    perRunKg: 50\n  - path: "configs/big/**"\n    perRunKg: 500\n  - path: "*.ipynb"\n    perRunKg: 2\n'),
  };
  nested = { dir: '/ws/team', file: parseBudgetFile('budgets:\n  - path: "*.yaml"\n    perRunKg: 7\n') };
  silent = { dir: '/ws/quiet', file: parseBudgetFile('workspaceKg: 10\n') };
  all = [root, nested, silent];
  });

  it('picks the most specific rule, whatever the order', () => {
    assert.strictEqual(resolveBudget(all, '/ws/configs/a.yaml')?.kg, 50);
    assert.strictEqual(resolveBudget(all, '/ws/configs/big/a.yaml')?.kg, 500);
    const reversed: LocatedBudgetFile = { dir: '/ws', file: { ...root.file, rules: [...root.file.rules].reverse() } };
    assert.strictEqual(resolveBudget([reversed], '/ws/configs/big/a.yaml')?.kg, 500);
  });

  it('on equal specificity the later rule wins', () => {
    const f = parseBudgetFile('budgets:\n  - { path: "a/*", perRunKg: 1 }\n  - { path: "a/?", perRunKg: 2 }\n');
    assert.strictEqual(resolveBudget([{ dir: '/w', file: f }], '/w/a/b')?.kg, 2);
  });

  it('falls back to the file default, and says where the budget came from', () => {
    const r = resolveBudget(all, '/ws/train.yaml');
    assert.strictEqual(r?.kg, 100);
    assert.strictEqual(r?.dir, '/ws');
    assert.strictEqual(r?.rule, undefined);
    assert.strictEqual(r?.range.startLine, 0);
    assert.strictEqual(resolveBudget(all, '/ws/nb/train.ipynb')?.kg, 2);
  });

  it('lets the nearest .carbonlens.yml decide, and passes up when it has no opinion', () => {
    assert.strictEqual(resolveBudget(all, '/ws/team/a.yaml')?.kg, 7);
    assert.strictEqual(resolveBudget(all, '/ws/team/a.json')?.kg, 100, 'team file has no rule for .json; root default applies');
    assert.strictEqual(resolveBudget(all, '/ws/quiet/a.yaml')?.kg, 100);
  });

  it('returns undefined outside every governed folder (the setting applies)', () => {
    assert.strictEqual(resolveBudget(all, '/elsewhere/a.yaml'), undefined);
    assert.strictEqual(resolveBudget(all, '/wsx/a.yaml'), undefined, 'a sibling folder with the same prefix is not governed');
    assert.strictEqual(resolveBudget([nested], '/ws/team/a.json'), undefined);
  });
});

describe('budgetExcess', () => {
  it('states how far over, or nothing when within', () => {
    assert.deepStrictEqual(budgetExcess(42, 30), { overKg: 12, overPct: 40 });
    assert.strictEqual(budgetExcess(30, 30), undefined);
    assert.strictEqual(budgetExcess(10, 30), undefined);
    assert.strictEqual(budgetExcess(NaN, 30), undefined);
  });
});
