/**
 * Typing the columns of the joined cells, and converting the cells into final values, block by block.
 *
 * Column typing (decided on the whole column):
 *   empty        no present cells
 *   numeric      every present cell a number, or at most 5 % of them text: those text cells are read
 *                as missing, each with a warning naming line and column (first 5 per column, then a count)
 *   date         every present cell a date of one format (see dates.ts)
 *   categorical  otherwise, when there are at most 20 distinct values and at most max(2, half the present
 *                cells): codes index `categories`, sorted (numbers by value, then text by code point)
 *   text         otherwise: codes index the distinct values in first-seen order
 * In categorical and text columns a number keeps its text as written (`01`, `007`, `1.50`, `1e3`: zip codes,
 * ids), trimmed (segment-builder.ts). Numbers of a column read before it kept texts have only their value; if
 * the column ends categorical or text, Dataset.numberTextsLost names it (the caller may read the file again
 * with the column in textColumns), else their label is String(value) with a warning.
 * Dataset.values is a view of its first rows × cols cells: its buffer may be longer.
 */
import { AppFailure } from '../../result';
import type { ColumnType, Dataset, LoadWarning } from '../dataset';
import { blockPartial, ColumnStats, type BlockPartial, type StatsShape } from '../column-stats';
import { detectDateFormat, parseDate } from '../dates';
import { CELL_NUMBER, CELL_TEXT } from './number';
import { CELL_NUMBER_TEXT, WARN_PER_COLUMN, type ColumnState, type JoinedCells } from './load-cells';
import type { BuilderOptions } from './segment-builder';
import type { BlockStatsKernel } from './csv-kernels';

export const MAX_TEXT_SHARE_IN_NUMERIC = 0.05;
export const MAX_CATEGORIES = 20;
const BLOCK_CELLS = 1 << 16;
/**
 * Rows per block at least: each block's statistics cost a few arrays as long as a row, so one-row blocks of a
 * 100,000-column file spent most of the load allocating and adding them up.
 */
const MIN_BLOCK_ROWS = 256;

/** Cells per block of a matrix `cols` wide: whole rows, about BLOCK_CELLS, at least MIN_BLOCK_ROWS rows. */
export function blockCellsFor(cols: number): number {
  return Math.max(MIN_BLOCK_ROWS, Math.floor(BLOCK_CELLS / cols)) * cols;
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
export function planFinish(
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
  fileWarnings(options.names, rows, columns, warnings, shortRows);
  const plans = columns.map((state, c) => plan(options.names[c], state, c, cells, rows, cols));
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
    blockCells: blockCellsFor(cols),
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
  kernel?: BlockStatsKernel,
): BlockPartial[] {
  const block = blockCellsFor(cols);
  const out: BlockPartial[] = [];
  for (let at = from; at < to; at += block) {
    const end = Math.min(to, at + block);
    const v = values.subarray(at, end);
    const m = missing.subarray(at, end);
    // With the native kernel, convert()'s last step runs inside it.
    convert(v, m, end - at, cols, plans, kernel === undefined);
    out.push(blockPartial(shape, v, m, end - at, kernel));
  }
  return out;
}

/**
 * The dataset, once every block's partial has been added to `stats` in block order. `counts`: the
 * histogram counts (histogramCounts over all rows, parts added up), or undefined to count them here.
 */
export function completeFinish(job: FinishJob, stats: ColumnStats, counts?: (Float64Array | null)[]): Dataset {
  const { options, rows, cols, values, missing, warnings } = job;
  const columns = stats.describe(values, missing, rows, counts, options.kernels?.histogram);
  inFileOrder(warnings);
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

/** Warnings in file order (a stable sort by line); those about the whole file (no line) first. */
export function inFileOrder(warnings: LoadWarning[]): void {
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Dataset.numberTextsLost from the plans, when a column lost number texts. */
function textsLostIn(plans: readonly ColumnPlan[]): { numberTextsLost?: number[] } {
  const lost = plans.flatMap((p, c) => (p.textsLost ? [c] : []));
  return lost.length > 0 ? { numberTextsLost: lost } : {};
}

/** What the column warnings need of a column's reading (ColumnState, or a SegmentColumn of a whole file). */
export interface ColumnCounts {
  readonly missing: number;
  readonly textCells: number;
  readonly errorValues: number;
  readonly errorLines: readonly number[];
  readonly errorCodes: readonly string[];
  readonly nonFinite: number;
  readonly textSamples: readonly { readonly line: number; readonly code: number }[];
  readonly texts: readonly string[];
  readonly unkeptNumbers: number;
}

/**
 * The warnings about the whole file once it is read (what planFinish says before typing the columns): short rows
 * beyond those listed, then per column its spreadsheet errors, non-finite values beyond those listed, the text
 * cells of a numeric column, and numbers shown as numbers in a column that turned text. Also the streaming
 * predict's (predict-stream.ts), so both say the same.
 */
export function fileWarnings(names: readonly string[], rows: number, columns: readonly ColumnCounts[], warnings: LoadWarning[], shortRows: number): void {
  if (shortRows > WARN_PER_COLUMN) {
    warnings.push({ message: `${shortRows - WARN_PER_COLUMN} more short rows were read with missing trailing values` });
  }
  columns.forEach((state, c) => columnWarnings(names[c], state, rows, warnings));
}

function columnWarnings(name: string, state: ColumnCounts, rows: number, warnings: LoadWarning[]): void {
  const numbers = rows - state.missing - state.textCells;
  if (state.errorValues > 0) warnings.push(errorValuesWarning(name, state));
  if (state.nonFinite > WARN_PER_COLUMN) {
    warnings.push({ column: name, message: `${state.nonFinite - WARN_PER_COLUMN} more non-finite values read as missing` });
  }
  if (state.textCells === 0) return;
  if (numbers > 0 && state.textCells <= MAX_TEXT_SHARE_IN_NUMERIC * (numbers + state.textCells)) {
    for (const s of state.textSamples) {
      warnings.push({ line: s.line, column: name, message: `'${state.texts[s.code]}' is not a number; read as missing` });
    }
    if (state.textCells > state.textSamples.length) {
      warnings.push({ column: name, message: `${state.textCells - state.textSamples.length} more text cells in this numeric column read as missing` });
    }
    return;
  }
  // A date column has no numbers; a categorical or text one shows numbers read before its first text as numbers.
  if (numbers > 0 && state.unkeptNumbers > 0) {
    warnings.push({
      column: name,
      message: `${state.unkeptNumbers} number${state.unkeptNumbers === 1 ? '' : 's'} before this column's first text ${state.unkeptNumbers === 1 ? 'is' : 'are'} shown as the number (e.g. 1 for 01), not as written`,
    });
  }
}

/** Decide a column's type and how its stored cells become final values (its warnings: fileWarnings). */
function plan(name: string, state: ColumnState, c: number, cells: JoinedCells, rows: number, cols: number): ColumnPlan {
  // Numbers are not counted in the hot loop: present numeric cells = rows − missing − text.
  const numbers = rows - state.missing - state.textCells;
  if (numbers === 0 && state.textCells === 0) return { name, type: 'empty' };
  if (state.textCells === 0) return { name, type: 'numeric', ...keptNumbers(state) };
  if (numbers > 0 && state.textCells <= MAX_TEXT_SHARE_IN_NUMERIC * (numbers + state.textCells)) {
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

/** One warning per column for its spreadsheet error values: how many, which, and on which lines. */
function errorValuesWarning(name: string, state: ColumnCounts): LoadWarning {
  const n = state.errorValues;
  const more = n - state.errorLines.length;
  const lines = `line${state.errorLines.length === 1 ? '' : 's'} ${state.errorLines.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return {
    line: state.errorLines[0],
    column: name,
    message: `${n} spreadsheet error value${n === 1 ? '' : 's'} (${state.errorCodes.join(', ')}) read as missing, on ${lines}`,
  };
}

/** A numeric column's kept number texts: the number of each entry of texts (NaN for text), if it has any. */
function keptNumbers(state: ColumnState): { numberTextValues?: Float64Array } {
  return state.textValues.some((v) => !Number.isNaN(v)) ? { numberTextValues: Float64Array.from(state.textValues) } : {};
}

/** Turn one chunk's stored cells into final values, and its kinds into missing flags (1 = missing). */
function convert(vals: Float64Array, kinds: Uint8Array, cells: number, cols: number, plans: readonly ColumnPlan[], missingFlags: boolean): void {
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
  if (!missingFlags) return;
  for (let i = 0; i < cells; i++) {
    if (kinds[i] !== CELL_NUMBER) {
      kinds[i] = 1;
      vals[i] = NaN;
    }
  }
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
