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
import { open, stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { Dataset } from '../../../src-shared/data/dataset';
import { needsNeutralising } from '../../../src-shared/data/formula-cells';
import { decodeField, InputDecoder } from '../../../src-shared/data/csv/records';
import type { TextEncodingName } from '../../../src-shared/data/csv/text';
import { CsvTokenizer, type FieldSink } from '../../../src-shared/data/csv/tokenizer';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Predictions } from '../predict/predict';
import type { PredictionColumn } from '../predict/prediction-columns';
import { writeFileAtomically, type OpenSink } from '../files/atomic-file';
import { ByteBuffer, writeNumberCell, writeTextCell, writeTextString } from './cells';
import { NUMBER_WORKER_MIN_ROWS, NumberTexts } from './number-texts';
import { TAIL_MIN_BYTES, TailCopy, type TailMeeting } from './tail-copy';
import type { TailColumn } from '../../workers/export-worker';
import { MAX_NUMBER_TEXT } from '../../../src-shared/data/number-text';

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
  /** Tests only: false sends every record through the tokenizer (no raw line copies); same bytes either way. */
  readonly rawCopy?: boolean;
  /** Export the file's last part on a worker thread (default: files of 16 MiB or more); same bytes either way. */
  readonly tailWorker?: boolean;
  /** Tests only: the smallest file the tail worker takes (default 16 MiB). */
  readonly tailMinBytes?: number;
  /** Tests only: let the tail worker finish before the main thread starts (so their meeting is exercised). */
  readonly tailFirst?: boolean;
  /** Work started ahead by prepareExport(source) while the predictions were computed (taken by this export). */
  readonly prepared?: ExportPreparation;
  /** Format numbers on a worker thread too (default: for 100,000 rows or more); same bytes either way. */
  readonly numberWorker?: boolean;
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

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const SPACE = 0x20;
const READ_BYTES = 1 << 20;
const FLUSH_BYTES = 1 << 20;
/** The tail worker's part is written in pieces of this size. */
const JOINED_PIECE_BYTES = 8 << 20;

/** The values on shared memory (for a worker): themselves when they already are, else a copy. */
function sharedCopy<T extends Float64Array | Int32Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = (values instanceof Float64Array ? new Float64Array(new SharedArrayBuffer(values.byteLength)) : new Int32Array(new SharedArrayBuffer(values.byteLength))) as T;
  copy.set(values);
  return copy;
}

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
  /** Records still to skip before the data (the header, an Excel `sep=` line). */
  skip: number;
  row = 0;
  /** Physical lines copied without the tokenizer seeing them: added to its line numbers in messages. */
  lineOffset = 0;
  readonly classCells: (Uint8Array[] | null)[];
  /** Most bytes one row's predictions take, with their commas and the line end. */
  readonly predictionBytes: number;
  /** Number texts a worker formats ahead (null: format them here). */
  texts: NumberTexts | null = null;
  /** For each prediction column, its index among the number columns (−1 for a class column). */
  private readonly numberIndex: number[];

  constructor(
    private readonly out: ByteBuffer,
    private readonly include: readonly boolean[],
    private readonly predictions: readonly PredictionColumn[],
    private readonly rows: number,
    private readonly tokenEncoding: 'utf-8' | 'windows-1252',
    private readonly neutralise: boolean,
    skip: number,
    private readonly path: string,
  ) {
    this.skip = skip;
    // Class labels are the same few texts on every row: encode each once.
    this.classCells = predictions.map((p) => {
      if (p.kind !== 'class') return null;
      return p.classes.map((label) => {
        const cell = new ByteBuffer(64);
        writeTextString(cell, label, neutralise);
        return cell.take().slice();
      });
    });
    this.predictionBytes = 1 + this.classCells.reduce((sum, cells) => sum + 1 + (cells ? Math.max(0, ...cells.map((c) => c.length)) : MAX_NUMBER_TEXT), 0);
    let q = 0;
    this.numberIndex = predictions.map((p) => (p.kind === 'number' ? q++ : -1));
  }

  field(bytes: Uint8Array, start: number, end: number): void {
    const c = this.col++;
    if (this.skip > 0 || c >= this.include.length || !this.include[c]) return;
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
    if (this.skip > 0) {
      this.skip--;
      this.col = 0;
      return;
    }
    // A short row (the loader read its last cells as missing): empty cells keep the columns aligned.
    for (let c = this.col; c < cols; c++) if (this.include[c] && this.written++ > 0) out.byte(COMMA);
    const r = this.row++;
    if (r >= this.rows) {
      const at = line + this.lineOffset;
      throw new AppFailure({
        kind: 'export/source-changed',
        message: `${this.path} has more rows than when it was loaded (line ${at} is row ${r + 1}; ${this.rows} were loaded). Load the file again.`,
        file: this.path,
        line: at,
      });
    }
    this.written = this.appendPredictions(r, this.written);
    out.byte(LF);
    this.col = 0;
    this.written = 0;
  }

  /**
   * Append row `r`'s prediction cells, each after a comma unless it is the row's first cell
   * (`written` cells are in the row so far); returns the new count.
   */
  appendPredictions(r: number, written: number): number {
    const out = this.out;
    const preds = this.predictions;
    for (let p = 0; p < preds.length; p++) {
      if (written++ > 0) out.byte(COMMA);
      const column = preds[p];
      if (column.kind === 'number') {
        const texts = this.texts;
        if (texts === null || !texts.copy(out, r, this.numberIndex[p])) writeNumberCell(out, column.values[r]);
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
    return written;
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
 *
 * Two ways, same bytes. Record by record: the loader's tokenizer hands each field to RowWriter, which
 * re-quotes it as needed. Raw copy (UTF-8 text, ',' delimiter, all columns): a line whose bytes are
 * exactly what RowWriter would write for it — no quote, no CR but in a final \r\n (written as \n), as many
 * fields as columns, no field with a space at either end, none that would be neutralised — is copied as
 * it is, in the same pass that checks it, and its predictions appended; any other line goes through the
 * tokenizer.
 */
class CsvExporter {
  readonly out = new ByteBuffer(2 * FLUSH_BYTES);
  private readonly decoder: InputDecoder;
  private readonly writer: RowWriter;
  private readonly tokenizer: CsvTokenizer;
  /** Lines may be copied as they are (see the class comment). */
  readonly rawCopy: boolean;
  private readonly cols: number;
  private readonly neutralise: boolean;

  constructor(
    private readonly source: Dataset & { readonly path?: string },
    predictions: Predictions,
    plan: ExportPlan,
    rawCopy = true,
  ) {
    const out = this.out;
    plan.header.forEach((name, k) => {
      if (k > 0) out.byte(COMMA);
      writeTextString(out, name, plan.neutralise);
    });
    out.byte(LF);
    this.decoder = new InputDecoder(source.encoding as TextEncodingName);
    const where = source.path || 'the dataset';
    const skip = source.recordsBeforeData ?? (source.header ? 1 : 0);
    this.writer = new RowWriter(out, plan.include, predictions.columns, source.rows, this.decoder.tokenEncoding, plan.neutralise, skip, where);
    this.tokenizer = new CsvTokenizer(source.delimiter, this.writer);
    this.cols = plan.include.length;
    this.neutralise = plan.neutralise;
    this.rawCopy = rawCopy && this.decoder.tokenEncoding === 'utf-8' && source.delimiter === ',' && this.cols > 0 && plan.include.every((x) => x);
  }

  /** Data rows written so far. */
  get rowsWritten(): number {
    return this.writer.row;
  }

  /** Data rows whose original line was copied as it is. */
  copiedRows = 0;

  /** The prediction columns as the tail worker takes them (on shared memory). */
  tailColumns(predictions: Predictions): TailColumn[] {
    return predictions.columns.map((c, p) =>
      c.kind === 'number' ? { kind: 'number', values: sharedCopy(c.values) } : { kind: 'class', codes: sharedCopy(c.codes), cells: this.writer.classCells[p]! },
    );
  }

  /**
   * Can the tail worker's export, starting with row `firstRow`, follow what was fed so far? Only at a
   * record start (nothing of a record pending, no quote open) with exactly that many rows written.
   */
  canJoin(firstRow: number): boolean {
    return this.rawCopy && this.writer.skip === 0 && this.tokenizer.atRecordStart && this.writer.row === firstRow;
  }

  /** `rows` more rows were exported by the tail worker (they follow all fed so far). */
  addTailRows(rows: number): void {
    this.writer.row += rows;
    this.copiedRows += rows;
    this.tailRows += rows;
  }

  /** Rows the tail worker exported. */
  tailRows = 0;

  /** Take number texts from a worker where it has them (see number-texts.ts). */
  useNumberTexts(texts: NumberTexts | null): void {
    this.writer.texts = texts;
  }

  /** Tokenize one chunk of the original file. Throws AppFailure if the file no longer matches the dataset. */
  feed(chunk: Uint8Array): void {
    this.feedDecoded(this.decoder.push(chunk));
  }

  /** Bytes the decoder gave: UTF-8 (or Windows-1252) without a byte-order mark. */
  private feedDecoded(bytes: Uint8Array): void {
    if (!this.rawCopy) {
      this.feedTokenizer(bytes);
      return;
    }
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.writer.skip === 0 && this.tokenizer.atRecordStart) {
        i = this.copyLines(bytes, i, n);
        if (i === n) break;
      }
      // One line (to its LF, or the chunk's end) through the tokenizer.
      const lf = bytes.indexOf(LF, i);
      const end = lf < 0 ? n : lf + 1;
      this.feedTokenizer(bytes.subarray(i, end));
      i = end;
    }
  }

  private feedTokenizer(bytes: Uint8Array): void {
    try {
      this.tokenizer.feed(bytes);
    } catch (e) {
      throw this.shiftLine(e);
    }
  }

  /**
   * The tokenizer's own errors ('csv/…') count only the lines it saw: add the lines copied around them.
   * (RowWriter's errors already count every line.)
   */
  private shiftLine(e: unknown): unknown {
    const offset = this.writer.lineOffset;
    if (!(e instanceof AppFailure) || !e.error.kind.startsWith('csv/') || offset === 0 || e.error.line === undefined) return e;
    const line = e.error.line;
    return new AppFailure({ ...e.error, line: line + offset, message: e.error.message.replace(`line ${line}`, `line ${line + offset}`) });
  }

  /**
   * Copy whole lines of bytes[i, n), starting at a record start, for as long as each is exactly what
   * RowWriter would write for it; return where the first other line (or an unfinished one) starts.
   */
  private copyLines(bytes: Uint8Array, i: number, n: number): number {
    const out = this.out;
    const writer = this.writer;
    const cols = this.cols;
    const neutralise = this.neutralise;
    const rows = this.source.rows;
    const room = writer.predictionBytes;
    let lines = 0;
    while (i < n) {
      const first = bytes[i];
      if (first === LF || (first === CR && i + 1 < n && bytes[i + 1] === LF)) {
        // A blank line: no record (as the tokenizer skips it).
        i += first === LF ? 1 : 2;
        lines++;
        continue;
      }
      if (writer.row >= rows) break; // the tokenizer reports the extra row
      if (out.bytes.length - out.length < room + 4096) out.reserve(room + (1 << 16));
      const dst = out.bytes;
      let pos = out.length;
      // Bytes this line may copy before the predictions' room is at risk.
      const limit = Math.min(n, i + (dst.length - pos - room));
      let p = i;
      let start = i;
      let fields = 1;
      let copied = false;
      // 1 when the line ends with \r\n (written as \n, as RowWriter does).
      let cr = 0;
      for (;;) {
        if (p === limit) break;
        const c = bytes[p];
        // Digits, letters, '.', '-' … (everything above ','): copied with one test, the common case.
        if (c > COMMA) {
          dst[pos++] = c;
          p++;
          continue;
        }
        if (c !== COMMA && c !== LF) {
          if (c === QUOTE) break;
          if (c !== CR) {
            dst[pos++] = c;
            p++;
            continue;
          }
          if (p + 1 === limit || bytes[p + 1] !== LF) break; // a lone \r (or one the chunk splits off its \n)
          cr = 1;
        }
        // The field bytes[start, p) as RowWriter writes it: unquoted, no apostrophe.
        if (p > start) {
          const first = bytes[start];
          if (first === SPACE || bytes[p - 1] === SPACE) break;
          if (neutralise && needsNeutralising(bytes, start, p)) break;
        }
        if (c !== COMMA) {
          copied = fields === cols;
          break;
        }
        dst[pos++] = COMMA;
        p++;
        start = p;
        fields++;
      }
      if (!copied) {
        if (p === limit && limit < n) {
          // A long line: more room, then this line again.
          out.reserve(2 * (limit - i) + room + (1 << 16));
          continue;
        }
        break;
      }
      out.length = pos;
      this.copiedRows++;
      writer.appendPredictions(writer.row++, cols);
      out.byte(LF);
      i = p + 1 + cr;
      lines++;
    }
    writer.lineOffset += lines;
    return i;
  }

  /** End of the original file: the last record, and a check that every row was there. */
  finish(): Result<void> {
    try {
      const rest = this.decoder.finish();
      if (rest.length > 0) this.feedDecoded(rest);
      try {
        this.tokenizer.finish();
      } catch (e) {
        throw this.shiftLine(e);
      }
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
      const exporter = new CsvExporter(source, predictions, plan.value, options.rawCopy ?? true);
      // The file's last part, read ahead by prepareExport or now; the main thread does not wait for it.
      let tailBytes: Promise<TailBytes | null> | null = null;
      if (options.tailWorker !== false && exporter.rawCopy) tailBytes = prepared ?? readTail(source, options.tailMinBytes ?? TAIL_MIN_BYTES);
      else discardTail(prepared);
      const tail = tailBytes === null ? null : tailBytes.then((t) => startTailCopy(t, exporter, predictions, plan.value, rows));
      if (tail !== null && options.tailFirst) await (await tail)?.finished;
      const numberColumns = predictions.columns.flatMap((c) => (c.kind === 'number' ? [c.values] : []));
      const texts = tail === null && (options.numberWorker ?? rows >= NUMBER_WORKER_MIN_ROWS) ? NumberTexts.start(numberColumns, rows) : null;
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

/** The file's last part on shared memory (from file offset `base` to the end), and the worker started to export it. */
interface TailBytes {
  readonly worker: Worker;
  readonly bytes: Uint8Array;
  readonly base: number;
}

/** Give the tail worker its job (the bytes and this export's prediction columns); null if there is none or that fails. */
function startTailCopy(t: TailBytes | null, exporter: CsvExporter, predictions: Predictions, plan: ExportPlan, rows: number): TailCopy | null {
  if (t === null) return null;
  try {
    return TailCopy.start(t.worker, t.bytes, t.base, rows, plan.include.length, plan.neutralise, exporter.tailColumns(predictions));
  } catch {
    void t.worker.terminate().catch(() => undefined);
    return null;
  }
}

/** Stop a prepared tail's worker that will not be used. */
function discardTail(tail: Promise<TailBytes | null> | null): void {
  void tail?.then((t) => t?.worker.terminate().catch(() => undefined));
}

/**
 * Work an export can do before its predictions exist (see prepareExport): the tail worker started and the
 * file's last part read. Give it to exportPredictions as `prepared`, and dispose() it when done either way.
 */
export class ExportPreparation {
  private used = false;

  constructor(
    private readonly source: ExportSource,
    private readonly tail: Promise<TailBytes | null>,
  ) {}

  /** The prepared tail, for an export of the same source, once; null otherwise. */
  take(source: ExportSource): Promise<TailBytes | null> | null {
    if (this.used || source !== this.source) return null;
    this.used = true;
    return this.tail;
  }

  /** Has an export taken it (or dispose() ended it)? */
  get taken(): boolean {
    return this.used;
  }

  /** Stop the worker if no export took it. */
  dispose(): void {
    if (this.used) return;
    this.used = true;
    discardTail(this.tail);
  }
}

/**
 * Start what an export of `source` can start before the predictions are known, so it runs on two threads
 * from its first moment: for a big UTF-8 comma file, the tail worker (it loads its code) and the read of
 * the file's last part. Costs nothing when the export would not use a worker. Same bytes either way.
 */
export function prepareExport(source: ExportSource, options: Pick<ExportOptions, 'tailMinBytes'> = {}): ExportPreparation {
  const eligible = source.encoding === 'utf-8' && source.delimiter === ',' && source.columns.length > 0;
  return new ExportPreparation(source, eligible ? readTail(source, options.tailMinBytes ?? TAIL_MIN_BYTES) : Promise.resolve(null));
}

/**
 * For a big UTF-8 file: start the tail worker, then read the file's last part (tail-copy.ts says where it
 * starts) while the worker loads its code. Null when the file is too small or anything fails (the main
 * thread then does it all).
 */
async function readTail(source: ExportSource, minBytes: number): Promise<TailBytes | null> {
  if (source.encoding !== 'utf-8' || source.rows === 0) return null;
  let size: number;
  try {
    size = source.content ? source.content.length : (await stat(source.path)).size;
  } catch {
    return null;
  }
  const base = TailCopy.tailStart(size, minBytes);
  if (base === null || base < 3) return null;
  const worker = TailCopy.startWorker();
  if (worker === null) return null;
  let read = false;
  try {
    const bytes = new Uint8Array(new SharedArrayBuffer(size - base));
    if (source.content) {
      bytes.set(source.content.subarray(base));
    } else {
      const handle = await open(source.path, 'r');
      try {
        for (let at = 0; at < bytes.length; ) {
          const { bytesRead } = await handle.read(bytes, at, bytes.length - at, base + at);
          if (bytesRead === 0) return null; // shorter than it was: the main thread will say so
          at += bytesRead;
        }
      } finally {
        await handle.close();
      }
    }
    read = true;
    return { worker, bytes, base };
  } catch {
    return null;
  } finally {
    if (!read) void worker.terminate().catch(() => undefined);
  }
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
export function predictionsCsvFromBytes(source: Dataset, content: Uint8Array, predictions: Predictions, options: Pick<ExportOptions, 'columns' | 'keepFormulas' | 'rawCopy' | 'chunkBytes'> = {}): Result<{ readonly csv: string; readonly rows: number }> {
  const plan = planExport(source, predictions, options);
  if (!plan.ok) return plan;
  const exporter = new CsvExporter(source, predictions, plan.value, options.rawCopy ?? true);
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

/** Bytes as text (the exporter only ever writes whole UTF-8 cells, so no character is split). */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/** The original file's bytes: from memory when the source carries them, else read from its path. */
async function* sourceChunks(source: ExportSource, chunkBytes: number): AsyncGenerator<Uint8Array> {
  if (source.content) {
    for (let at = 0; at < source.content.length; at += chunkBytes) yield source.content.subarray(at, Math.min(source.content.length, at + chunkBytes));
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
  // Two buffers take turns: the next read runs while the caller works on the chunk just yielded.
  const buffers = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)];
  const read = (into: Uint8Array): Promise<number> =>
    handle.read(into, 0, into.length, null).then(
      (r) => r.bytesRead,
      (e: Error) => {
        throw new AppFailure({ kind: 'io/unreadable', message: `Cannot re-read ${source.path}: ${e.message}`, file: source.path });
      },
    );
  let pending: Promise<number> | null = null;
  try {
    pending = read(buffers[0]);
    for (let turn = 0; ; turn ^= 1) {
      const bytesRead = await pending;
      pending = null;
      if (bytesRead === 0) return;
      pending = read(buffers[turn ^ 1]);
      pending.catch(() => undefined);
      yield buffers[turn].subarray(0, bytesRead);
    }
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
