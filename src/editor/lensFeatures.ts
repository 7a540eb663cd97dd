// CodeLens, hover, notebook cells and status bar. Filled in by the lens/hover work.
import type { Services } from '../services';

export function registerLensFeatures(_services: Services): void {}
