/**
 * Number formatting for the inspection views: exact (shortest round-trip, for tooltips) and rounded
 * (for labels on nodes and in step-through text). Negative numbers use the typographic minus sign.
 */

const MINUS = '\u2212';

/** The shortest string that reads back as exactly x (JavaScript's Number → string is round-trip). */
export function formatExact(x: number): string {
  return String(x);
}

/**
 * x rounded to `sig` significant digits with trailing zeros dropped: 1.2382242525694254 → "1.238",
 * 5 → "5", −0.000012345 → "−1.235e-5". Integers below 1e6 are shown whole.
 */
export function formatRounded(x: number, sig = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  if (Object.is(x, -0)) return '0';
  const abs = Math.abs(x);
  let body: string;
  if (Number.isInteger(x) && abs < 1e6) body = String(abs);
  else if (abs >= 1e6 || abs < 1e-4) {
    const [mant, exp] = abs.toExponential(sig - 1).split('e');
    body = `${trimZeros(mant)}e${Number(exp)}`;
  } else body = String(Number(abs.toPrecision(sig))); // Number() drops trailing zeros and toPrecision's e+4 form
  return x < 0 ? MINUS + body : body;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A number as an operand in a formula: negative values in parentheses, "3 × (−1)". */
export function formatOperand(x: number, sig?: number): string {
  const s = sig === undefined ? exactWithMinus(x) : formatRounded(x, sig);
  return s.startsWith(MINUS) ? `(${s})` : s;
}

/** formatExact with the typographic minus, for formulas shown exactly. */
export function exactWithMinus(x: number): string {
  if (Object.is(x, -0)) return '0';
  const s = formatExact(x);
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** A value in formula text, exact when sig is undefined, else rounded. */
export function formatValue(x: number, sig?: number): string {
  return sig === undefined ? exactWithMinus(x) : formatRounded(x, sig);
}

/**
 * A whole number with thousands separators, "25,088" (as toLocaleString('en-US'), whose first call sets up
 * the locale's number data: about 5–10 ms inside whatever task first shows a count).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let k = head; k < digits.length; k += 3) out += `,${digits.slice(k, k + 3)}`;
  return n < 0 ? `-${out}` : out;
}
