/**
 * A forward worker: runs the network over chunks of a shared dataset (see src-shared/jobs/forward.ts
 * for the protocol). It claims chunks with an atomic counter, encodes their rows, runs the network and
 * writes outputs and row status into shared memory. It checks the cancel flag between chunks, so a
 * cancel takes effect within one chunk's time (the chunk loop is native/forward-chunks.ts, which the pool's own thread
 * also runs: ForwardPool.help). Imports only src-shared, node:worker_threads and src-main/native.
 */
import { parentPort } from 'node:worker_threads';
import type { ForwardRequest, PoolToWorker, WorkerToPool } from '../../src-shared/jobs/forward';
import { nativeKernel, runChunks } from '../native/forward-chunks';

const port = parentPort;
if (!port) throw new Error('forward-worker must run in a worker thread');

// The native kernel loads with the worker (its start-up), not with its first job.
nativeKernel();

function post(message: WorkerToPool): void {
  port!.postMessage(message);
}

function injectFault(fault: NonNullable<ForwardRequest['testFault']>): void {
  if (fault === 'exit') process.exit(7);
  if (fault === 'throw') throw new Error('injected test fault: the worker threw');
  if (fault === 'oom') {
    // Keep allocating until the heap limit stops this thread.
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i + hoard.length));
  }
  // 'hang': busy forever without looking at the cancel flag; only the pool's watchdog can end this.
  for (;;) {
    /* spin */
  }
}

function runForward(job: ForwardRequest): void {
  const fault = job.testFault;
  const r = runChunks(job, fault ? { beforeChunk: () => injectFault(fault) } : {});
  post({ type: 'done', jobId: job.jobId, rows: r.rows, cancelled: r.cancelled, kernel: r.kernel, precision: r.precision });
}

port.on('message', (message: PoolToWorker) => {
  if (message.type !== 'forward') return;
  if (message.testFault) {
    // Faults are injected outside the try below, so they reach the pool as a real crash.
    runForward(message);
    return;
  }
  try {
    runForward(message);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    post({ type: 'failed', jobId: message.jobId, error: { kind: 'job/worker-error', message: `A forward worker failed: ${text}` } });
  }
});

post({ type: 'ready' });
