// The editor's handle on the engine. Parsing and estimating run in worker threads (src/host), never
// in the extension host's own thread: a file that makes a reader slow or hungry is stopped at the
// deadline (carbonLens.analysisTimeoutSeconds) and costs nothing else. The pool starts its first
// worker on the first request, so activation still loads only the editor glue.
import * as vscode from 'vscode';
import { ConfigSection } from '../constants';
import { EnginePool } from '../host/enginePool';
import { EngineStopped, stoppedMessage } from '../host/protocol';
import { engineWorkerScript } from '../host/workerScript';
import { log } from './log';

let pool: EnginePool | undefined;

/** Seconds one analysis may take; a setting, clamped to what makes sense. */
export function analysisDeadlineSeconds(): number {
  const v = vscode.workspace.getConfiguration(ConfigSection).get<unknown>('analysisTimeoutSeconds');
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(120, Math.max(0.1, v)) : 10;
}

export function engine(): EnginePool {
  // dist/engineWorker.js sits beside dist/extension.js (esbuild.js).
  pool ??= new EnginePool({
    script: engineWorkerScript(__dirname),
    deadlineMs: () => analysisDeadlineSeconds() * 1000,
    log: (m) => log.warn(m),
  });
  return pool;
}

/** The sentence to show for a request the engine did not finish, or undefined for other errors. */
export function stoppedReason(e: unknown): string | undefined {
  if (!(e instanceof EngineStopped) || e.reason === 'failed') return undefined;
  return stoppedMessage(e.reason, analysisDeadlineSeconds());
}

export function disposeEngine(): void {
  pool?.dispose();
  pool = undefined;
}
