// The engine's thread. Everything that reads file text runs here, so a file that makes a parser slow
// or hungry stalls only this thread: the caller stops it at its deadline (or V8 at its memory
// ceiling) and starts another, and the editor never freezes.
import { parentPort, workerData } from 'worker_threads';
import { engineApi, type EngineOp } from './engineApi';
import type { EngineReply, EngineRequest, SyncChannel } from './protocol';

const sync = (workerData as { sync?: SyncChannel } | undefined)?.sync;
const flag = sync ? new Int32Array(sync.flag) : undefined;

function answer(req: EngineRequest): EngineReply {
  try {
    // Own properties only: the op name comes from another thread, never from Object.prototype.
    if (!Object.hasOwn(engineApi, req.op)) throw new Error(`unknown engine operation ${String(req.op)}`);
    const fn = engineApi[req.op as EngineOp] as (...a: unknown[]) => unknown;
    return { id: req.id, ok: true, value: fn(...req.args) };
  } catch (e) {
    return { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

parentPort?.on('message', (req: EngineRequest) => {
  const reply = answer(req);
  if (sync && flag) {
    // A synchronous caller is blocked in Atomics.wait: leave the reply on its port, then wake it.
    sync.port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  } else {
    parentPort?.postMessage(reply);
  }
});

engineApi.warm();
if (sync && flag) {
  sync.port.postMessage({ ready: true });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
} else {
  parentPort?.postMessage({ ready: true });
}
