// Typed access to `carbonLens.*` settings, normalised defensively (settings are user input too).
import * as vscode from 'vscode';
import { ConfigSection } from '../constants';
import { normalizeSettings, type EstimateSettings } from '../core/settings';
import { lensMode, type LensModes } from './lensPlan';

export interface EditorOptions {
  codeLensEnabled: boolean;
  /** carbonLens.codeLens.training / .sweeps / .serving. */
  codeLensModes: LensModes;
  equivalenceIds: string[];
  distanceUnit: 'km' | 'miles';
  budgetPerRunKg?: number;
  /** Compare per-run budgets with serving runs' horizon totals too (default: training runs only). */
  budgetIncludeServing: boolean;
  budgetWorkspaceKg?: number;
  maxFileBytes: number;
  onlineEnabled: boolean;
  /** carbonLens.apply.preview: Apply shows the changed lines and asks before it edits. */
  applyAsks: boolean;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export function readEstimateSettings(scope?: vscode.Uri): EstimateSettings {
  const c = vscode.workspace.getConfiguration(ConfigSection, scope);
  return normalizeSettings({
    defaultRegion: c.get('defaultRegion'),
    defaultHardware: c.get('defaultHardware'),
    defaultCount: c.get('defaultCount'),
    pue: c.get('pue'),
    intensity: c.get('intensity'),
    mfu: c.get('mfu'),
    devOverhead: c.get('devOverhead'),
    includeEmbodied: c.get('includeEmbodied'),
    datasetSamples: c.get('datasetSamples'),
    allowOtherProviders: c.get('regions.allowOtherProviders'),
    queriesPerDay: c.get('inference.queriesPerDay'),
    tokensPerQuery: c.get('inference.tokensPerQuery'),
    inputTokensPerQuery: c.get('inference.inputTokensPerQuery'),
    boundary: c.get('boundary'),
    horizonDays: c.get('inference.horizonDays'),
  });
}

export function readEditorOptions(scope?: vscode.Uri): EditorOptions {
  const c = vscode.workspace.getConfiguration(ConfigSection, scope);
  const eq = c.get<unknown>('equivalences');
  return {
    codeLensEnabled: c.get('codeLens.enabled') !== false,
    codeLensModes: { training: lensMode(c.get('codeLens.training')), sweep: lensMode(c.get('codeLens.sweeps')), serving: lensMode(c.get('codeLens.serving')) },
    equivalenceIds: Array.isArray(eq) ? eq.filter((x): x is string => typeof x === 'string') : [],
    distanceUnit: c.get('units.distance') === 'miles' ? 'miles' : 'km',
    budgetPerRunKg: positive(c.get('budget.perRunKg')),
    budgetIncludeServing: c.get('budget.includeServing') === true,
    budgetWorkspaceKg: positive(c.get('budget.workspaceKg')),
    maxFileBytes: (positive(c.get('maxFileSizeMb')) ?? 20) * 1024 * 1024,
    onlineEnabled: c.get('online.enabled') === true,
    applyAsks: c.get('apply.preview') !== false,
  };
}

/** Fires when any Carbon Lens setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(ConfigSection)) listener();
  });
}
