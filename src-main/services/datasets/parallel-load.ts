/**
 * Loading a large CSV file on several threads. The file is cut into chunks at line ends; each CSV
 * worker reads its chunks straight into their regions of the dataset's shared buffers (regions sized
 * from the sniffed bytes per record, with room to spare: untouched pages cost no memory), and the main
 * thread joins them (prepareFinish in src-shared/data/csv/join-segments.ts: rows moved down into place,
 * dictionaries, warnings and lines made whole-file, columns typed) and finishes the columns as the
 * single-threaded loader does. The result is the same, bit for bit, as loadFromChunks on the same file.
 *
 * Converting the cells to final values and measuring the columns is shared out too: each worker takes
 * a run of whole blocks and returns per-block partial statistics, which are added up here in block
 * order exactly as one thread adds them (so means and spreads agree to the bit); histogram counts are
 * integers, added up from runs of rows.
 *
 * The file is cut (split-file.ts) and its chunks read by the workers (read-chunks.ts, csv-worker-pool.ts).
 * Memory beyond the final matrix: the read buffers, the workers themselves (~20 MB each), and the room
 * left after a chunk's rows that the next chunk's rows move through (up to a quarter of a chunk). A chunk whose start was a line end inside quotes
 * (its predecessor ends inside a record), a worker that fails, or anything else unexpected: the file is
 * read again on one thread (outcome 'fallback'), so the answer is never wrong, only slower. A chunk
 * that stops at an error of the file is read again on this thread from its now-known first line, so
 * the error names the same line as a single pass would.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Dataset } from '../../../src-shared/data/dataset';
import { allocateCells, MAX_CELLS } from '../../../src-shared/data/csv/load-cells';
import { segmentOptions, type BuilderOptions, type SegmentResult } from '../../../src-shared/data/csv/segment-builder';
import { prepareFinish } from '../../../src-shared/data/csv/join-segments';
import { completeFinish, finishBlocks, type FinishJob } from '../../../src-shared/data/csv/column-plan';
import { ColumnStats } from '../../../src-shared/data/column-stats';
import type { ChunkJob, ChunkOutcome, FromCsvWorker } from '../../../src-shared/data/csv/chunk-reader';
import { builderOptions, CANCELLED, type LoadOptions } from '../../../src-shared/data/csv/load';
import type { Sniffed } from '../../../src-shared/data/csv/sniff';
import { ask, type CsvWorkerPool } from './csv-worker-pool';
import { evenOffsets, splitFile, type Chunk } from './split-file';
import { readChunks, readHere } from './read-chunks';
import { nativeCsvKernels } from '../../native/addon';

/**
 * Chunks per worker. More would even out a worker that starts late or gets less CPU, but measured here
 * (92 MB numeric file, 2 workers) 4 per worker cost about 10 % more CPU than 1 (each chunk's region adds
 * untouched pages to fault in when rows move into place), and were slower.
 */
const CHUNKS_PER_WORKER = 1;
/** Rows reserved per chunk: its bytes over the sniffed bytes per record, with this much room. */
const ROOM = 1.25;

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
  /**
   * false: never the native reader of plain numeric files (native-load.ts), only the workers (tests of the
   * worker path). Default true: a plain numeric file is read by the addon's threads, other files by the workers.
   */
  readonly native?: boolean;
}

/** The parallel load's answer; a fallback asks the caller to read the file on one thread, and says why. */
export type ParallelOutcome = Result<Dataset> | { readonly fallback: string };

/** How a load went, for tests and benchmarks: chunks read in parallel, or why it fell back to one thread. */
export interface ParallelReport {
  readonly chunks: number;
  readonly fallback?: string;
  /** True when the addon's threads read the file (native-load.ts); `chunks` then counts the threads. */
  readonly native?: boolean;
  /** Why the native reader handed the file to the workers, when it tried (native-load.ts). */
  readonly nativeFallback?: string;
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
    const opts = builderOptions(s, size, [], nativeCsvKernels());
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
    for (const p of finishBlocks(job.values, job.missing, job.cols, job.plans, stats.shape(), 0, job.rows * job.cols, opts.kernels?.blockStats)) stats.addPartial(p);
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
