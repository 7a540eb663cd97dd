// A sweep with no bound on its trials (a W&B `bayes` or `random` sweep without `run_cap`, an Optuna
// study without `n_trials`) runs until someone stops it: its figure rests on Carbon Lens's default
// trial count. Every surface flags it in these words (lens, hover, panel warnings, CLI text).
import { formatSignificant } from '../format';
import type { Estimate } from '../runSpec';

/** The key that bounds a sweep's trials, by format (what the user should set). */
const TRIAL_BOUND: Readonly<Record<string, string>> = { 'wandb-sweep': 'run_cap', optuna: 'n_trials' };

/**
 * `unbounded sweep: 20 trials assumed — set run_cap` when a sweep states no bound and the trial count
 * is Carbon Lens's default: the number then rests on a guess the user should replace.
 */
export function unboundedSweepNote(est: Pick<Estimate, 'inputs' | 'format'>): string | undefined {
  const t = est.inputs.trials;
  if (!t || t.origin !== 'default' || !(t.value > 1)) return undefined;
  const bound = TRIAL_BOUND[est.format];
  return `unbounded sweep: ${formatSignificant(t.value)} trials assumed${bound ? ` — set ${bound}` : ''}`;
}
