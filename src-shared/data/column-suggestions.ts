/**
 * Defaults for a person's own file, from the loader's column summaries alone (no rows read):
 * - which column to predict: one named like a target (target, label, class, y, price, outcome, …), else the last
 *   usable column — a suggestion the person changes;
 * - which columns cannot be inputs as they are, and why: dates (they can be expanded into parts: data/date-parts.ts),
 *   row IDs (unique per row: a run of consecutive whole numbers, or unique short texts), free text (mostly unique,
 *   long texts), text with too many distinct values to one-hot, columns with no values.
 * The app leaves those unticked with the reason on the column; training refuses them anyway (prepare.ts).
 */
import type { ColumnInfo } from './dataset';
import { formatCount } from '../text/numbers';

/** Why a column is not ticked as an input by default. */
export type InputExclusionKind = 'date' | 'row-id' | 'free-text' | 'many-texts' | 'empty';

export interface InputExclusion {
  readonly kind: InputExclusionKind;
  /** One short sentence for the column's line, e.g. "a date: expand it into parts to use it". */
  readonly reason: string;
}

export interface TargetSuggestion {
  readonly name: string;
  /** Shown next to the choice: "suggested: named like a target" or "suggested: the last column". */
  readonly why: string;
}

/** Whole column names (lowercase, separators removed) that say "this is what to predict". */
const TARGET_NAMES = new Set(['target', 'label', 'labels', 'class', 'classes', 'classlabel', 'y', 'price', 'saleprice', 'outcome', 'response', 'result', 'output', 'diagnosis', 'survived', 'churn', 'species', 'quality', 'grade', 'rating', 'salary', 'wage', 'income', 'medv', 'default']);
/** Words of a longer name (snake_case, kebab-case, camelCase, spaces) that mark a target: `sale_price`, `targetValue`. */
const TARGET_WORDS = new Set(['target', 'label', 'class', 'price', 'outcome', 'response', 'diagnosis', 'survived', 'churn', 'salary', 'wage', 'income']);
/** Words of a name that mark a row ID (`id`, `customer_id`, `RowNumber`, pandas's `Unnamed: 0`). */
const ID_WORDS = new Set(['id', 'index', 'idx', 'row', 'rownumber', 'unnamed', 'key', 'uuid', 'guid']);

/** A name's words, lowercase: "SalePrice" → ["sale", "price"], "customer_id" → ["customer", "id"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Texts of a text column all differ (one per present row)? */
function uniquePerRow(column: ColumnInfo, rows: number): boolean {
  const present = rows - column.missing;
  return present > 1 && (column.categories?.length ?? 0) === present;
}

/** Mean length of a text column's distinct values (characters) and the share of them with a space. */
function textShape(column: ColumnInfo): { length: number; spaced: number } {
  const texts = column.categories ?? [];
  if (texts.length === 0) return { length: 0, spaced: 0 };
  let length = 0;
  let spaced = 0;
  for (const t of texts) {
    length += t.length;
    if (/\s/.test(t.trim())) spaced++;
  }
  return { length: length / texts.length, spaced: spaced / texts.length };
}

/**
 * A numeric column is a row number when its whole values, none missing, run over exactly `rows` consecutive numbers
 * with the mean and spread of 1…n: mean (min + max)/2 and population sd √((n² − 1)/12). Any other set of n whole
 * numbers in that range repeats one, which moves the sd; so this is a permutation of the run, in any order.
 * Only from ROW_NUMBER_MIN_ROWS rows: in a small table (the course's toy data, x = 1…10 with y = 2x + 1) such a
 * column is as likely a real input; an ID-like name is caught at any size by namedLikeId.
 */
const ROW_NUMBER_MIN_ROWS = 100;
function isRowNumber(column: ColumnInfo, rows: number): boolean {
  const { min, max, mean, std } = column;
  if (column.type !== 'numeric' || column.missing > 0 || rows < ROW_NUMBER_MIN_ROWS || min === null || max === null || mean === null || std === null) return false;
  if (!Number.isInteger(min) || !Number.isInteger(max) || max - min + 1 !== rows) return false;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return close(mean, (min + max) / 2) && close(std, Math.sqrt((rows * rows - 1) / 12));
}

/** Whole numbers under a name like `id` or `customer_id`, with room for a different one on every row. */
function namedLikeId(column: ColumnInfo, rows: number): boolean {
  const { min, max } = column;
  if (min === null || max === null || !Number.isInteger(min) || !Number.isInteger(max)) return false;
  return nameWords(column.name).some((w) => ID_WORDS.has(w)) && max - min + 1 >= rows - column.missing;
}

/** Why `column` should not be an input as it is (null: it can be one). `rows` is the dataset's row count. */
export function inputExclusion(column: ColumnInfo, rows: number): InputExclusion | null {
  if (column.type === 'empty') return { kind: 'empty', reason: 'no values: nothing to learn from' };
  if (column.type === 'date') return { kind: 'date', reason: 'a date: expand it into year, month, day of week and day of year to use it' };
  if (column.type === 'numeric') {
    if (isRowNumber(column, rows)) return { kind: 'row-id', reason: 'a row number (1, 2, 3, … in some order): it says nothing about the target' };
    if (namedLikeId(column, rows)) return { kind: 'row-id', reason: 'named like an ID, with whole numbers that can differ on every row' };
    return null;
  }
  const distinct = column.categories?.length ?? 0;
  const present = rows - column.missing;
  const shape = textShape(column);
  const long = shape.length >= 30 || shape.spaced >= 0.5;
  if (uniquePerRow(column, rows) && !long) return { kind: 'row-id', reason: 'a different text on every row, like an ID: it says nothing about the target' };
  if (present > 1 && distinct >= 0.5 * present && long) return { kind: 'free-text', reason: 'free text (mostly different, long texts): it cannot be one-hot encoded' };
  if (column.type === 'text') return { kind: 'many-texts', reason: `${formatCount(distinct)} different texts: too many categories to one-hot` };
  return null;
}

/** The default inputs beside `target`, and the columns left out with why (each as the app shows it on the column). */
export interface DefaultInputs {
  readonly inputs: string[];
  readonly excluded: { readonly name: string; readonly reason: string }[];
}

/**
 * THE rule for which columns are inputs when the person has not chosen: numbers and categories that `inputExclusion`
 * lets through. The app ticks these (state/dataset.svelte.ts) and `train` without `--inputs` uses them (jobs/train.ts).
 * Text with too many values to one-hot is left out like the rest; a column's type alone is the reason when no
 * exclusion names one.
 */
export function defaultInputs(columns: readonly ColumnInfo[], rows: number, target: string | null): DefaultInputs {
  const inputs: string[] = [];
  const excluded: { name: string; reason: string }[] = [];
  for (const c of columns) {
    if (c.name === target) continue;
    const why = inputExclusion(c, rows);
    if (why === null && (c.type === 'numeric' || c.type === 'categorical')) inputs.push(c.name);
    else excluded.push({ name: c.name, reason: why?.reason ?? `${c.type}: not a number or a category` });
  }
  return { inputs, excluded };
}

/**
 * The column to preselect as the target: the first named like a target (a whole name such as `label` or `y`, or a
 * word of it such as `sale_price`), else the last column; columns that are dates, row IDs, free text or empty are
 * never suggested. Null when no column qualifies.
 */
export function suggestTarget(columns: readonly ColumnInfo[], rows: number): TargetSuggestion | null {
  const usable = columns.filter((c) => {
    const why = inputExclusion(c, rows);
    return why === null || why.kind === 'many-texts';
  });
  const whole = usable.find((c) => TARGET_NAMES.has(nameWords(c.name).join('')));
  if (whole) return { name: whole.name, why: 'suggested: named like a target' };
  const word = usable.find((c) => {
    const words = nameWords(c.name);
    return words.length > 1 && words.some((w) => TARGET_WORDS.has(w)) && !words.some((w) => ID_WORDS.has(w));
  });
  if (word) return { name: word.name, why: 'suggested: named like a target' };
  const last = usable.at(-1);
  return last ? { name: last.name, why: 'suggested: the last column' } : null;
}
