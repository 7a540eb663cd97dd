// Registers the sidebar estimate panel (webview view).
import type { Services } from '../services';

export function registerPanel(_services: Services): void {
  // Filled in by the panel work.
}
