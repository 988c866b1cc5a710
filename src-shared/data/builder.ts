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
 * Column typing (decided on the whole column):
 *   empty        no present cells
 *   numeric      every present cell a number, or at most 5 % of them text: those text cells are read
 *                as missing, each with a warning naming line and column (first 5 per column, then a count)
 *   date         every present cell a date of one format (see dates.ts)
 *   categorical  otherwise, when there are at most 20 distinct values and at most max(2, half the present
 *                cells): codes index `categories`, sorted (numbers by value, then text by code point)
 *   text         otherwise: codes index the distinct values in first-seen order
 * Text cells are trimmed of surrounding spaces. In categorical and text columns a numeric cell's label is
 * the number written back (String(value)).
 */
import { AppFailure } from '../result';
import type { ColumnType, Dataset, LoadWarning } from './dataset';
import { ColumnStats } from './column-stats';
import { CELL_MISSING, CELL_NON_FINITE, CELL_NUMBER, CELL_TEXT, NumberParser } from './number';
import { decodeUtf8, decodeWindows1252 } from './text';
import type { FieldSink } from './tokenizer';
import { detectDateFormat, parseDate } from './dates';

/** Warnings kept per kind of problem per column before they are summarized as a count. */
const WARN_PER_COLUMN = 5;
const MAX_TEXT_SHARE_IN_NUMERIC = 0.05;
const MAX_CATEGORIES = 20;
const BLOCK_CELLS = 1 << 16;
/** The most cells a matrix may have: Node's largest buffer is 4 GiB of float64 values. */
const MAX_CELLS = Math.floor(2 ** 32 / 8);

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
}

interface ColumnState {
  readonly dict: Map<string, number>;
  readonly texts: string[];
  textCells: number;
  missing: number;
  /** First text cells seen (line and code), for warnings if the column turns out numeric. */
  readonly textSamples: { line: number; code: number }[];
  nonFinite: number;
}

export class DatasetBuilder implements FieldSink {
  readonly cols: number;
  rows = 0;
  private readonly names: readonly string[];
  private readonly parser: NumberParser;
  /** The tokenizer reads plain numbers with this parser (FieldSink.number). */
  readonly numberParser: NumberParser;
  private readonly columns: ColumnState[];
  private readonly warnings: LoadWarning[];
  private vals: Float64Array;
  /** Cell kinds while loading; missing flags after finish(). */
  private kinds: Uint8Array;
  /** Offset of the current row in vals/kinds. */
  private pos = 0;
  private col = 0;
  /** Records still to skip before the data: an Excel `sep=` line, the header. */
  private skipRecords: number;
  private extraFields = 0;
  private extraEmptyWarned = false;
  private invalidUtf8Warned = false;
  private shortRows = 0;
  private firstDataLine = 0;

  constructor(private readonly options: BuilderOptions) {
    this.names = options.names;
    this.cols = options.names.length;
    this.parser = new NumberParser(options.decimal === ',');
    this.numberParser = this.parser;
    this.columns = options.names.map(() => ({
      dict: new Map<string, number>(),
      texts: [],
      textCells: 0,
      missing: 0,
      textSamples: [],
      nonFinite: 0,
    }));
    this.warnings = [...(options.warnings ?? [])];
    this.skipRecords = (options.header ? 1 : 0) + (options.skipRecords ?? 0);
    let rows = Math.max(16, Math.min(Math.ceil(options.expectedRows ?? 1024), Math.floor(MAX_CELLS / this.cols)));
    let buffers = allocate(rows * this.cols);
    // An estimate too big to reserve: start smaller and grow when needed.
    while (buffers === null && rows > 16) {
      rows = Math.max(16, Math.floor(rows / 4));
      buffers = allocate(rows * this.cols);
    }
    if (buffers === null) throw tooLarge(rows * this.cols);
    [this.vals, this.kinds] = buffers;
  }

  /** A number the tokenizer read itself (a plain unquoted number). */
  number(value: number): void {
    const col = this.col++;
    if (this.skipRecords > 0) return;
    if (col >= this.cols) {
      this.extraFields = this.col;
      return;
    }
    const pos = this.pos + col;
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
      return;
    }
    this.vals[pos] = NaN;
    this.cell(kind, bytes, start, end, col, pos, line);
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
      if (state.nonFinite++ < WARN_PER_COLUMN) {
        this.warnings.push({
          line,
          column: this.names[col],
          message: `'${text.trim()}' is not a finite number; read as missing`,
        });
      }
      return;
    }
    const trimmed = text.trim();
    let code = state.dict.get(trimmed);
    if (code === undefined) {
      code = state.texts.length;
      state.dict.set(trimmed, code);
      state.texts.push(trimmed);
    }
    this.vals[pos] = code;
    state.textCells++;
    if (state.textSamples.length < WARN_PER_COLUMN) state.textSamples.push({ line, code });
  }

  /** Bytes that are not UTF-8 after the sniffed start of the file: replaced by U+FFFD, and said once. */
  private invalidUtf8(line: number, col: number): void {
    if (this.invalidUtf8Warned) return;
    this.invalidUtf8Warned = true;
    this.warnings.push({
      line,
      column: this.names[col],
      message: 'bytes that are not valid UTF-8 were replaced by \ufffd (from here on, check the file\'s encoding)',
    });
  }

  private extraField(bytes: Uint8Array, start: number, end: number, line: number): void {
    let empty = true;
    for (let k = start; k < end; k++) if (bytes[k] !== 0x20 && bytes[k] !== 0x09) empty = false;
    if (empty && this.extraFields === 0) {
      if (!this.extraEmptyWarned) {
        this.extraEmptyWarned = true;
        this.warnings.push({ line, message: 'rows end with an extra empty field (a trailing delimiter); it was ignored' });
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
    if (this.pos === this.vals.length) this.grow();
  }

  /** More rows than expected: move to buffers 1.5× larger. */
  private grow(): void {
    const cells = this.vals.length;
    const rows = Math.min(Math.ceil((cells / this.cols) * 1.5), Math.floor(MAX_CELLS / this.cols));
    const buffers = rows * this.cols > cells ? allocate(rows * this.cols) : null;
    if (buffers === null) throw tooLarge(cells);
    const [vals, kinds] = buffers;
    vals.set(this.vals);
    kinds.set(this.kinds);
    this.vals = vals;
    this.kinds = kinds;
  }

  /** A row with fewer fields: its last cells are missing, if it has at least half the columns. */
  private shortRow(n: number, line: number): void {
    const what = this.options.header ? 'header' : 'first row';
    if (n * 2 < this.cols) {
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
    if (this.shortRows++ < WARN_PER_COLUMN) {
      this.warnings.push({
        line,
        column: this.names[n],
        message: `line ${line} has ${n} fields; the ${what} has ${this.cols} columns: the last ${this.cols - n} read as missing`,
      });
    }
  }

  /**
   * Type the columns and write the final matrix. Throws AppFailure 'csv/no-rows' when there are no data rows.
   * The builder must not be used afterwards.
   */
  finish(): Dataset {
    if (this.rows === 0) {
      throw new AppFailure({
        kind: 'csv/no-rows',
        message: this.options.header ? 'the file has a header but no data rows' : 'the file has no data rows',
      });
    }
    const { rows, cols } = this;
    if (this.shortRows > WARN_PER_COLUMN) {
      this.warnings.push({ message: `${this.shortRows - WARN_PER_COLUMN} more short rows were read with missing trailing values` });
    }
    const plans = this.columns.map((state, c) => this.plan(state, c));
    const values = new Float64Array(this.vals.buffer, 0, rows * cols);
    const missing = new Uint8Array(this.kinds.buffer, 0, rows * cols);
    const stats = new ColumnStats(plans);
    // Whole rows per block, so each block is converted and measured while it is in cache.
    const block = Math.max(1, Math.floor(BLOCK_CELLS / cols)) * cols;
    for (let at = 0; at < rows * cols; at += block) {
      const end = Math.min(rows * cols, at + block);
      const v = values.subarray(at, end);
      const m = missing.subarray(at, end);
      this.convert(v, m, end - at, plans);
      stats.add(v, m, end - at);
    }
    const columns = stats.describe(values, missing, rows);
    // In file order; warnings about the whole file (no line) first.
    this.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return {
      rows,
      cols,
      values,
      missing,
      columns,
      delimiter: this.options.delimiter,
      encoding: this.options.encoding,
      header: this.options.header,
      decimal: this.options.decimal,
      warnings: this.warnings,
      firstDataLine: this.firstDataLine,
      recordsBeforeData: (this.options.header ? 1 : 0) + (this.options.skipRecords ?? 0),
    };
  }

  /** Decide a column's type and how its stored cells become final values. */
  private plan(state: ColumnState, c: number): ColumnPlan {
    const name = this.names[c];
    // Numbers are not counted in the hot loop: present numeric cells = rows − missing − text.
    const numbers = this.rows - state.missing - state.textCells;
    if (state.nonFinite > WARN_PER_COLUMN) {
      this.warnings.push({ column: name, message: `${state.nonFinite - WARN_PER_COLUMN} more non-finite values read as missing` });
    }
    if (numbers === 0 && state.textCells === 0) return { name, type: 'empty' };
    if (state.textCells === 0) return { name, type: 'numeric' };
    if (numbers > 0 && state.textCells <= MAX_TEXT_SHARE_IN_NUMERIC * (numbers + state.textCells)) {
      for (const s of state.textSamples) {
        this.warnings.push({ line: s.line, column: name, message: `'${state.texts[s.code]}' is not a number; read as missing` });
      }
      if (state.textCells > state.textSamples.length) {
        this.warnings.push({ column: name, message: `${state.textCells - state.textSamples.length} more text cells in this numeric column read as missing` });
      }
      return { name, type: 'numeric', textToMissing: true };
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
      const vals = this.vals;
      const kinds = this.kinds;
      for (let i = c; i < this.pos; i += this.cols) {
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
    };
  }

  /** Turn one chunk's stored cells into final values, and its kinds into missing flags (1 = missing). */
  private convert(vals: Float64Array, kinds: Uint8Array, cells: number, plans: ColumnPlan[]): void {
    const cols = this.cols;
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
      } else if (plan.type === 'categorical' || plan.type === 'text') {
        const recode = plan.recode as Float64Array;
        const numberLabels = plan.numberLabels as Map<number, number>;
        for (let i = c; i < cells; i += cols) {
          const kind = kinds[i];
          if (kind === CELL_TEXT) {
            vals[i] = recode[vals[i]];
            kinds[i] = CELL_NUMBER;
          } else if (kind === CELL_NUMBER) {
            vals[i] = recode[numberLabels.get(vals[i]) as number];
          }
        }
      }
    }
    for (let i = 0; i < cells; i++) {
      if (kinds[i] !== CELL_NUMBER) {
        kinds[i] = 1;
        vals[i] = NaN;
      } else {
        kinds[i] = 0;
      }
    }
  }
}

/** Shared buffers for `cells` values and kinds, or null if they cannot be had. */
function allocate(cells: number): [Float64Array, Uint8Array] | null {
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

interface ColumnPlan {
  readonly name: string;
  readonly type: ColumnType;
  readonly textToMissing?: boolean;
  readonly dateValues?: Float64Array;
  readonly categories?: string[];
  /** Old dictionary code → final code. */
  readonly recode?: Float64Array;
  /** Number value → old dictionary code, for numeric cells in categorical/text columns. */
  readonly numberLabels?: Map<number, number>;
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
