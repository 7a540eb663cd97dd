// The CLI's engine: every file's text is parsed and estimated in a worker thread with a deadline
// (--timeout), the same isolation the editor has, so one hostile file becomes an error row instead
// of a hung or crashed CI job. One worker serves the whole run; a stopped one is replaced.
import type { EstimateSettings } from '../core/settings';
import { SyncEngine } from '../host/syncEngine';
import { EngineStopped, stoppedMessage } from '../host/protocol';
import { stoppedFile, type FileResult } from './fileResult';

export const DEFAULT_TIMEOUT_S = 10;

let shared: { engine: SyncEngine; seconds: number } | undefined;

function engineFor(seconds: number): SyncEngine {
  if (shared?.seconds !== seconds) {
    shared?.engine.close();
    shared = { engine: new SyncEngine(seconds * 1000), seconds };
  }
  return shared.engine;
}

/** evaluateText in the worker; a file that overruns comes back as a stopped file, not an exception. */
export function evaluateWithDeadline(text: string, file: string, settings: EstimateSettings, seconds: number, siblings?: ReadonlyMap<string, string>): FileResult {
  try {
    return engineFor(seconds).call('evaluateText', text, file, settings, siblings);
  } catch (e) {
    if (e instanceof EngineStopped && e.reason !== 'failed') return stoppedFile(file, stoppedMessage(e.reason, seconds));
    throw e;
  }
}
