// A what-if's title and saving, the same in the panel, the Markdown report and the lens. The estimator
// writes its own rounded percentage into titles; the presenter drops it and says the saving once, from
// the two figures, so "−100 %" for a 250-fold cut reads "≈ 250× less" everywhere (issue #16).
import type { Estimate, Suggestion } from '../runSpec';
import { formatChange, formatChangePct } from './numbers';

/** The title without the estimator's trailing `(−69% CO₂e)`. */
export function suggestionTitle(s: Suggestion): string {
  return s.title.replace(/\s*\([−+-]?\d+(?:\.\d+)?% CO₂e\)$/, '');
}

/** The saving of a what-if against the run it changes (`−69%`, `−97.3%`, `≈ 250× less`). */
export function suggestionSaving(base: Estimate, s: Suggestion): string {
  // An informational what-if ("already 4-bit") promises nothing: it is labelled, not given a 0 %.
  if (s.info) return 'note';
  // Savings count embodied carbon too (the hardware a change no longer needs): the same basis as savingPct.
  if (s.totalKg !== undefined) {
    const kg = base.co2eKg.mid + base.embodiedKg;
    return kg > 0 && Number.isFinite(s.totalKg) ? formatChange(kg, s.totalKg) : formatChangePct(-s.savingPct);
  }
  const kg = base.co2eKg.mid;
  return kg > 0 && Number.isFinite(s.co2eKg) ? formatChange(kg, s.co2eKg) : formatChangePct(-s.savingPct);
}
