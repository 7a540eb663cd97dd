// Loads the parsers and estimator (dist/engine.js, built from src/engineEntry.ts) on first use.
// Activation then loads only the editor glue; the first hover, lens or command pays the rest once.
import type * as Engine from '../engineEntry';

let loaded: typeof Engine | undefined;

export function engine(): typeof Engine {
  // A plain require of a file beside dist/extension.js: esbuild leaves it external (esbuild.js).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./engine.js') as typeof Engine;
  return loaded;
}
