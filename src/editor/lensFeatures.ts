// CodeLens, hover, notebook cells and the status bar: what a user sees in the text.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR } from '../constants';
import type { Services } from '../services';
import { CarbonCodeLensProvider } from './codeLensProvider';
import { CarbonHoverProvider } from './hoverProvider';
import { NOTEBOOK_TYPE } from './notebookCells';
import { CarbonStatusBar } from './statusBar';

/**
 * Files plus the cells of Jupyter notebooks. A cell is its own document (scheme
 * `vscode-notebook-cell`); the providers analyse the notebook it belongs to (see notebookCells.ts).
 */
export const LENS_SELECTOR: vscode.DocumentSelector = [...DOCUMENT_SELECTOR, { notebookType: NOTEBOOK_TYPE, language: 'python' }];

export function registerLensFeatures(services: Services): void {
  const lenses = new CarbonCodeLensProvider(services);
  services.context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(LENS_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(LENS_SELECTOR, new CarbonHoverProvider(services)),
    new CarbonStatusBar(services),
  );
}
