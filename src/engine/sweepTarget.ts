// A sweep runs another config once per trial (W&B `command: [..., --config, train.yaml]`). When
// that file is at hand, its run fills what the sweep leaves open, so "9 trials" becomes 9 × a real
// per-trial cost instead of a count with nothing to multiply.
import type { RunInputs, RunSpec, Sourced } from '../core/runSpec';
import { analyzeText } from '../formats';
import { genericConfigInputs } from '../formats/genericConfig';

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function withPerTrialConfig(run: RunSpec, siblings: ReadonlyMap<string, string> | undefined): RunSpec {
  const t = run.perTrialConfig;
  if (!t) return run;
  const file = baseName(t.path);
  const text = siblings?.get(t.path);
  // A launch script (shell, Slurm) runs the file once; a sweep once per trial.
  const script = run.format === 'shell' || run.format === 'slurm';
  if (text === undefined) {
    return { ...run, notes: [...run.notes, script ? `The command reads ${t.path}; its values fill what the command line does not set when that file is in the workspace (or given to the CLI).` : `Each trial runs with ${t.path}; its per-trial cost is used when that file is in the workspace (or given to the CLI).`] };
  }
  const analysis = analyzeText(text, t.path);
  let target: Pick<RunSpec, 'inputs' | 'notes' | 'warnings'> | undefined = analysis.runs.find((r) => r.phase === 'training');
  // A project's own config that no reader claims, given to a launch script's Python: its conventional
  // sections (`model.name`, `training.n_epochs`, `data.name`) still say what the run is.
  const generic = !target && script && analysis.format === 'unknown' ? genericConfigInputs(t.path, text) : undefined;
  if (generic) target = { inputs: generic.inputs, notes: [`read as a project's own config (no format Carbon Lens knows): ${generic.taken.join('; ')}.`], warnings: [] };
  if (!target) {
    return { ...run, notes: [...run.notes, script ? `${file} (${analysis.format}) is not a run Carbon Lens reads on its own.` : `${file} (${analysis.format}) describes no training run Carbon Lens can read: the per-trial cost is unknown.`] };
  }
  const inputs: RunInputs = { ...run.inputs };
  for (const [field, value] of Object.entries(target.inputs) as [keyof RunInputs, Sourced<unknown>][]) {
    if (field === 'trials' || inputs[field] !== undefined) continue;
    const line = value.range ? ` line ${value.range.startLine + 1}` : '';
    // Shown at the sweep's reference to the file; `inferred` because this file does not state it,
    // which also keeps what-ifs from writing a value over the file name.
    (inputs as Record<string, Sourced<unknown>>)[field] = {
      value: value.value,
      origin: 'inferred',
      range: t.range,
      note: `from ${file}${line}${value.note ? ` (${value.note})` : ''}`,
    };
  }
  return {
    ...run,
    inputs,
    notes: [...run.notes, script ? `The command reads ${file} (${analysis.format}); its values fill what the command line does not set (flags on the line win).` : `Each trial runs ${file} (${analysis.format}); its values fill what the sweep does not set.`, ...target.notes.map((n) => `${file}: ${n}`)],
    warnings: [...run.warnings, ...target.warnings.map((w) => `${file}: ${w}`)],
  };
}
