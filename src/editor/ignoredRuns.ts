// Runs the user asked not to be warned about ("ignore this run" on a budget warning): kept in the
// workspace's state (not in a committed file, so a teammate's budget still applies to them), keyed by
// the document URI and the run's name.
import type * as vscode from 'vscode';

const KEY = 'carbonLens.ignoredBudgetRuns';
const MAX = 500;

let memento: vscode.Memento | undefined;
let ignored = new Set<string>();
const listeners = new Set<() => void>();

/** Called after a run is ignored (the diagnostics refresh). Returns the unsubscribe. */
export function onIgnoredRunsChanged(fn: () => void): { dispose(): void } {
  listeners.add(fn);
  return { dispose: () => listeners.delete(fn) };
}

export function initIgnoredRuns(state: vscode.Memento): void {
  memento = state;
  const saved = state.get<unknown>(KEY);
  ignored = new Set(Array.isArray(saved) ? saved.filter((x): x is string => typeof x === 'string').slice(0, MAX) : []);
}

function key(uri: string, runName: string): string {
  return `${uri}#${runName}`;
}

export function isRunIgnored(uri: string, runName: string): boolean {
  return ignored.has(key(uri, runName));
}

export async function ignoreRun(uri: string, runName: string): Promise<void> {
  ignored.add(key(uri, runName));
  await memento?.update(KEY, [...ignored].slice(-MAX));
  for (const fn of listeners) fn();
}
