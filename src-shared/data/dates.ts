/**
 * Dates in CSV cells. A column is a date column when every present value has one of these forms:
 *   ISO      yyyy-mm-dd, optionally [T ]hh:mm[:ss[.fff]] and Z or ±hh:mm   (also yyyy/mm/dd)
 *   slashed  mm/dd/yyyy or dd/mm/yyyy, decided per column: a first part above 12 means day-first,
 *            a second part above 12 means month-first; when neither ever happens, month-first (US)
 *   dotted   dd.mm.yyyy
 * Times without an offset are read as UTC, so a value is the same on every machine.
 * Values are milliseconds since 1970-01-01T00:00:00Z.
 */

export type DateFormat = 'iso' | 'mdy' | 'dmy' | 'dmy-dot';

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;

/** Does this text look like a date in any supported form (used for header detection)? */
export function looksLikeDate(text: string): boolean {
  const t = text.trim();
  return ISO.test(t) || SLASHED.test(t) || DOTTED.test(t);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(y: number, mo: number, d: number, m: RegExpExecArray, timeAt: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  const hh = m[timeAt] ? Number(m[timeAt]) : 0;
  const mi = m[timeAt + 1] ? Number(m[timeAt + 1]) : 0;
  const ss = m[timeAt + 2] ? Number(m[timeAt + 2]) : 0;
  const frac = m[timeAt + 3] ? Number(m[timeAt + 3]) : 0;
  if (hh > 23 || mi > 59 || ss > 60) return null;
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear keeps the year as written.
  const date = new Date(Date.UTC(2000, mo - 1, d, hh, mi, ss) + Math.round(frac * 1000));
  date.setUTCFullYear(y, mo - 1, d);
  return date.getTime();
}

/**
 * Decide whether every text is a date of one format, and which. Returns null when they are not.
 */
export function detectDateFormat(texts: readonly string[]): DateFormat | null {
  if (texts.length === 0) return null;
  let iso = true;
  let slashed = true;
  let dotted = true;
  let firstOver12 = false;
  let secondOver12 = false;
  for (const raw of texts) {
    const t = raw.trim();
    if (iso && !ISO.test(t)) iso = false;
    if (dotted && !DOTTED.test(t)) dotted = false;
    if (slashed) {
      const m = SLASHED.exec(t);
      if (!m) slashed = false;
      else {
        if (Number(m[1]) > 12) firstOver12 = true;
        if (Number(m[2]) > 12) secondOver12 = true;
      }
    }
    if (!iso && !slashed && !dotted) return null;
  }
  const format: DateFormat | null = iso ? 'iso' : dotted ? 'dmy-dot' : slashed ? (firstOver12 ? (secondOver12 ? null : 'dmy') : 'mdy') : null;
  if (format === null) return null;
  for (const t of texts) if (parseDate(t, format) === null) return null;
  return format;
}

/** Milliseconds since the epoch for a text in the given format, or null if it is not a valid date. */
export function parseDate(text: string, format: DateFormat): number | null {
  const t = text.trim();
  if (format === 'iso') {
    const m = ISO.exec(t);
    if (!m) return null;
    const ms = build(Number(m[1]), Number(m[2]), Number(m[3]), m, 4);
    if (ms === null) return null;
    const zone = m[8];
    if (!zone || zone === 'Z') return ms;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    return ms - sign * offset * 60_000;
  }
  const m = (format === 'dmy-dot' ? DOTTED : SLASHED).exec(t);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const [month, day] = format === 'mdy' ? [a, b] : [b, a];
  return build(Number(m[3]), month, day, m, 4);
}

/** A date value written back as text: yyyy-mm-dd at midnight UTC, else the full ISO form. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
