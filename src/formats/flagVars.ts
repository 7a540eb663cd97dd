// Training flags whose values come through a variable the same file defines: SkyPilot `envs:` used
// as `$EPOCHS` / `${EPOCHS}` in `run:`, and a Kubernetes container's `env:` used as `$(EPOCHS)` in its
// `args:`. The variable is replaced by its value before the flags are read, and each value read that
// way points at the definition, with a note saying which variable carried it.
import type { RunInputs, SourceRange } from '../core/runSpec';
import type { Word } from './launcherFlags';
import type { TextSource } from './handlers/textSource';
import { applyTrainingFlags } from './handlers/trainFlags';

export interface VarDef {
  name: string;
  value: string;
  range?: SourceRange;
  /** Where it is defined, for the note: "envs", "env of container trainer". */
  where: string;
}

/** `$X`, `${X}` (shell, SkyPilot) or `$(X)` (Kubernetes), as a whole value. */
const SHELL_REF = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;
const K8S_REF = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/;

export function applyFlagsWithVars(words: Word[], src: TextSource, inputs: RunInputs, notes: string[], lookup: (name: string) => VarDef | undefined, style: 'shell' | 'k8s'): void {
  const ref = style === 'k8s' ? K8S_REF : SHELL_REF;
  const subs: Array<{ at: SourceRange; def: VarDef }> = [];
  const out = words.map((w) => {
    if (w.sep || !w.text.includes('$')) return w;
    const eq = w.text.startsWith('--') ? w.text.indexOf('=') : -1;
    const head = eq >= 0 ? w.text.slice(0, eq + 1) : '';
    const m = ref.exec(eq >= 0 ? w.text.slice(eq + 1) : w.text);
    const def = m ? lookup(m[1]) : undefined;
    if (!def || def.value === '') return w;
    subs.push({ at: src.range(w.textStart + head.length, w.textStart + head.length), def });
    return { ...w, text: head + def.value };
  });
  const before = new Set(Object.keys(inputs));
  applyTrainingFlags(out, src, inputs, notes);
  if (!subs.length) return;
  for (const [k, v] of Object.entries(inputs) as Array<[string, { range?: SourceRange; note?: string; origin: string } | undefined]>) {
    if (!v || before.has(k) || !v.range) continue;
    const s = subs.find((x) => x.at.startLine === v.range!.startLine && x.at.startCol === v.range!.startCol);
    if (!s) continue;
    const line = s.def.range ? ` (line ${s.def.range.startLine + 1})` : '';
    (inputs as Record<string, unknown>)[k] = { ...v, range: s.def.range ?? v.range, note: [v.note, `set through ${style === 'k8s' ? `$(${s.def.name})` : `$${s.def.name}`}, ${s.def.where}${line}`].filter(Boolean).join('; ') };
  }
}
