/**
 * Number formatting for the inspection views: the UI's one formatter (lib/format/numbers.ts) under the names these
 * views use, plus formula text ("3 × (−1)"). Negative numbers use the typographic minus sign.
 */
import { formatCount, formatExact, formatFixed, formatNumber, formatPercent, plural } from '../format/numbers';

export { formatCount, formatExact, formatFixed, formatNumber, formatPercent, plural };

const MINUS = '\u2212';

/** x rounded to `sig` significant digits (formatNumber): 1.2382242525694254 → "1.238", 5 → "5", −0.75 → "−0.75". */
export function formatRounded(x: number, sig = 4): string {
  return formatNumber(x, sig);
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
 * An axis tick on an axis spanning `span`: 0 for a value within a thousandth of the span of 0 (a probability's floor of
 * 6.274e−6 reads "0" and no longer spills out of a small chart's margin), else enough significant digits (at least 4)
 * that ticks a fraction of the span apart differ: 0.093012, 0.093022 and 0.093031 on a span of 1.9e−5, not "0.093" twice.
 */
export function formatTick(x: number, span: number): string {
  const s = Math.abs(span);
  if (Math.abs(x) < s * 1e-3) return '0';
  const sig = s > 0 ? Math.max(4, Math.ceil(Math.log10(Math.abs(x) / s)) + 1) : 4;
  return formatRounded(x, Math.min(sig, 15));
}
