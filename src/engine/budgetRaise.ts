// "Raise this file's budget to …": the figure to raise it to and the `.carbonlens.yml` text that does it.
// Pure text work (no `vscode`, no YAML round-trip that would reformat the user's file): a rule for this
// one file is appended to the `budgets` list of the budget file in the config's own folder (the nearest
// file governs, and within it the later of two equally specific rules wins), or the list is started.
import { BUDGET_FILE_NAME } from './budgetRules';

/** The run's CO₂e rounded up to two significant figures, so the warning clears with a little headroom. */
export function raisedBudgetKg(kg: number): number {
  if (!(kg > 0) || !Number.isFinite(kg)) return 1;
  const step = 10 ** (Math.floor(Math.log10(kg)) - 1);
  const up = Math.ceil((kg * 1.05) / step) * step;
  return Number(up.toPrecision(2));
}

function yamlPath(p: string): string {
  return /^[\w./-]+$/.test(p) ? p : JSON.stringify(p);
}

/**
 * The budget file's new text with a rule `path: <fileName>, perRunKg: <kg>` (fileName relative to the budget
 * file's folder). `text` is undefined when the folder has no `.carbonlens.yml` yet.
 */
export function withFileBudget(text: string | undefined, fileName: string, kg: number): string {
  const rule = (indent: string) => `${indent}- path: ${yamlPath(fileName)}\n${indent}  perRunKg: ${kg}\n`;
  if (text === undefined || !text.trim()) return `# ${BUDGET_FILE_NAME}: carbon budgets (kg CO₂e per run) for the configs in this folder.\nbudgets:\n${rule('  ')}`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^budgets:\s*(#.*)?$/.test(l));
  if (start < 0) return `${text}${text.endsWith('\n') ? '' : '\n'}budgets:\n${rule('  ')}`;
  // The block ends at the next top-level key (a line starting with neither a space, `-` nor `#`).
  let end = start + 1;
  let indent = '  ';
  let seenItem = false;
  for (; end < lines.length; end++) {
    const l = lines[end];
    if (l.trim() === '' || /^\s*#/.test(l)) continue;
    if (!/^[\s-]/.test(l)) break;
    const m = /^(\s*)- /.exec(l);
    if (m && !seenItem) {
      indent = m[1];
      seenItem = true;
    }
  }
  // Back over trailing blank lines so the rule sits with the list.
  let at = end;
  while (at > start + 1 && lines[at - 1].trim() === '') at--;
  const head = lines.slice(0, at).join('\n');
  const tail = lines.slice(at).join('\n');
  return `${head}\n${rule(indent)}${tail}`;
}
