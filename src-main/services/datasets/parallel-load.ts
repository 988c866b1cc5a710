/**
 * Loading a large CSV file on several threads. The file is cut into chunks at line ends; each CSV
 * worker reads its chunks straight into their regions of the dataset's shared buffers (regions sized
 * from the sniffed bytes per record, with room to spare: untouched pages cost no memory), and the main
 * thread joins them (prepareFinish in builder.ts: rows moved down into place, dictionaries, warnings
 * and lines made whole-file, columns typed) and finishes the columns as the single-threaded loader
 * does. The result is the same, bit for bit, as loadFromChunks on the same file.
 *
 * Converting the cells to final values and measuring the columns is shared out too: each worker takes
 * a run of whole blocks and returns per-block partial statistics, which are added up here in block
 * order exactly as one thread adds them (so means and spreads agree to the bit); histogram counts are
 * integers, added up from runs of rows.
 *
 * The main thread reads the file into small shared buffers (three of 1 MiB per worker) and posts them.
 * Memory beyond the final matrix: those buffers, the workers themselves (~20 MB each), and the room
 * left after a chunk's rows that the next chunk's rows move through (up to a quarter of a chunk). A chunk whose start was a line end inside quotes
 * (its predecessor ends inside a record), a worker that fails, or anything else unexpected: the file is
 * read again on one thread (outcome 'fallback'), so the answer is never wrong, only slower. A chunk
 * that stops at an error of the file is read again on this thread from its now-known first line, so
 * the error names the same line as a single pass would.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Dataset } from '../../../src-shared/data/dataset';
import { allocateCells, completeFinish, finishBlocks, MAX_CELLS, prepareFinish, segmentOptions, type BuilderOptions, type FinishJob, type SegmentResult } from '../../../src-shared/data/builder';
import { ColumnStats } from '../../../src-shared/data/column-stats';
import { ChunkReader, type ChunkJob, type ChunkOutcome, type FromCsvWorker, type ToCsvWorker } from '../../../src-shared/data/chunk-reader';
import { builderOptions, CANCELLED, type LoadOptions } from '../../../src-shared/data/load';
import type { Sniffed } from '../../../src-shared/data/sniff';
import { startWorker } from '../../workers/worker-files';

const SLOT_BYTES = 1 << 20;
const SLOTS_PER_WORKER = 3;
/** How far past a split offset to look for a line end before giving up that split. */
const SPLIT_SEARCH_BYTES = 1 << 20;
/**
 * Chunks per worker. More would even out a worker that starts late or gets less CPU, but measured here
 * (92 MB numeric file, 2 workers) 4 per worker cost about 10 % more CPU than 1 (each chunk's region adds
 * untouched pages to fault in when rows move into place), and were slower.
 */
const CHUNKS_PER_WORKER = 1;
/** Rows reserved per chunk: its bytes over the sniffed bytes per record, with this much room. */
const ROOM = 1.25;

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

export interface ParallelOptions {
  /** Files smaller than this are read on one thread (default 8 MiB: starting threads costs tens of ms). */
  readonly minBytes?: number;
  /** Number of chunks (default: CHUNKS_PER_WORKER per worker). */
  readonly chunks?: number;
  /** Tests: the byte offsets after which to look for each chunk's start (overrides `chunks`). */
  readonly offsets?: readonly number[];
  /**
   * Where the joined matrix is converted and measured: 'workers' (in parallel; the default when the
   * pool's workers have read chunks before) or 'main' (this thread; the default when the workers are
   * new: their code is still cold, and measured here finishing there cost more CPU than here).
   */
  readonly finishOn?: 'workers' | 'main';
  /** Told how the load went (tests, benchmarks). */
  readonly onReport?: (report: ParallelReport) => void;
  /**
   * false: leave the columns' histograms out (one pass over the matrix less), for callers that never show
   * them, such as the command-line predict. Default true. Nothing else changes.
   */
  readonly histograms?: boolean;
}

/** A chunk of the file: bytes [start, end). */
interface Chunk {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** The parallel load's answer; a fallback asks the caller to read the file on one thread, and says why. */
export type ParallelOutcome = Result<Dataset> | { readonly fallback: string };

/** How a load went, for tests and benchmarks: chunks read in parallel, or why it fell back to one thread. */
export interface ParallelReport {
  readonly chunks: number;
  readonly fallback?: string;
  /** Milliseconds of each phase: split, read (the workers' tokenizing), join, finish (converting, statistics). */
  readonly ms?: Readonly<Record<string, number>>;
}

/**
 * Load `path` (size bytes, sniffed as `s`) with the workers of `pool`. Progress counts bytes read by
 * the workers; a cancel stops the reading within about one 1 MiB slot per worker.
 */
export async function loadParallel(
  path: string,
  size: number,
  s: Sniffed,
  pool: CsvWorkerPool,
  parallel: ParallelOptions,
  options: LoadOptions,
): Promise<ParallelOutcome> {
  const handle = await open(path, 'r');
  try {
    const ms: Record<string, number> = {};
    let t = performance.now();
    const lap = (phase: string): void => {
      const now = performance.now();
      ms[phase] = Math.round((now - t) * 10) / 10;
      t = now;
    };
    const chunks = await splitFile(handle, size, parallel.offsets ?? evenOffsets(size, parallel.chunks ?? pool.size * CHUNKS_PER_WORKER), s.delimiter.charCodeAt(0), s.names.length);
    const fallback = (why: string): ParallelOutcome => {
      parallel.onReport?.({ chunks: chunks.length, fallback: why });
      return { fallback: why };
    };
    if (chunks.length < 2) return fallback('no line end to split at');
    const opts = builderOptions(s, size);
    const cols = opts.names.length;
    const regionRows = chunks.map((c) => Math.ceil(((c.end - c.start) / s.bytesPerRecord) * ROOM) + 16);
    const totalCells = regionRows.reduce((n, r) => n + r * cols, 0);
    if (totalCells > MAX_CELLS) return fallback('too many cells for regions');
    const buffers = allocateCells(totalCells);
    if (buffers === null) return fallback('no memory for regions');
    const [vals, kinds] = buffers;
    const jobs: ChunkJob[] = [];
    let offset = 0;
    for (const c of chunks) {
      const first = c.index === 0;
      jobs.push({
        delimiter: s.delimiter,
        segment: first ? segmentOptions(opts) : { ...segmentOptions(opts), skipRecords: 0 },
        region: { vals, kinds, offset, capacity: regionRows[c.index] * cols },
        fileStart: first ? s.encoding : null,
        last: c.index === chunks.length - 1,
        firstLine: 1,
      });
      offset += regionRows[c.index] * cols;
    }
    lap('split');
    const outcomes = await readChunks(handle, size, chunks, jobs, pool, options);
    lap('read');
    if (options.signal?.aborted) return err(CANCELLED);
    if (outcomes === 'cancelled') return err(CANCELLED);
    if (outcomes === 'fallback') return fallback('a worker failed');
    const joined = await join(handle, chunks, jobs, outcomes, opts, pool, lap, parallel.finishOn ?? 'workers', parallel.histograms ?? true);
    if ('fallback' in joined) return fallback(joined.fallback);
    lap('finish');
    parallel.onReport?.({ chunks: chunks.length, ms });
    return joined;
  } finally {
    await handle.close();
  }
}

/** Join the chunks' outcomes in file order (see the file comment). */
async function join(
  handle: FileHandle,
  chunks: readonly Chunk[],
  jobs: readonly ChunkJob[],
  outcomes: readonly ChunkOutcome[],
  opts: BuilderOptions,
  pool: CsvWorkerPool,
  lap: (phase: string) => void,
  finishOn: 'workers' | 'main',
  histograms: boolean,
): Promise<ParallelOutcome> {
  const segments: SegmentResult[] = [];
  let line = 1;
  for (let k = 0; k < outcomes.length; k++) {
    const o = outcomes[k];
    if (!o.ok) {
      if ('internal' in o) return { fallback: `chunk ${k}: ${o.internal}` };
      // Too big for memory: one pass names the cells at the point it ran out, which a chunk cannot know.
      if (o.error.kind === 'csv/too-large') return { fallback: 'too large for regions' };
      if (k === 0) return err(o.error);
      // Read this chunk again from its true first line: the error then names the lines a single pass names.
      const again = await readHere(handle, chunks[k], { ...jobs[k], firstLine: line });
      return !again.ok && 'error' in again ? err(again.error) : { fallback: `chunk ${k}: an error seen once, not twice` };
    }
    // Cells still in the region: use this thread's views of the buffers, so they are known to be one buffer.
    const region = jobs[k].region;
    segments.push(o.segment.inRegion ? { ...o.segment, vals: region.vals, kinds: region.kinds } : o.segment);
    line += o.segment.lines;
    // The next chunk began inside a record (a quoted line end): its start was wrong.
    if (k < outcomes.length - 1 && !o.atRecordStart) return { fallback: `chunk ${k + 1} started inside a quoted field` };
    // The header (or a `sep=` line) reaches past this chunk: the next one would read it as data.
    if (k < outcomes.length - 1 && o.segment.skipRecordsLeft > 0) return { fallback: `chunk ${k + 1} started before the data` };
  }
  let job: FinishJob;
  try {
    job = prepareFinish(opts, segments);
  } catch (e) {
    if (e instanceof AppFailure && e.error.kind === 'csv/too-large') return { fallback: 'too large when joined' };
    if (e instanceof AppFailure) return err(e.error);
    throw e;
  }
  lap('join');
  if (finishOn === 'main') {
    const stats = new ColumnStats(job.plans);
    for (const p of finishBlocks(job.values, job.missing, job.cols, job.plans, stats.shape(), 0, job.rows * job.cols)) stats.addPartial(p);
    // No counts means counting here; a null per column means no histogram.
    return ok(completeFinish(job, stats, histograms ? undefined : job.plans.map(() => null)));
  }
  const finished = await finishOnWorkers(job, pool, Math.min(pool.size, chunks.length), histograms);
  return finished === null ? { fallback: 'a worker failed while finishing' } : ok(finished);
}

/**
 * Convert and measure the joined matrix on the workers: contiguous runs of blocks each, partials added
 * in block order here; then histogram counts by runs of rows, added up. Null if a worker fails.
 */
async function finishOnWorkers(job: FinishJob, pool: CsvWorkerPool, workers: number, histograms: boolean): Promise<Dataset | null> {
  const { values, missing, cols, rows, plans, blockCells } = job;
  const stats = new ColumnStats(plans);
  const shape = stats.shape();
  const blocks = Math.ceil((rows * cols) / blockCells);
  const perWorker = Math.ceil(blocks / workers);
  const parts: Promise<FromCsvWorker | null>[] = [];
  for (let w = 0; w < workers; w++) {
    const from = Math.min(rows * cols, w * perWorker * blockCells);
    const to = Math.min(rows * cols, (w + 1) * perWorker * blockCells);
    if (from < to) parts.push(ask(pool, w, { type: 'finish-blocks', values, missing, cols, plans, shape, from, to }));
  }
  for (const answer of await Promise.all(parts)) {
    if (answer?.type !== 'blocks') return null;
    for (const p of answer.partials) stats.addPartial(p);
  }
  if (!histograms) return completeFinish(job, stats, plans.map(() => null));
  const plan = stats.histogramPlan();
  const rowsPer = Math.ceil(rows / workers);
  const countParts: Promise<FromCsvWorker | null>[] = [];
  for (let w = 0; w < workers; w++) {
    const fromRow = Math.min(rows, w * rowsPer);
    const toRow = Math.min(rows, (w + 1) * rowsPer);
    if (fromRow < toRow) countParts.push(ask(pool, w, { type: 'histogram', plan, values, missing, fromRow, toRow }));
  }
  let counts: (Float64Array | null)[] | null = null;
  for (const answer of await Promise.all(countParts)) {
    if (answer?.type !== 'counts') return null;
    if (counts === null) counts = answer.counts;
    else counts.forEach((sum, c) => sum?.forEach((_, k) => (sum[k] += (answer.counts[c] as Float64Array)[k])));
  }
  return completeFinish(job, stats, counts ?? undefined);
}

/** Send one message to worker w and wait for its one answer (null if the worker fails first). */
function ask(pool: CsvWorkerPool, w: number, message: ToCsvWorker): Promise<FromCsvWorker | null> {
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

/** Read one chunk on this thread. */
async function readHere(handle: FileHandle, chunk: Chunk, job: ChunkJob): Promise<ChunkOutcome> {
  const reader = new ChunkReader(job);
  const buffer = new Uint8Array(SLOT_BYTES);
  for (let at = chunk.start; at < chunk.end; ) {
    const n = await readFully(handle, buffer, Math.min(SLOT_BYTES, chunk.end - at), at);
    if (n === 0) break;
    reader.feed(buffer.subarray(0, n));
    at += n;
  }
  return reader.end();
}

/** Offsets cutting `size` bytes into `n` about equal parts. */
function evenOffsets(size: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 1; k < n; k++) out.push(Math.floor((size * k) / n));
  return out;
}

/**
 * Chunks starting just after a `\n` at or after each offset: the first `\n` between two plain lines
 * (no quote, `fields − 1` delimiters) within 64 KiB, which is very likely not inside a quoted field,
 * else the first `\n`. (Either is only a guess, checked when the chunks are joined.) A split with no `\n`
 * within SPLIT_SEARCH_BYTES, or at the same place as the one before, is dropped.
 */
async function splitFile(handle: FileHandle, size: number, offsets: readonly number[], delimiter: number, fields: number): Promise<Chunk[]> {
  const starts = [0];
  const window = new Uint8Array(64 * 1024);
  for (const offset of offsets) {
    let from = Math.max(offset, starts[starts.length - 1]);
    let found = -1;
    while (found < 0 && from < size && from < offset + SPLIT_SEARCH_BYTES) {
      const n = await readFully(handle, window, Math.min(window.length, size - from), from);
      if (n === 0) break;
      const bytes = window.subarray(0, n);
      const i = bytes.indexOf(0x0a);
      if (i >= 0) found = from + plainLineEnd(bytes, i, delimiter, fields) + 1;
      else from += n;
    }
    if (found > starts[starts.length - 1] && found < size) starts.push(found);
  }
  return starts.map((start, index) => ({ index, start, end: index + 1 < starts.length ? starts[index + 1] : size }));
}

/** Index of the first `\n` in bytes (from the one at `first`) with a plain whole line on each side, else `first`. */
function plainLineEnd(bytes: Uint8Array, first: number, delimiter: number, fields: number): number {
  let lineStart = first + 1;
  let prevPlain = false;
  for (let j = lineStart; j < bytes.length; j++) {
    const b = bytes[j];
    if (b !== 0x0a) continue;
    const plain = isPlainLine(bytes, lineStart, j, delimiter, fields);
    if (prevPlain && plain) return lineStart - 1;
    prevPlain = plain;
    lineStart = j + 1;
  }
  return first;
}

/** bytes[start, end) has no quote and exactly fields − 1 delimiters (a trailing `\r` is fine). */
function isPlainLine(bytes: Uint8Array, start: number, end: number, delimiter: number, fields: number): boolean {
  let delimiters = 0;
  for (let k = start; k < end; k++) {
    const b = bytes[k];
    if (b === 0x22) return false;
    if (b === delimiter) delimiters++;
  }
  return delimiters === fields - 1;
}

/** Read up to `length` bytes at `position` into buffer[0…]; fewer only at the end of the file. */
async function readFully(handle: FileHandle, buffer: Uint8Array, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/**
 * Feed every chunk to a worker (each worker takes the next chunk when it is done with one, so a worker
 * that starts late or gets less CPU takes fewer) and collect the outcomes.
 * 'fallback' when a worker fails or the file changes under us; 'cancelled' when the signal aborts.
 */
async function readChunks(
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

