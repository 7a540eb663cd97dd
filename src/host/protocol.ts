// The messages between a caller (editor or CLI) and an engine worker. Kept apart from the worker
// and the pools so each side imports only the shapes, not the other's code.
import type { EngineOp } from './engineApi';

export interface EngineRequest {
  id: number;
  op: EngineOp;
  args: unknown[];
}

export type EngineReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/** Sent once by a worker when the engine and its data tables are loaded. */
export interface ReadySignal {
  ready: true;
}

/** What a synchronous caller hands a worker at start: a port for replies and a flag to wake on. */
export interface SyncChannel {
  port: import('worker_threads').MessagePort;
  flag: SharedArrayBuffer;
}

/**
 * Why a request got no answer. `timeout` and `memory` mean the worker was stopped (and replaced) on
 * purpose; `crashed` that it died on its own; `failed` that the engine threw.
 */
export type StopReason = 'timeout' | 'memory' | 'crashed' | 'failed';

export class EngineStopped extends Error {
  constructor(readonly reason: StopReason, message: string) {
    super(message);
    this.name = 'EngineStopped';
  }
}

/** The sentence a user reads on the lens and in the diagnostic when a file was given up on. */
export function stoppedMessage(reason: StopReason, seconds: number): string {
  switch (reason) {
    case 'timeout':
      return `Carbon Lens stopped reading this file: it took too long (over ${formatSeconds(seconds)}).`;
    case 'memory':
      return 'Carbon Lens stopped reading this file: it needed too much memory.';
    case 'crashed':
      return 'Carbon Lens stopped reading this file: its reader stopped unexpectedly (see the Carbon Lens output).';
    default:
      return 'Carbon Lens could not analyse this file (see the Carbon Lens output).';
  }
}

function formatSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${Number(s.toFixed(1))} s`;
}
