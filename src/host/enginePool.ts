// The editor's way to the engine: requests go to worker threads (at most two, started on demand) and
// come back as promises. Each request gets a deadline counted from when a worker starts it; a worker
// that overruns is terminated and replaced, and only that request fails, with a reason the editor
// shows on the file. A second worker exists so that one slow file does not hold up every other.
import { Worker } from 'worker_threads';
import type { EngineApi, EngineOp } from './engineApi';
import { DEFAULT_DEADLINE_MS, resourceLimits, WORKER_START_MS } from './limits';
import { EngineStopped, type EngineReply, type EngineRequest, type StopReason } from './protocol';
import { engineWorkerScript, type WorkerScript } from './workerScript';

export interface PoolOptions {
  script?: WorkerScript;
  maxWorkers?: number;
  /** Read for every request, so a settings change applies to the next one. */
  deadlineMs?: () => number;
  /** Where the pool says what it did (a restart, a crash); the editor passes its output channel. */
  log?: (message: string) => void;
}

type Result<K extends EngineOp> = ReturnType<EngineApi[K]>;

interface Job {
  req: EngineRequest;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: ReturnType<typeof setTimeout>;
  /** Set when the pool stopped this worker itself, so its exit is not reported as a crash. */
  stopping?: boolean;
}

/** Startup failures in a row after which queued requests fail instead of spawning forever. */
const MAX_START_FAILURES = 3;

export class EnginePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private startFailures = 0;
  private disposed = false;
  /** Counters for tests and the benchmark. */
  readonly stats = { started: 0, stopped: 0, crashed: 0, requests: 0 };

  constructor(private readonly options: PoolOptions = {}) {}

  call<K extends EngineOp>(op: K, ...args: Parameters<EngineApi[K]>): Promise<Result<K>> {
    if (this.disposed) return Promise.reject(new EngineStopped('failed', 'the engine was shut down'));
    this.stats.requests++;
    return new Promise<Result<K>>((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, op, args }, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Workers alive now (busy or idle). */
  get size(): number {
    return this.slots.length;
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new EngineStopped('failed', 'the engine was shut down'));
    for (const slot of [...this.slots]) this.stop(slot, 'failed', 'the engine was shut down');
  }

  private dispatch(): void {
    while (this.queue.length) {
      const idle = this.slots.find((s) => s.ready && !s.job);
      if (idle) {
        this.start(idle, this.queue.shift()!);
        continue;
      }
      // Every worker is busy or starting: add one if allowed, and let its ready signal dispatch.
      const starting = this.slots.some((s) => !s.ready);
      if (!starting && this.slots.length < (this.options.maxWorkers ?? 2)) this.spawn();
      return;
    }
  }

  private spawn(): void {
    if (this.startFailures >= MAX_START_FAILURES) {
      for (const job of this.queue.splice(0)) job.reject(new EngineStopped('crashed', 'the engine worker could not start'));
      return;
    }
    const script = this.options.script ?? engineWorkerScript();
    const worker = new Worker(script.file, { execArgv: script.execArgv, resourceLimits: resourceLimits() });
    const slot: Slot = { worker, ready: false };
    this.slots.push(slot);
    this.stats.started++;
    const startTimer = setTimeout(() => this.stop(slot, 'crashed', 'the engine worker did not start in time'), WORKER_START_MS);
    worker.on('message', (m: EngineReply | { ready: true }) => {
      if ('ready' in m) {
        clearTimeout(startTimer);
        slot.ready = true;
        this.startFailures = 0;
        this.dispatch();
        return;
      }
      this.finish(slot, m);
    });
    worker.on('error', (e: Error & { code?: string }) => {
      clearTimeout(startTimer);
      const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!slot.ready) this.startFailures++;
      this.options.log?.(`Carbon Lens engine worker ${memory ? 'ran out of memory' : `failed: ${e.message}`}`);
      this.stop(slot, memory ? 'memory' : 'crashed', memory ? 'the file needed too much memory' : e.message);
    });
    worker.on('exit', (code) => {
      clearTimeout(startTimer);
      if (!slot.stopping) {
        if (!slot.ready) this.startFailures++;
        this.options.log?.(`Carbon Lens engine worker exited (code ${code})`);
        this.stop(slot, 'crashed', `the engine worker exited (code ${code})`);
      }
    });
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    const deadline = Math.max(1, this.options.deadlineMs?.() ?? DEFAULT_DEADLINE_MS);
    slot.timer = setTimeout(() => {
      this.options.log?.(`Carbon Lens engine: ${job.req.op} took over ${deadline} ms; worker restarted`);
      this.stop(slot, 'timeout', `took over ${deadline} ms`);
    }, deadline);
    slot.worker.postMessage(job.req);
  }

  private finish(slot: Slot, reply: EngineReply): void {
    const job = slot.job;
    if (!job || job.req.id !== reply.id) return; // an answer to a request already given up on
    clearTimeout(slot.timer);
    slot.job = undefined;
    if (reply.ok) job.resolve(reply.value);
    else job.reject(new EngineStopped('failed', reply.error));
    this.dispatch();
  }

  /** Ends a worker; its request (if any) fails with `reason`, and queued requests go to the others. */
  private stop(slot: Slot, reason: StopReason, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.stopping = true;
    clearTimeout(slot.timer);
    if (reason === 'crashed' || reason === 'memory') this.stats.crashed++;
    else this.stats.stopped++;
    void slot.worker.terminate().catch(() => undefined);
    const job = slot.job;
    slot.job = undefined;
    job?.reject(new EngineStopped(reason, message));
    if (!this.disposed) this.dispatch();
  }
}
