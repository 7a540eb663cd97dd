// One source for every identifier the manifest (package.json) also names.
export const CommandId = {
  estimate: 'carbonLens.estimate',
  estimateWorkspace: 'carbonLens.estimateWorkspace',
  openPanel: 'carbonLens.openPanel',
  setDefaultRegion: 'carbonLens.setDefaultRegion',
  setDefaultHardware: 'carbonLens.setDefaultHardware',
  setBudget: 'carbonLens.setBudget',
  exportReport: 'carbonLens.exportReport',
  applySuggestion: 'carbonLens.applySuggestion',
  pickModel: 'carbonLens.pickModel',
  raiseBudget: 'carbonLens.raiseBudget',
  ignoreBudgetRun: 'carbonLens.ignoreBudgetRun',
  exportHardwareTable: 'carbonLens.exportHardwareTable',
  setOnlineCredentials: 'carbonLens.setOnlineCredentials',
  refreshRuns: 'carbonLens.refreshRuns',
  openWorkspaceReport: 'carbonLens.openWorkspaceReport',
  openExample: 'carbonLens.openExample',
  revealRun: 'carbonLens.revealRun',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const ViewId = { panel: 'carbonLens.panel', runs: 'carbonLens.runs', container: 'carbonLens' } as const;

export const ConfigSection = 'carbonLens';

/** Languages whose documents may hold ML configs. Notebooks are handled through their cells. */
export const DOCUMENT_SELECTOR = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'python' },
  { language: 'shellscript' },
  // kohya sd-scripts `--config_file` TOML (package.json contributes the `toml` id for `.toml`).
  { language: 'toml' },
  // Slurm batch scripts are not shellscript to VS Code unless the user maps them.
  { pattern: '**/*.{slurm,sbatch}' },
  { pattern: '**/*.ipynb' },
];
