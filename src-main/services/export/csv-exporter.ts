/**
 * The export's byte engine: turns the original file's bytes, chunk by chunk, into the export CSV's bytes
 * (see the class comment), for exportPredictions and predictionsCsvFromBytes alike.
 */
import type { Dataset } from '../../../src-shared/data/dataset';
import { needsNeutralising } from '../../../src-shared/data/formula-cells';
import { InputDecoder } from '../../../src-shared/data/csv/records';
import type { TextEncodingName } from '../../../src-shared/data/csv/text';
import { CsvTokenizer } from '../../../src-shared/data/csv/tokenizer';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import type { Predictions } from '../predict/predict';
import type { TailColumn } from '../../workers/export-worker';
import type { PredictionColumn } from '../../../src-shared/jobs/prediction-columns';
import { ByteBuffer, writeTextString } from './cells';
import type { ExportPlan } from './export-plan';
import type { NumberTexts } from './number-texts';
import { RowWriter } from './row-writer';
import { packCells, type NativeExport, type NativeExportColumn } from '../../native/native-export';

/** What the exporter needs of the dataset: how its file is written, its rows, and the file (for messages). */
export type ExportFormat = Pick<Dataset, 'rows' | 'encoding' | 'delimiter' | 'header' | 'recordsBeforeData'> & { readonly path?: string };

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const SPACE = 0x20;
/** The output is handed on once about this many bytes are ready. */
export const FLUSH_BYTES = 1 << 20;

/** The values on shared memory (for a worker): themselves when they already are, else a copy. */
function sharedCopy<T extends Float64Array | Int32Array>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = (values instanceof Float64Array ? new Float64Array(new SharedArrayBuffer(values.byteLength)) : new Int32Array(new SharedArrayBuffer(values.byteLength))) as T;
  copy.set(values);
  return copy;
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
export class CsvExporter {
  readonly out = new ByteBuffer(2 * FLUSH_BYTES);
  private readonly decoder: InputDecoder;
  private readonly writer: RowWriter;
  private readonly tokenizer: CsvTokenizer;
  /** Lines may be copied as they are (see the class comment). */
  readonly rawCopy: boolean;
  private readonly cols: number;
  private readonly neutralise: boolean;

  /** Data rows the export has (or, streaming, has predictions for so far). */
  private rows: number;

  constructor(
    private readonly source: ExportFormat,
    predictions: { readonly columns: readonly PredictionColumn[] },
    plan: ExportPlan,
    rawCopy = true,
    /** The native line copy (native-export.ts), or null for the JavaScript one; same bytes. */
    private readonly native: NativeExport | null = null,
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
    this.rows = source.rows;
    this.writer = new RowWriter(out, plan.include, predictions.columns, source.rows, this.decoder.tokenEncoding, plan.neutralise, skip, where);
    this.tokenizer = new CsvTokenizer(source.delimiter, this.writer);
    this.cols = plan.include.length;
    this.neutralise = plan.neutralise;
    this.rawCopy = rawCopy && this.decoder.tokenEncoding === 'utf-8' && source.delimiter === ',' && this.cols > 0 && plan.include.every((x) => x);
  }

  /**
   * Streaming: the predictions of rows [rowBase, rowEnd) only (RowWriter.window); the bytes fed next must end
   * no later than row rowEnd − 1's record (the file's rows so far are rowEnd).
   */
  window(columns: readonly PredictionColumn[], rowBase: number, rowEnd: number): void {
    this.rows = rowEnd;
    this.nativeColumns = null;
    this.writer.window(columns, rowBase, rowEnd);
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
    if (this.native !== null) return this.copyLinesNatively(this.native, bytes, i, n);
    const out = this.out;
    const writer = this.writer;
    const cols = this.cols;
    const neutralise = this.neutralise;
    const rows = this.rows;
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

  /** The prediction columns as exportLines takes them (for the current window), made when first needed. */
  private nativeColumns: NativeExportColumn[] | null = null;
  private readonly nativeResult = new Float64Array(5);

  /** copyLines in native code (native/src/export-lines.cpp): the same lines copied, the same bytes. */
  private copyLinesNatively(native: NativeExport, bytes: Uint8Array, i: number, n: number): number {
    const writer = this.writer;
    const { predictions, rowBase } = writer.current;
    const columns = (this.nativeColumns ??= predictions.map((c, p): NativeExportColumn => {
      if (c.kind === 'number') return c.values;
      const { cells, starts } = packCells(writer.classCells[p]!);
      return [c.codes, cells, starts];
    }));
    const out = this.out;
    const result = this.nativeResult;
    for (;;) {
      native.exportLines(bytes, i, n, out.bytes, out.length, this.cols, this.neutralise, writer.row, this.rows, rowBase, columns, result);
      i = result[0];
      out.length = result[1];
      this.copiedRows += result[2] - writer.row;
      writer.row = result[2];
      writer.lineOffset += result[3];
      if (result[4] === 0) return i;
      out.reserve(out.bytes.length); // a long line: twice the room, then on from it
    }
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
    const rows = this.rows;
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
