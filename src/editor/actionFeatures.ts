// Commands, diagnostics (budgets, malformed files), quick fixes, exports. Filled in by the actions work.
import type { Services } from '../services';

export function registerActionFeatures(_services: Services): void {}
