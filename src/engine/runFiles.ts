// Which files a folder walk considers as run files, for every walker outside the editor (the CLI's
// `estimate` and the revisions `diff` reads): one list, so both see the same files. The editor's
// workspace scan states the same extensions as a glob (src/editor/workspaceScan.ts).
export const RUN_FILE = /\.(ya?ml|json|ipynb|py|sh|bash|slurm|sbatch)$/i;

/** Folders never walked: dependencies, VCS metadata, virtual environments, build output. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.ipynb_checkpoints', 'dist', 'out']);
