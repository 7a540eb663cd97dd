// A Slurm job whose file says neither the model nor the length still says how long the scheduler lets it
// run. What that whole limit would cost is the one figure such a file supports: every surface shows it
// as a ceiling in these words ("at most"), never as the run's estimate (issue #13).
import { formatHours, formatMass, formatSignificant } from '../format';
import type { Estimate } from '../runSpec';

/** `at most 45 kg CO₂e (the whole 72 h time limit)`, or undefined when the run has no ceiling. */
export function ceilingText(est: Pick<Estimate, 'ceiling' | 'missing'>): string | undefined {
  const c = est.ceiling;
  if (!c || !est.missing.length || !(c.co2eKg > 0) || !Number.isFinite(c.co2eKg)) return undefined;
  // In hours as a --time line reads (72:00:00 → "72 h"), minutes below an hour.
  const limit = c.hours >= 1 ? `${formatSignificant(c.hours)} h` : formatHours(c.hours);
  return `at most ${formatMass(c.co2eKg)} CO₂e (the whole ${limit} time limit)`;
}
