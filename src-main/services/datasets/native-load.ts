/**
 * The fast path for a large plain numeric CSV file (the common case of a big file): the native addon reads its
 * data rows straight from the file on several threads into the final matrix and measures each block of rows as
 * it goes (csvLoadNumeric, native/src/csv-parallel.cpp), then counts the histograms on several threads
 * (csvHistogramAsync). Both run as Node-API async work: this thread (Electron's main process) never waits on them.
 *
 * The file's start (64 KiB up to a line end: the header, any preamble, the first rows) is read here by the usual
 * reader (ChunkReader), so the header, a byte-order mark and the first data line are handled as always; it must
 * come out plain (numbers only: no text, missing cells, warnings). The rest must be records the bulk reader reads
 * (csv-kernels.ts: `[-]digits[.digits]` fields, also with many digits or an exponent as pandas writes them, one
 * record per line), every one of them: at the first other record anywhere, the addon stops every thread and this
 * answers a fallback, and the caller reads the file the usual way.
 * So a file this path reads is one whose every cell the usual path would store as a plain number, with no state
 * that depends on where the file is cut: the joined segments (prepareFinish), the statistics added block by block
 * in block order (the same csvBlockStats sums on the same grid of blocks) and the histogram counts (whole numbers)
 * are those of the usual path, bit for bit (tests/unit/services/datasets/native-load.test.ts).
 *
 * POSIX only (the addon reads the file by its descriptor with pread): elsewhere the caller reads as usual.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Dataset } from '../../../src-shared/data/dataset';
import { allocateCells, MAX_CELLS } from '../../../src-shared/data/csv/load-cells';
import { segmentOptions, type BuilderOptions, type SegmentColumn, type SegmentResult } from '../../../src-shared/data/csv/segment-builder';
import { prepareFinish } from '../../../src-shared/data/csv/join-segments';
import { blockCellsFor, completeFinish, type FinishJob } from '../../../src-shared/data/csv/column-plan';
import { ColumnStats, type BlockPartial } from '../../../src-shared/data/column-stats';
import { ChunkReader, type ChunkOutcome } from '../../../src-shared/data/csv/chunk-reader';
import { builderOptions, CANCELLED, type LoadOptions } from '../../../src-shared/data/csv/load';
import type { Sniffed } from '../../../src-shared/data/csv/sniff';
import type { TextEncodingName } from '../../../src-shared/data/csv/text';
import { splitFile, readFully } from './split-file';
import { nativeCsvKernels, nativeCsvLoader, type NativeCsvLoader } from '../../native/addon';

/** The start of the file read here (then up to a line end). */
const HEAD_BYTES = 64 * 1024;
/** The end of the file checked here before the addon starts (plainTail). */
const TAIL_BYTES = 64 * 1024;
/** Rows reserved: the sniffed bytes per record over the file, with this much room (untouched pages cost nothing). */
const ROOM = 1.25;
/** How often progress is told while the addon reads. */
const PROGRESS_MS = 50;

/** How the native path went: the dataset, or why the caller should read the file the usual way. */
export type NativeOutcome = Result<Dataset> | { readonly fallback: string };

export interface NativeLoadOptions {
  /** Threads to read with (the cores to use). */
  readonly threads: number;
  /** false: leave the histograms out (as ParallelOptions.histograms). */
  readonly histograms: boolean;
  /** Milliseconds of each phase, for reports. */
  readonly ms?: Record<string, number>;
}

/** Why the native path does not apply to this file at all (no addon, not POSIX, a sniffed column that keeps texts …), or null. */
export function nativeLoadUnavailable(s: Sniffed): string | null {
  if (process.platform === 'win32') return 'native reader: not on Windows';
  if (nativeCsvLoader() === null || nativeCsvKernels().numericRows === undefined || nativeCsvKernels().blockStats === undefined) return 'native reader: not built';
  if (s.encoding !== 'utf-8' && s.encoding !== 'windows-1252') return `native reader: encoding ${s.encoding}`;
  if ((s.textColumns ?? []).length > 0) return 'native reader: text in the sample';
  if ((s.numberFormats ?? []).some((f) => f !== null)) return 'native reader: a column with a number format of its own';
  if (s.delimiter.length !== 1 || s.delimiter.charCodeAt(0) > 127) return 'native reader: delimiter';
  return null;
}

/** Load `path` (size bytes, sniffed as `s`) by the native path; see the file comment. */
export async function loadNumericNative(path: string, size: number, s: Sniffed, how: NativeLoadOptions, options: LoadOptions): Promise<NativeOutcome> {
  const unavailable = nativeLoadUnavailable(s);
  if (unavailable !== null) return { fallback: unavailable };
  const native = nativeCsvLoader() as NativeCsvLoader;
  const opts = builderOptions(s, size, [], nativeCsvKernels());
  const cols = opts.names.length;
  const capacityRows = Math.ceil((size / s.bytesPerRecord) * ROOM) + 16;
  if (capacityRows * cols > MAX_CELLS) return { fallback: 'native reader: too many cells for the estimate' };
  const buffers = allocateCells(capacityRows * cols);
  if (buffers === null) return { fallback: 'native reader: no memory' };
  const [vals, kinds] = buffers;
  const handle = await open(path, 'r');
  try {
    let t = performance.now();
    const lap = (phase: string): void => {
      const now = performance.now();
      if (how.ms) how.ms[phase] = Math.round((now - t) * 10) / 10;
      t = now;
    };
    const head = await readHead(handle, size, opts, s.encoding, vals, kinds);
    if ('fallback' in head) return head;
    if (!(await plainTail(handle, size, head.end, opts))) return { fallback: 'native reader: the end of the file is not plain' };
    lap('head');
    if (options.signal?.aborted) return err(CANCELLED);
    const blockRows = blockCellsFor(cols) / cols;
    const threads = Math.max(1, Math.min(64, how.threads));
    const status = new Int32Array(new SharedArrayBuffer(4 * (threads + 1)));
    const onAbort = (): void => void Atomics.store(status, 0, 1);
    const signal = options.signal as AbortSignal | undefined;
    signal?.addEventListener?.('abort', onAbort);
    const progress = options.onProgress
      ? setInterval(() => {
          let kib = 0;
          for (let k = 1; k <= threads; k++) kib += Atomics.load(status, k);
          options.onProgress?.({ bytesRead: Math.min(size, head.end + kib * 1024), totalBytes: size });
        }, PROGRESS_MS)
      : null;
    progress?.unref?.();
    let read;
    try {
      read = await native.loadNumeric(handle.fd, head.end, size, s.delimiter.charCodeAt(0), opts.decimal === ',' ? 0x2c : 0x2e, cols, vals, kinds, head.segment.rows, threads, blockRows, status);
    } catch {
      return { fallback: 'native reader: the call failed' };
    } finally {
      if (progress) clearInterval(progress);
      signal?.removeEventListener?.('abort', onAbort);
    }
    lap('read');
    if (read.code === 2 || options.signal?.aborted) return err(CANCELLED);
    if (read.code !== 0) return { fallback: `native reader: ${REASONS[read.code] ?? `code ${read.code}`}` };
    options.onProgress?.({ bytesRead: size, totalBytes: size });
    const lastByte = new Uint8Array(1);
    const endsWithLine = size > 0 && (await readFully(handle, lastByte, 1, size - 1)) === 1 && lastByte[0] === 0x0a;
    const rest = plainSegment(read.rows, endsWithLine ? read.rows : read.rows - 1, vals, kinds, head.segment.rows * cols, cols);
    let job: FinishJob;
    try {
      job = prepareFinish(opts, [head.segment, rest]);
    } catch (e) {
      if (e instanceof AppFailure && e.error.kind === 'csv/too-large') return { fallback: 'native reader: too large when joined' };
      if (e instanceof AppFailure) return err(e.error);
      throw e;
    }
    if (job.plans.some((p) => p.type !== 'numeric')) return { fallback: 'native reader: a column is not numeric' };
    const stats = new ColumnStats(job.plans);
    const blocks = Math.ceil(job.rows / blockRows);
    if (read.partials.length !== blocks * 6 * cols) return { fallback: 'native reader: block statistics missing' };
    for (let j = 0; j < blocks; j++) stats.addPartial(partialOf(read.partials, j, cols));
    let counts: (Float64Array | null)[] = job.plans.map(() => null);
    if (how.histograms) {
      const plan = stats.histogramPlan();
      let all: Float64Array;
      try {
        all = await native.histogram(job.values, job.missing, job.rows, cols, plan.bins, plan.lo, plan.scale, threads);
      } catch {
        return { fallback: 'native reader: the histograms failed' };
      }
      let at = 0;
      counts = Array.from(plan.bins, (b) => (b > 0 ? all.subarray(at, (at += b)) : null));
    }
    const dataset = completeFinish(job, stats, counts);
    lap('finish');
    return ok(dataset);
  } finally {
    await handle.close();
  }
}

/** csvLoadNumeric's codes (besides 0 read and 2 stopped). */
const REASONS: Record<number, string> = { 1: 'a record that is not plain numbers', 3: 'the file changed while read', 4: 'more rows than estimated', 5: 'no threads' };

/** The file's start read by the usual reader (see the file comment), or a fallback when it is not plain. */
async function readHead(
  handle: FileHandle,
  size: number,
  opts: BuilderOptions,
  encoding: TextEncodingName,
  vals: Float64Array,
  kinds: Uint8Array,
): Promise<{ readonly segment: SegmentResult; readonly end: number } | { readonly fallback: string }> {
  const cols = opts.names.length;
  const cut = await splitFile(handle, size, [Math.min(HEAD_BYTES, size)], opts.delimiter.charCodeAt(0), cols);
  if (cut.length < 2) return { fallback: 'native reader: no line end after the start' };
  const end = cut[1].start;
  const bytes = new Uint8Array(end);
  if ((await readFully(handle, bytes, end, 0)) !== end) return { fallback: 'native reader: the file changed while read' };
  const reader = new ChunkReader(
    { delimiter: opts.delimiter, segment: segmentOptions(opts), region: { vals, kinds, offset: 0, capacity: vals.length }, fileStart: encoding, last: false, firstLine: 1 },
    nativeCsvKernels().numericRows,
  );
  reader.feed(bytes);
  const outcome: ChunkOutcome = reader.end();
  if (!outcome.ok) return { fallback: 'native reader: the start of the file is not plain' };
  const seg = outcome.segment;
  const plain =
    outcome.atRecordStart &&
    seg.inRegion &&
    seg.skipRecordsLeft === 0 &&
    seg.notes.length === 0 &&
    seg.shortRows === 0 &&
    seg.columns.every((c) => c.texts.length === 0 && c.textCells === 0 && c.missing === 0 && c.nonFinite === 0 && c.errorValues === 0);
  return plain ? { segment: seg, end } : { fallback: 'native reader: the start of the file is not plain' };
}

/**
 * Whether the file's last TAIL_BYTES (after head.end) are plain records, as far as the bulk reader can tell: a
 * footer line, a trailing blank line or a last missing cell would otherwise be found only after the addon had read
 * the whole file. The last record may lack a line end (the addon reads it).
 */
async function plainTail(handle: FileHandle, size: number, headEnd: number, opts: BuilderOptions): Promise<boolean> {
  const scan = nativeCsvKernels().numericRows;
  if (scan === undefined) return false;
  const from = Math.max(headEnd, size - TAIL_BYTES);
  const bytes = new Uint8Array(size - from);
  if ((await readFully(handle, bytes, bytes.length, from)) !== bytes.length) return false;
  // From the first whole record (the bytes at `from` may be the end of one).
  const start = from === headEnd ? 0 : bytes.indexOf(0x0a) + 1;
  if (start === 0 && from !== headEnd) return true;
  const cols = opts.names.length;
  const maxRows = Math.ceil(bytes.length / (2 * cols)) + 1;
  const out = new Float64Array(1);
  scan(bytes, start, bytes.length, opts.delimiter.charCodeAt(0), opts.decimal === ',' ? 0x2c : 0x2e, cols, new Float64Array(maxRows * cols), new Uint8Array(maxRows * cols), 0, maxRows, out);
  // Stopped before the end: only a last record without a line end may be left.
  return out[0] === bytes.length || bytes.indexOf(0x0a, out[0]) < 0;
}

/** The segment of `rows` plain numeric rows the addon read into the buffers at `offset` (what a SegmentBuilder would answer). */
function plainSegment(rows: number, lines: number, vals: Float64Array, kinds: Uint8Array, offset: number, cols: number): SegmentResult {
  const column = (): SegmentColumn => ({ texts: [], textValues: [], textCells: 0, missing: 0, textSamples: [], nonFinite: 0, errorValues: 0, errorLines: [], errorCodes: [], unkeptNumbers: rows });
  return {
    rows,
    lines,
    firstDataLine: rows > 0 ? 1 : 0,
    vals,
    kinds,
    inRegion: true,
    offset,
    columns: Array.from({ length: cols }, column),
    notes: [],
    shortRows: 0,
    skipRecordsLeft: 0,
  };
}

/** Block j's statistics from csvLoadNumeric's partials (absent, n, mean, m2, min, max per column). */
function partialOf(partials: Float64Array, j: number, cols: number): BlockPartial {
  const at = (q: number): Float64Array => partials.subarray((j * 6 + q) * cols, (j * 6 + q + 1) * cols);
  return { absent: at(0), n: at(1), mean: at(2), m2: at(3), min: at(4), max: at(5), counts: Array.from({ length: cols }, () => null) };
}
