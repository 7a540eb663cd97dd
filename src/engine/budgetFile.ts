// `.carbonlens.yml`: per-folder carbon budgets a team commits next to its configs. Pure (no `vscode`,
// no I/O): the editor reads the files and asks `resolveBudget` which budget governs a config.
//
// Precedence, from strongest to weakest (documented in docs/budgets.md):
//   1. the nearest `.carbonlens.yml` (deepest folder containing the config) that has an opinion —
//      a matching `budgets` rule, else its own top-level `perRunKg`;
//   2. the same question asked of the next `.carbonlens.yml` up the tree;
//   3. the `carbonLens.budget.perRunKg` setting (the caller's fallback).
// Within one file the most specific matching rule wins (most literal characters), then the later one.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { SourceRange } from '../core/runSpec';
import { BUDGET_FILE_NAME, compilePattern, normalisePattern, type BudgetFile, type BudgetProblem } from './budgetRules';

// The rules need no YAML parser: the editor loads them at start-up and this file on first use.
export * from './budgetRules';


/** A budget file is a few lines; anything this big is not one, and is not worth parsing. */
const MAX_BYTES = 256 * 1024;
const MAX_RULES = 1000;
const TOP_KEYS = ['budgets', 'perRunKg', 'workspaceKg', '$schema'];
const RULE_KEYS = ['path', 'perRunKg'];

const ZERO: SourceRange = { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };

export function parseBudgetFile(text: string): BudgetFile {
  const out: BudgetFile = { rules: [], problems: [] };
  if (text.length > MAX_BYTES) {
    out.problems.push({ message: `${BUDGET_FILE_NAME} is larger than ${MAX_BYTES / 1024} KB; ignored.`, range: ZERO, severity: 'error' });
    return out;
  }
  const lines = new LineCounter();
  // The tree is read node by node and never converted with toJS(), so aliases are never expanded:
  // an alias where a value belongs is simply the wrong type, and alias bombs cost nothing.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const rangeOf = (from: number, to: number): SourceRange => {
    const a = lines.linePos(from);
    const b = lines.linePos(Math.max(from, to));
    return { startLine: a.line - 1, startCol: a.col - 1, endLine: b.line - 1, endCol: b.col - 1 };
  };
  const nodeRange = (n: YamlNode | null | undefined, fallback: SourceRange = ZERO): SourceRange =>
    n?.range ? rangeOf(n.range[0], n.range[1]) : fallback;
  const problem = (message: string, range: SourceRange, severity: BudgetProblem['severity'] = 'error') =>
    out.problems.push({ message, range, severity });

  for (const e of doc.errors) problem(e.message.split('\n')[0], rangeOf(e.pos[0], e.pos[1]));
  if (out.problems.length) return out; // a half-read budget would be enforced wrongly: use none
  for (const w of doc.warnings) problem(w.message.split('\n')[0], rangeOf(w.pos[0], w.pos[1]), 'warning');

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return out;
  if (!isMap(root)) {
    problem(`${BUDGET_FILE_NAME} must be a mapping with \`budgets\`, \`perRunKg\` or \`workspaceKg\`.`, nodeRange(root));
    return out;
  }
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    const keyRange = nodeRange(keyNode);
    const value = pair.value as YamlNode | null;
    if (key === 'perRunKg' || key === 'workspaceKg') {
      const kg = positiveKg(value, key, problem, nodeRange(value, keyRange));
      if (kg !== undefined) out[key] = { kg, range: keyRange };
    } else if (key === 'budgets') {
      readRules(value, out, problem, nodeRange, keyRange);
    } else if (!key || !TOP_KEYS.includes(key)) {
      problem(`Unknown key \`${key ?? '?'}\` (expected ${TOP_KEYS.slice(0, 3).map((k) => `\`${k}\``).join(', ')}).`, keyRange, 'warning');
    }
  }
  return out;
}

type Report = (message: string, range: SourceRange, severity?: BudgetProblem['severity']) => void;

function positiveKg(node: YamlNode | null, what: string, problem: Report, range: SourceRange): number | undefined {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  problem(`\`${what}\` must be a positive number of kg CO₂e, e.g. \`${what}: 50\`.`, range);
  return undefined;
}

function readRules(node: YamlNode | null, out: BudgetFile, problem: Report, nodeRange: (n: YamlNode | null | undefined, f?: SourceRange) => SourceRange, keyRange: SourceRange): void {
  if (!isSeq(node)) {
    problem('`budgets` must be a list of `{ path, perRunKg }` entries.', nodeRange(node, keyRange));
    return;
  }
  for (const item of node.items as (YamlNode | null)[]) {
    if (out.rules.length >= MAX_RULES) {
      problem(`More than ${MAX_RULES} budgets; the rest are ignored.`, nodeRange(item), 'warning');
      return;
    }
    const itemRange = nodeRange(item, keyRange);
    if (!isMap(item)) {
      problem('Each budget must be a mapping like `{ path: "configs/**", perRunKg: 50 }`.', itemRange);
      continue;
    }
    let path: string | undefined;
    let kg: number | undefined;
    let pathRange = itemRange;
    for (const pair of item.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      const value = pair.value as YamlNode | null;
      if (key === 'path') {
        pathRange = nodeRange(value, nodeRange(keyNode));
        const v = isScalar(value) ? value.value : undefined;
        const reason = typeof v === 'string' ? invalidPattern(v) : '`path` must be a string.';
        if (reason) problem(reason, pathRange);
        else path = v as string;
      } else if (key === 'perRunKg') {
        kg = positiveKg(value, 'perRunKg', problem, nodeRange(value, nodeRange(keyNode)));
      } else {
        problem(`Unknown key \`${key ?? '?'}\` in a budget (expected \`path\` and \`perRunKg\`).`, nodeRange(keyNode, itemRange), 'warning');
      }
    }
    if (path === undefined && !item.items.some((p) => isScalar(p.key) && p.key.value === 'path')) problem('This budget has no `path`.', itemRange);
    if (kg === undefined && !item.items.some((p) => isScalar(p.key) && p.key.value === 'perRunKg')) problem('This budget has no `perRunKg`.', itemRange);
    if (path !== undefined && kg !== undefined) {
      // A pattern that cannot be compiled (`}x{`, too many wildcards) is this rule's problem only.
      const compiled = compilePattern(path);
      if (compiled.error !== undefined) problem(compiled.error, pathRange);
      else out.rules.push({ path, perRunKg: kg, range: itemRange, specificity: normalisePattern(path).replace(/[*?{},]/g, '').length, matcher: compiled.glob });
    }
  }
}

function invalidPattern(p: string): string | undefined {
  const t = p.trim();
  if (!t) return '`path` is empty.';
  if (t.length > 500) return '`path` is too long.';
  if (/(^|\/)\.\.(\/|$)/.test(t.replace(/\\/g, '/'))) return '`path` cannot leave the folder of this file (no `..`).';
  if ((t.match(/\{/g) ?? []).length !== (t.match(/\}/g) ?? []).length) return '`path` has an unbalanced `{ }`.';
  return undefined;
}
