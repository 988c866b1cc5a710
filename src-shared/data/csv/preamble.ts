/**
 * Lines above the table: what instrument, station and report exports write before the header. Found in
 * the sniffed records, skipped (as records, like an Excel `sep=` line, so whoever re-reads the file skips
 * the same ones) and shown to the user as warnings, never read as the header or as a row.
 *
 *   comment  a line starting with `#` (`# source: …`, `## units: …`), unless it is the table's header
 *            itself: a first name `#` or `#id` on a line as wide as the table (pokemon.csv's `#,Name,…`)
 *   title    a line with text in at most one cell, or in at most half the table's width, of no numbers
 *            (`Sales report 2024`, `Quarterly figures,,,,` as spreadsheets pad it)
 * Titles are skipped only when the line after them reads as a header: "the header is the first line of
 * the regular block". A file with no header whose first row is sparse is left as it is.
 */
import type { LoadWarning } from '../dataset';
import type { CsvRecord } from './records';
import { detectHeader, shapeOf } from './header';
import type { NumberParser } from './number';
import { escapeControl } from './text';

/** Lines above the table looked at, at most. */
const MAX_PREAMBLE = 50;
/** Skipped lines listed one by one; then a count. */
const MAX_NOTES = 10;
const QUOTE_CHARS = 60;

export interface Preamble {
  /** Records to skip before the header (or the data). */
  readonly records: number;
  readonly warnings: LoadWarning[];
}

/** The lines above the table among the first sniffed records (after a `sep=` line, if any). */
export function findPreamble(records: readonly CsvRecord[], parser: NumberParser): Preamble {
  const width = modalWidth(records);
  const kinds: ('comment' | 'title')[] = [];
  for (const r of records.slice(0, MAX_PREAMBLE)) {
    const kind = isComment(r.fields, width) ? 'comment' : isTitle(r.fields, width, parser) ? 'title' : null;
    if (kind === null) break;
    kinds.push(kind);
  }
  let skip = kinds.length;
  if (skip === records.length) {
    // Nothing but such lines: keep the comments out, and let the rest be read as it is.
    skip = kinds.indexOf('title') < 0 ? skip : kinds.indexOf('title');
  } else if (kinds.includes('title') && !detectHeader(records.slice(skip).map((r) => r.fields), parser).header) {
    // The line below the "titles" is data: they were the header and sparse rows after all; skip comments only.
    skip = kinds.indexOf('title');
  }
  return { records: skip, warnings: notes(records.slice(0, skip), kinds) };
}

/** The most common number of fields (ties: the wider), over the records. */
function modalWidth(records: readonly CsvRecord[]): number {
  const freq = new Map<number, number>();
  for (const r of records) freq.set(r.fields.length, (freq.get(r.fields.length) ?? 0) + 1);
  let mode = 0;
  let best = 0;
  for (const [width, n] of freq) if (n > best || (n === best && width > mode)) [mode, best] = [width, n];
  return mode;
}

function filled(fields: readonly string[]): string[] {
  return fields.map((f) => f.trim()).filter((f) => f !== '');
}

function isComment(fields: readonly string[], width: number): boolean {
  const first = fields[0].trimStart();
  if (!first.startsWith('#')) return false;
  // `#` or `#id` naming the first column of a line as wide as the table: the header.
  const asWide = fields.length === width && filled(fields).length * 2 > width;
  return !(asWide && /^#[\p{L}\p{N}_]*$/u.test(first.trim()));
}

function isTitle(fields: readonly string[], width: number, parser: NumberParser): boolean {
  if (width < 2) return false;
  const cells = filled(fields);
  if (cells.length > Math.max(1, Math.floor(width / 2))) return false;
  return cells.every((c) => shapeOf(c, parser).kind !== 'number');
}

function notes(skipped: readonly CsvRecord[], kinds: readonly ('comment' | 'title')[]): LoadWarning[] {
  const out: LoadWarning[] = skipped.slice(0, MAX_NOTES).map((r, i) => ({
    line: r.line,
    message: `${kinds[i] === 'comment' ? 'a comment' : 'a title'} above the table, skipped: ${quote(r.fields)}`,
    kind: 'note' as const,
  }));
  if (skipped.length > MAX_NOTES) {
    out.push({ line: skipped[MAX_NOTES].line, message: `${skipped.length - MAX_NOTES} more lines above the table skipped`, kind: 'note' });
  }
  return out;
}

/** The line's text, shortened, with control characters shown as escapes (a file must not steer the terminal). */
function quote(fields: readonly string[]): string {
  let text = filled(fields).join(' ');
  if (text.length > QUOTE_CHARS) text = `${text.slice(0, QUOTE_CHARS)}…`;
  return `"${escapeControl(text)}"`;
}
