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
 */
import { open, stat } from 'node:fs/promises';
import type { Dataset } from '../../../src-shared/data/dataset';
import { decodeField, InputDecoder } from '../../../src-shared/data/records';
import type { TextEncodingName } from '../../../src-shared/data/text';
import { CsvTokenizer, type FieldSink } from '../../../src-shared/data/tokenizer';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Predictions } from '../predict/predict';
import type { PredictionColumn } from '../predict/prediction-columns';
import { writeFileAtomically, type OpenSink } from './atomic-file';
import { ByteBuffer, writeNumberCell, writeTextCell, writeTextString } from './cells';

/** The dataset to copy cells from: as loaded, plus the file it was loaded from. */
export type ExportSource = Dataset & {
  /** The file the dataset was loaded from ('' for an upload: then `content` is required). */
  readonly path: string;
  /** Its size when loaded: a different size now means the file changed, and the export stops. */
  readonly bytes?: number;
  /** The original bytes, when they are in memory (an upload); otherwise the file is re-read. */
  readonly content?: Uint8Array;
};

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
}

export interface ExportSummary {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  /** The header row written. */
  readonly header: string[];
  readonly seconds: number;
}

const LF = 0x0a;
const COMMA = 0x2c;
const READ_BYTES = 1 << 20;
const FLUSH_BYTES = 1 << 20;

/** Names made distinct from `taken` by a suffix _2, _3 … */
function distinctFrom(names: readonly string[], taken: readonly string[]): string[] {
  const used = new Set(taken);
  return names.map((name) => {
    let candidate = name;
    for (let k = 2; used.has(candidate); k++) candidate = `${name}_${k}`;
    used.add(candidate);
    return candidate;
  });
}

/** Copies the original cells of each record and appends that row's predictions. */
class RowWriter implements FieldSink {
  private col = 0;
  private written = 0;
  private skipHeader: boolean;
  row = 0;
  private readonly classCells: (Uint8Array[] | null)[];

  constructor(
    private readonly out: ByteBuffer,
    private readonly include: readonly boolean[],
    private readonly predictions: readonly PredictionColumn[],
    private readonly rows: number,
    private readonly tokenEncoding: 'utf-8' | 'windows-1252',
    private readonly neutralise: boolean,
    header: boolean,
    private readonly path: string,
  ) {
    this.skipHeader = header;
    // Class labels are the same few texts on every row: encode each once.
    this.classCells = predictions.map((p) => {
      if (p.kind !== 'class') return null;
      return p.classes.map((label) => {
        const cell = new ByteBuffer(64);
        writeTextString(cell, label, neutralise);
        return cell.take().slice();
      });
    });
  }

  field(bytes: Uint8Array, start: number, end: number): void {
    const c = this.col++;
    if (this.skipHeader || c >= this.include.length || !this.include[c]) return;
    const out = this.out;
    if (this.written++ > 0) out.byte(COMMA);
    if (this.tokenEncoding === 'utf-8') {
      writeTextCell(out, bytes, start, end, this.neutralise);
    } else {
      writeTextString(out, decodeField(bytes, start, end, this.tokenEncoding), this.neutralise);
    }
  }

  endRecord(line: number): void {
    const out = this.out;
    const cols = this.include.length;
    if (this.skipHeader) {
      this.skipHeader = false;
      this.col = 0;
      return;
    }
    // A short row (the loader read its last cells as missing): empty cells keep the columns aligned.
    for (let c = this.col; c < cols; c++) if (this.include[c] && this.written++ > 0) out.byte(COMMA);
    const r = this.row++;
    if (r >= this.rows) {
      throw new AppFailure({
        kind: 'export/source-changed',
        message: `${this.path} has more rows than when it was loaded (line ${line} is row ${r + 1}; ${this.rows} were loaded). Load the file again.`,
        file: this.path,
        line,
      });
    }
    const preds = this.predictions;
    for (let p = 0; p < preds.length; p++) {
      if (this.written++ > 0) out.byte(COMMA);
      const column = preds[p];
      if (column.kind === 'number') {
        writeNumberCell(out, column.values[r]);
      } else {
        const code = column.codes[r];
        if (code >= 0) {
          const cell = this.classCells[p]![code];
          out.reserve(cell.length);
          out.bytes.set(cell, out.length);
          out.length += cell.length;
        }
      }
    }
    out.byte(LF);
    this.col = 0;
    this.written = 0;
  }
}

/** What an export writes, decided once: which original columns, the header, whether to neutralise. */
interface ExportPlan {
  readonly include: boolean[];
  readonly header: string[];
  readonly neutralise: boolean;
}

function planExport(source: Dataset, predictions: Predictions, options: ExportOptions): Result<ExportPlan> {
  const names = source.columns.map((c) => c.name);
  let include = names.map(() => true);
  if (options.columns) {
    for (const name of options.columns) {
      if (!names.includes(name)) {
        return err({ kind: 'export/unknown-column', message: `The dataset has no column '${name}' to export.`, column: name });
      }
    }
    const wanted = new Set(options.columns);
    include = names.map((n) => wanted.has(n));
  }
  if (predictions.rows !== source.rows) {
    return err({ kind: 'export/mismatch', message: `The predictions have ${predictions.rows} rows but the dataset ${source.rows}.` });
  }
  const kept = names.filter((_, c) => include[c]);
  const header = [...kept, ...distinctFrom(predictions.columns.map((p) => p.name), kept)];
  return ok({ include, header, neutralise: !options.keepFormulas });
}

/**
 * Turns the original file's bytes, chunk by chunk, into the export CSV's bytes in `out`
 * (the caller takes them out as often as it likes).
 */
class CsvExporter {
  readonly out = new ByteBuffer(2 * FLUSH_BYTES);
  private readonly decoder: InputDecoder;
  private readonly writer: RowWriter;
  private readonly tokenizer: CsvTokenizer;

  constructor(
    private readonly source: Dataset & { readonly path?: string },
    predictions: Predictions,
    plan: ExportPlan,
  ) {
    const out = this.out;
    plan.header.forEach((name, k) => {
      if (k > 0) out.byte(COMMA);
      writeTextString(out, name, plan.neutralise);
    });
    out.byte(LF);
    this.decoder = new InputDecoder(source.encoding as TextEncodingName);
    const where = source.path || 'the dataset';
    this.writer = new RowWriter(out, plan.include, predictions.columns, source.rows, this.decoder.tokenEncoding, plan.neutralise, source.header, where);
    this.tokenizer = new CsvTokenizer(source.delimiter, this.writer);
  }

  /** Data rows written so far. */
  get rowsWritten(): number {
    return this.writer.row;
  }

  /** Tokenize one chunk of the original file. Throws AppFailure if the file no longer matches the dataset. */
  feed(chunk: Uint8Array): void {
    this.tokenizer.feed(this.decoder.push(chunk));
  }

  /** End of the original file: the last record, and a check that every row was there. */
  finish(): Result<void> {
    try {
      const rest = this.decoder.finish();
      if (rest.length > 0) this.tokenizer.feed(rest);
      this.tokenizer.finish();
    } catch (e) {
      if (e instanceof AppFailure) return err(e.error);
      throw e;
    }
    const rows = this.source.rows;
    if (this.writer.row !== rows) {
      const where = this.source.path || 'the dataset';
      return err({
        kind: 'export/source-changed',
        message: `${where} has ${this.writer.row} data rows now but had ${rows} when it was loaded. Load it again.`,
        ...(this.source.path ? { file: this.source.path } : {}),
      });
    }
    return ok(undefined);
  }
}

const CANCELLED = { kind: 'job/cancelled', message: 'The export was cancelled.' } as const;

/**
 * Write `predictions` beside the original columns of `source` to `outPath` (see the file comment).
 * The original cells are re-read from `source.content` if given (an upload), else from `source.path`.
 * Errors: 'export/unknown-column', 'export/would-overwrite-input', 'export/source-changed', 'io/…',
 * 'job/cancelled'. Nothing is left behind on failure.
 */
export async function exportPredictions(source: ExportSource, predictions: Predictions, outPath: string, options: ExportOptions = {}): Promise<Result<ExportSummary>> {
  const started = performance.now();
  const plan = planExport(source, predictions, options);
  if (!plan.ok) return plan;
  const rows = source.rows;
  const protect = [...(source.path ? [source.path] : []), ...(options.protect ?? [])];
  const written = await writeFileAtomically(
    outPath,
    async (write) => {
      const exporter = new CsvExporter(source, predictions, plan.value);
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
        for await (const chunk of sourceChunks(source)) {
          if (options.signal?.aborted) {
            await inFlight.catch(() => undefined);
            return err(CANCELLED);
          }
          exporter.feed(chunk);
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
      const finished = exporter.finish();
      if (!finished.ok) {
        await inFlight.catch(() => undefined);
        return finished;
      }
      await flush();
      await inFlight;
      options.onProgress?.(rows, rows);
      return ok(undefined);
    },
    { protect, ...(options.openSink ? { openSink: options.openSink } : {}) },
  );
  if (!written.ok) return written;
  return ok({ path: written.value.path, rows, bytes: written.value.bytes, header: plan.value.header, seconds: (performance.now() - started) / 1000 });
}

/**
 * The same CSV as exportPredictions writes, as text in memory (for a browser download), from the
 * original file's bytes. Synchronous; meant for datasets whose bytes are at hand (uploads).
 */
export function predictionsCsvFromBytes(source: Dataset, content: Uint8Array, predictions: Predictions, options: Pick<ExportOptions, 'columns' | 'keepFormulas'> = {}): Result<{ readonly csv: string; readonly rows: number }> {
  const plan = planExport(source, predictions, options);
  if (!plan.ok) return plan;
  const exporter = new CsvExporter(source, predictions, plan.value);
  const parts: string[] = [];
  try {
    for (let at = 0; at < content.length; at += READ_BYTES) {
      exporter.feed(content.subarray(at, Math.min(content.length, at + READ_BYTES)));
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

/** Bytes as text (the exporter only ever writes whole UTF-8 cells, so no character is split). */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/** The original file's bytes: from memory when the source carries them, else read from its path. */
async function* sourceChunks(source: ExportSource): AsyncGenerator<Uint8Array> {
  if (source.content) {
    for (let at = 0; at < source.content.length; at += READ_BYTES) yield source.content.subarray(at, Math.min(source.content.length, at + READ_BYTES));
    return;
  }
  let handle;
  try {
    if (source.bytes !== undefined) {
      const info = await stat(source.path);
      if (info.size !== source.bytes) {
        throw new AppFailure({
          kind: 'export/source-changed',
          message: `${source.path} changed since it was loaded (${source.bytes} bytes then, ${info.size} now). Load it again.`,
          file: source.path,
        });
      }
    }
    handle = await open(source.path, 'r');
  } catch (e) {
    if (e instanceof AppFailure) throw e;
    throw new AppFailure({ kind: 'io/unreadable', message: `Cannot re-read ${source.path} to copy its columns: ${(e as Error).message}`, file: source.path });
  }
  try {
    const chunk = new Uint8Array(READ_BYTES);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(chunk, 0, READ_BYTES, null));
      } catch (e) {
        throw new AppFailure({ kind: 'io/unreadable', message: `Cannot re-read ${source.path}: ${(e as Error).message}`, file: source.path });
      }
      if (bytesRead === 0) return;
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
