// Commands never throw into VS Code: a failure is logged with its stack and shown once, briefly.
import * as vscode from 'vscode';
import { log } from '../log';

export function guardedCommand<A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      log.error(`${what} failed`, e);
      void vscode.window.showErrorMessage(`Carbon Lens: ${what} failed: ${(e as Error).message ?? String(e)}. See the "Carbon Lens" output for details.`);
      return undefined;
    }
  };
}
