// Where the engine worker's code is. Shipped programs (dist/extension.js, dist/cli.js) have the
// bundled dist/engineWorker.js beside them; tests and the benchmark run this file from source
// through esbuild-register, so the worker must load the TypeScript entry the same way.
import * as fs from 'fs';
import * as path from 'path';

export interface WorkerScript {
  file: string;
  execArgv: string[];
}

export function engineWorkerScript(dir: string = __dirname): WorkerScript {
  const bundled = path.join(dir, 'engineWorker.js');
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  // From source: `dir` is src/host itself, src/ (the CLI) or another folder under src/ (the editor).
  for (const source of [path.join(dir, 'engineWorker.ts'), path.join(dir, 'host', 'engineWorker.ts'), path.resolve(dir, '..', 'host', 'engineWorker.ts')]) {
    if (fs.existsSync(source)) return { file: source, execArgv: ['-r', 'esbuild-register'] };
  }
  throw new Error(`Carbon Lens: the engine worker is missing (looked for ${bundled})`);
}
