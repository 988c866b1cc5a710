/** The CSV worker threads of the parallel loader (parallel-load.ts), and one question-and-answer with one of them. */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FromCsvWorker, ToCsvWorker } from '../../../src-shared/data/csv/chunk-reader';
import { startWorker } from '../../workers/worker-files';

/** CSV worker threads, started on first use and kept until close() (a caller may keep one for many loads). */
export class CsvWorkerPool {
  private readonly workers: Worker[] = [];
  /** Workers that have read a chunk: their code is warm. */
  private readonly used = new WeakSet<Worker>();

  /** `start` makes one worker (default: the csv-worker built beside this code, or its source under tsx). */
  constructor(
    readonly size: number = Math.max(1, availableParallelism()),
    private readonly start: () => Worker = () => startWorker('csv-worker'),
  ) {}

  /** Worker i (0 ≤ i < size), started if it is not running. */
  worker(i: number): Worker {
    let w = this.workers[i];
    if (!w) {
      w = this.start();
      w.unref();
      // A worker that dies is replaced on next use.
      w.once('exit', () => {
        if (this.workers[i] === w) delete this.workers[i];
      });
      this.workers[i] = w;
    }
    return w;
  }

  /** True when every worker is running and has read a chunk before (its code is optimized by now). */
  get warm(): boolean {
    for (let i = 0; i < this.size; i++) {
      const w = this.workers[i];
      if (!w || !this.used.has(w)) return false;
    }
    return true;
  }

  /** Note that worker w has read a chunk. */
  markUsed(w: Worker): void {
    this.used.add(w);
  }

  /** Start every worker that is not running (they load their code while the caller does other things). */
  startAll(): void {
    try {
      for (let i = 0; i < this.size; i++) this.worker(i);
    } catch {
      // A worker that cannot start: the load that needs it falls back to one thread.
    }
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    const all = this.workers.splice(0).filter(Boolean);
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/** Send one message to worker w and wait for its one answer (null if the worker fails first). */
export function ask(pool: CsvWorkerPool, w: number, message: ToCsvWorker): Promise<FromCsvWorker | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = pool.worker(w);
    } catch {
      resolve(null);
      return;
    }
    const done = (answer: FromCsvWorker | null): void => {
      worker.off('message', onMessage);
      worker.off('error', onFail);
      worker.off('exit', onFail);
      resolve(answer);
    };
    const onMessage = (m: FromCsvWorker): void => done(m);
    const onFail = (): void => done(null);
    worker.on('message', onMessage);
    worker.on('error', onFail);
    worker.on('exit', onFail);
    worker.postMessage(message);
  });
}
