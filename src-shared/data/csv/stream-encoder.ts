/**
 * Reading a CSV for a model without loading it: the tokenizer's sink that keeps only the model's input
 * columns, already in the model's terms, one batch of rows at a time (a few MiB of the file), so a file of
 * any size is predicted in bounded memory.
 *
 * It reads every cell exactly as the loader (segment-builder.ts, column-plan.ts) would and encodes it as encodeRows would on the
 * loaded dataset, so the predictions are the same bits:
 *   numeric input      a number cell is its value; anything else (text, missing token, ±Infinity) is missing
 *                      (the loader reads the few text cells of a numeric column as missing)
 *   categorical input  a cell's label is its trimmed text as written (the loader keeps numbers' texts in
 *                      categorical columns), stored as its position among the model's categories, −1 for a
 *                      category the model never saw; missing tokens and ±Infinity are missing
 * What the loader decides on a whole column (its type) is checked at the end, on counts kept in passing:
 * finish() gives the loader's 'predict/wrong-column-type' error (via planEncoding) when the whole column would
 * not have been numeric (numeric input) or would have been numeric or dates (categorical input). The
 * distinct texts for the date test are kept up to MAX_DISTINCT per column; a column with more is taken as
 * not dates. Rows with too many or too few fields fail as the loader fails them ('csv/ragged-row').
 *
 * A date-part input's column: each text cell is read as a date: ISO and dd.mm.yyyy as written, slashed dates
 * month-first unless the first part is over 12. The loader decides day-first or month-first on the whole column, so
 * finish() refuses a column the loader would read day-first after some cells were read month-first
 * ('predict/ambiguous-dates'): such a file is predicted after loading it, or with ISO dates.
 *
 * Plain numeric records (csv-kernels.ts) are read in bulk by the loader's native reader when the caller has it and
 * every input is numeric: the same cells, bit for bit, as the tokenizer's path; anything unusual goes to the tokenizer.
 *
 * Column statistics and categories come from the model file (InputSpec), never from the data.
 */
import { specColumn, type InputSpec } from '../../model-file/types';
import { AppFailure, err, ok, type Result } from '../../result';
import type { ColumnInfo, ColumnType, DatasetMatrix } from '../dataset';
import { detectDateFormat, parseDate } from '../dates';
import { planEncoding, type EncodePlan } from '../encode';
import { CELL_MISSING, CELL_NUMBER, CELL_TEXT, NumberParser } from './number';
import { decodeUtf8, decodeWindows1252 } from './text';
import { parseInFormat, type NumberFormat } from './number-formats';
import type { FieldSink } from './tokenizer';
import type { NumericRowScanner } from './csv-kernels';
import { tooFewFields, tooManyFields } from './ragged-row';
import { MAX_CATEGORIES, MAX_TEXT_SHARE_IN_NUMERIC } from './column-plan';

/** The file's format, as sniffed (sniff.ts). */
export interface StreamFormat {
  readonly names: readonly string[];
  readonly header: boolean;
  readonly decimal: '.' | ',';
  readonly tokenEncoding: 'utf-8' | 'windows-1252';
  /** Records before the header (an Excel `sep=` line, comment and title lines). */
  readonly skipRecords: number;
  /** Per column, a number format of its own (Sniffed.numberFormats): its cells are read as the loader reads them. */
  readonly numberFormats?: readonly (NumberFormat | null)[];
}

/** The loader's reader beside the encoder (StreamEncoder.shadow): every field, or plain numeric records counted. */
export interface ShadowSink extends FieldSink {
  /** `rows` plain numeric records (csv-kernels.ts) from line `line` on, read in bulk by the encoder. */
  plainRows(rows: number, line: number): void;
  /** Whether plainRows may be called now (else the encoder reads on field by field). */
  readonly plainRowsWelcome: boolean;
}

/** The bulk reader of plain numeric records (csv-kernels.ts) and the file's delimiter, when the caller has it. */
export interface StreamBulk {
  readonly scan: NumericRowScanner;
  readonly delimiter: string;
}

/** Records the bulk reader reads into its scratch cells at a time. */
const BULK_ROWS = 2048;

/** Distinct texts kept per input column for the end-of-file date test. */
const MAX_DISTINCT = 10_000;

/** What one input column showed so far: enough to type the whole column at the end as the loader would. */
interface ColumnCounts {
  numbers: number;
  textCells: number;
  /** Distinct labels: texts, and (categorical inputs) numbers' texts. */
  readonly distinct: Set<string>;
  /** Distinct texts of text cells only (for the date test), up to MAX_DISTINCT. */
  readonly texts: Set<string>;
  /** Numeric inputs: distinct numbers, up to one more than a categorical column may have labels. */
  readonly values: Set<number>;
  capped: boolean;
  /** Slashed dates read month-first with both parts ≤ 12 (day-first would read them otherwise). */
  ambiguousDates: number;
}

/** The model's inputs matched to the file's columns, and the batch matrix layout (input columns only). */
export interface StreamPlan {
  /** Over the batch matrix: `column` indexes the compact input columns. */
  readonly plan: EncodePlan;
  /** File column → compact column (−1: not an input). */
  readonly compactOf: Int32Array;
  /** Compact column → file column. */
  readonly fileColumn: readonly number[];
}

/**
 * Match `specs` to the file's column names (the loader's errors: missing, ambiguous column, bad scale),
 * with categorical inputs' categories taken from the model.
 */
export function planStream(specs: readonly InputSpec[], names: readonly string[]): Result<StreamPlan> {
  const planned = planEncoding(specs, modelColumns(specs, names, () => null));
  if (!planned.ok) return planned;
  const fileColumn = [...new Set(planned.value.inputs.map((i) => i.column))].sort((a, b) => a - b);
  const compactOf = new Int32Array(names.length).fill(-1);
  fileColumn.forEach((c, k) => (compactOf[c] = k));
  const inputs = planned.value.inputs.map((input) =>
    input.kind === 'number'
      ? { ...input, column: compactOf[input.column] }
      : { ...input, column: compactOf[input.column], slotOfCode: Int32Array.from({ length: input.width }, (_, s) => s) },
  );
  return ok({ plan: { width: planned.value.width, inputs }, compactOf, fileColumn });
}

/** ColumnInfo for planEncoding: each column of the type `typeOf` gives (else what its spec expects). */
function modelColumns(specs: readonly InputSpec[], names: readonly string[], typeOf: (c: number) => ColumnType | null): ColumnInfo[] {
  const specOf = new Map(specs.map((s) => [specColumn(s), s]));
  return names.map((name, c) => {
    const spec = specOf.get(name);
    const type = typeOf(c) ?? (spec?.date ? 'date' : spec?.categories ? 'categorical' : 'numeric');
    return { name, type, missing: 0, min: null, max: null, mean: null, std: null, ...(spec?.categories ? { categories: [...spec.categories] } : {}) };
  });
}

/** A date cell as ms (dates.ts): ISO, dd.mm.yyyy, or slashed month-first unless its first part is over 12. */
function readDateCell(text: string, counts: ColumnCounts): number | null {
  const iso = parseDate(text, 'iso') ?? parseDate(text, 'dmy-dot');
  if (iso !== null) return iso;
  const m = /^(\d{1,2})\/(\d{1,2})\//.exec(text);
  if (!m) return null;
  if (Number(m[1]) > 12) return parseDate(text, 'dmy');
  if (Number(m[2]) <= 12) counts.ambiguousDates++;
  return parseDate(text, 'mdy');
}

/** Tokenizer sink: the current batch's rows of input cells (see the file comment). */
export class StreamEncoder implements FieldSink {
  /** The tokenizer reads plain numbers with this parser (FieldSink.number). */
  readonly numberParser: NumberParser;
  /** Rows in the current batch. */
  rows = 0;
  /** Data rows before the current batch. */
  rowsBefore = 0;
  private readonly cols: number;
  private readonly width: number;
  /** Per compact column: slot of each category name (categorical inputs), or null (numeric). */
  private readonly slots: (Map<string, number> | null)[];
  /** Per compact column: 1 when it is a date column (its text cells are read as dates). */
  private readonly dates: Uint8Array;
  private readonly counts: ColumnCounts[];
  private values: Float64Array;
  private missing: Uint8Array;
  /** Buffers in turn: the batch being read, and the two before it (their forward pass and writing may still read them). */
  private readonly sets: [Float64Array, Uint8Array][];
  private turn = 0;
  private col = 0;
  private skip: number;
  private extraFields = 0;
  /** ownFormat[c] = 1 when file column c has a number format of its own (one load on the hot path). */
  private readonly ownFormat: Uint8Array;
  /** A second sink given every field and record end too (the loader's reader, for its warnings: predict-stream.ts). */
  shadow: ShadowSink | null = null;
  /** Plain numeric records in bulk (FieldSink.bulkRows): only when every input column is numeric and no column has a format of its own. */
  readonly bulkRows?: (bytes: Uint8Array, start: number, end: number, line: number) => number;
  rowsEnd = 0;
  /** stream.fileColumn, for the bulk reader's copy. */
  private readonly bulkColumns: Int32Array;

  constructor(
    private readonly format: StreamFormat,
    private readonly specs: readonly InputSpec[],
    private readonly stream: StreamPlan,
    capacityRows = 4096,
    bulk?: StreamBulk,
  ) {
    this.numberParser = new NumberParser(format.decimal === ',');
    this.cols = format.names.length;
    this.width = stream.fileColumn.length;
    const specOf = new Map(specs.map((s) => [specColumn(s), s]));
    this.slots = stream.fileColumn.map((c) => {
      const categories = specOf.get(format.names[c])?.categories;
      return categories ? new Map(categories.map((name, slot) => [name, slot])) : null;
    });
    this.dates = Uint8Array.from(stream.fileColumn, (c) => (specOf.get(format.names[c])?.date ? 1 : 0));
    this.counts = stream.fileColumn.map(() => ({ numbers: 0, textCells: 0, distinct: new Set<string>(), texts: new Set<string>(), values: new Set<number>(), capped: false, ambiguousDates: 0 }));
    this.skip = (format.header ? 1 : 0) + format.skipRecords;
    this.ownFormat = new Uint8Array(this.cols);
    format.numberFormats?.forEach((f, c) => f !== null && c < this.cols && (this.ownFormat[c] = 1));
    this.sets = [0, 1, 2].map(() => this.allocate(Math.max(16, capacityRows)));
    [this.values, this.missing] = this.sets[0];
    this.clearRow();
    this.bulkColumns = Int32Array.from(stream.fileColumn);
    if (bulk && this.slots.every((slot) => slot === null) && this.ownFormat.every((own) => own === 0)) {
      const scratch: [Float64Array, Uint8Array] = [new Float64Array(BULK_ROWS * this.cols), new Uint8Array(BULK_ROWS * this.cols)];
      this.bulkRows = this.bulk.bind(this, bulk.scan, bulk.delimiter.charCodeAt(0), scratch, new Float64Array(1));
    }
  }

  /**
   * Whole plain numeric records (csv-kernels.ts: the loader's bulk path) from bytes[start, end): their input cells stored
   * as number() and endRecord() store them, the shadow told how many (a plain number gives the loader no warning).
   */
  private bulk(scan: NumericRowScanner, delimiter: number, [vals, kinds]: [Float64Array, Uint8Array], out: Float64Array, bytes: Uint8Array, start: number, end: number, line: number): number {
    if (this.skip > 0 || this.col !== 0 || (this.shadow !== null && !this.shadow.plainRowsWelcome)) return 0;
    const { cols, width } = this;
    const fileColumn = this.bulkColumns;
    const point = this.format.decimal === ',' ? 0x2c : 0x2e;
    let total = 0;
    for (;;) {
      const rows = scan(bytes, start, end, delimiter, point, cols, vals, kinds, 0, BULK_ROWS, out);
      if (rows === 0) break;
      while ((this.rows + rows + 1) * width > this.values.length) this.grow();
      const values = this.values;
      const missing = this.missing;
      const base = this.rows * width;
      // Row by row: both arrays read and written in order.
      for (let r = 0, at = base, row = 0; r < rows; r++, row += cols) for (let k = 0; k < width; k++) values[at++] = vals[row + fileColumn[k]];
      for (let k = 0; k < width; k++) {
        const c = fileColumn[k];
        const counts = this.counts[k];
        counts.numbers += rows;
        // As numberCell: distinct values while a categorical column could still have them all.
        for (let r = 0, from = c; r < rows && counts.values.size <= MAX_CATEGORIES; r++, from += cols) counts.values.add(vals[from]);
      }
      missing.fill(0, base, base + rows * width);
      this.rows += rows;
      total += rows;
      start = out[0];
      if (rows < BULK_ROWS) break;
    }
    if (total === 0) return 0;
    this.shadow?.plainRows(total, line);
    this.rowsEnd = start;
    this.clearRow();
    return total;
  }

  /**
   * The current batch as a matrix (compact columns, on SharedArrayBuffers), and the next batch started in the
   * next buffers: a batch stays valid until the second takeBatch after it (the caller is done with it by then).
   */
  takeBatch(): DatasetMatrix {
    const batch = { rows: this.rows, cols: this.width, values: this.values, missing: this.missing };
    this.sets[this.turn] = [this.values, this.missing];
    this.turn = (this.turn + 1) % this.sets.length;
    [this.values, this.missing] = this.sets[this.turn];
    // The record being read when the bytes ran out: its cells so far move to the new batch.
    const pending = this.rows * this.width;
    this.values.set(batch.values.subarray(pending, pending + this.width));
    this.missing.set(batch.missing.subarray(pending, pending + this.width));
    this.rowsBefore += this.rows;
    this.rows = 0;
    return batch;
  }

  number(value: number, line: number, bytes: Uint8Array, start: number, end: number): void {
    this.shadow?.number?.(value, line, bytes, start, end);
    const col = this.col++;
    if (this.skip > 0) return;
    if (col >= this.cols) {
      this.extraFields = this.col;
      return;
    }
    const k = this.stream.compactOf[col];
    if (k < 0) return;
    if (this.ownFormat[col] !== 0) this.cell(col, k, bytes, start, end, line);
    else this.numberCell(k, value, bytes, start, end);
  }

  field(bytes: Uint8Array, start: number, end: number, quoted: boolean, line: number): void {
    this.shadow?.field(bytes, start, end, quoted, line);
    const col = this.col++;
    if (this.skip > 0) return;
    if (col >= this.cols) {
      this.extraField(bytes, start, end);
      return;
    }
    const k = this.stream.compactOf[col];
    if (k < 0) return;
    this.cell(col, k, bytes, start, end, line);
  }

  /** Cell bytes[start, end) of file column col (compact column k), read as the loader reads it. */
  private cell(col: number, k: number, bytes: Uint8Array, start: number, end: number, line: number): void {
    const parser = this.numberParser;
    let kind = parser.parse(bytes, start, end);
    let value = parser.value;
    if (this.ownFormat[col] !== 0) {
      // As segment-builder.ts: a number only if written in the column's format, never guessed per cell.
      const own = parseInFormat(this.format.tokenEncoding === 'utf-8' ? decodeUtf8(bytes, start, end) : decodeWindows1252(bytes, start, end), this.format.numberFormats?.[col] as NumberFormat);
      if (own !== null) [kind, value] = [CELL_NUMBER, own];
      else if (kind === CELL_NUMBER) kind = CELL_TEXT;
    }
    if (kind === CELL_NUMBER) {
      this.numberCell(k, value, bytes, start, end);
      return;
    }
    if (kind !== CELL_TEXT) return; // missing or ±Infinity: the cell stays missing
    const text = (this.format.tokenEncoding === 'utf-8' ? decodeUtf8(bytes, start, end) : decodeWindows1252(bytes, start, end)).trim();
    if (text.includes('\0')) {
      throw new AppFailure({ kind: 'csv/binary', message: `not a text file: binary data (a NUL byte) on line ${line}`, line, column: this.format.names[col] });
    }
    const counts = this.counts[k];
    counts.textCells++;
    this.remember(counts, text, true);
    if (this.dates[k] === 1) {
      const ms = readDateCell(text, counts);
      if (ms !== null) this.set(k, ms);
      return;
    }
    const slots = this.slots[k];
    if (slots === null) return; // a text cell of a numeric column: missing
    this.set(k, slots.get(text) ?? -1);
  }

  endRecord(line: number): void {
    this.shadow?.endRecord(line);
    const n = this.col;
    this.col = 0;
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    if (this.extraFields > 0) throw tooManyFields(line, n, this.cols, this.format.header);
    if (n * 2 < this.cols) throw tooFewFields(line, n, this.cols, this.format.header);
    this.rows++;
    if ((this.rows + 1) * this.width > this.values.length) this.grow();
    this.clearRow();
  }

  /**
   * After the last record: the loader's verdict on the whole file — 'csv/no-rows' without data rows, or
   * planEncoding's error for a column whose type (decided on all its cells) does not fit the model.
   */
  finish(): Result<void> {
    if (this.rowsBefore + this.rows === 0) {
      return err({ kind: 'csv/no-rows', message: this.format.header ? 'the file has a header but no data rows' : 'the file has no data rows' });
    }
    const types = this.stream.fileColumn.map((_, k) => this.columnType(k));
    for (let k = 0; k < types.length; k++) {
      if (types[k] === 'date' && this.counts[k].ambiguousDates > 0 && detectDateFormat([...this.counts[k].texts]) === 'dmy') {
        const column = this.format.names[this.stream.fileColumn[k]];
        return err({
          kind: 'predict/ambiguous-dates',
          message: `Column '${column}' writes dates day first (dd/mm/yyyy), which a file this large cannot be read for in one pass; open the file in the app first, or write its dates as yyyy-mm-dd.`,
          column,
        });
      }
    }
    const checked = planEncoding(this.specs, modelColumns(this.specs, this.format.names, (c) => (this.stream.compactOf[c] >= 0 ? types[this.stream.compactOf[c]] : null)));
    return checked.ok ? ok(undefined) : checked;
  }

  /** The type column-plan.ts would give compact column k, from its counts. */
  private columnType(k: number): ColumnType {
    const { numbers, textCells, distinct, texts, values, capped } = this.counts[k];
    if (numbers === 0 && textCells === 0) return 'empty';
    if (textCells === 0) return 'numeric';
    if (numbers > 0 && textCells <= MAX_TEXT_SHARE_IN_NUMERIC * (numbers + textCells)) return 'numeric';
    if (numbers === 0 && !capped && detectDateFormat([...texts]) !== null) return 'date';
    // A numeric input's numbers count by value (the loader's labels are their texts: `1` and `01` are two; rare enough).
    const labels = capped ? Infinity : distinct.size + values.size;
    return labels <= MAX_CATEGORIES && labels <= Math.max(2, (numbers + textCells) / 2) ? 'categorical' : 'text';
  }

  private numberCell(k: number, value: number, bytes: Uint8Array, start: number, end: number): void {
    const counts = this.counts[k];
    counts.numbers++;
    const slots = this.slots[k];
    if (slots === null) {
      if (counts.values.size <= MAX_CATEGORIES) counts.values.add(value);
      this.set(k, value);
      return;
    }
    // As a category, a number is its text as written (numbers are ASCII).
    const label = decodeWindows1252(bytes, start, end).trim();
    this.remember(counts, label, false);
    this.set(k, slots.get(label) ?? -1);
  }

  /** Count a label among the column's distinct ones (and its texts, for the date test), up to MAX_DISTINCT. */
  private remember(counts: ColumnCounts, label: string, text: boolean): void {
    if (counts.capped) return;
    counts.distinct.add(label);
    if (text) counts.texts.add(label);
    if (counts.distinct.size > MAX_DISTINCT) counts.capped = true;
  }

  private set(k: number, value: number): void {
    const cell = this.rows * this.width + k;
    this.values[cell] = value;
    this.missing[cell] = 0;
  }

  /** The current row's cells start missing: a short row's last cells stay so. */
  private clearRow(): void {
    const base = this.rows * this.width;
    this.values.fill(NaN, base, base + this.width);
    this.missing.fill(1, base, base + this.width);
  }

  /** As segment-builder.ts: empty fields past the last column are allowed, anything else is a ragged row. */
  private extraField(bytes: Uint8Array, start: number, end: number): void {
    let empty = true;
    for (let i = start; i < end; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09) empty = false;
    if (empty && this.extraFields === 0) return;
    this.extraFields = this.col;
  }

  private grow(): void {
    const [values, missing] = this.allocate(2 * Math.max(16, this.values.length / Math.max(1, this.width)));
    values.set(this.values.subarray(0, this.rows * this.width));
    missing.set(this.missing.subarray(0, this.rows * this.width));
    this.values = values;
    this.missing = missing;
  }

  /** Shared buffers (workers read them without a copy) for `rows` rows. */
  private allocate(rows: number): [Float64Array, Uint8Array] {
    const cells = Math.max(1, Math.ceil(rows) * Math.max(1, this.width));
    return [new Float64Array(new SharedArrayBuffer(cells * 8)), new Uint8Array(new SharedArrayBuffer(cells))];
  }
}
