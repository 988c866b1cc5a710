/**
 * Byte-level checks for copying CSV text as it is (the predictions export, on the main thread and in its
 * worker): which cells spreadsheet-formula neutralisation changes.
 *
 * Formula neutralisation: a spreadsheet runs a cell starting with = + - @ (or a tab or carriage return)
 * as a formula. Such a cell, when something follows that first character and it is not a plain number
 * (−1.5, +3, -2,5, 1e-3 stay as they are), is written with a leading apostrophe.
 */

const COMMA = 0x2c;
const CR = 0x0d;
const TAB = 0x09;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const MINUS = 0x2d;
const AT = 0x40;
const DOT = 0x2e;
const SPACE = 0x20;

/** Does a cell starting with this byte risk being read as a formula? */
function isFormulaLead(b: number): boolean {
  return b === EQUALS || b === PLUS || b === MINUS || b === AT || b === TAB || b === CR;
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/**
 * bytes[start, end) is a signed plain number: a sign, then digits with at most the separators . , and space
 * (decimal point, decimal comma, thousands groups) and an optional exponent e±digits. Nothing a
 * spreadsheet would compute: no operator after the sign, no letters, no parentheses.
 */
export function isSignedPlainNumber(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start + 1;
  let digits = 0;
  for (; i < end; i++) {
    const b = bytes[i];
    if (isDigit(b)) digits++;
    else if (b !== DOT && b !== COMMA && b !== SPACE) break;
  }
  if (digits === 0) return false;
  if (i === end) return true;
  if (bytes[i] !== 0x65 && bytes[i] !== 0x45) return false; // e or E
  i++;
  if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
  const expStart = i;
  while (i < end && isDigit(bytes[i])) i++;
  return i === end && i > expStart;
}

/** Should the cell bytes[start, end) get a leading apostrophe so a spreadsheet does not run it? */
export function needsNeutralising(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < 2 || !isFormulaLead(bytes[start])) return false;
  const lead = bytes[start];
  if (lead === PLUS || lead === MINUS) return !isSignedPlainNumber(bytes, start, end);
  return true;
}
