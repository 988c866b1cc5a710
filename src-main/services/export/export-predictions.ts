/**
 * Exporting predictions: the original CSV's columns, cell for cell as in the file, followed by the
 * prediction columns, written atomically.
 *
 * Format of the output (whatever the input's): UTF-8 without a byte-order mark, ',' as the delimiter,
 * '\n' line ends, a header row (the dataset's column names as loaded, then the prediction columns;
 * a prediction name already used by an original column gets a suffix: prediction_2). Original cells are
 * re-read from the file with the loader's own tokenizer and decoder (same delimiter, encoding and
 * quoting rules) and copied byte for byte when they need no quotes; otherwise re-quoted. A cell from a
 * semicolon/decimal-comma file such as `1,5` is thus quoted ("1,5"): its text is kept, not reinterpreted.
 * Numbers are written in their shortest round-trip form; an empty prediction is an empty cell.
 * Cells a spreadsheet would run as formulas get a leading apostrophe unless `keepFormulas`.
 *
 * Speed, never at the cost of a byte (tests/unit/services/export/raw-copy.test.ts compares every way):
 * a line the field-by-field path would write unchanged is copied as it is (CsvExporter.copyLines); big
 * files have their last part exported by a worker, backwards, while the main thread goes forwards
 * (tail-copy.ts; prepareExport starts that worker and reads its bytes while the predictions are still
 * being computed); otherwise a worker formats the prediction numbers ahead (number-texts.ts).
 */
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Dataset } from '../../../src-shared/data/dataset';
import type { Predictions } from '../predict/predict';
import { writeFileAtomically, type OpenSink } from '../files/atomic-file';
import { NUMBER_WORKER_MIN_ROWS, NumberTexts } from './number-texts';
import { TAIL_MIN_BYTES, type TailCopy, type TailMeeting } from './tail-copy';
import { CsvExporter, FLUSH_BYTES } from './csv-exporter';
import { planExport } from './export-plan';
import { discardTail, readTail, startTailCopy, type ExportPreparation, type TailBytes } from './export-preparation';
import { sourceChunks, type ExportSource } from './export-source';
import { nativeExport, type NativeExport } from '../../native/native-export';

export interface ExportOptions {
  /** Original columns to include, by name (default: all). They are written in the file's order. */
  readonly columns?: readonly string[];
  /** Write cells that look like spreadsheet formulas as they are (default: neutralise them). */
  readonly keepFormulas?: boolean;
  /** More files never to overwrite (the source file is always protected), e.g. the model file. */
  readonly protect?: readonly string[];
  /** Data rows written so far, of all rows. */
  readonly onProgress?: (rowsWritten: number, rows: number) => void;
  readonly signal?: AbortSignal;
  /** Tests only: where the temporary file's bytes go. */
  readonly openSink?: OpenSink;
  /** Tests only: false sends every record through the tokenizer (no raw line copies); same bytes either way. */
  readonly rawCopy?: boolean;
  /** Export the file's last part on a worker thread (default: files of 16 MiB or more, without the native copy); same bytes either way. */
  readonly tailWorker?: boolean;
  /** Tests only: the smallest file the tail worker takes (default 16 MiB). */
  readonly tailMinBytes?: number;
  /** Tests only: let the tail worker finish before the main thread starts (so their meeting is exercised). */
  readonly tailFirst?: boolean;
  /** Work started ahead by prepareExport(source) while the predictions were computed (taken by this export). */
  readonly prepared?: ExportPreparation;
  /** Format numbers on a worker thread too (default: for 100,000 rows or more, without the native line copy); same bytes either way. */
  readonly numberWorker?: boolean;
  /**
   * Copy lines and format numbers in native code where the addon has it (default true; false: JavaScript), on
   * this thread and in the tail worker. Same bytes.
   */
  readonly native?: boolean;
  /** Tests only: bytes of the original file read (or, for content in memory, fed) at a time (default 1 MiB). */
  readonly chunkBytes?: number;
}

export interface ExportSummary {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  /** The header row written. */
  readonly header: string[];
  readonly seconds: number;
  /** Rows whose original bytes were copied as they are (the others were re-read field by field). */
  readonly copiedRows: number;
  /** Of those, rows a worker thread exported (the file's last part). */
  readonly tailRows: number;
}

const READ_BYTES = 1 << 20;
/** The tail worker's part is written in pieces of this size. */
const JOINED_PIECE_BYTES = 8 << 20;

const CANCELLED = { kind: 'job/cancelled', message: 'The export was cancelled.' } as const;

/**
 * Write `predictions` beside the original columns of `source` to `outPath` (see the file comment).
 * The original cells are re-read from `source.content` if given (an upload), else from `source.path`.
 * Errors: 'export/unknown-column', 'export/would-overwrite-input', 'export/source-changed', 'io/…',
 * 'job/cancelled'. Nothing is left behind on failure.
 */
export async function exportPredictions(source: ExportSource, predictions: Predictions, outPath: string, options: ExportOptions = {}): Promise<Result<ExportSummary>> {
  const started = performance.now();
  const prepared = options.prepared?.take(source) ?? null;
  const plan = planExport(source, predictions, options);
  if (!plan.ok) {
    discardTail(prepared);
    return plan;
  }
  const rows = source.rows;
  const protect = [...(source.path ? [source.path] : []), ...(options.protect ?? [])];
  const written = await writeFileAtomically(
    outPath,
    async (write) => {
      const native = exportNative(options);
      const exporter = new CsvExporter(source, predictions, plan.value, options.rawCopy ?? true, native);
      // The file's last part, read ahead by prepareExport or now; the main thread does not wait for it.
      let tailBytes: Promise<TailBytes | null> | null = null;
      // Natively the export runs on this thread unless a tail worker is asked for (here or by prepareExport):
      // on the busy 2-core bench machine the second thread cost more CPU than it saved time (README, Performance).
      if ((options.tailWorker ?? (native === null || prepared !== null)) && exporter.rawCopy) tailBytes = prepared ?? readTail(source, options.tailMinBytes ?? TAIL_MIN_BYTES, native !== null);
      else discardTail(prepared);
      const tail = tailBytes === null ? null : tailBytes.then((t) => startTailCopy(t, exporter, predictions, plan.value, rows, native !== null));
      if (tail !== null && options.tailFirst) await (await tail)?.finished;
      const numberColumns = predictions.columns.flatMap((c) => (c.kind === 'number' ? [c.values] : []));
      const texts = tail === null && (options.numberWorker ?? (native === null && rows >= NUMBER_WORKER_MIN_ROWS)) ? NumberTexts.start(numberColumns, rows) : null;
      exporter.useNumberTexts(texts);
      try {
        return await produceExport(exporter, source, options, write, tail);
      } finally {
        texts?.stop();
        void tail?.then((t) => t?.stop());
      }
    },
    { protect, ...(options.openSink ? { openSink: options.openSink } : {}) },
  );
  if (!written.ok) {
    discardTail(prepared);
    return written;
  }
  const { path, bytes, value } = written.value;
  return ok({ path, rows, bytes, header: plan.value.header, seconds: (performance.now() - started) / 1000, ...value });
}

/** Feed the original file through `exporter`, writing its output as it comes (joining the tail worker's part where they meet). */
async function produceExport(
  exporter: CsvExporter,
  source: ExportSource,
  options: ExportOptions,
  write: (bytes: Uint8Array) => Promise<void>,
  tailStarting: Promise<TailCopy | null> | null,
): Promise<Result<{ copiedRows: number; tailRows: number }>> {
  // The tail worker, once started, until the main thread meets it.
  const tail: { worker: TailCopy | null; met: boolean } = { worker: null, met: false };
  void tailStarting?.then((t) => {
    if (!tail.met) tail.worker = t;
  });
  let offset = 0;
  let joined: TailMeeting['part'] = null;
  const rows = source.rows;
  const out = exporter.out;
  // One write in flight while the next bytes are produced; its failure surfaces at the next await.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inFlight;
    const bytes = out.detach();
    inFlight = write(bytes);
    inFlight.catch(() => undefined);
  };
  try {
    for await (const chunk of sourceChunks(source, options.chunkBytes ?? READ_BYTES)) {
      if (options.signal?.aborted) {
        await inFlight.catch(() => undefined);
        return err(CANCELLED);
      }
      let piece = chunk;
      if (tail.worker !== null) {
        const claim = tail.worker.claim(offset + chunk.length);
        if (typeof claim !== 'number') {
          // The worker has done the file from claim.offset on: up to there, then join its part if it fits.
          tail.worker = null;
          tail.met = true;
          const upto = claim.offset - offset;
          exporter.feed(chunk.subarray(0, upto));
          if (claim.part !== null && exporter.canJoin(claim.part.firstRow)) {
            joined = claim.part;
            break;
          }
          piece = chunk.subarray(upto);
        }
      }
      offset += chunk.length;
      exporter.feed(piece);
      if (out.length >= FLUSH_BYTES) await flush();
      options.onProgress?.(exporter.rowsWritten, rows);
    }
    if (options.signal?.aborted) {
      await inFlight.catch(() => undefined);
      return err(CANCELLED);
    }
  } catch (e) {
    await inFlight.catch(() => undefined);
    if (e instanceof AppFailure) return err(e.error);
    throw e;
  }
  if (joined !== null) {
    await flush();
    // In pieces, so the file's early flushes (atomic-file.ts) start while the rest is still being written.
    for (let at = 0; at < joined.bytes.length; at += JOINED_PIECE_BYTES) {
      await inFlight;
      inFlight = write(joined.bytes.subarray(at, Math.min(joined.bytes.length, at + JOINED_PIECE_BYTES)));
      inFlight.catch(() => undefined);
    }
    exporter.addTailRows(joined.rows);
  }
  const finished = exporter.finish();
  if (!finished.ok) {
    await inFlight.catch(() => undefined);
    return finished;
  }
  await flush();
  await inFlight;
  options.onProgress?.(rows, rows);
  return ok({ copiedRows: exporter.copiedRows, tailRows: exporter.tailRows });
}

/**
 * The same CSV as exportPredictions writes, as text in memory (for a browser download), from the
 * original file's bytes. Synchronous; meant for datasets whose bytes are at hand (uploads).
 */
export function predictionsCsvFromBytes(source: Dataset, content: Uint8Array, predictions: Predictions, options: Pick<ExportOptions, 'columns' | 'keepFormulas' | 'rawCopy' | 'chunkBytes' | 'native'> = {}): Result<{ readonly csv: string; readonly rows: number }> {
  const plan = planExport(source, predictions, options);
  if (!plan.ok) return plan;
  const exporter = new CsvExporter(source, predictions, plan.value, options.rawCopy ?? true, exportNative(options));
  const parts: string[] = [];
  try {
    const step = options.chunkBytes ?? READ_BYTES;
    for (let at = 0; at < content.length; at += step) {
      exporter.feed(content.subarray(at, Math.min(content.length, at + step)));
      parts.push(utf8(exporter.out.take()));
    }
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    throw e;
  }
  const finished = exporter.finish();
  if (!finished.ok) return finished;
  parts.push(utf8(exporter.out.take()));
  return ok({ csv: parts.join(''), rows: source.rows });
}

/** The native line copy, unless options.native is false or the addon lacks it. */
export function exportNative(options: Pick<ExportOptions, 'native'>): NativeExport | null {
  return options.native === false ? null : nativeExport();
}

/** Bytes as text (the exporter only ever writes whole UTF-8 cells, so no character is split). */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}
