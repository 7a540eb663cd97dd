// Registers the editor surfaces (CodeLens, hover, diagnostics, quick fixes, status bar, commands).
import type { Services } from '../services';

export function registerEditorFeatures(_services: Services): void {
  // Filled in by the editor-surfaces work.
}
