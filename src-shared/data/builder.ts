/**
 * The tokenizer's sink for loading: stores every cell as it streams by, then types the columns and
 * writes the final row-major matrix into SharedArrayBuffers.
 *
 * While reading, cells go into row-major chunks (a Float64Array of values and a Uint8Array of cell
 * kinds, ~4.5 MiB per chunk): numbers as themselves, text as a per-column dictionary code. At the end
 * each chunk is converted and copied into the shared matrix, then dropped, so peak memory stays near
 * one final matrix plus one chunk.
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
import type { ColumnInfo, ColumnType, Dataset, Histogram, LoadWarning } from './dataset';
import { CELL_MISSING, CELL_NON_FINITE, CELL_NUMBER, CELL_TEXT, NumberParser } from './number';
import { decodeField } from './records';
import type { FieldSink } from './tokenizer';
import { detectDateFormat, parseDate } from './dates';

/** Warnings kept per kind of problem per column before they are summarized as a count. */
const WARN_PER_COLUMN = 5;
const MAX_TEXT_SHARE_IN_NUMERIC = 0.05;
const MAX_CATEGORIES = 20;
const HISTOGRAM_BINS = 20;
const CHUNK_CELLS = 1 << 19;

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
  private readonly columns: ColumnState[];
  private readonly warnings: LoadWarning[];
  private readonly chunkRows: number;
  private readonly valueChunks: (Float64Array | null)[] = [];
  private readonly kindChunks: (Uint8Array | null)[] = [];
  private vals: Float64Array;
  private kinds: Uint8Array;
  /** Offset of the current row in the current chunk. */
  private pos = 0;
  private col = 0;
  private skipHeader: boolean;
  private extraFields = 0;
  private extraEmptyWarned = false;
  private shortRows = 0;
  private firstDataLine = 0;

  constructor(private readonly options: BuilderOptions) {
    this.names = options.names;
    this.cols = options.names.length;
    this.parser = new NumberParser(options.decimal === ',');
    this.columns = options.names.map(() => ({
      dict: new Map<string, number>(),
      texts: [],
      textCells: 0,
      missing: 0,
      textSamples: [],
      nonFinite: 0,
    }));
    this.warnings = [...(options.warnings ?? [])];
    this.skipHeader = options.header;
    this.chunkRows = Math.max(1, Math.floor(CHUNK_CELLS / this.cols));
    this.vals = new Float64Array(this.chunkRows * this.cols);
    this.kinds = new Uint8Array(this.chunkRows * this.cols);
    this.valueChunks.push(this.vals);
    this.kindChunks.push(this.kinds);
  }

  field(bytes: Uint8Array, start: number, end: number, _quoted: boolean, line: number): void {
    const col = this.col++;
    if (this.skipHeader) return;
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
    const text = decodeField(bytes, start, end, this.options.tokenEncoding);
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
    if (this.skipHeader) {
      this.skipHeader = false;
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
    if (this.pos === this.vals.length) {
      this.vals = new Float64Array(this.chunkRows * this.cols);
      this.kinds = new Uint8Array(this.chunkRows * this.cols);
      this.valueChunks.push(this.vals);
      this.kindChunks.push(this.kinds);
      this.pos = 0;
    }
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
   * The builder must not be used afterwards (its chunks are released).
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
    const values = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
    const missing = new Uint8Array(new SharedArrayBuffer(rows * cols));
    let offset = 0;
    for (let k = 0; k < this.valueChunks.length; k++) {
      const vals = this.valueChunks[k] as Float64Array;
      const kinds = this.kindChunks[k] as Uint8Array;
      const cells = Math.min(vals.length, (rows * cols) - offset);
      this.convert(vals, kinds, cells, plans);
      values.set(vals.subarray(0, cells), offset);
      missing.set(kinds.subarray(0, cells), offset);
      offset += cells;
      this.valueChunks[k] = null;
      this.kindChunks[k] = null;
    }
    const columns = plans.map((plan, c) => describe(plan, c, values, missing, rows, cols));
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
      for (let k = 0; k < this.valueChunks.length; k++) {
        const vals = this.valueChunks[k] as Float64Array;
        const kinds = this.kindChunks[k] as Uint8Array;
        const cells = k === this.valueChunks.length - 1 ? this.pos : vals.length;
        for (let i = c; i < cells; i += this.cols) {
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

/** Column metadata from the final matrix: count of missing, stats, categories, histogram. */
function describe(plan: ColumnPlan, c: number, values: Float64Array, missing: Uint8Array, rows: number, cols: number): ColumnInfo {
  let nMissing = 0;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  const counts = plan.categories ? new Array<number>(plan.categories.length).fill(0) : null;
  for (let i = c; i < rows * cols; i += cols) {
    if (missing[i] === 1) {
      nMissing++;
      continue;
    }
    const x = values[i];
    if (counts) {
      counts[x]++;
      continue;
    }
    // Welford: mean_n = mean_{n−1} + (x − mean_{n−1})/n; M2 += (x − mean_{n−1})(x − mean_n)
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const numeric = plan.type === 'numeric' || plan.type === 'date';
  const has = numeric && n > 0;
  const info: ColumnInfo = {
    name: plan.name,
    type: plan.type,
    missing: nMissing,
    min: has ? min : null,
    max: has ? max : null,
    mean: has ? mean : null,
    // Population standard deviation (divide by n), as StandardScaler uses.
    std: has ? Math.sqrt(m2 / n) : null,
    ...(plan.categories ? { categories: plan.categories } : {}),
    ...(counts && plan.type === 'categorical' ? { categoryCounts: counts } : {}),
    ...(has ? { histogram: histogram(values, missing, c, rows, cols, min, max) } : {}),
  };
  return info;
}

/** Equal-width histogram of a column's present values (one bin when they are all equal). */
function histogram(values: Float64Array, missing: Uint8Array, c: number, rows: number, cols: number, min: number, max: number): Histogram {
  const bins = max > min ? HISTOGRAM_BINS : 1;
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = c; i < rows * cols; i += cols) {
    if (missing[i] === 1) continue;
    const k = width > 0 ? Math.min(bins - 1, Math.floor((values[i] - min) / width)) : 0;
    counts[k]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
  return { edges, counts };
}
