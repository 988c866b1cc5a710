/**
 * One forward worker thread and what the pool (pool.ts) knows about it: whether it runs, whether it said it is
 * ready, and who listens to it now; and the shared memory a job's message carries to the workers.
 */
import type { Worker } from 'node:worker_threads';
import type { LayerData, SharedSlice, WorkerToPool } from '../../src-shared/jobs/forward';
import type { Network } from '../../src-shared/nn/model';
import { err, errorDetail, ok, type Result } from '../../src-shared/result';
import { startWorker } from './worker-files';

/** 30000 → "30 s", 400 → "0.4 s". */
export const seconds = (ms: number) => `${ms >= 10_000 ? Math.round(ms / 1000) : ms / 1000} s`;

export type SlotEvent = { readonly type: 'message'; readonly message: WorkerToPool } | { readonly type: 'error'; readonly error: Error } | { readonly type: 'exit'; readonly code: number };

/** One worker thread and what the pool knows about it. */
export class WorkerSlot {
  readonly worker: Worker;
  alive = true;
  /** Whether it said it is ready (so a job can be posted to it at once). */
  started = false;
  /** Whoever is waiting on this worker now (a job), if anyone. */
  listener: ((event: SlotEvent) => void) | null = null;
  readonly ready: Promise<Result<void>>;

  constructor(
    startTimeoutMs: number,
    readonly heapMb: number,
  ) {
    this.worker = startWorker('forward-worker', { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    this.worker.unref();
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(err({ kind: 'job/worker-start', message: `A forward worker did not start within ${seconds(startTimeoutMs)}.` }));
      }, startTimeoutMs);
      this.listener = (event) => {
        if (event.type === 'message' && event.message.type === 'ready') {
          clearTimeout(timer);
          this.listener = null;
          this.started = true;
          resolve(ok(undefined));
        } else if (event.type !== 'message') {
          clearTimeout(timer);
          this.listener = null;
          const why = event.type === 'error' ? errorDetail(event.error) : `it exited with code ${event.code}`;
          resolve(err({ kind: 'job/worker-start', message: 'A forward worker could not start. Try again; if it happens again, see Details.', detail: why }));
        }
      };
    });
    this.worker.on('message', (message: WorkerToPool) => this.listener?.({ type: 'message', message }));
    this.worker.on('error', (error: Error) => {
      this.alive = false;
      this.listener?.({ type: 'error', error });
    });
    this.worker.on('exit', (code: number) => {
      this.alive = false;
      this.listener?.({ type: 'exit', code });
    });
  }
}

/** Where `view` sits in shared memory: in place when it is on a SharedArrayBuffer, else copied once into one. */
export function sharedSlice(view: Float64Array | Uint8Array): SharedSlice {
  if (view.buffer instanceof SharedArrayBuffer) return { buffer: view.buffer, byteOffset: view.byteOffset, length: view.length };
  const copy = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(copy).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return { buffer: copy, byteOffset: 0, length: view.length };
}

/**
 * The job's layers with every kernel and bias copied into one SharedArrayBuffer (once per job: a later change to
 * the network's arrays never reaches a running job), so posting them to each worker shares the values instead
 * of copying them once per worker (about 0.7 ms per worker for 784-128-64-10, on the thread posting them).
 */
export function sharedLayers(net: Network): LayerData[] {
  let total = 0;
  for (const l of net.layers) total += l.kernel.length + l.bias.length;
  const values = new Float64Array(new SharedArrayBuffer(Math.max(1, total) * 8));
  let at = 0;
  const place = (a: Float64Array): Float64Array => {
    values.set(a, at);
    at += a.length;
    return values.subarray(at - a.length, at);
  };
  return net.layers.map((l) => ({ inputs: l.inputs, units: l.units, activation: l.activation, alpha: l.alpha, kernel: place(l.kernel), bias: place(l.bias) }));
}

