/**
 * The tokenizer's sink for loading: stores every cell of a run of records as it streams by, into its region
 * of the dataset's shared buffers (load-cells.ts). The buffers are sized from an estimate of the row count
 * (the caller's, from the sniffed sample) with room to spare; untouched pages of a fresh buffer cost no
 * memory, so peak memory is about one final matrix. If the estimate is exceeded, both buffers are
 * reallocated 1.5× larger and copied (rare: then the peak is briefly 2.5×).
 *
 * A file may be read in pieces (segments: whole records, in file order, e.g. by several threads): each
 * SegmentBuilder stores its cells in its own region of the buffers and keeps, with line numbers counted
 * from its first line, what the single-pass loader decides in passing (text dictionaries in first-seen
 * order, the first warnings of each kind). finishSegments (join-segments.ts) joins the segments as one pass
 * over the whole file would have seen them. One segment is the single-threaded load (dataset-builder.ts).
 *
 * Text cells are trimmed of surrounding spaces. A column keeps the text of numbers that String(value) would
 * not give back once it has shown text (from the sniffed sample, BuilderOptions.textColumns, or from its
 * first text cell on): such a cell is stored as a code into the column's texts with its number beside it
 * (CELL_NUMBER_TEXT), so a column that ends numeric gets exactly the parsed number, and one that ends
 * categorical or text shows `01`, `007`, `1.50` as written (see column-plan.ts for what happens to numbers
 * read before the column kept texts).
 */
import { AppFailure } from '../../result';
import { CELL_ERROR_VALUE, CELL_MISSING, CELL_NON_FINITE, CELL_NUMBER, CELL_TEXT, NumberParser } from './number';
import { decodeUtf8, decodeWindows1252 } from './text';
import type { FieldSink } from './tokenizer';
import { tooFewFields, tooManyFields } from './ragged-row';
import type { LoadWarning } from '../dataset';
import { parseInFormat, type NumberFormat } from './number-formats';
import type { CsvKernels, NumericRowScanner } from './csv-kernels';
import { allocateCells, CELL_NUMBER_TEXT, intern, MAX_CELLS, newColumnState, tooLarge, WARN_PER_COLUMN, writtenAsString, type ColumnState } from './load-cells';

export interface BuilderOptions {
  readonly names: readonly string[];
  readonly header: boolean;
  readonly decimal: '.' | ',';
  readonly delimiter: string;
  /** Encoding of the bytes the tokenizer sees (UTF-16 has been transcoded to UTF-8). */
  readonly tokenEncoding: 'utf-8' | 'windows-1252';
  /** Encoding of the file, reported in the dataset. */
  readonly encoding: string;
  readonly warnings?: readonly LoadWarning[];
  /** Records before the header (or the data): 1 for an Excel `sep=;` line. */
  readonly skipRecords?: number;
  /** Rows expected (an estimate): the buffers start this big. */
  readonly expectedRows?: number;
  /** Columns (0-based) that keep the text of numbers from the first row on: those with text in the sniffed sample. */
  readonly textColumns?: readonly number[];
  /** Per column, its own number format when the sample showed one (number-formats.ts); null or absent: the file's. */
  readonly numberFormats?: readonly (NumberFormat | null)[];
  /** The native kernels, when the caller has them (csv-kernels.ts); never posted to another thread. */
  readonly kernels?: CsvKernels;
}

/** Flags of SegmentBuilder.keepText. */
const KEEP_TEXT = 1;
const OWN_FORMAT = 2;

/** What a segment needs to read its records: the file's format, and whether it holds the file's first records. */
export interface SegmentOptions {
  readonly names: readonly string[];
  readonly header: boolean;
  readonly decimal: '.' | ',';
  readonly tokenEncoding: 'utf-8' | 'windows-1252';
  /** Records to skip before the data (the header, a `sep=` line): only in the file's first segment. */
  readonly skipRecords: number;
  /** Columns that keep the text of numbers from the start (BuilderOptions.textColumns). */
  readonly textColumns?: readonly number[];
  /** Per column, its own number format when the sample showed one (number-formats.ts); null or absent: the file's. */
  readonly numberFormats?: readonly (NumberFormat | null)[];
}

/** Where a segment writes its cells: a region [offset, offset + capacity) of shared buffers. */
export interface SegmentRegion {
  readonly vals: Float64Array;
  readonly kinds: Uint8Array;
  readonly offset: number;
  readonly capacity: number;
}

/** A warning found while reading, kept with its line (counted from the segment's first line) until segments are joined. */
export type ReadNote =
  | { readonly kind: 'non-finite'; readonly line: number; readonly col: number; readonly text: string }
  | { readonly kind: 'invalid-utf8'; readonly line: number; readonly col: number }
  | { readonly kind: 'extra-empty'; readonly line: number }
  | { readonly kind: 'short-row'; readonly line: number; readonly fields: number };

/** Per column, what reading a segment found besides the cells. */
export interface SegmentColumn {
  /** Distinct trimmed texts in first-seen order: a text cell's stored value is its index here. */
  readonly texts: string[];
  readonly textCells: number;
  readonly missing: number;
  /** First text cells (line from the segment's start, code into texts), at most WARN_PER_COLUMN. */
  readonly textSamples: readonly { readonly line: number; readonly code: number }[];
  readonly nonFinite: number;
  /** Spreadsheet error values read as missing: how many, the first lines (from the segment's start), the distinct values. */
  readonly errorValues: number;
  readonly errorLines: readonly number[];
  readonly errorCodes: readonly string[];
  /** Per entry of texts: the number it reads as (a number whose text is kept), or NaN (text). */
  readonly textValues: number[];
  /** Numbers read while the column did not keep their text. */
  readonly unkeptNumbers: number;
}

/** A finished segment: plain data (it may cross threads; the buffers are shared, not copied). */
export interface SegmentResult {
  readonly rows: number;
  /** Line ends the segment consumed: the next segment starts on line (this segment's first line + lines). */
  readonly lines: number;
  /** Line of the first data row, from the segment's start (0 when it has no rows). */
  readonly firstDataLine: number;
  /** The cells: rows × cols from `offset` (the region given, or buffers of its own if it outgrew it). */
  readonly vals: Float64Array;
  /** True if the cells are in the region given (across threads, vals/kinds are then new views of the same memory). */
  readonly inRegion: boolean;
  readonly kinds: Uint8Array;
  readonly offset: number;
  readonly columns: readonly SegmentColumn[];
  /** Warnings in the order a single pass meets them (each kind already capped within the segment). */
  readonly notes: readonly ReadNote[];
  readonly shortRows: number;
  /** Records to skip (header, `sep=` line) that the segment did not reach: the next segment would have to skip them. */
  readonly skipRecordsLeft: number;
}

/** Reads the records of one segment of a file into its region (see the file comment). */
export class SegmentBuilder implements FieldSink {
  readonly cols: number;
  rows = 0;
  private readonly names: readonly string[];
  private readonly parser: NumberParser;
  /** The tokenizer reads plain numbers with this parser (FieldSink.number). */
  readonly numberParser: NumberParser;
  private readonly columns: ColumnState[];
  private readonly notes: ReadNote[] = [];
  private vals: Float64Array;
  /** Cell kinds while loading. */
  private kinds: Uint8Array;
  /** Where the segment's cells start in vals/kinds. */
  private offset: number;
  /** End of the region: the buffers grow when pos reaches it. */
  private end: number;
  /** Offset of the current row in vals/kinds. */
  private pos: number;
  protected col = 0;
  /** Records still to skip before the data: an Excel `sep=` line, the header. */
  protected skipRecords: number;
  private extraFields = 0;
  private extraEmptyWarned = false;
  private invalidUtf8Warned = false;
  private shortRows = 0;
  protected firstDataLine = 0;
  private grown = false;
  /**
   * Per column: KEEP_TEXT once it keeps the text of numbers (see the file comment), OWN_FORMAT if its numbers are
   * read in a format of its own. One byte, so the hot path checks a plain column with one load.
   */
  protected readonly keepText: Uint8Array;
  private readonly formats: readonly (NumberFormat | null)[];
  /** Per column: numbers read before it kept texts (set when it starts keeping them), or −1 while it does not. */
  private readonly numbersBeforeKeep: Float64Array;
  /** Plain numeric records in bulk (csv-kernels.ts), when the caller has the scanner; see bulkRows. */
  readonly bulkRows?: (bytes: Uint8Array, start: number, end: number, line: number) => number;
  rowsEnd = 0;

  constructor(
    private readonly options: SegmentOptions,
    region: SegmentRegion,
    bulk?: { readonly scan: NumericRowScanner; readonly delimiter: string },
  ) {
    this.names = options.names;
    this.cols = options.names.length;
    this.parser = new NumberParser(options.decimal === ',');
    this.numberParser = this.parser;
    this.columns = options.names.map(() => newColumnState());
    this.keepText = new Uint8Array(this.cols);
    this.numbersBeforeKeep = new Float64Array(this.cols).fill(-1);
    for (const c of options.textColumns ?? []) {
      if (c >= 0 && c < this.cols) {
        this.keepText[c] |= KEEP_TEXT;
        this.numbersBeforeKeep[c] = 0;
      }
    }
    this.formats = options.numberFormats ?? [];
    this.formats.forEach((f, c) => {
      if (f !== null && c < this.cols) this.keepText[c] |= OWN_FORMAT;
    });
    this.skipRecords = options.skipRecords;
    this.vals = region.vals;
    this.kinds = region.kinds;
    this.offset = region.offset;
    this.pos = region.offset;
    // Whole rows only.
    this.end = region.offset + Math.max(1, Math.floor(region.capacity / this.cols)) * this.cols;
    // Only where every cell of such a record is stored as a plain number: no column keeps texts or has a format of its own.
    if (bulk && this.keepText.every((k) => k === 0)) this.bulkRows = this.bulk.bind(this, bulk.scan, bulk.delimiter.charCodeAt(0), new Float64Array(1));
  }

  /** Plain numeric records in bulk (FieldSink.bulkRows), stored as number() and endRecord() store them; the region's last row is left to endRecord (it grows the buffers). */
  private bulk(scan: NumericRowScanner, delimiter: number, out: Float64Array, bytes: Uint8Array, start: number, end: number, line: number): number {
    if (this.skipRecords > 0 || this.col !== 0 || this.keepText.some((k) => k !== 0)) return 0;
    const maxRows = (this.end - this.pos) / this.cols - 1;
    if (maxRows < 1) return 0;
    const rows = scan(bytes, start, end, delimiter, this.options.decimal === ',' ? 0x2c : 0x2e, this.cols, this.vals, this.kinds, this.pos, maxRows, out);
    if (rows === 0) return 0;
    if (this.rows === 0) this.firstDataLine = line;
    this.rows += rows;
    this.pos += rows * this.cols;
    this.rowsEnd = out[0];
    return rows;
  }

  /** A number the tokenizer read itself (a plain unquoted number, bytes[start, end)). */
  number(value: number, line: number, bytes: Uint8Array, start: number, end: number): void {
    const col = this.col++;
    if (this.skipRecords > 0) return;
    if (col >= this.cols) {
      this.extraFields = this.col;
      return;
    }
    const pos = this.pos + col;
    if (this.keepText[col] !== 0) {
      if ((this.keepText[col] & OWN_FORMAT) !== 0) this.ownFormat(bytes, start, end, col, pos, line);
      else if (!writtenAsString(bytes, start, end, value, this.options.decimal === ',')) this.numberText(value, bytes, start, end, col, pos);
      else this.plainNumber(value, pos);
      return;
    }
    this.kinds[pos] = CELL_NUMBER;
    this.vals[pos] = value;
  }

  private plainNumber(value: number, pos: number): void {
    this.kinds[pos] = CELL_NUMBER;
    this.vals[pos] = value;
  }

  /** A cell of a column with a number format of its own: a number only if written that way. */
  private ownFormat(bytes: Uint8Array, start: number, end: number, col: number, pos: number, line: number): void {
    const text = this.options.tokenEncoding === 'utf-8' ? decodeUtf8(bytes, start, end) : decodeWindows1252(bytes, start, end);
    const value = parseInFormat(text, this.formats[col] as NumberFormat);
    if (value !== null) {
      this.plainNumber(value, pos);
      return;
    }
    const kind = this.parser.parse(bytes, start, end);
    // A number as the rest of the file writes them, but not as this column does: text, never guessed per cell.
    const read = kind === CELL_NUMBER ? CELL_TEXT : kind;
    this.kinds[pos] = read;
    this.vals[pos] = NaN;
    this.cell(read, bytes, start, end, col, pos, line);
  }

  field(bytes: Uint8Array, start: number, end: number, _quoted: boolean, line: number): void {
    const col = this.col++;
    if (this.skipRecords > 0) return;
    if (col >= this.cols) {
      this.extraField(bytes, start, end, line);
      return;
    }
    if ((this.keepText[col] & OWN_FORMAT) !== 0) {
      this.ownFormat(bytes, start, end, col, this.pos + col, line);
      return;
    }
    const parser = this.parser;
    const kind = parser.parse(bytes, start, end);
    const pos = this.pos + col;
    this.kinds[pos] = kind;
    if (kind === CELL_NUMBER) {
      this.vals[pos] = parser.value;
      if ((this.keepText[col] & KEEP_TEXT) !== 0 && !writtenAsString(bytes, start, end, parser.value, this.options.decimal === ',')) {
        this.numberText(parser.value, bytes, start, end, col, pos);
      }
      return;
    }
    this.vals[pos] = NaN;
    this.cell(kind, bytes, start, end, col, pos, line);
  }

  /** A number whose text is kept: stored as a code into the column's texts, with the number beside the text. */
  private numberText(value: number, bytes: Uint8Array, start: number, end: number, col: number, pos: number): void {
    const state = this.columns[col];
    // Numbers are ASCII: no decoding errors to report.
    this.kinds[pos] = CELL_NUMBER_TEXT;
    this.vals[pos] = intern(state, decodeWindows1252(bytes, start, end).trim(), value);
  }

  /** Column col keeps the text of numbers from now on (its first text cell). */
  private startKeepingText(col: number): void {
    this.keepText[col] |= KEEP_TEXT;
    // Every cell so far was a number or missing.
    this.numbersBeforeKeep[col] = this.rows - this.columns[col].missing;
  }

  /** The rare cells: missing, text, non-finite, spreadsheet errors. */
  private cell(kind: number, bytes: Uint8Array, start: number, end: number, col: number, pos: number, line: number): void {
    const state = this.columns[col];
    if (kind === CELL_MISSING) {
      state.missing++;
      return;
    }
    const text =
      this.options.tokenEncoding === 'utf-8'
        ? decodeUtf8(bytes, start, end, () => this.invalidUtf8(line, col))
        : decodeWindows1252(bytes, start, end);
    if (text.includes('\0')) {
      throw new AppFailure({
        kind: 'csv/binary',
        message: `not a text file: binary data (a NUL byte) on line ${line}`,
        line,
        column: this.names[col],
      });
    }
    if (kind === CELL_ERROR_VALUE) {
      this.errorValue(state, text.trim(), pos, line);
      return;
    }
    if (kind === CELL_NON_FINITE) {
      state.missing++;
      if (state.nonFinite++ < WARN_PER_COLUMN) this.notes.push({ kind: 'non-finite', line, col, text: text.trim() });
      return;
    }
    const trimmed = text.trim();
    if ((this.keepText[col] & KEEP_TEXT) === 0) this.startKeepingText(col);
    const code = intern(state, trimmed, NaN);
    this.vals[pos] = code;
    state.textCells++;
    if (state.textSamples.length < WARN_PER_COLUMN) state.textSamples.push({ line, code });
  }

  /** A spreadsheet error value: missing, counted with its line and value. */
  private errorValue(state: ColumnState, text: string, pos: number, line: number): void {
    this.kinds[pos] = CELL_MISSING;
    state.missing++;
    if (state.errorValues++ < WARN_PER_COLUMN) state.errorLines.push(line);
    if (!state.errorCodes.includes(text)) state.errorCodes.push(text);
  }

  /** Bytes that are not UTF-8 after the sniffed start of the file: replaced by U+FFFD, and said once. */
  private invalidUtf8(line: number, col: number): void {
    if (this.invalidUtf8Warned) return;
    this.invalidUtf8Warned = true;
    this.notes.push({ kind: 'invalid-utf8', line, col });
  }

  private extraField(bytes: Uint8Array, start: number, end: number, line: number): void {
    let empty = true;
    for (let k = start; k < end; k++) if (bytes[k] !== 0x20 && bytes[k] !== 0x09) empty = false;
    if (empty && this.extraFields === 0) {
      if (!this.extraEmptyWarned) {
        this.extraEmptyWarned = true;
        this.notes.push({ kind: 'extra-empty', line });
      }
      return;
    }
    this.extraFields = this.col;
  }

  endRecord(line: number): void {
    const n = this.col;
    this.col = 0;
    if (this.skipRecords > 0) {
      this.skipRecords--;
      return;
    }
    if (this.extraFields > 0) throw tooManyFields(line, n, this.cols, this.options.header);
    if (n < this.cols) this.shortRow(n, line);
    if (this.rows === 0) this.firstDataLine = line;
    this.rows++;
    this.pos += this.cols;
    if (this.pos === this.end) this.grow();
  }

  /** More rows than the region holds: move to buffers of its own, 1.5× larger. */
  private grow(): void {
    const cells = this.end - this.offset;
    const rows = Math.min(Math.ceil((cells / this.cols) * 1.5), Math.floor(MAX_CELLS / this.cols));
    const buffers = rows * this.cols > cells ? allocateCells(rows * this.cols) : null;
    if (buffers === null) throw tooLarge(cells);
    const [vals, kinds] = buffers;
    vals.set(this.vals.subarray(this.offset, this.pos));
    kinds.set(this.kinds.subarray(this.offset, this.pos));
    this.vals = vals;
    this.kinds = kinds;
    this.pos -= this.offset;
    this.offset = 0;
    this.end = vals.length;
    this.grown = true;
  }

  /** Streaming (predict-stream.ts): drop the rows stored, keeping what was read about them; the row in progress moves to the start. */
  recycle(): void {
    this.vals.copyWithin(this.offset, this.pos, this.pos + this.cols);
    this.kinds.copyWithin(this.offset, this.pos, this.pos + this.cols);
    this.pos = this.offset;
  }

  /** A row with fewer fields: its last cells are missing, if it has at least half the columns. */
  private shortRow(n: number, line: number): void {
    if (n * 2 < this.cols) throw tooFewFields(line, n, this.cols, this.options.header);
    for (let c = n; c < this.cols; c++) {
      this.kinds[this.pos + c] = CELL_MISSING;
      this.vals[this.pos + c] = NaN;
      this.columns[c].missing++;
    }
    if (this.shortRows++ < WARN_PER_COLUMN) this.notes.push({ kind: 'short-row', line, fields: n });
  }

  /** The segment as read so far; `lines` is how many line ends the tokenizer consumed. */
  result(lines: number): SegmentResult {
    return {
      rows: this.rows,
      lines,
      firstDataLine: this.firstDataLine,
      vals: this.vals,
      kinds: this.kinds,
      inRegion: !this.grown,
      offset: this.offset,
      columns: this.columns.map((s, c) => ({
        texts: s.texts,
        textValues: s.textValues,
        textCells: s.textCells,
        missing: s.missing,
        textSamples: s.textSamples,
        nonFinite: s.nonFinite,
        errorValues: s.errorValues,
        errorLines: s.errorLines,
        errorCodes: s.errorCodes,
        // Never kept: every cell read is a number or missing (no text cell, or it would keep them).
        unkeptNumbers: this.numbersBeforeKeep[c] >= 0 ? this.numbersBeforeKeep[c] : this.rows - s.missing,
      })),
      notes: this.notes,
      shortRows: this.shortRows,
      skipRecordsLeft: this.skipRecords,
    };
  }
}

/** The segment options of a file's first segment (the one that skips the header and a `sep=` line). */
export function segmentOptions(options: BuilderOptions): SegmentOptions {
  return {
    names: options.names,
    header: options.header,
    decimal: options.decimal,
    tokenEncoding: options.tokenEncoding,
    skipRecords: (options.header ? 1 : 0) + (options.skipRecords ?? 0),
    ...(options.textColumns && options.textColumns.length > 0 ? { textColumns: options.textColumns } : {}),
    ...(options.numberFormats?.some((f) => f !== null) ? { numberFormats: options.numberFormats } : {}),
  };
}
