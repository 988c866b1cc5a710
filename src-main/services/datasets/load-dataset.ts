/**
 * The datasets service: load a CSV file (or uploaded bytes) into a shared-memory Dataset.
 * The file is read as a stream of ~1 MiB chunks, never as one string.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import './charset-detector';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { err, ok, type Result } from '../../../src-shared/result';
import type { Dataset, LoadWarning } from '../../../src-shared/data/dataset';
import { CANCELLED, loadFromChunks, type LoadProgress } from '../../../src-shared/data/csv/load';
import { sniff, SNIFF_BYTES } from '../../../src-shared/data/csv/sniff';
import { CsvWorkerPool } from './csv-worker-pool';
import { compressionOf, decompress, decompressFile, type Compression } from './compressed';
import { loadParallel, type ParallelOptions, type ParallelOutcome } from './parallel-load';
import { loadNumericNative, nativeLoadUnavailable } from './native-load';
import { fileError } from '../files/plain-errors';
import { nativeCsvKernels } from '../../native/addon';
import { formatCount } from '../../../src-shared/text/numbers';

/** A loaded dataset and where it came from. */
export interface LoadedDataset extends Dataset {
  readonly path: string;
  /** File name shown to the user. */
  readonly name: string;
  readonly bytes: number;
  /** Wall-clock seconds the load took. */
  readonly seconds: number;
  /** The CSV's bytes when the file was compressed (.csv.gz, .csv.zip): an export copies the original cells from them. */
  readonly content?: Uint8Array;
}

export interface LoadDatasetOptions {
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: AbortSignal;
  /** Whether the first row is a header, when the user says so; omitted, it is detected (a warning says how, when in doubt). */
  readonly header?: boolean;
  /** The file's encoding, when the user says so (`shift_jis`, `gbk`, `windows-1251` …); omitted, it is detected. */
  readonly encoding?: string;
  /**
   * Large files are read by CSV worker threads (parallel-load.ts), with the same result as one thread.
   * false: always one thread. Otherwise when to go parallel (default: files of at least 8 MiB, one chunk per worker).
   */
  readonly parallel?: false | ParallelOptions;
  /** Workers to read with, kept by the caller across loads (default: started for this load, stopped after it). */
  readonly pool?: CsvWorkerPool;
}

/** Below this a file is read on one thread: starting workers costs more than they save. */
const PARALLEL_MIN_BYTES = 8 << 20;

const CHUNK_BYTES = 1 << 20;

/**
 * The file in ~1 MiB chunks, read into two buffers used in turn: the next chunk is read while the
 * current one is parsed, and no buffer is allocated per chunk (memory stays bounded whatever the
 * file size; a stream's fresh Buffer per chunk would wait for the garbage collector). Each chunk
 * is consumed before its buffer is read into again. Plain Uint8Arrays: the tokenizer never indexes a Buffer.
 */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
    let position = 0;
    let k = 0;
    let pending = handle.read(buffers[0], 0, CHUNK_BYTES, position);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      position += bytesRead;
      const current = buffers[k];
      k = 1 - k;
      pending = handle.read(buffers[k], 0, CHUNK_BYTES, position);
      yield current.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Slices of a byte array, giving the event loop a turn between them so a cancel can arrive. */
async function* byteChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    yield bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
    await nextTurn();
  }
}

/**
 * Load a CSV file: sniff its first 64 KiB (encoding, delimiter, decimal comma, header), then stream it.
 * Ends with the dataset or a typed error (kind 'io/unreadable', 'csv/…', or 'cancelled').
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<Result<LoadedDataset>> {
  const started = performance.now();
  const sized = await fileSize(path);
  if (!sized.ok) return sized;
  const size = sized.value;
  // Big enough for workers: start them now, so they load their code while the file is sniffed.
  const parallel = options.parallel;
  const pool = parallel !== false && size >= (parallel?.minBytes ?? PARALLEL_MIN_BYTES) ? (options.pool ?? new CsvWorkerPool()) : null;
  try {
    return await loadFile(path, size, started, pool, options);
  } finally {
    if (pool && !options.pool) await pool.close();
  }
}

/** The size of the file at `path` ('io/unreadable' when it is not a readable file). */
export async function fileSize(path: string): Promise<Result<number>> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return err({ kind: 'io/unreadable', message: `${path} is not a file`, file: path });
    return ok(info.size);
  } catch (e) {
    return err(fileError(e, 'read', path));
  }
}

/** The start of the file that sniff() reads (SNIFF_BYTES, or all of a smaller file). */
export async function readSample(path: string, size: number): Promise<Result<Uint8Array>> {
  try {
    const handle = await open(path, 'r');
    try {
      // A wide file's first row can be longer than the usual sample: read more until it fits (up to a bound).
      for (let want = Math.min(size, SNIFF_BYTES); ; want = Math.min(size, want * 4, MAX_SNIFF_BYTES)) {
        const buffer = new Uint8Array(want);
        let got = 0;
        while (got < buffer.length) {
          const { bytesRead } = await handle.read(buffer, got, buffer.length - got, got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        const sample = buffer.subarray(0, got);
        if (got < want || want >= Math.min(size, MAX_SNIFF_BYTES) || !firstRowTooLongKept(sample, size)) return ok(sample);
      }
    } finally {
      await handle.close();
    }
  } catch (e) {
    return err(fileError(e, 'read', path));
  }
}

/** loadDataset once the file's size is known (`pool`: workers to read with, or null for one thread). */
async function loadFile(
  path: string,
  size: number,
  started: number,
  pool: CsvWorkerPool | null,
  options: LoadDatasetOptions,
): Promise<Result<LoadedDataset>> {
  const sampled = await readSample(path, size);
  if (!sampled.ok) return sampled;
  const sample = sampled.value;
  if (options.signal?.aborted) return err(CANCELLED);
  const compression = compressionOf(sample);
  if (compression !== null) return await loadCompressedFile(path, size, compression, started, options);
  let result: Result<Dataset>;
  try {
    const parallel = pool ? await tryParallel(path, size, sample, pool, options) : { fallback: 'one thread' };
    const reread = () => fileChunks(path);
    if ('fallback' in parallel) result = await loadFromChunks(sample, size, fileChunks(path), { ...options, kernels: nativeCsvKernels(), reread });
    else if (parallel.ok && parallel.value.numberTextsLost !== undefined) {
      // A column showed text only after numbers whose text no chunk kept: one pass keeping it from the start.
      result = await loadFromChunks(sample, size, fileChunks(path), { ...options, kernels: nativeCsvKernels(), textColumns: parallel.value.numberTextsLost });
    } else result = parallel;
  } catch (e) {
    // Reading failed underneath (the file vanished, a disk error): say so instead of throwing.
    return err(fileError(e, 'read', path));
  }
  if (!result.ok) return err({ ...result.error, file: path });
  return ok({ ...withWideWarning(result.value), path, name: basename(path), bytes: size, seconds: (performance.now() - started) / 1000 });
}

/** Columns from which a dataset is wide enough to warn that training on all of them is slow. */
export const WIDE_COLUMNS = 1000;

/** The dataset, with a warning when it has WIDE_COLUMNS columns or more (gene expression data, one-hot exports). */
function withWideWarning(d: Dataset): Dataset {
  return d.cols < WIDE_COLUMNS ? d : { ...d, warnings: [...d.warnings, ...wideWarnings(d.cols)] };
}

/** The warning a file of `cols` columns gets for its width (none below WIDE_COLUMNS); also the streaming predict's. */
export function wideWarnings(cols: number): LoadWarning[] {
  if (cols < WIDE_COLUMNS) return [];
  return [{ message: `${formatCount(cols)} columns: training a network on thousands of inputs is slow; choose the inputs the model needs` }];
}

/** A compressed file: decompressed into memory, then read as bytes (compressed.ts). */
async function loadCompressedFile(path: string, size: number, compression: Compression, started: number, options: LoadDatasetOptions): Promise<Result<LoadedDataset>> {
  let inner: Awaited<ReturnType<typeof decompressFile>>;
  try {
    inner = await decompressFile(path, compression);
  } catch (e) {
    return err(fileError(e, 'read', path));
  }
  if (!inner.ok) return err({ ...inner.error, file: path });
  const result = await loadBytes(inner.value.bytes, options);
  if (!result.ok) return err({ ...result.error, file: path });
  return ok({ ...result.value, path, name: basename(path), bytes: size, content: inner.value.bytes, seconds: (performance.now() - started) / 1000 });
}

/** The parallel load when the file fits it (UTF-8 or Windows-1252, several cores), else a fallback. */
async function tryParallel(path: string, size: number, sample: Uint8Array, pool: CsvWorkerPool, options: LoadDatasetOptions): Promise<ParallelOutcome> {
  let nativeFallback: string | undefined;
  const given = options.parallel || {};
  // Reports say why the native reader did not read the file, when it tried.
  const parallel: ParallelOptions = { ...given, onReport: given.onReport && ((r) => given.onReport?.(nativeFallback === undefined ? r : { ...r, nativeFallback })) };
  const fallback = (why: string): ParallelOutcome => {
    parallel.onReport?.({ chunks: 1, fallback: why });
    return { fallback: why };
  };
  const forced = parallel.chunks !== undefined || parallel.offsets !== undefined;
  // Start the workers now unless the native reader may do without them (they load their code meanwhile).
  const tryNative = parallel.native !== false && !forced;
  if (!tryNative && (pool.size >= 2 || forced)) pool.startAll();
  const sniffed = sniffOnce(sample, sample.length < size, options.header, options.encoding);
  if (!sniffed.ok) return fallback('sniffing failed');
  if (tryNative && nativeLoadUnavailable(sniffed.value) === null) {
    const ms: Record<string, number> = {};
    const read = await loadNumericNative(path, size, sniffed.value, { threads: pool.size, histograms: parallel.histograms ?? true, ms }, options);
    if (!('fallback' in read)) {
      parallel.onReport?.({ chunks: Math.max(1, Math.min(64, pool.size)), native: true, ms });
      return read;
    }
    nativeFallback = read.fallback;
  }
  const encoding = sniffed.value.encoding;
  if (encoding !== 'utf-8' && encoding !== 'windows-1252') return fallback(`encoding ${encoding}`);
  if (pool.size < 2 && !forced) return fallback('one core');
  if (tryNative) pool.startAll();
  // New workers run cold code: then this thread finishes the matrix (see ParallelOptions.finishOn).
  const finishOn = parallel.finishOn ?? (pool.warm ? 'workers' : 'main');
  return await loadParallel(path, size, sniffed.value, pool, { ...parallel, finishOn }, options);
}

/** The most a sample grows to hold a wide file's first row (see sniffSample). */
export const MAX_SNIFF_BYTES = 64 << 20;

/**
 * The sniffs readSample made of the samples it answered (fresh buffers no one writes to), kept while a sample
 * lives: the load that follows sniffs the same bytes the same way when neither the header nor the encoding is
 * chosen, and sniffing 64 KiB is the biggest piece of a large load's work on this thread (tens of ms before the
 * code is optimized).
 */
const sniffs = new WeakMap<Uint8Array, { readonly truncated: boolean; readonly result: ReturnType<typeof sniff> }>();

/** sniff(), or readSample's sniff of the same sample when neither the header nor the encoding is chosen. */
function sniffOnce(sample: Uint8Array, truncated: boolean, header?: boolean, encoding?: string): ReturnType<typeof sniff> {
  const kept = header === undefined && encoding === undefined ? sniffs.get(sample) : undefined;
  return kept !== undefined && kept.truncated === truncated ? kept.result : sniff(sample, truncated, header, encoding);
}

/** firstRowTooLong for readSample's fresh sample, keeping the sniff for the load (sniffOnce). */
function firstRowTooLongKept(sample: Uint8Array, size: number): boolean {
  const truncated = sample.length < size;
  const result = sniff(sample, truncated);
  sniffs.set(sample, { truncated, result });
  return !result.ok && result.error.kind === 'csv/row-too-long';
}

/** True when `sample` (the start of a file of `size` bytes) ends before its first row does. */
export function firstRowTooLong(sample: Uint8Array, size: number): boolean {
  const s = sniff(sample, sample.length < size);
  return !s.ok && s.error.kind === 'csv/row-too-long';
}

/** The start of `bytes` to sniff: SNIFF_BYTES, or more (up to MAX_SNIFF_BYTES) when the first row is longer. */
function sniffSample(bytes: Uint8Array): Uint8Array {
  for (let want = Math.min(bytes.length, SNIFF_BYTES); ; want = Math.min(bytes.length, want * 4, MAX_SNIFF_BYTES)) {
    const sample = bytes.subarray(0, want);
    if (want >= Math.min(bytes.length, MAX_SNIFF_BYTES) || !firstRowTooLong(sample, bytes.length)) return sample;
  }
}

/** Load a CSV from bytes already in memory (an upload, a test), by the same path as a file. */
export async function loadDatasetFromBytes(
  bytes: Uint8Array,
  name: string,
  options: LoadDatasetOptions = {},
): Promise<Result<LoadedDataset>> {
  const started = performance.now();
  const compression = compressionOf(bytes);
  const inner = compression === null ? null : await decompress(bytes, compression, name);
  if (inner !== null && !inner.ok) return inner;
  const csv = inner === null ? bytes : inner.value.bytes;
  const result = await loadBytes(csv, options);
  if (!result.ok) return err({ ...result.error, file: name });
  return ok({ ...withWideWarning(result.value), path: '', name, bytes: bytes.length, ...(inner === null ? {} : { content: csv }), seconds: (performance.now() - started) / 1000 });
}

/** Load the bytes of a CSV already in memory. */
async function loadBytes(bytes: Uint8Array, options: LoadDatasetOptions): Promise<Result<Dataset>> {
  const sample = sniffSample(bytes);
  return await loadFromChunks(sample, bytes.length, byteChunks(bytes), { ...options, kernels: nativeCsvKernels(), reread: () => byteChunks(bytes) });
}
