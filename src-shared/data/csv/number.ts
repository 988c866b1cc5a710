/**
 * Reading a CSV cell as a number straight from its bytes. The fast path accumulates the digits as an
 * integer while it stays exact (below 2^53, i.e. up to 15–16 significant digits) and scales it by an
 * exact power of ten (|exponent| ≤ 22): one correctly rounded multiply or divide, so the result equals
 * Number(text) exactly (Clinger's fast path). Anything else
 * (more digits, big exponents, thousands separators, decimal commas, missing tokens, inf) takes a
 * slow path on the decoded text that ends in Number() itself.
 */

/** What a cell turned out to be. */
export const CELL_NUMBER = 0;
export const CELL_MISSING = 1;
export const CELL_TEXT = 2;
/** inf, 1e309 and the like: kept as missing, and warned about. */
export const CELL_NON_FINITE = 3;
/** A spreadsheet's error value (#DIV/0!, #N/A …): missing, counted and warned about per column. */
export const CELL_ERROR_VALUE = 5;
export type CellKind = typeof CELL_NUMBER | typeof CELL_MISSING | typeof CELL_TEXT | typeof CELL_NON_FINITE | typeof CELL_ERROR_VALUE;

/**
 * Cells that mean "no value" (after trimming spaces). Never read as 0. Besides the usual spellings:
 * '-', '?' (UCI files), '.' (SAS/Stata; penguins.csv has one in `sex`). Spreadsheet errors are SPREADSHEET_ERRORS.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', 'NA', 'N/A', 'n/a', 'na', 'NaN', 'nan', 'NAN', 'null', 'NULL', 'Null', 'None', 'none', '-', '.', '?',
]);

/** The error values Excel, LibreOffice and Google Sheets write into a CSV when a formula fails (and pandas' `#N/A N/A`, `#NA`). */
export const SPREADSHEET_ERRORS: ReadonlySet<string> = new Set([
  '#N/A', '#N/A N/A', '#NA', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA', 'Err:502', 'Err:504', '#ERROR!',
]);

const INFINITIES: ReadonlySet<string> = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** 10^k for k = 0…22: all exactly representable in float64. */
const POW10 = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
  1e22,
];

/** 2^53 − 1: integers up to here are exact in float64. */
const MAX_EXACT = 9007199254740991;

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DOT_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$/;
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/;

/**
 * Parses cells of one file. `parse` returns the cell kind and leaves a number in `value`
 * (NaN unless the kind is CELL_NUMBER).
 */
export class NumberParser {
  value = NaN;
  private readonly point: number;

  /** `decimalComma`: `1,5` means 1.5 (and `1.234,5` means 1234.5). */
  constructor(private readonly decimalComma: boolean) {
    this.point = decimalComma ? 0x2c : 0x2e;
  }

  /** Read bytes[start, end) as a number cell. */
  parse(bytes: Uint8Array, start: number, end: number): CellKind {
    let i = start;
    let e = end;
    while (i < e && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
    while (e > i && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0x09)) e--;
    if (i === e) {
      this.value = NaN;
      return CELL_MISSING;
    }
    const first = i;
    let neg = false;
    const b = bytes[i];
    if (b === 0x2d) {
      neg = true;
      i++;
    } else if (b === 0x2b) {
      i++;
    }
    // mant only grows, so if it ends below 2^53 every step was exact.
    let mant = 0;
    const intStart = i;
    while (i < e) {
      const d = bytes[i] - 0x30;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      i++;
    }
    let sawDigit = i > intStart;
    let exp = 0;
    if (i < e && bytes[i] === this.point) {
      i++;
      const fracStart = i;
      while (i < e) {
        const d = bytes[i] - 0x30;
        if (d < 0 || d > 9) break;
        mant = mant * 10 + d;
        i++;
      }
      exp = fracStart - i;
      if (i > fracStart) sawDigit = true;
    }
    if (sawDigit && i < e && (bytes[i] | 0x20) === 0x65) {
      i++;
      let eneg = false;
      if (i < e && (bytes[i] === 0x2d || bytes[i] === 0x2b)) {
        eneg = bytes[i] === 0x2d;
        i++;
      }
      let ev = 0;
      let evDigits = 0;
      while (i < e) {
        const d = bytes[i] - 0x30;
        if (d < 0 || d > 9) break;
        if (ev < 100000) ev = ev * 10 + d;
        evDigits++;
        i++;
      }
      if (evDigits === 0) return this.slow(bytes, first, e);
      exp += eneg ? -ev : ev;
    }
    if (!sawDigit || i !== e) return this.slow(bytes, first, e);
    let v: number;
    if (mant > MAX_EXACT) return this.exact(bytes, first, e);
    if (mant === 0) v = 0;
    else if (exp === 0) v = mant;
    else if (exp > 0 && exp <= 22) v = mant * POW10[exp];
    else if (exp < 0 && exp >= -22) v = mant / POW10[-exp];
    else return this.exact(bytes, first, e);
    this.value = neg ? -v : v;
    return CELL_NUMBER;
  }

  /**
   * The simplest cells, read while the tokenizer scans them: `[-]digits[.digits]` (at least one integer
   * digit, mantissa below 2^53, at most 22 decimals: exact as in parse()). Returns the index of the
   * first byte after the number, with the value in `value`, or −1 when the cell is anything else or
   * runs to `end` (the caller then reads it the general way).
   */
  scanSimple(bytes: Uint8Array, start: number, end: number): number {
    let i = start;
    const neg = bytes[i] === 0x2d;
    if (neg) i++;
    const intStart = i;
    let mant = 0;
    while (i < end) {
      const d = bytes[i] - 0x30;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      i++;
    }
    if (i === intStart || i === end) return -1;
    let frac = 0;
    if (bytes[i] === this.point) {
      const fracStart = ++i;
      while (i < end) {
        const d = bytes[i] - 0x30;
        if (d < 0 || d > 9) break;
        mant = mant * 10 + d;
        i++;
      }
      if (i === end) return -1;
      frac = i - fracStart;
    }
    if (mant > MAX_EXACT || frac > 22) return -1;
    // x = mant / 10^frac: one correctly rounded division of exact values.
    const v = frac === 0 ? mant : mant / POW10[frac];
    this.value = neg ? -v : v;
    return i;
  }

  /** A well-formed number the fast path cannot round exactly (long mantissa, big exponent): Number() decides. */
  private exact(bytes: Uint8Array, start: number, end: number): CellKind {
    // In slices: one call with a long cell's every byte as an argument would overflow the stack.
    let text = '';
    for (let at = start; at < end; at += 4096) text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
    if (this.decimalComma) text = text.replace(',', '.');
    const v = Number(text);
    this.value = Number.isFinite(v) ? v : NaN;
    return Number.isFinite(v) ? CELL_NUMBER : CELL_NON_FINITE;
  }

  /** The careful path: decode the (ASCII) text and decide by pattern, then Number(). */
  private slow(bytes: Uint8Array, start: number, end: number): CellKind {
    this.value = NaN;
    let s = '';
    for (let k = start; k < end; k++) {
      const b = bytes[k];
      if (b >= 0x80 || b === 0) return CELL_TEXT;
      s += String.fromCharCode(b);
    }
    if (MISSING_TOKENS.has(s)) return CELL_MISSING;
    if (SPREADSHEET_ERRORS.has(s)) return CELL_ERROR_VALUE;
    if (INFINITIES.has(s.toLowerCase())) return CELL_NON_FINITE;
    let text = s;
    if (this.decimalComma) {
      if (COMMA_THOUSANDS.test(text)) text = text.replace(/\./g, '').replace(',', '.');
      else if (text.includes('.')) return CELL_TEXT;
      else text = text.replace(',', '.');
    } else if (DOT_THOUSANDS.test(text)) {
      text = text.replace(/,/g, '');
    }
    if (!PLAIN_NUMBER.test(text)) return CELL_TEXT;
    const v = Number(text);
    if (!Number.isFinite(v)) return CELL_NON_FINITE;
    this.value = v;
    return CELL_NUMBER;
  }
}
