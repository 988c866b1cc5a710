/**
 * The tokenizer's sink for loading: stores every cell as it streams by, then types the columns and
 * writes the final row-major matrix into SharedArrayBuffers.
 *
 * Cells go straight into the final row-major SharedArrayBuffers: numbers as themselves, text as a
 * per-column dictionary code, and the cell kind in the byte that becomes the missing flag. The buffers
 * are sized from an estimate of the row count (the caller's, from the sniffed sample) with room to
 * spare; untouched pages of a fresh buffer cost no memory, so peak memory is about one final matrix.
 * If the estimate is exceeded, both buffers are reallocated 1.5× larger and copied (rare: then the
 * peak is briefly 2.5×). At the end, columns are typed and converted in place, block by block.
 * Dataset.values is a view of its first rows × cols cells: its buffer may be longer.
 *
 * A file may be read in pieces (segments: whole records, in file order, e.g. by several threads): each
 * SegmentBuilder stores its cells in its own region of the buffers and keeps, with line numbers counted
 * from its first line, what the single-pass loader decides in passing (text dictionaries in first-seen
 * order, the first warnings of each kind). finishSegments joins the segments as one pass over the whole
 * file would have seen them: absolute lines, one dictionary per column, the same caps on warnings. One
 * segment is the single-threaded load (DatasetBuilder), so both ways run the same finishing code.
 *
 * Column typing (decided on the whole column):
 *   empty        no present cells
 *   numeric      every present cell a number, or at most 5 % of them text: those text cells are read
 *                as missing, each with a warning naming line and column (first 5 per column, then a count)
 *   date         every present cell a date of one format (see dates.ts)
 *   categorical  otherwise, when there are at most 20 distinct values and at most max(2, half the present
 *                cells): codes index `categories`, sorted (numbers by value, then text by code point)
 *   text         otherwise: codes index the distinct values in first-seen order
 * Text cells are trimmed of surrounding spaces. In categorical and text columns a number keeps its text as
 * written (`01`, `007`, `1.50`, `1e3`: zip codes, ids), trimmed: a column keeps the text of numbers that
 * String(value) would not give back once it has shown text (from the sniffed sample, BuilderOptions.textColumns,
 * or from its first text cell on). Such a cell is stored as a code into the column's texts with its number
 * beside it (CELL_NUMBER_TEXT), so a column that ends numeric gets exactly the parsed number. Numbers of a
 * column read before it kept texts have only their value; if the column ends categorical or text,
 * Dataset.numberTextsLost names it (the caller may read the file again with the column in textColumns),
 * else their label is String(value) with a warning.
 */
import { AppFailure } from '../result';
import type { ColumnType, Dataset, LoadWarning } from './dataset';
import { blockPartial, ColumnStats, type BlockPartial, type StatsShape } from './column-stats';
import { CELL_MISSING, CELL_NON_FINITE, CELL_NUMBER, CELL_TEXT, NumberParser } from './number';
import { decodeUtf8, decodeWindows1252 } from './text';
import type { FieldSink } from './tokenizer';
import { detectDateFormat, parseDate } from './dates';

/** While loading: a number whose text is kept (its value is a code into the column's texts; the number is in textValues). */
const CELL_NUMBER_TEXT = 4;

/** Warnings kept per kind of problem per column before they are summarized as a count. */
const WARN_PER_COLUMN = 5;
const MAX_TEXT_SHARE_IN_NUMERIC = 0.05;
const MAX_CATEGORIES = 20;
const BLOCK_CELLS = 1 << 16;
/** The most cells a matrix may have: Node's largest buffer is 4 GiB of float64 values. */
export const MAX_CELLS = Math.floor(2 ** 32 / 8);

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
}

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

interface ColumnState {
  readonly dict: Map<string, number>;
  readonly texts: string[];
  /** Per entry of texts: its number, or NaN for text. */
  readonly textValues: number[];
  textCells: number;
  unkeptNumbers: number;
  missing: number;
  /** First text cells seen (line and code), for warnings if the column turns out numeric. */
  readonly textSamples: { line: number; code: number }[];
  nonFinite: number;
}

/** The code of `text` in a column's dictionary, adding it (with its number, or NaN for text) when new. */
function intern(state: ColumnState, text: string, value: number): number {
  let code = state.dict.get(text);
  if (code === undefined) {
    code = state.texts.length;
    state.dict.set(text, code);
    state.texts.push(text);
    state.textValues.push(value);
  }
  return code;
}

function newColumnState(): ColumnState {
  return { dict: new Map<string, number>(), texts: [], textValues: [], textCells: 0, unkeptNumbers: 0, missing: 0, textSamples: [], nonFinite: 0 };
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
  private col = 0;
  /** Records still to skip before the data: an Excel `sep=` line, the header. */
  private skipRecords: number;
  private extraFields = 0;
  private extraEmptyWarned = false;
  private invalidUtf8Warned = false;
  private shortRows = 0;
  private firstDataLine = 0;
  private grown = false;
  /** keepText[c] = 1 once column c keeps the text of numbers (see the file comment). */
  private readonly keepText: Uint8Array;
  /** Per column: numbers read before it kept texts (set when it starts keeping them), or −1 while it does not. */
  private readonly numbersBeforeKeep: Float64Array;

  constructor(
    private readonly options: SegmentOptions,
    region: SegmentRegion,
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
        this.keepText[c] = 1;
        this.numbersBeforeKeep[c] = 0;
      }
    }
    this.skipRecords = options.skipRecords;
    this.vals = region.vals;
    this.kinds = region.kinds;
    this.offset = region.offset;
    this.pos = region.offset;
    // Whole rows only.
    this.end = region.offset + Math.max(1, Math.floor(region.capacity / this.cols)) * this.cols;
  }

  /** A number the tokenizer read itself (a plain unquoted number, bytes[start, end)). */
  number(value: number, _line: number, bytes: Uint8Array, start: number, end: number): void {
    const col = this.col++;
    if (this.skipRecords > 0) return;
    if (col >= this.cols) {
      this.extraFields = this.col;
      return;
    }
    const pos = this.pos + col;
    if (this.keepText[col] === 1 && !writtenAsString(bytes, start, end, value, this.options.decimal === ',')) {
      this.numberText(value, bytes, start, end, col, pos);
      return;
    }
    this.kinds[pos] = CELL_NUMBER;
    this.vals[pos] = value;
  }

  field(bytes: Uint8Array, start: number, end: number, _quoted: boolean, line: number): void {
    const col = this.col++;
    if (this.skipRecords > 0) return;
    if (col >= this.cols) {
      this.extraField(bytes, start, end, line);
      return;
    }
    const parser = this.parser;
    const kind = parser.parse(bytes, start, end);
    const pos = this.pos + col;
    this.kinds[pos] = kind;
    if (kind === CELL_NUMBER) {
      this.vals[pos] = parser.value;
      if (this.keepText[col] === 1 && !writtenAsString(bytes, start, end, parser.value, this.options.decimal === ',')) {
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
    this.keepText[col] = 1;
    // Every cell so far was a number or missing.
    this.numbersBeforeKeep[col] = this.rows - this.columns[col].missing;
  }

  /** The rare cells: missing, text, non-finite. */
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
    if (kind === CELL_NON_FINITE) {
      state.missing++;
      if (state.nonFinite++ < WARN_PER_COLUMN) this.notes.push({ kind: 'non-finite', line, col, text: text.trim() });
      return;
    }
    const trimmed = text.trim();
    if (this.keepText[col] === 0) this.startKeepingText(col);
    const code = intern(state, trimmed, NaN);
    this.vals[pos] = code;
    state.textCells++;
    if (state.textSamples.length < WARN_PER_COLUMN) state.textSamples.push({ line, code });
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
    if (this.extraFields > 0) {
      throw new AppFailure({
        kind: 'csv/ragged-row',
        message: `line ${line} has ${n} fields; the ${this.options.header ? 'header' : 'first row'} has ${this.cols} columns (field ${this.cols + 1} has no column)`,
        line,
        column: this.cols + 1,
      });
    }
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

  /** A row with fewer fields: its last cells are missing, if it has at least half the columns. */
  private shortRow(n: number, line: number): void {
    if (n * 2 < this.cols) {
      const what = this.options.header ? 'header' : 'first row';
      throw new AppFailure({
        kind: 'csv/ragged-row',
        message: `line ${line} has ${n} field${n === 1 ? '' : 's'}; the ${what} has ${this.cols} columns (too few fields to read the row: is a quote or line break misplaced?)`,
        line,
        column: n + 1,
      });
    }
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
        // Never kept: every cell read is a number or missing (no text cell, or it would keep them).
        unkeptNumbers: this.numbersBeforeKeep[c] >= 0 ? this.numbersBeforeKeep[c] : this.rows - s.missing,
      })),
      notes: this.notes,
      shortRows: this.shortRows,
      skipRecordsLeft: this.skipRecords,
    };
  }
}

/**
 * The single-threaded loader's sink: the whole file as one segment, in buffers sized from
 * options.expectedRows, finished in place.
 */
export class DatasetBuilder extends SegmentBuilder {
  constructor(private readonly builderOptions: BuilderOptions) {
    const cols = builderOptions.names.length;
    let rows = Math.max(16, Math.min(Math.ceil(builderOptions.expectedRows ?? 1024), Math.floor(MAX_CELLS / cols)));
    let buffers = allocateCells(rows * cols);
    // An estimate too big to reserve: start smaller and grow when needed.
    while (buffers === null && rows > 16) {
      rows = Math.max(16, Math.floor(rows / 4));
      buffers = allocateCells(rows * cols);
    }
    if (buffers === null) throw tooLarge(rows * cols);
    super(segmentOptions(builderOptions), { vals: buffers[0], kinds: buffers[1], offset: 0, capacity: rows * cols });
  }

  /**
   * Type the columns and write the final matrix. Throws AppFailure 'csv/no-rows' when there are no data rows.
   * The builder must not be used afterwards.
   */
  finish(): Dataset {
    return finishSegments(this.builderOptions, [this.result(0)]);
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
  };
}

/** The cells of the joined segments: where they all are, rows × cols from 0, before finishing. */
export interface JoinedCells {
  readonly vals: Float64Array;
  readonly kinds: Uint8Array;
}

/**
 * Join segments (whole records, in file order; the first one starts on line 1) into the dataset a single
 * pass over the whole file gives. Cells are moved so that segment k's rows follow segment k−1's, in the
 * buffers of the first segment when every later segment is at or after its final place in them (segments
 * read into consecutive regions of one buffer); otherwise into new buffers of exactly the needed size.
 * Throws AppFailure as finishing a single pass does ('csv/no-rows', 'csv/too-large').
 */
export function finishSegments(options: BuilderOptions, segments: readonly SegmentResult[]): Dataset {
  const job = prepareFinish(options, segments);
  const stats = new ColumnStats(job.plans);
  for (const p of finishBlocks(job.values, job.missing, job.cols, job.plans, stats.shape(), 0, job.rows * job.cols)) stats.addPartial(p);
  return completeFinish(job, stats);
}

/**
 * The first step of finishing: join the segments (see finishSegments), then type the columns. The cells
 * are then converted and measured block by block (finishBlocks, on any thread; blocks start at multiples
 * of job.blockCells) and the statistics added up in block order (completeFinish).
 */
export function prepareFinish(options: BuilderOptions, segments: readonly SegmentResult[]): FinishJob {
  const cols = options.names.length;
  const rows = segments.reduce((n, s) => n + s.rows, 0);
  if (rows * cols > MAX_CELLS) throw tooLarge(rows * cols);
  const cells = joinCells(segments, cols, rows);
  // Lines: segment k starts on 1 + the line ends of the segments before it.
  const lineBase: number[] = [];
  let base = 0;
  for (const s of segments) {
    lineBase.push(base);
    base += s.lines;
  }
  const columns = options.names.map(() => newColumnState());
  // Text dictionaries in first-seen order over the whole file; later segments' codes renumbered.
  let rowAt = 0;
  segments.forEach((s, k) => {
    for (let c = 0; c < cols; c++) {
      const from = s.columns[c];
      const into = columns[c];
      const recode = new Float64Array(from.texts.length);
      let identity = true;
      from.texts.forEach((t, code) => {
        const global = intern(into, t, from.textValues[code]);
        recode[code] = global;
        if (global !== code) identity = false;
      });
      if (!identity) {
        const end = (rowAt + s.rows) * cols;
        for (let i = rowAt * cols + c; i < end; i += cols) {
          const kind = cells.kinds[i];
          if (kind === CELL_TEXT || kind === CELL_NUMBER_TEXT) cells.vals[i] = recode[cells.vals[i]];
        }
      }
      for (const sample of from.textSamples) {
        if (into.textSamples.length < WARN_PER_COLUMN) into.textSamples.push({ line: sample.line + lineBase[k], code: recode[sample.code] });
      }
      into.textCells += from.textCells;
      into.missing += from.missing;
      into.unkeptNumbers += from.unkeptNumbers;
    }
    rowAt += s.rows;
  });
  // Warnings met while reading, capped over the whole file as one pass caps them.
  const warnings: LoadWarning[] = [...(options.warnings ?? [])];
  const what = options.header ? 'header' : 'first row';
  let shortRows = 0;
  let extraEmpty = false;
  let invalidUtf8 = false;
  segments.forEach((s, k) => {
    for (const note of s.notes) {
      const line = note.line + lineBase[k];
      if (note.kind === 'non-finite') {
        if (columns[note.col].nonFinite++ < WARN_PER_COLUMN) {
          warnings.push({ line, column: options.names[note.col], message: `'${note.text}' is not a finite number; read as missing` });
        }
      } else if (note.kind === 'short-row') {
        if (shortRows++ < WARN_PER_COLUMN) {
          warnings.push({
            line,
            column: options.names[note.fields],
            message: `line ${line} has ${note.fields} fields; the ${what} has ${cols} columns: the last ${cols - note.fields} read as missing`,
          });
        }
      } else if (note.kind === 'extra-empty') {
        if (!extraEmpty) warnings.push({ line, message: 'rows end with an extra empty field (a trailing delimiter); it was ignored' });
        extraEmpty = true;
      } else if (!invalidUtf8) {
        invalidUtf8 = true;
        warnings.push({
          line,
          column: options.names[note.col],
          message: 'bytes that are not valid UTF-8 were replaced by \ufffd (from here on, check the file\'s encoding)',
        });
      }
    }
  });
  // The counts: what the notes above did not count (each segment kept at most a few of each kind).
  shortRows = segments.reduce((n, s) => n + s.shortRows, 0);
  for (let c = 0; c < cols; c++) columns[c].nonFinite = segments.reduce((n, s) => n + s.columns[c].nonFinite, 0);
  const first = segments.find((s) => s.rows > 0);
  const firstDataLine = first ? first.firstDataLine + lineBase[segments.indexOf(first)] : 0;
  return planFinish(options, cells, rows, columns, warnings, shortRows, firstDataLine);
}

/** Move every segment's cells to their final place (see finishSegments). */
function joinCells(segments: readonly SegmentResult[], cols: number, rows: number): JoinedCells {
  const first = segments[0];
  let inPlace = first.offset === 0;
  let at = 0;
  for (const s of segments) {
    if (s.vals.buffer !== first.vals.buffer || s.offset < at) inPlace = false;
    at += s.rows * cols;
  }
  if (inPlace && first.vals.length < rows * cols) inPlace = false;
  if (inPlace) {
    // Forward in file order: each segment moves down (or stays), never over one not yet moved.
    at = 0;
    for (const s of segments) {
      const n = s.rows * cols;
      if (s.offset !== at) {
        first.vals.copyWithin(at, s.offset, s.offset + n);
        first.kinds.copyWithin(at, s.offset, s.offset + n);
      }
      at += n;
    }
    return { vals: first.vals, kinds: first.kinds };
  }
  const buffers = allocateCells(Math.max(1, rows * cols));
  if (buffers === null) throw tooLarge(rows * cols);
  const [vals, kinds] = buffers;
  at = 0;
  for (const s of segments) {
    const n = s.rows * cols;
    vals.set(s.vals.subarray(s.offset, s.offset + n), at);
    kinds.set(s.kinds.subarray(s.offset, s.offset + n), at);
    at += n;
  }
  return { vals, kinds };
}

/** A dataset half finished: cells joined, columns typed; the cells not yet converted. */
export interface FinishJob {
  readonly options: BuilderOptions;
  readonly rows: number;
  readonly cols: number;
  /** rows × cols views of the joined cells (stored values and cell kinds until converted). */
  readonly values: Float64Array;
  readonly missing: Uint8Array;
  readonly plans: readonly ColumnPlan[];
  readonly warnings: LoadWarning[];
  readonly firstDataLine: number;
  /** Cells per block (whole rows): blocks are converted and measured one at a time while they are in cache. */
  readonly blockCells: number;
}

/** Type the columns of the joined cells. */
function planFinish(
  options: BuilderOptions,
  cells: JoinedCells,
  rows: number,
  columns: ColumnState[],
  warnings: LoadWarning[],
  shortRows: number,
  firstDataLine: number,
): FinishJob {
  if (rows === 0) {
    throw new AppFailure({
      kind: 'csv/no-rows',
      message: options.header ? 'the file has a header but no data rows' : 'the file has no data rows',
    });
  }
  const cols = options.names.length;
  if (shortRows > WARN_PER_COLUMN) {
    warnings.push({ message: `${shortRows - WARN_PER_COLUMN} more short rows were read with missing trailing values` });
  }
  const plans = columns.map((state, c) => plan(options.names[c], state, c, cells, rows, cols, warnings));
  return {
    options,
    rows,
    cols,
    values: new Float64Array(cells.vals.buffer, 0, rows * cols),
    missing: new Uint8Array(cells.kinds.buffer, 0, rows * cols),
    plans,
    warnings,
    firstDataLine,
    // Whole rows per block, so each block is converted and measured while it is in cache.
    blockCells: Math.max(1, Math.floor(BLOCK_CELLS / cols)) * cols,
  };
}

/**
 * Convert cells [from, to) (from a multiple of the job's blockCells; to one too, or the end) into final
 * values and missing flags, and measure each block: the partials, in block order.
 */
export function finishBlocks(
  values: Float64Array,
  missing: Uint8Array,
  cols: number,
  plans: readonly ColumnPlan[],
  shape: StatsShape,
  from: number,
  to: number,
): BlockPartial[] {
  const block = Math.max(1, Math.floor(BLOCK_CELLS / cols)) * cols;
  const out: BlockPartial[] = [];
  for (let at = from; at < to; at += block) {
    const end = Math.min(to, at + block);
    const v = values.subarray(at, end);
    const m = missing.subarray(at, end);
    convert(v, m, end - at, cols, plans);
    out.push(blockPartial(shape, v, m, end - at));
  }
  return out;
}

/**
 * The dataset, once every block's partial has been added to `stats` in block order. `counts`: the
 * histogram counts (histogramCounts over all rows, parts added up), or undefined to count them here.
 */
export function completeFinish(job: FinishJob, stats: ColumnStats, counts?: (Float64Array | null)[]): Dataset {
  const { options, rows, cols, values, missing, warnings } = job;
  const columns = stats.describe(values, missing, rows, counts);
  // In file order; warnings about the whole file (no line) first.
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    rows,
    cols,
    values,
    missing,
    columns,
    delimiter: options.delimiter,
    encoding: options.encoding,
    header: options.header,
    decimal: options.decimal,
    warnings,
    firstDataLine: job.firstDataLine,
    recordsBeforeData: (options.header ? 1 : 0) + (options.skipRecords ?? 0),
    ...textsLostIn(job.plans),
  };
}

/** Dataset.numberTextsLost from the plans, when a column lost number texts. */
function textsLostIn(plans: readonly ColumnPlan[]): { numberTextsLost?: number[] } {
  const lost = plans.flatMap((p, c) => (p.textsLost ? [c] : []));
  return lost.length > 0 ? { numberTextsLost: lost } : {};
}

/** Decide a column's type and how its stored cells become final values. */
function plan(
  name: string,
  state: ColumnState,
  c: number,
  cells: JoinedCells,
  rows: number,
  cols: number,
  warnings: LoadWarning[],
): ColumnPlan {
  // Numbers are not counted in the hot loop: present numeric cells = rows − missing − text.
  const numbers = rows - state.missing - state.textCells;
  if (state.nonFinite > WARN_PER_COLUMN) {
    warnings.push({ column: name, message: `${state.nonFinite - WARN_PER_COLUMN} more non-finite values read as missing` });
  }
  if (numbers === 0 && state.textCells === 0) return { name, type: 'empty' };
  if (state.textCells === 0) return { name, type: 'numeric', ...keptNumbers(state) };
  if (numbers > 0 && state.textCells <= MAX_TEXT_SHARE_IN_NUMERIC * (numbers + state.textCells)) {
    for (const s of state.textSamples) {
      warnings.push({ line: s.line, column: name, message: `'${state.texts[s.code]}' is not a number; read as missing` });
    }
    if (state.textCells > state.textSamples.length) {
      warnings.push({ column: name, message: `${state.textCells - state.textSamples.length} more text cells in this numeric column read as missing` });
    }
    return { name, type: 'numeric', textToMissing: true, ...keptNumbers(state) };
  }
  if (numbers === 0) {
    const format = detectDateFormat(state.texts);
    if (format !== null) {
      const ms = new Float64Array(state.texts.map((t) => parseDate(t, format) as number));
      return { name, type: 'date', dateValues: ms };
    }
  }
  // Labels: the texts, then the distinct numbers written back.
  const numberLabels = new Map<number, number>();
  const labels = [...state.texts];
  if (numbers > 0) {
    const { vals, kinds } = cells;
    const end = rows * cols;
    for (let i = c; i < end; i += cols) {
      if (kinds[i] === CELL_NUMBER && !numberLabels.has(vals[i])) {
        const label = String(vals[i]);
        const existing = state.dict.get(label);
        if (existing !== undefined) numberLabels.set(vals[i], existing);
        else {
          numberLabels.set(vals[i], labels.length);
          state.dict.set(label, labels.length);
          labels.push(label);
        }
      }
    }
  }
  const distinct = labels.length;
  const categorical = distinct <= MAX_CATEGORIES && distinct <= Math.max(2, (numbers + state.textCells) / 2);
  const textsLost = numbers > 0 && state.unkeptNumbers > 0;
  if (textsLost) {
    warnings.push({
      column: name,
      message: `${state.unkeptNumbers} number${state.unkeptNumbers === 1 ? '' : 's'} before this column's first text ${state.unkeptNumbers === 1 ? 'is' : 'are'} shown as the number (e.g. 1 for 01), not as written`,
    });
  }
  let order = labels.map((_, i) => i);
  if (categorical) order = order.sort((a, b) => compareLabels(labels[a], labels[b]));
  const newCode = new Float64Array(distinct);
  order.forEach((oldCode, newIndex) => (newCode[oldCode] = newIndex));
  return {
    name,
    type: categorical ? 'categorical' : 'text',
    categories: order.map((i) => labels[i]),
    recode: newCode,
    numberLabels,
    ...(textsLost ? { textsLost } : {}),
  };
}

/** A numeric column's kept number texts: the number of each entry of texts (NaN for text), if it has any. */
function keptNumbers(state: ColumnState): { numberTextValues?: Float64Array } {
  return state.textValues.some((v) => !Number.isNaN(v)) ? { numberTextValues: Float64Array.from(state.textValues) } : {};
}

/** Turn one chunk's stored cells into final values, and its kinds into missing flags (1 = missing). */
function convert(vals: Float64Array, kinds: Uint8Array, cells: number, cols: number, plans: readonly ColumnPlan[]): void {
  for (let c = 0; c < cols; c++) {
    const plan = plans[c];
    if (plan.type === 'date') {
      const ms = plan.dateValues as Float64Array;
      for (let i = c; i < cells; i += cols) {
        if (kinds[i] === CELL_TEXT) {
          vals[i] = ms[vals[i]];
          kinds[i] = CELL_NUMBER;
        }
      }
    } else if (plan.numberTextValues !== undefined) {
      const numbers = plan.numberTextValues;
      for (let i = c; i < cells; i += cols) {
        if (kinds[i] === CELL_NUMBER_TEXT) {
          vals[i] = numbers[vals[i]];
          kinds[i] = CELL_NUMBER;
        }
      }
    } else if (plan.type === 'categorical' || plan.type === 'text') {
      const recode = plan.recode as Float64Array;
      const numberLabels = plan.numberLabels as Map<number, number>;
      for (let i = c; i < cells; i += cols) {
        const kind = kinds[i];
        if (kind === CELL_TEXT || kind === CELL_NUMBER_TEXT) {
          vals[i] = recode[vals[i]];
          kinds[i] = CELL_NUMBER;
        } else if (kind === CELL_NUMBER) {
          vals[i] = recode[numberLabels.get(vals[i]) as number];
        }
      }
    }
  }
  // A number's kind (CELL_NUMBER = 0) is already its missing flag: only the other cells are written.
  for (let i = 0; i < cells; i++) {
    if (kinds[i] !== CELL_NUMBER) {
      kinds[i] = 1;
      vals[i] = NaN;
    }
  }
}

/** Shared buffers for `cells` values and kinds (zeroed), or null if they cannot be had. */
export function allocateCells(cells: number): [Float64Array, Uint8Array] | null {
  try {
    return [new Float64Array(new SharedArrayBuffer(cells * 8)), new Uint8Array(new SharedArrayBuffer(cells))];
  } catch {
    return null;
  }
}

function tooLarge(cells: number): AppFailure {
  return new AppFailure({
    kind: 'csv/too-large',
    message: `the file has more than ${cells} cells: more than fits in memory (at most ${MAX_CELLS} cells, 4 GiB of numbers)`,
  });
}

/** How a column's stored cells become final values (plain data: it may cross threads). */
export interface ColumnPlan {
  readonly name: string;
  readonly type: ColumnType;
  readonly textToMissing?: boolean;
  readonly dateValues?: Float64Array;
  readonly categories?: string[];
  /** Old dictionary code → final code. */
  readonly recode?: Float64Array;
  /** Number value → old dictionary code, for numeric cells in categorical/text columns. */
  readonly numberLabels?: Map<number, number>;
  /** Numeric columns with kept number texts: the number of each old dictionary code. */
  readonly numberTextValues?: Float64Array;
  /** Categorical/text columns: some numbers were read before the column kept their text (see the file comment). */
  readonly textsLost?: boolean;
}

/**
 * True if String(value) is exactly bytes[start, end) (plain ASCII digits, as a number is read): then a number's
 * text need not be kept. Conservative: false for anything that might differ — a leading zero (`01`), a trailing
 * fractional zero or point (`1.50`, `1.`), a sign other than a leading '-' (and `-0`), an exponent, spaces,
 * separators, decimal commas, more than 15 characters (String may shorten the digits), and values below 1e-6
 * (String writes an exponent). With ≤ 15 significant digits and none of those, the text is the shortest that
 * reads back to the value, which is what String gives.
 */
export function writtenAsString(bytes: Uint8Array, start: number, end: number, value: number, decimalComma: boolean): boolean {
  if (end - start > 15 || end === start) return false;
  let i = start;
  if (bytes[i] === 0x2d) {
    if (value === 0) return false;
    i++;
  }
  if (i === end || (bytes[i] === 0x30 && i + 1 < end && bytes[i + 1] !== 0x2e)) return false;
  let point = -1;
  for (let k = i; k < end; k++) {
    const b = bytes[k];
    if (b === 0x2e && point < 0 && !decimalComma) point = k;
    else if (b < 0x30 || b > 0x39) return false;
  }
  if (point < 0) return true;
  if (point === i || point === end - 1 || bytes[end - 1] === 0x30) return false;
  return Math.abs(value) >= 1e-6;
}

/** Numbers (by value) before other text, then code-point order: a fixed order for categories. */
export function compareLabels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const aNum = a.trim() !== '' && Number.isFinite(na);
  const bNum = b.trim() !== '' && Number.isFinite(nb);
  if (aNum && bNum && na !== nb) return na - nb;
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
