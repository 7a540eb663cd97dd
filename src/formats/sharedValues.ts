// Values a YAML file shares between entries through an anchor and aliases (`x: &svc {…}`,
// `a: *svc`, `b: {<<: *svc}`). The tree keeps where such a value is written, which is inside the
// anchor, so an edit "for one run" would change every entry that uses the anchor (audit 2026-12,
// L4). These helpers find such ranges: edits into them are refused and the run says why.
import type { RunSpec, SourceRange } from '../core/runSpec';
import type { SharedAnchor } from './tree';
import type { FormatInput } from './types';

const before = (aLine: number, aCol: number, bLine: number, bCol: number) => aLine < bLine || (aLine === bLine && aCol <= bCol);

/** True when `inner` lies within `outer`. */
export function within(inner: SourceRange, outer: SourceRange): boolean {
  return before(outer.startLine, outer.startCol, inner.startLine, inner.startCol) && before(inner.endLine, inner.endCol, outer.endLine, outer.endCol);
}

/** The anchor an alias uses that holds `range`, if any (YAML files only). */
export function sharedAnchorAt(input: FormatInput, range: SourceRange): SharedAnchor | undefined {
  if (input.syntax !== 'yaml') return undefined;
  for (const d of input.docs()) for (const a of d.shared ?? []) if (within(range, a.range)) return a;
  return undefined;
}

/** The run with a note for each shared anchor it reads values from: what-ifs are not written there. */
export function noteSharedValues(run: RunSpec, input: FormatInput): RunSpec {
  if (input.syntax !== 'yaml' || !input.docs().some((d) => d.shared?.length)) return run;
  const byAnchor = new Map<SharedAnchor, string[]>();
  for (const s of Object.values(run.inputs)) {
    if (!s?.range || s.origin !== 'file') continue;
    const a = sharedAnchorAt(input, s.range);
    if (!a) continue;
    const keys = byAnchor.get(a) ?? [];
    const key = `\`${(s.key ?? '?').slice(0, 40)}\``;
    if (!keys.includes(key)) keys.push(key);
    byAnchor.set(a, keys);
  }
  if (!byAnchor.size) return run;
  const notes = [...byAnchor].map(([a, keys]) => {
    const name = a.name.length > 40 ? `${a.name.slice(0, 39)}…` : a.name;
    return `${keys.join(', ')} ${keys.length > 1 ? 'come' : 'comes'} from the YAML anchor \`&${name}\` (line ${a.line + 1}), which other entries share through an alias: Carbon Lens does not write changes into it; edit the anchor by hand if every entry should change.`;
  });
  return { ...run, notes: [...run.notes, ...notes] };
}
