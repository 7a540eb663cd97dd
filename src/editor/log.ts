// The "Carbon Lens" output channel. Providers log their own failures here and return nothing, so
// a bug in one file's analysis never breaks the editor.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function initLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Carbon Lens', { log: true });
  return channel;
}

export const log = {
  info: (msg: string) => channel?.info(msg),
  warn: (msg: string) => channel?.warn(msg),
  error: (msg: string, e?: unknown) => channel?.error(e instanceof Error ? `${msg}: ${e.message}\n${e.stack ?? ''}` : e !== undefined ? `${msg}: ${String(e)}` : msg),
  debug: (msg: string) => channel?.debug(msg),
};

/** Runs `fn`, logging and swallowing any error: for provider entry points. */
export function guarded<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    log.error(`${what} failed`, e);
    return fallback;
  }
}
