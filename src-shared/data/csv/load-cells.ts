/**
 * The cells of a dataset while it loads: their kinds beyond number.ts's (a number whose text is kept), the
 * shared buffers they live in, and each column's text dictionary. Cells go straight into the final row-major
 * SharedArrayBuffers: numbers as themselves, text as a per-column dictionary code, and the cell kind in the
 * byte that becomes the missing flag (see segment-builder.ts and column-plan.ts).
 */
import { AppFailure } from '../../result';

/** While loading: a number whose text is kept (its value is a code into the column's texts; the number is in textValues). */
export const CELL_NUMBER_TEXT = 4;

/** Warnings kept per kind of problem per column before they are summarized as a count. */
export const WARN_PER_COLUMN = 5;
/** The most cells a matrix may have: Node's largest buffer is 4 GiB of float64 values. */
export const MAX_CELLS = Math.floor(2 ** 32 / 8);

/** The cells of the joined segments: where they all are, rows × cols from 0, before finishing. */
export interface JoinedCells {
  readonly vals: Float64Array;
  readonly kinds: Uint8Array;
}

/** Per column, what reading found besides the cells (mutable while a segment reads; joined over segments). */
export interface ColumnState {
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
  /** Spreadsheet error values (#DIV/0! …), read as missing: how many, the first lines, the distinct values. */
  errorValues: number;
  readonly errorLines: number[];
  readonly errorCodes: string[];
}

/** The code of `text` in a column's dictionary, adding it (with its number, or NaN for text) when new. */
export function intern(state: ColumnState, text: string, value: number): number {
  let code = state.dict.get(text);
  if (code === undefined) {
    code = state.texts.length;
    state.dict.set(text, code);
    state.texts.push(text);
    state.textValues.push(value);
  }
  return code;
}

export function newColumnState(): ColumnState {
  return { dict: new Map<string, number>(), texts: [], textValues: [], textCells: 0, unkeptNumbers: 0, missing: 0, textSamples: [], nonFinite: 0, errorValues: 0, errorLines: [], errorCodes: [] };
}

/** Shared buffers for `cells` values and kinds (zeroed), or null if they cannot be had. */
export function allocateCells(cells: number): [Float64Array, Uint8Array] | null {
  try {
    return [new Float64Array(new SharedArrayBuffer(cells * 8)), new Uint8Array(new SharedArrayBuffer(cells))];
  } catch {
    return null;
  }
}

export function tooLarge(cells: number): AppFailure {
  return new AppFailure({
    kind: 'csv/too-large',
    message: `the file has more than ${cells} cells: more than fits in memory (at most ${MAX_CELLS} cells, 4 GiB of numbers)`,
  });
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
