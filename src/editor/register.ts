// Registers the editor surfaces: what a user sees in the text (lenses, hovers, status bar) and what
// they can do (commands, diagnostics, quick fixes).
import type { Services } from '../services';
import { registerLensFeatures } from './lensFeatures';
import { registerActionFeatures } from './actionFeatures';
import type { WorkspaceRuns } from './workspaceRuns';

export function registerEditorFeatures(services: Services): WorkspaceRuns {
  registerLensFeatures(services);
  return registerActionFeatures(services);
}
