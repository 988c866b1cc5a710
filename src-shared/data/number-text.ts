/**
 * Numbers as CSV text, shared by the export (main thread) and its formatting worker so both write the
 * very same bytes: the shortest round-trip form (Number#toString: Number(s) is the same float64),
 * −0 keeps its sign, NaN (no value) is the empty cell.
 */

/** Longest formatNumber text: sign, "0.00000", 17 digits (−1.2345678901234567e-6 → 25 characters). */
export const MAX_NUMBER_TEXT = 25;

/** x in its shortest round-trip form; '-0' for −0; '' for NaN. */
export function formatNumber(x: number): string {
  if (x !== x) return '';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return String(x);
}

/** Write formatNumber(x) as ASCII at bytes[at…] (room for MAX_NUMBER_TEXT bytes needed); returns its length. */
export function writeNumberText(x: number, bytes: Uint8Array, at: number): number {
  const s = formatNumber(x);
  const n = s.length;
  for (let i = 0; i < n; i++) bytes[at + i] = s.charCodeAt(i);
  return n;
}
