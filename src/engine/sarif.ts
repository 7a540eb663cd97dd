// SARIF 2.1.0 (OASIS standard, 2020) output, for GitHub code scanning and other SARIF viewers:
// budget breaches, files that could not be read as what they claim to be, and values too large or
// small to be a plan. Each result points at a file, line and column. Pure: the caller passes the
// file texts (to place columns) and the budgets that govern each file.
import type { Estimate, SourceRange } from '../core/runSpec';
import { formatMass } from '../core/format';
import type { FileResult } from './fileResult';
import { budgetTotal, folderTotals } from './folderTotals';
import type { ResolvedBudget } from './budgetRules';

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion } }[];
  partialFingerprints?: Record<string, string>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  help: { text: string };
}

/** The rules, in a fixed order: a result's ruleIndex points into this list. */
export const SARIF_RULES: readonly SarifRule[] = [
  {
    id: 'CL001',
    name: 'RunOverBudget',
    shortDescription: { text: 'Run over its carbon budget' },
    fullDescription: { text: "A run's mid CO₂e estimate exceeds the per-run budget set for it in .carbonlens.yml." },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Shorten or shrink the run (see the what-ifs in `carbon-lens estimate`), move it to a cleaner region, or raise the budget in .carbonlens.yml with a reason.' },
  },
  {
    id: 'CL002',
    name: 'TotalOverBudget',
    shortDescription: { text: 'Total over the carbon budget' },
    fullDescription: { text: 'The one-time runs checked (training, sweeps; a config a sweep runs counted once) total more mid CO₂e than the budget given with --budget (a year of serving too with --budget-include-serving); reported at the largest run.' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Reduce the largest runs or raise the budget.' },
  },
  {
    id: 'CL003',
    name: 'MalformedFile',
    shortDescription: { text: 'Run file could not be read' },
    fullDescription: { text: 'The file could not be parsed (syntax error) or read (binary, too large, unreadable), so its runs were not estimated.' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Fix the syntax error at the position shown.' },
  },
  {
    id: 'CL004',
    name: 'ImplausibleValue',
    shortDescription: { text: 'Implausible value ignored' },
    fullDescription: { text: 'A number is outside what any real run uses (zero, negative, or far above the largest runs announced); it was ignored rather than estimated as fact.' },
    defaultConfiguration: { level: 'warning' },
    help: { text: 'Check the value for a typo or a wrong unit.' },
  },
];

const RULE = { budget: 0, total: 1, malformed: 2, implausible: 3 } as const;

export interface SarifInput {
  version: string;
  /** The file's text, to place columns that only a line is known for. */
  textOf?: (file: FileResult) => string | undefined;
  /** The per-run budget governing a file, from .carbonlens.yml. */
  budgetOf?: (file: FileResult) => ResolvedBudget | undefined;
  /** `--budget`: the total. */
  totalBudgetKg?: number;
  /** `--budget-include-serving`: a year of serving counts against `totalBudgetKg`. */
  totalIncludesServing?: boolean;
  /** Turns a result path into the URI written (relative to the repository root for code scanning). */
  uriOf?: (path: string) => string;
}

/** A relative path as a URI reference: each segment percent-encoded, `/`-separated. */
export function relativeUri(p: string): string {
  return p.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

function region(r: SourceRange | undefined, line1?: number): SarifRegion {
  if (r) {
    const out: SarifRegion = { startLine: r.startLine + 1, startColumn: r.startCol + 1 };
    // SARIF's endColumn is exclusive, like SourceRange's endCol; an empty range is widened to one character.
    if (r.endLine > r.startLine || r.endCol > r.startCol) Object.assign(out, { endLine: r.endLine + 1, endColumn: r.endCol + 1 });
    return out;
  }
  return { startLine: Math.max(1, line1 ?? 1) };
}

/** Numbers as core/plausibility.ts writes them in its warnings (exponent from a million up). */
function formatPlain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1e6 ? n.toExponential(1) : String(n);
}

/**
 * The column of a reported value on its line: the first number written there that prints as the
 * warning printed it. The warning carries the line but not the column (the value was dropped with
 * its range), and a wrong column would mislead more than none, so without a match only the line is
 * given.
 */
export function columnOf(lineText: string, reported: string): { start: number; end: number } | undefined {
  const re = /[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?/gi;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
    if (formatPlain(Number(m[0].replace(/_/g, ''))) === reported) return { start: m.index + 1, end: m.index + m[0].length + 1 };
  }
  return undefined;
}

/** `Implausible epochs 1.0e+9 (line 4): ignored …` — the shape core/plausibility.ts writes. */
const IMPLAUSIBLE = /^Implausible (\w+) (\S+) \(line (\d+)\)/;

function runAnchor(f: FileResult, e: Estimate, i: number): SourceRange | undefined {
  const runs = f.analysis?.runs ?? [];
  const spec = runs[i]?.name === e.name ? runs[i] : runs.find((r) => r.name === e.name);
  return spec?.anchor;
}

export function sarifLog(files: readonly FileResult[], o: SarifInput): SarifLog {
  const results: SarifResult[] = [];
  const uri = o.uriOf ?? relativeUri;
  const at = (f: FileResult, reg: SarifRegion) => [{ physicalLocation: { artifactLocation: { uri: uri(f.path) }, region: reg } }];
  const push = (rule: keyof typeof RULE, level: SarifResult['level'], text: string, f: FileResult, reg: SarifRegion, key: string) =>
    results.push({ ruleId: SARIF_RULES[RULE[rule]].id, ruleIndex: RULE[rule], level, message: { text }, locations: at(f, reg), partialFingerprints: { 'carbonLens/v1': `${SARIF_RULES[RULE[rule]].id}:${f.path}:${key}` } });

  let largest: { f: FileResult; e: Estimate; i: number } | undefined;
  for (const f of files) {
    if (f.error) {
      const r = f.analysis?.error?.range;
      push('malformed', 'error', `${f.path} was not estimated: ${f.error}`, f, region(r, f.errorLine !== undefined ? f.errorLine + 1 : 1), 'error');
    } else if (f.format !== 'unknown' && f.analysis?.problems.length) {
      // A multi-document file whose well-formed documents were estimated and the others skipped
      // (src/formats/index.ts): an error, at the first problem (the later ones usually follow from it).
      const p = f.analysis.problems[0];
      const part = f.analysis.partial;
      push('malformed', 'error', `Syntax error in ${f.path}: ${p.message}.${part ? ` Only ${part.read} of ${part.total} documents were read and estimated.` : ''}`, f, region(p.range), 'syntax');
    }
    const budget = o.budgetOf?.(f);
    f.estimates.forEach((e, i) => {
      if (e.missing.length) return;
      if (!largest || e.co2eKg.mid > largest.e.co2eKg.mid) largest = { f, e, i };
      if (budget && e.co2eKg.mid > budget.kg) {
        const over = e.co2eKg.mid - budget.kg;
        push('budget', 'error', `Run "${e.name}" is estimated at ${formatMass(e.co2eKg.mid)} CO₂e (range ${formatMass(e.co2eKg.low)}–${formatMass(e.co2eKg.high)}), over its budget of ${formatMass(budget.kg)} by ${formatMass(over)} (${((over / budget.kg) * 100).toFixed(0)} %); budget set in ${budget.dir ? `${budget.dir}/` : ''}.carbonlens.yml line ${budget.range.startLine + 1}.`, f, region(runAnchor(f, e, i)), `run:${e.name}`);
      }
    });
    // Implausible values: the format readers or the estimator drop them and say so, naming the line
    // (the editor's diagnostics read the same sentence: src/editor/diagnostics.ts).
    const seen = new Set<string>();
    const said = [...(f.analysis?.runs ?? []), ...f.estimates].map((r) => ({ name: r.name, warnings: r.warnings }));
    for (const spec of said) {
      for (const w of spec.warnings) {
        const m = IMPLAUSIBLE.exec(w);
        if (!m || seen.has(w)) continue;
        seen.add(w);
        const line = Number(m[3]);
        const lineText = o.textOf?.(f)?.split(/\r?\n/)[line - 1];
        const col = lineText !== undefined ? columnOf(lineText, m[2]) : undefined;
        const reg: SarifRegion = col ? { startLine: line, startColumn: col.start, endLine: line, endColumn: col.end } : { startLine: line };
        push('implausible', 'warning', `${w} (run "${spec.name}")`, f, reg, `${m[1]}:${line}`);
      }
    }
  }
  if (o.totalBudgetKg !== undefined && largest) {
    const total = budgetTotal(folderTotals(files), o.totalIncludesServing === true);
    if (total.kg > o.totalBudgetKg) {
      const { f, e, i } = largest;
      const basis = total.basis.charAt(0).toUpperCase() + total.basis.slice(1);
      push('total', 'error', `${basis} checked total ${formatMass(total.kg)} CO₂e (mid), over the budget of ${formatMass(o.totalBudgetKg)}; the largest run is "${e.name}" at ${formatMass(e.co2eKg.mid)}.`, f, region(runAnchor(f, e, i)), 'total');
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Carbon Lens', version: o.version, rules: [...SARIF_RULES] } }, results }],
  };
}
