/**
 * Reading the chunks of a file on the CSV workers (parallel-load.ts): the main thread reads the file into
 * small shared buffers (three of 1 MiB per worker) and posts them; each worker reads its chunk straight into
 * its region of the dataset's buffers.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { ChunkReader, type ChunkJob, type ChunkOutcome, type FromCsvWorker, type ToCsvWorker } from '../../../src-shared/data/csv/chunk-reader';
import type { LoadOptions } from '../../../src-shared/data/csv/load';
import type { CsvWorkerPool } from './csv-worker-pool';
import { readFully, type Chunk } from './split-file';
import { nativeCsvKernels } from '../../native/addon';

const SLOT_BYTES = 1 << 20;
const SLOTS_PER_WORKER = 3;

/** Read one chunk on this thread. */
export async function readHere(handle: FileHandle, chunk: Chunk, job: ChunkJob): Promise<ChunkOutcome> {
  const reader = new ChunkReader(job, nativeCsvKernels().numericRows);
  const buffer = new Uint8Array(SLOT_BYTES);
  for (let at = chunk.start; at < chunk.end; ) {
    const n = await readFully(handle, buffer, Math.min(SLOT_BYTES, chunk.end - at), at);
    if (n === 0) break;
    reader.feed(buffer.subarray(0, n));
    at += n;
  }
  return reader.end();
}

/**
 * Feed every chunk to a worker (each worker takes the next chunk when it is done with one, so a worker
 * that starts late or gets less CPU takes fewer) and collect the outcomes.
 * 'fallback' when a worker fails or the file changes under us; 'cancelled' when the signal aborts.
 */
export async function readChunks(
  handle: FileHandle,
  size: number,
  chunks: readonly Chunk[],
  jobs: readonly ChunkJob[],
  pool: CsvWorkerPool,
  options: LoadOptions,
): Promise<ChunkOutcome[] | 'fallback' | 'cancelled'> {
  const outcomes: ChunkOutcome[] = [];
  const workers = Math.min(pool.size, chunks.length);
  let next = 0;
  let bytesRead = 0;
  let stop: 'fallback' | 'cancelled' | null = null;
  const wakers = new Set<() => void>();
  const halt = (why: 'fallback' | 'cancelled'): void => {
    stop ??= why;
    for (const w of wakers) w();
  };
  const onAbort = (): void => halt('cancelled');
  const signal = options.signal as AbortSignal | undefined;
  if (options.signal?.aborted) return 'cancelled';
  signal?.addEventListener?.('abort', onAbort);

  const drive = async (w: number): Promise<void> => {
    let worker: Worker;
    try {
      worker = pool.worker(w);
    } catch {
      halt('fallback');
      return;
    }
    const slots = Array.from({ length: SLOTS_PER_WORKER }, () => new Uint8Array(new SharedArrayBuffer(SLOT_BYTES)));
    const lengths = new Array<number>(SLOTS_PER_WORKER).fill(0);
    const free: number[] = slots.map((_, i) => i);
    let done: ChunkOutcome | null = null;
    let wake: (() => void) | null = null;
    const poke = (): void => {
      const f = wake;
      wake = null;
      f?.();
    };
    wakers.add(poke);
    const waitFor = async (ready: () => boolean): Promise<void> => {
      while (!ready() && stop === null) await new Promise<void>((r) => (wake = r));
    };
    const onMessage = (m: FromCsvWorker): void => {
      if (m.type === 'consumed') {
        free.push(m.slot);
        bytesRead += lengths[m.slot];
        options.onProgress?.({ bytesRead, totalBytes: size });
      } else if (m.type === 'done') {
        done = m.outcome;
      }
      poke();
    };
    const onFail = (): void => halt('fallback');
    worker.on('message', onMessage);
    worker.on('error', onFail);
    worker.on('exit', onFail);
    try {
      for (let k = next++; k < chunks.length && stop === null; k = next++) {
        const chunk = chunks[k];
        done = null;
        worker.postMessage({ type: 'start', job: jobs[k] } satisfies ToCsvWorker);
        for (let at = chunk.start; at < chunk.end && stop === null; ) {
          await waitFor(() => free.length > 0);
          if (options.signal?.aborted) halt('cancelled');
          if (stop !== null) break;
          const slot = free.shift() as number;
          const want = Math.min(SLOT_BYTES, chunk.end - at);
          const n = await readFully(handle, slots[slot], want, at);
          if (n < want) halt('fallback'); // the file shrank while loading
          lengths[slot] = n;
          worker.postMessage({ type: 'bytes', slot, bytes: slots[slot], length: n } satisfies ToCsvWorker);
          at += n;
        }
        if (stop !== null) break;
        worker.postMessage({ type: 'end' } satisfies ToCsvWorker);
        await waitFor(() => done !== null);
        if (done !== null) {
          outcomes[k] = done;
          pool.markUsed(worker);
        }
      }
    } finally {
      wakers.delete(poke);
      worker.off('message', onMessage);
      worker.off('error', onFail);
      worker.off('exit', onFail);
    }
  };

  try {
    await Promise.all(Array.from({ length: workers }, (_, w) => drive(w)));
  } catch {
    halt('fallback');
  } finally {
    signal?.removeEventListener?.('abort', onAbort);
  }
  if (stop !== null) {
    // A worker stopped mid-chunk may still be reading: replace them all rather than wait.
    await pool.close();
    return stop;
  }
  return outcomes;
}
