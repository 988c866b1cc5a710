/**
 * Is the first record a header? Decided from the sniffed records by comparing each first-row cell with
 * the cells below it in its column, so a header whose names are numbers (years, `1,2,3` over decimals)
 * is read as one, and a numeric first data row is not.
 *
 * - A first row with no number or date in it is a header (names are text).
 * - A first row is data if any of its numbers could not be a name: a decimal, a negative or signed
 *   number, an exponent, a non-finite value, or the same number twice (names are distinct).
 * - Otherwise each column votes, comparing its first cell with the column below:
 *     header  a text cell over a column of numbers or dates (no text below);
 *             a whole number over a column of numbers none of which is whole (at least 3 of them);
 *             a year (1800–2200) over numbers that are not all years, outside their range;
 *             a date over a column of numbers.
 *     data    a whole number or a date of the same shape as the column below.
 *   The first row is a header when some column votes header and none votes data: when in doubt, the
 *   reading that makes every column look like the rest of the file. A row numbered by position (0, 1, 2, …
 *   or 1, 2, 3, …; at least 3 columns, as pandas writes an unnamed frame) is a header when any column
 *   votes header, even if others vote data.
 * Whenever the choice was not obvious (the first row held numbers and something pointed either way),
 * `note` says which reading was chosen and why, for a warning the user can act on.
 */
import { CELL_ERROR_VALUE, CELL_MISSING, CELL_NON_FINITE, CELL_NUMBER, type NumberParser } from './number';
import { looksLikeDate } from '../dates';

/** A cell of the sniffed sample, as header detection sees it. */
export type Shape =
  | { readonly kind: 'missing' | 'text' | 'non-finite' | 'date' }
  | { readonly kind: 'number'; readonly value: number; readonly whole: boolean };

export interface HeaderChoice {
  readonly header: boolean;
  /** Why, when the choice was not obvious: "first row read as a header: its values are …". */
  readonly note?: string;
}

const WHOLE = /^\s*\d+\s*$/;
const YEAR_MIN = 1800;
const YEAR_MAX = 2200;
/** Decimals below a whole number: at least this many, so one whole-looking value is not a header by chance. */
const MIN_DECIMALS_BELOW = 3;

/** The shape of one cell: missing, text, a number (and whether it is written as a plain whole number), a date. */
export function shapeOf(text: string, parser: NumberParser): Shape {
  const bytes = asciiBytes(text);
  if (bytes !== null) {
    const kind = parser.parse(bytes, 0, bytes.length);
    if (kind === CELL_MISSING || kind === CELL_ERROR_VALUE) return { kind: 'missing' };
    if (kind === CELL_NON_FINITE) return { kind: 'non-finite' };
    if (kind === CELL_NUMBER) return { kind: 'number', value: parser.value, whole: WHOLE.test(text) };
  }
  return looksLikeDate(text) ? { kind: 'date' } : { kind: 'text' };
}

function asciiBytes(t: string): Uint8Array | null {
  const out = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x80) return null;
    out[i] = c;
  }
  return out;
}

const isYear = (v: number): boolean => Number.isInteger(v) && v >= YEAR_MIN && v <= YEAR_MAX;

/**
 * Decide whether `records[0]` is a header, from up to all of `records` (the sniffed sample).
 * `parser` reads numbers with the file's decimal separator.
 */
export function detectHeader(records: readonly (readonly string[])[], parser: NumberParser): HeaderChoice {
  const first = records[0].map((t) => shapeOf(t, parser));
  const hasValue = first.some((s) => s.kind === 'number' || s.kind === 'date' || s.kind === 'non-finite');
  if (!hasValue) return { header: true };
  const shown = records[0].map((t) => t.trim()).filter((t) => t !== '').slice(0, 6);
  const values = `${shown.join(', ')}${records[0].length > shown.length ? ', …' : ''}`;
  const hasText = first.some((s) => s.kind === 'text');
  const asData = (why: string, doubt: boolean): HeaderChoice =>
    doubt ? { header: false, note: `first row read as data: its values are ${values} (${why}); if it is a header, the column names are wrong` } : { header: false };
  const rest = records.slice(1);
  if (rest.length === 0) return asData('a single row cannot be compared with others', hasText);

  const numbers = first.filter((s): s is Extract<Shape, { kind: 'number' }> => s.kind === 'number');
  const notName = numbers.find((s) => !s.whole);
  if (first.some((s) => s.kind === 'non-finite')) return asData('a non-finite value is not a column name', hasText);
  if (notName) return asData(`${String(notName.value)} is not a whole number, so not a column name`, hasText);
  if (new Set(numbers.map((s) => s.value)).size < numbers.length) return asData('a number repeats, and column names are distinct', hasText);

  const headerWhy = new Set<string>();
  const dataWhy = new Set<string>();
  first.forEach((cell, c) => {
    const below = rest.map((r) => shapeOf(r[c] ?? '', parser)).filter((s) => s.kind !== 'missing');
    if (below.length === 0) return;
    const texts = below.filter((s) => s.kind === 'text').length;
    const dates = below.filter((s) => s.kind === 'date').length;
    const nums = below.filter((s): s is Extract<Shape, { kind: 'number' }> => s.kind === 'number');
    if (cell.kind === 'text') {
      if (texts === 0) headerWhy.add('text over numbers or dates');
    } else if (cell.kind === 'date') {
      if (dates > 0) dataWhy.add('dates like the rows below');
      else if (texts === 0) headerWhy.add('dates over numbers');
    } else if (cell.kind === 'number' && texts === 0 && dates === 0) {
      const values = nums.map((s) => s.value);
      const min = Math.min(...values);
      const max = Math.max(...values);
      if (nums.length >= MIN_DECIMALS_BELOW && nums.every((s) => !s.whole)) headerWhy.add('whole numbers over decimals');
      else if (isYear(cell.value) && !values.every(isYear) && (cell.value < min || cell.value > max)) headerWhy.add('years over other numbers');
      else dataWhy.add('numbers like the rows below');
    }
  });
  // Columns numbered by position (pandas writes 0,1,2,…): names, when any column also suggests a header.
  const positional = first.length >= 3 && numbers.length === first.length && [0, 1].some((base) => numbers.every((s, k) => s.value === base + k));
  if (positional && headerWhy.size > 0) headerWhy.add('numbered by position, as pandas names columns');
  if (headerWhy.size > 0 && (dataWhy.size === 0 || positional)) {
    return {
      header: true,
      note: `first row read as a header: its values are ${values} (${[...headerWhy].join('; ')}); if it is data, the file has no header`,
    };
  }
  if (headerWhy.size > 0) return asData(`${[...dataWhy].join('; ')}, though some columns suggest a header: ${[...headerWhy].join('; ')}`, true);
  return asData([...dataWhy].join('; ') || 'nothing suggests a header', hasText);
}
