// The CLI's way to the engine: the same worker as the editor's, called synchronously, so the CLI
// keeps its simple file-by-file loop and still gives up on a file at its deadline. The caller blocks
// in Atomics.wait on a shared flag; the worker leaves its reply on a MessagePort and wakes it. A
// worker that overruns is terminated and a new one serves the next file.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import type { EngineApi, EngineOp } from './engineApi';
import { DEFAULT_DEADLINE_MS, resourceLimits, WORKER_START_MS } from './limits';
import { EngineStopped, type EngineReply } from './protocol';
import { engineWorkerScript, type WorkerScript } from './workerScript';

interface Live {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

export class SyncEngine {
  private live: Live | undefined;
  private nextId = 1;
  readonly stats = { started: 0, stopped: 0 };

  constructor(
    private readonly deadlineMs: number = DEFAULT_DEADLINE_MS,
    private readonly script: WorkerScript = engineWorkerScript(),
  ) {}

  call<K extends EngineOp>(op: K, ...args: Parameters<EngineApi[K]>): ReturnType<EngineApi[K]> {
    const live = this.ensure();
    const id = this.nextId++;
    Atomics.store(live.flag, 0, 0);
    live.worker.postMessage({ id, op, args });
    const reply = this.await(live, this.deadlineMs) as EngineReply | undefined;
    if (!reply || reply.id !== id) {
      // Out of time, or the worker died (out of memory) and will never answer: the same to the user.
      this.kill();
      throw new EngineStopped('timeout', `took over ${this.deadlineMs} ms`);
    }
    if (!reply.ok) throw new EngineStopped('failed', reply.error);
    return reply.value as ReturnType<EngineApi[K]>;
  }

  /** Lets the process exit; a later call starts a new worker. */
  close(): void {
    this.kill();
  }

  private ensure(): Live {
    if (this.live) return this.live;
    const { port1, port2 } = new MessageChannel();
    const flagBuffer = new SharedArrayBuffer(4);
    const worker = new Worker(this.script.file, {
      execArgv: this.script.execArgv,
      resourceLimits: resourceLimits(),
      workerData: { sync: { port: port2, flag: flagBuffer } },
      transferList: [port2],
    });
    worker.unref(); // never keeps the CLI alive on its own
    worker.on('error', () => undefined); // an out-of-memory worker is handled as a missed deadline
    const live: Live = { worker, port: port1, flag: new Int32Array(flagBuffer) };
    this.stats.started++;
    const ready = this.await(live, WORKER_START_MS) as { ready?: boolean } | undefined;
    if (!ready?.ready) {
      void worker.terminate();
      throw new EngineStopped('crashed', 'the engine worker could not start');
    }
    this.live = live;
    return live;
  }

  private await(live: Live, ms: number): unknown {
    const start = Date.now();
    for (;;) {
      const got = receiveMessageOnPort(live.port);
      if (got) return got.message;
      const left = ms - (Date.now() - start);
      if (left <= 0) return undefined;
      Atomics.wait(live.flag, 0, 0, left);
      // Woken (or spuriously): reset so the next wait blocks until the next notify.
      Atomics.store(live.flag, 0, 0);
    }
  }

  private kill(): void {
    if (!this.live) return;
    this.stats.stopped++;
    void this.live.worker.terminate().catch(() => undefined);
    this.live.port.close();
    this.live = undefined;
  }
}
