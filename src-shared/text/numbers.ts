/**
 * The one number formatter of Dense Lab (the UI, the CLI and the messages of src-shared and src-main). Every number a
 * person reads goes through here:
 *   formatNumber   a measured value with the significant digits that fit it (4 by default): 1.238, 0.000 12 → 1.2e-5,
 *                  13,930; whole numbers below a million whole; in the user's locale (Intl.NumberFormat: its decimal
 *                  mark and, from 10,000 up, its grouping), with the typographic minus sign.
 *   formatExact    the shortest text that reads back as exactly the same double (tooltips: "all digits on hover").
 *   formatCount    a count of things, whole, grouped in the user's locale: 25,088.
 *   formatBytes    a file's size in decimal units with 3 significant digits: 1.9 GB, 640 kB, 12 B.
 *   plural         "1 row", "79 rows", "1.5 rows": a count with its noun, English plural rules (the UI is English).
 *   countOf        the same in a sentence, where none reads "no rows" (never "in the first 0 rows").
 *   hasHave        the verb that agrees with a count: "1 row has", "3 rows have".
 *   formatPercent  a share 0…1 as a percentage with the digits that fit it: 37.5 %.
 *   formatFixed    a bounded score (0…1, such as Friedman's H) with a fixed number of decimals, so a column aligns: 0.120.
 * Tables set `font-variant-numeric: tabular-nums` so the digits of a column line up.
 *
 * Each formatter is built once, on first use (building an Intl.NumberFormat costs far more than using one).
 */

const MINUS = '\u2212';
/** Most significant digits a double has. */
const MAX_SIG = 17;

// 'min2' (ES2023; typed here as our TypeScript lib lacks it): group from 10,000 up, so years and 4-digit ids stay whole
const MIN2 = 'min2' as unknown as boolean;
/** A table of formatters built on first use: a CLI message or a worker needs two or three of them, not fifty. */
function lazy(length: number, make: (k: number) => Intl.NumberFormat): (k: number) => Intl.NumberFormat {
  const made: (Intl.NumberFormat | undefined)[] = new Array(length);
  return (k) => (made[k] ??= make(k));
}
const bySig = lazy(MAX_SIG, (k) => new Intl.NumberFormat(undefined, { maximumSignificantDigits: k + 1, useGrouping: MIN2 }));
const bySigUngrouped = lazy(MAX_SIG, (k) => new Intl.NumberFormat(undefined, { maximumSignificantDigits: k + 1, useGrouping: false }));
const scientific = lazy(MAX_SIG, (k) => new Intl.NumberFormat(undefined, { notation: 'scientific', maximumSignificantDigits: k + 1 }));
const whole = lazy(2, (k) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, useGrouping: k === 0 ? MIN2 : false }));
const fixed = lazy(7, (k) => new Intl.NumberFormat(undefined, { minimumFractionDigits: k, maximumFractionDigits: k, useGrouping: MIN2 }));
const count = lazy(1, () => new Intl.NumberFormat(undefined, { maximumFractionDigits: 20 }));
const englishPlural = new Intl.PluralRules('en');

/** Intl's parts with the typographic minus and a lowercase exponent mark ("1.2e−5"). */
function joinParts(parts: Intl.NumberFormatPart[]): string {
  let out = '';
  for (const p of parts) {
    if (p.type === 'minusSign' || p.type === 'exponentMinusSign') out += MINUS;
    else if (p.type === 'exponentSeparator') out += 'e';
    else out += p.value;
  }
  return out;
}

export interface NumberStyle {
  /** Group thousands (from 10,000 up). Off for data cells such as years or ids. Default on. */
  readonly group?: boolean;
}

/**
 * x with `sig` significant digits (trailing zeros dropped), in the user's locale: 1.2382242525694254 → "1.238",
 * 5 → "5", −0.75 → "−0.75", 0.000012346 → "1.235e−5", 2.5e7 → "2.5e7", 13929.47 → "13,930". Whole numbers below
 * a million are shown whole. NaN → "NaN", ±Infinity → "∞" / "−∞".
 */
export function formatNumber(x: number, sig = 4, style: NumberStyle = {}): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  if (x === 0) return '0';
  const digits = Math.min(MAX_SIG, Math.max(1, Math.round(sig)));
  const grouped = style.group !== false;
  const abs = Math.abs(x);
  if (Number.isInteger(x) && abs < 1e6) return joinParts(whole(grouped ? 0 : 1).formatToParts(x));
  if (abs >= 1e6 || abs < 1e-4) return joinParts(scientific(digits - 1).formatToParts(x));
  return joinParts((grouped ? bySig : bySigUngrouped)(digits - 1).formatToParts(x));
}

/** The shortest string that reads back as exactly x (JavaScript's Number → string is round-trip; copy it, paste it). */
export function formatExact(x: number): string {
  return String(x);
}

/** A count with the user's locale's grouping: 25,088 (a fraction keeps its digits). */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? joinParts(count(0).formatToParts(n)) : formatNumber(n);
}

/** "1 row", "0 rows", "25,088 rows": n (formatCount) and the noun in English (`many` for an irregular plural). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${englishPlural.select(n) === 'one' ? one : many}`;
}

/** plural() for running text: 0 → "no rows", 1 → "1 row", 25088 → "25,088 rows". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? `no ${many}` : plural(n, one, many);
}

/** "has" for a count of one, else "have" ("1 row has", "0 rows have", "3 rows have"). */
export function hasHave(n: number): string {
  return englishPlural.select(n) === 'one' ? 'has' : 'have';
}

/** A file's size in decimal units with 3 significant digits: 1.9 GB, 640 kB, 12 B. */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${formatNumber(n / 1e9, 3)} GB`;
  if (n >= 1e6) return `${formatNumber(n / 1e6, 3)} MB`;
  return n >= 1e3 ? `${formatNumber(n / 1e3, 3)} kB` : `${formatCount(n)} B`;
}

/** A share from 0 to 1 as a percentage: 0 → "0 %", 0.375 → "37.5 %", 1 → "100 %" (`sig` significant digits, at most). */
export function formatPercent(share: number, sig = 3): string {
  return `${formatNumber(share * 100, sig)} %`;
}

/** x with exactly `decimals` (0…6) decimals, in the user's locale: formatFixed(0.1204, 3) → "0.120", formatFixed(0, 3) → "0.000". */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  return joinParts(fixed(Math.min(6, Math.max(0, Math.round(decimals)))).formatToParts(x));
}
