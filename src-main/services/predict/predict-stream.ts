/**
 * `predict` on a file larger than memory: the CSV is read, predicted and written a batch at a time (a few
 * MiB of the file each), never loaded whole, so memory stays flat whatever the file's size.
 *
 * The output is the same bytes as the in-memory path (load → predictDataset → exportPredictions): the file is
 * sniffed the same way (same start of the file), its rows are read as the loader reads them and encoded as
 * encodeRows would (src-shared/data/stream-encoder.ts), the forward pass is the same pool job on each batch
 * (each row is computed on its own, so batches change no bit), and the same exporter (csv-exporter.ts)
 * writes each batch's records with their predictions. Column statistics and categories come from the model
 * file. Column types, which the loader decides on a whole column, are checked at the end: a column that does
 * not fit the model fails the run then, and nothing is written (the output is atomic).
 *
 * Pipelined: while the workers run batch k, this thread writes batch k − 1 and reads batch k + 1, then (in the CLI,
 * request.computeHere) computes what is left of batch k beside them (ForwardPool.help) rather than wait for it.
 */
import { InputDecoder } from '../../../src-shared/data/csv/records';
import { sniff, type Sniffed } from '../../../src-shared/data/csv/sniff';
import '../datasets/charset-detector';
import { planStream, StreamEncoder, type StreamPlan } from '../../../src-shared/data/csv/stream-encoder';
import { CsvTokenizer } from '../../../src-shared/data/csv/tokenizer';
import type { DatasetMatrix } from '../../../src-shared/data/dataset';
import { ROW_STATUS, slowerKernel, type KernelUsed } from '../../../src-shared/jobs/forward';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ForwardPrecision } from '../../../src-shared/nn/kernels/forward-kernel';
import { outputSize, type Network } from '../../../src-shared/nn/model';
import { AppFailure, err, ok, type AppError, type Result } from '../../../src-shared/result';
import type { ForwardOutput } from '../../workers/pool';
import { fileSize } from '../datasets/load-dataset';
import { openByteSource, type ByteSource } from '../datasets/byte-source';
import { StreamWarnings } from './stream-warnings';
import type { LoadWarning } from '../../../src-shared/data/dataset';
import { checkOutputPath, writeFileAtomically } from '../export';
import { CsvExporter, FLUSH_BYTES } from '../export/csv-exporter';
import { nativeExport } from '../../native/native-export';
import { nativeCsvKernels } from '../../native/addon';
import { planColumns, type ExportPlan } from '../export/export-plan';
import { countEmpty, emptyReasons, noEmptyCounts, readModel, type EmptyCounts } from './predict';
import { predictionColumnNames, predictionColumns } from '../../../src-shared/jobs/prediction-columns';
import type { PredictFileRequest, PredictFileSummary } from './predict-request';

/** Files this big or bigger are streamed by default (an in-memory load takes about 1.2 bytes of memory per byte of the file, plus the predictions). */
export const STREAM_MIN_BYTES = 512 << 20;

/**
 * Workers a streamed batch uses when the caller does not say: all cores but one. This thread reads, parses and
 * writes the whole time the workers compute (the pipeline below), so with a worker on every core the three
 * contend for two cores and each batch waits on the slowest; measured on 2 cores, 1,000,000 rows: one worker
 * beside this thread is faster than two (figures in the README's performance section).
 */
export function streamWorkers(poolSize: number): number {
  return Math.max(1, poolSize - 1);
}

/**
 * This thread reads and writes a batch in slices of this many bytes and lets the event loop run between them: a
 * forward job is handed to the workers only when this thread takes the previous job's result, so a batch read or
 * written in one piece (tens of ms) left the workers idle for as long (measured: a third of their time).
 */
const SLICE_BYTES = 1 << 20;

/** Chunks of a forward job (each about 16 MFLOP: well under a millisecond on one core) this thread computes between turns of the event loop. */
const HELP_CHUNKS = 8;

/** `feed` over `bytes` in SLICE_BYTES pieces, in order, with a turn of the event loop between pieces. */
async function inSlices(bytes: Uint8Array, feed: (slice: Uint8Array) => void): Promise<void> {
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    feed(bytes.subarray(at, Math.min(bytes.length, at + SLICE_BYTES)));
  }
}

/** Bytes of the file read (and predicted, and written) at a time, by default. */
export const STREAM_CHUNK_BYTES = 8 << 20;

/**
 * Bytes of the first batch, by default: the batches then double up to the chunk size. The workers wait for the
 * first batch, so a small one starts them sooner (measured on 2 cores, 1,000,000 rows: 8 MiB took this thread
 * about 45 ms to read and encode, the JIT still cold, while the worker sat idle).
 */
export const STREAM_FIRST_CHUNK_BYTES = 1 << 20;

export interface StreamOptions {
  /** Bytes of the file per batch (default STREAM_CHUNK_BYTES; tests force small ones to cross many boundaries). */
  readonly chunkBytes?: number;
  /** Bytes of the first batch (default: STREAM_FIRST_CHUNK_BYTES or chunkBytes, the smaller); each next batch is twice its predecessor, up to chunkBytes. */
  readonly firstChunkBytes?: number;
}

/** The batch sizes in bytes: `first` (at least 1, at most `most`), then each twice the one before, up to `most`. */
export function batchSizes(first: number, most: number): () => number {
  let next = Math.max(1, Math.min(first, most));
  return () => {
    const size = next;
    next = Math.min(most, next * 2);
    return size;
  };
}

/** The counts a run adds up batch by batch. */
interface RunTotals {
  rows: number;
  okRows: number;
  missingInputRows: number;
  unknownCategoryRows: number;
  readonly empty: EmptyCounts;
  workers: number;
  kernel: KernelUsed | 'none';
  precision: ForwardPrecision;
  /** Milliseconds this thread waited for the workers (or computed beside them). */
  waitedMs: number;
  /** The loader's warnings about the file (stream-warnings.ts), once it is read. */
  warnings: readonly LoadWarning[];
}

const CANCELLED = { kind: 'job/cancelled', message: 'Predicting was cancelled.' } as const;

/** One batch on its way: the file's bytes it came from, its input rows, and its forward job. */
interface Batch {
  readonly bytes: Uint8Array | null;
  readonly matrix: DatasetMatrix;
  readonly firstRow: number;
  readonly forward: Promise<Result<ForwardOutput>>;
  /** Whether `forward` has ended. */
  settled: boolean;
}

/** Model file + CSV → predictions CSV, streaming (see the file comment). Same result type and errors as predictFileToCsv. */
export async function predictFileStreaming(request: PredictFileRequest, options: StreamOptions = {}): Promise<Result<PredictFileSummary>> {
  const started = performance.now();
  // The workers load (their code, the native addon) while this thread reads the model and the file's start: a
  // job would start them only with the first batch (measured: about 50 ms on 2 cores, the worker's core idle).
  void request.pool.warmUp(request.maxWorkers ?? streamWorkers(request.pool.size));
  // The input files the output may never replace: the data, and the model file when one was read.
  const inputs = request.model ? [request.dataPath] : [request.dataPath, request.modelPath];
  const writable = await checkOutputPath(request.outPath, inputs);
  if (!writable.ok) return writable;
  const model = request.model ? ok(request.model) : await readModel(request.modelPath);
  if (!model.ok) return model;
  const path = request.dataPath;
  const size = await fileSize(path);
  if (!size.ok) return size;
  const source = await openByteSource(path, size.value);
  if (!source.ok) return source.error.file ? source : err({ ...source.error, file: path });
  try {
    const sample = source.value.sample;
    const sniffed = sniff(sample, !source.value.whole, request.header);
    if (!sniffed.ok) return err({ ...sniffed.error, file: path });
    const s = sniffed.value;
    const stream = planStream(model.value.inputs, s.names);
    if (!stream.ok) return err(inFile(stream.error, path));
    const plan = planColumns(s.names, predictionColumnNames(model.value.output), request);
    if (!plan.ok) return plan;
    const totals: RunTotals = { rows: 0, okRows: 0, missingInputRows: 0, unknownCategoryRows: 0, empty: noEmptyCounts(stream.value.plan), workers: 0, kernel: 'none', precision: (request.arithmetic ?? model.value.arithmetic) === 'float32' ? 'float32' : 'float64', waitedMs: 0, warnings: [] };
    const chunkBytes = options.chunkBytes ?? STREAM_CHUNK_BYTES;
    const run = new StreamRun(request, model.value, s, stream.value, plan.value, totals, size.value, source.value, chunkBytes);
    const sizes = batchSizes(options.firstChunkBytes ?? Math.min(STREAM_FIRST_CHUNK_BYTES, chunkBytes), chunkBytes);
    const written = await writeFileAtomically(request.outPath, (write) => run.produce(write, chunkBytes, sizes), {
      protect: inputs,
    });
    if (!written.ok) return written;
    return ok(summary(written.value, totals, stream.value, started));
  } finally {
    await source.value.close();
  }
}

/** The run's summary, as the in-memory path reports it. */
function summary(written: { path: string; bytes: number }, totals: RunTotals, stream: StreamPlan, started: number): PredictFileSummary {
  const seconds = (performance.now() - started) / 1000;
  const rows = totals.rows;
  return {
    outPath: written.path,
    rows,
    predictedRows: totals.okRows,
    emptyRows: rows - totals.okRows,
    missingInputRows: totals.missingInputRows,
    unknownCategoryRows: totals.unknownCategoryRows,
    emptyBy: totals.okRows === rows ? [] : emptyReasons(stream.plan, totals.empty),
    bytesWritten: written.bytes,
    workers: totals.workers,
    kernel: totals.kernel,
    precision: totals.precision,
    // Reading, computing and writing overlap: the forward share is the time this thread waited for the workers (or
    // computed chunks beside them: pool.help).
    seconds: { load: 0, predict: totals.waitedMs / 1000, write: seconds - totals.waitedMs / 1000, total: seconds },
    loadWarnings: totals.warnings.length,
    warnings: totals.warnings,
    streamed: true,
  };
}

/** A data error names the file, as the in-memory path's do. */
function inFile(e: AppError, path: string): AppError {
  return e.file ? e : { ...e, message: `${path}: ${e.message}`, file: path };
}

/** One streaming run: the reader/encoder, the exporter, and the batches between them. */
class StreamRun {
  private readonly net: Network;
  private readonly encoder: StreamEncoder;
  private readonly tokenizer: CsvTokenizer;
  private readonly decoder: InputDecoder;
  private readonly exporter: CsvExporter;
  private readonly loaderWarnings: StreamWarnings;

  constructor(
    private readonly request: PredictFileRequest,
    private readonly model: ModelFile,
    s: Sniffed,
    private readonly stream: StreamPlan,
    plan: ExportPlan,
    private readonly totals: RunTotals,
    private readonly size: number,
    private readonly source: ByteSource,
    chunkBytes: number,
  ) {
    this.net = modelToNetwork(model);
    const scan = nativeCsvKernels().numericRows;
    const tokenEncoding = s.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8';
    this.encoder = new StreamEncoder(
      { names: s.names, header: s.header, decimal: s.decimal, tokenEncoding, skipRecords: s.skipRecords, ...(s.numberFormats ? { numberFormats: s.numberFormats } : {}) },
      model.inputs,
      stream,
      // A batch's rows as sniffed (its buffers then rarely grow), at most about 4 M cells.
      Math.min(Math.ceil((chunkBytes / Math.max(1, s.bytesPerRecord)) * 1.25) + 16, Math.ceil((4 << 20) / Math.max(1, stream.fileColumn.length))),
      // The loader's native bulk reader of plain numeric records, when the addon has it (else field by field: same cells).
      scan ? { scan, delimiter: s.delimiter } : undefined,
    );
    this.loaderWarnings = new StreamWarnings(s, chunkBytes, source.compression);
    this.encoder.shadow = this.loaderWarnings.reader;
    this.tokenizer = new CsvTokenizer(s.delimiter, this.encoder);
    this.decoder = new InputDecoder(s.encoding);
    const columns = predictionColumns(model.output, new Float64Array(0), outputSize(this.net), new Uint8Array(0));
    const format = { rows: 0, encoding: s.encoding, delimiter: s.delimiter, header: s.header, recordsBeforeData: (s.header ? 1 : 0) + s.skipRecords, path: request.dataPath };
    // The native line copy where the addon has it (the in-memory export's; same bytes as the JavaScript one).
    this.exporter = new CsvExporter(format, { columns: columns.ok ? columns.value : [] }, plan, true, nativeExport());
  }

  /** Read, predict and write the whole file (writeFileAtomically's producer). */
  async produce(write: (bytes: Uint8Array) => Promise<void>, chunkBytes: number, nextSize: () => number): Promise<Result<void>> {
    const { request } = this;
    const out = this.exporter.out;
    // Two buffers in turn: batch k's bytes stay until it is written, while batch k + 1 is read into the other.
    const buffers = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)];
    let previous: Batch | null = null;
    try {
      for (let turn = 0; ; turn ^= 1) {
        if (request.signal?.aborted) return err(CANCELLED);
        const n = await this.source.read(buffers[turn].subarray(0, nextSize()));
        if (n === 0) break;
        const bytes = buffers[turn].subarray(0, n);
        await inSlices(bytes, (slice) => this.tokenizer.feed(this.decoder.push(slice)));
        const batch = this.startBatch(bytes);
        if (previous !== null) await this.writeBatch(previous);
        previous = batch;
        if (out.length >= FLUSH_BYTES) await write(out.detach());
        request.onProgress?.('predicting', this.source.fileBytesRead, this.size);
      }
      // The last record may end only with the file (no line break after it).
      const rest = this.decoder.finish();
      if (rest.length > 0) this.tokenizer.feed(rest);
      this.tokenizer.finish();
      const last = this.startBatch(null);
      if (previous !== null) await this.writeBatch(previous);
      await this.writeBatch(last);
      const verdict = this.encoder.finish();
      if (!verdict.ok) return err(verdict.error.kind.startsWith('csv/') ? { ...verdict.error, file: request.dataPath } : inFile(verdict.error, request.dataPath));
      this.totals.warnings = this.loaderWarnings.warnings();
      const finished = this.exporter.finish();
      if (!finished.ok) return finished;
      await write(out.detach());
      request.onProgress?.('predicting', this.size, this.size);
      return ok(undefined);
    } catch (e) {
      if (previous !== null) await previous.forward.catch(() => undefined);
      if (e instanceof AppFailure) return err(e.error.kind.startsWith('csv/') ? { ...e.error, file: request.dataPath } : e.error);
      throw e;
    }
  }

  /** The rows the encoder completed since the last batch, sent to the workers. */
  private startBatch(bytes: Uint8Array | null): Batch {
    const firstRow = this.encoder.rowsBefore;
    const matrix = this.encoder.takeBatch();
    this.loaderWarnings.recycle();
    const { request } = this;
    const forward = this.request.pool.runForward(
      {
        net: this.net,
        plan: this.stream.plan,
        matrix,
        maxWorkers: request.maxWorkers ?? streamWorkers(request.pool.size),
        ...(request.kernel !== undefined ? { kernel: request.kernel } : {}),
        ...((request.arithmetic ?? this.model.arithmetic) === 'float32' ? { precision: 'float32' as const } : {}),
      },
      { signal: request.signal },
    );
    const batch: Batch = { bytes, matrix, firstRow, forward, settled: false };
    void forward.then(() => (batch.settled = true));
    return batch;
  }

  /** Wait for a batch's predictions, then write its records (throws AppFailure on a failed job). */
  private async writeBatch(batch: Batch): Promise<void> {
    const waitStart = performance.now();
    // Where the caller allows it (the CLI), instead of only waiting this thread computes chunks of the batch too (the
    // same code, the same bits: pool.help), a few at a time with a turn of the event loop between, as it reads and writes.
    while (this.request.computeHere === true && !batch.settled && this.request.pool.help(HELP_CHUNKS) > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const result = await batch.forward;
    this.totals.waitedMs += performance.now() - waitStart;
    if (!result.ok) throw new AppFailure(result.error);
    const out = result.value;
    const columns = predictionColumns(this.model.output, out.output, out.outputSize, out.status);
    if (!columns.ok) throw new AppFailure(columns.error);
    const rows = batch.matrix.rows;
    const end = batch.firstRow + rows;
    this.exporter.window(columns.value, batch.firstRow, end);
    if (batch.bytes !== null) await inSlices(batch.bytes, (slice) => this.exporter.feed(slice));
    // The exporter reads the same bytes with the same tokenizer: it ends exactly the records the encoder ended.
    if (batch.bytes !== null && this.exporter.rowsWritten !== end) {
      throw new AppFailure({ kind: 'job/internal', message: `Streaming lost its place: ${this.exporter.rowsWritten} rows written where ${end} were read.` });
    }
    const totals = this.totals;
    totals.rows = end;
    totals.okRows += out.okRows;
    if (out.okRows < rows) {
      for (let r = 0; r < rows; r++) {
        if (out.status[r] === ROW_STATUS.missingInput) totals.missingInputRows++;
        else if (out.status[r] === ROW_STATUS.unknownCategory) totals.unknownCategoryRows++;
      }
      countEmpty(this.stream.plan, batch.matrix, out.status, totals.empty);
    }
    if (out.kernel !== 'none') {
      totals.workers = Math.max(totals.workers, out.workers);
      totals.kernel = totals.kernel === 'none' ? out.kernel : slowerKernel(totals.kernel, out.kernel);
      if (out.precision === 'float64') totals.precision = 'float64';
    }
  }
}
