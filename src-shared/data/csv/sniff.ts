/**
 * Sniffing: from the first bytes of a file (a sample, ~64 KiB), decide its encoding, delimiter,
 * decimal separator and whether the first row is a header — or refuse it (empty, binary).
 */
import { err, ok, AppFailure, type Result } from '../../result';
import type { LoadWarning } from '../dataset';
import { NumberParser } from './number';
import { CsvRecordReader, InputDecoder, type CsvRecord } from './records';
import { CsvTokenizer, type FieldSink } from './tokenizer';
import { escapeControl, isValidUtf8, type TextEncodingName } from './text';
import { detectHeader, shapeOf } from './header';
import { findPreamble } from './preamble';
import { columnFormats, type NumberFormat } from './number-formats';
import { detectEncoding } from './detect-encoding';
import { canonicalEncoding, decodesCleanly } from './other-encodings';

/** How many bytes of the start of a file sniffing looks at. */
export const SNIFF_BYTES = 64 * 1024;
const SNIFF_RECORDS = 200;

export interface Sniffed {
  readonly encoding: TextEncodingName;
  readonly delimiter: string;
  readonly decimal: '.' | ',';
  readonly header: boolean;
  /** Column names, made distinct (col_N for empty or absent names). */
  readonly names: string[];
  readonly warnings: LoadWarning[];
  /** Records before the header (or data): an Excel `sep=;` line, comment and title lines (preamble.ts). */
  readonly skipRecords: number;
  /** Average bytes per record in the sample, to size buffers. */
  readonly bytesPerRecord: number;
  /** Columns (0-based) with a text cell in the sample's data rows: they keep the text of numbers from the start. */
  readonly textColumns?: number[];
  /** Per column, a number format of its own when the sample shows one (number-formats.ts); absent when none does. */
  readonly numberFormats?: (NumberFormat | null)[];
}

const MAGIC: { readonly bytes: number[]; readonly what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one: save it as CSV first)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel/Office file (save it as CSV first)' },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** 1-based line of byte offset `at` (counting \n, \r\n and lone \r). */
function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) line++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

/** Counts fields per record, for delimiter sniffing. */
class FieldCounter implements FieldSink {
  counts: number[] = [];
  private n = 0;
  field(): void {
    this.n++;
  }
  endRecord(): void {
    if (this.counts.length < SNIFF_RECORDS) this.counts.push(this.n);
    this.n = 0;
  }
}

/**
 * Sniff a file from its first bytes. `truncated`: the sample is only the start of the file.
 * `header`: the user's answer to "is the first row a header?"; omitted, it is detected (header.ts) and,
 * when that was not obvious, a warning on the first row says which reading was chosen.
 * `encoding`: the user's choice of encoding (any WHATWG label: `shift_jis`, `gbk`, `cp1251` …); omitted, it is
 * detected (a byte-order mark, UTF-16's zeros, valid UTF-8, else detect-encoding.ts) and a warning says which.
 */
export function sniff(sample: Uint8Array, truncated: boolean, header?: boolean, encodingChoice?: string): Result<Sniffed> {
  const warnings: LoadWarning[] = [];
  if (sample.length === 0) return err({ kind: 'csv/empty', message: 'the file is empty' });
  for (const m of MAGIC) {
    if (startsWith(sample, m.bytes)) {
      return err({ kind: 'csv/binary', message: `not a text file: this is ${m.what}, not CSV`, line: 1 });
    }
  }
  let encoding: TextEncodingName;
  const chosen = encodingChoice === undefined ? undefined : canonicalEncoding(encodingChoice);
  if (chosen === null) {
    return err({
      kind: 'csv/encoding',
      message: `unknown encoding '${escapeControl(String(encodingChoice))}': give a name such as utf-8, windows-1252, shift_jis, gbk, big5, euc-kr or windows-1251`,
    });
  }
  if (chosen !== undefined) {
    encoding = chosen;
    if (!decodesCleanly(sample, chosen, truncated)) {
      warnings.push({ message: `the file has bytes that are not valid ${chosen}; they show as \ufffd: is it in another encoding?` });
    }
  } else if (startsWith(sample, [0xff, 0xfe])) encoding = 'utf-16le';
  else if (startsWith(sample, [0xfe, 0xff])) encoding = 'utf-16be';
  else if (utf16WithoutBom(sample) !== null) encoding = utf16WithoutBom(sample) as TextEncodingName;
  else {
    const nul = sample.indexOf(0);
    if (nul >= 0) {
      const line = lineOf(sample, nul);
      return err({ kind: 'csv/binary', message: `not a text file: binary data (a NUL byte) on line ${line}`, line });
    }
    let control = 0;
    for (let i = 0; i < sample.length; i++) {
      const b = sample[i];
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
    }
    if (control > 8 && control > sample.length / 100) {
      return err({ kind: 'csv/binary', message: 'not a text file: it is full of control characters (binary data)', line: 1 });
    }
    encoding = isValidUtf8(sample, truncated) ? 'utf-8' : detectEncoding(sample, truncated).encoding;
    if (encoding === 'windows-1252') {
      warnings.push({ message: 'the file is not valid UTF-8; it was read as Windows-1252 (Latin-1): check accented letters, and choose its encoding if they look wrong' });
    } else if (encoding !== 'utf-8') {
      warnings.push({ message: `the file is not UTF-8; it was read as ${encoding} (detected): if the text looks wrong, choose its encoding`, kind: 'note' });
    }
  }
  const input = new InputDecoder(encoding);
  const head = input.push(sample);
  const text = truncated ? head : concat(head, input.finish());
  if (encoding.startsWith('utf-16') && text.indexOf(0) >= 0) {
    const line = lineOf(text, text.indexOf(0));
    return err({ kind: 'csv/binary', message: `not a text file: binary data (a NUL character) on line ${line}`, line });
  }
  let blank = true;
  for (let i = 0; i < text.length && blank; i++) {
    const b = text[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) blank = false;
  }
  if (blank && !truncated) return err({ kind: 'csv/empty', message: 'the file is empty (no text)' });

  // Excel's `sep=;` first line names the delimiter.
  const declared = declaredDelimiter(text);
  const delimiter = declared ?? sniffDelimiter(text, truncated);
  const reader = new CsvRecordReader({ delimiter, encoding: input.tokenEncoding });
  let records: CsvRecord[];
  try {
    records = reader.feed(text);
    if (!truncated) records.push(...reader.finish());
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    return err(e.error);
  }
  records = records.slice(declared !== null ? 1 : 0);
  const preamble = findPreamble(records, new NumberParser(sniffDecimal(records, delimiter) === ','));
  warnings.push(...preamble.warnings);
  records = records.slice(preamble.records);
  const skipRecords = (declared !== null ? 1 : 0) + preamble.records;
  if (records.length === 0 && truncated) {
    return err({
      kind: 'csv/row-too-long',
      message: `the first row is longer than ${sample.length >= 1 << 20 ? `${Math.round(sample.length / (1 << 20))} MiB` : `${Math.round(sample.length / 1024)} KiB`}: is this a CSV file with one row per line?`,
      line: 1,
    });
  }
  if (records.length === 0 && preamble.records > 0) {
    return err({ kind: 'csv/empty', message: `the file has no table: only ${preamble.records} comment or title line${preamble.records === 1 ? '' : 's'}` });
  }
  if (records.length === 0) return err({ kind: 'csv/empty', message: 'the file is empty (no rows)' });
  const bytesPerRecord = text.length / records.length;
  if (records.length > SNIFF_RECORDS) records = records.slice(0, SNIFF_RECORDS);

  const decimal = sniffDecimal(records, delimiter);
  const first = records[0].fields;
  let isHeader = header;
  if (isHeader === undefined) {
    const choice = detectHeader(records.map((r) => r.fields), new NumberParser(decimal === ','));
    isHeader = choice.header;
    if (choice.note !== undefined) warnings.push({ line: records[0].line, message: choice.note, kind: 'header-guess' });
  }
  const names = isHeader ? distinctNames(first) : first.map((_, i) => `col_${i + 1}`);
  const textColumns = columnsWithText(records.slice(isHeader ? 1 : 0), names.length, new NumberParser(decimal === ','));
  const formats = columnFormats(records.slice(isHeader ? 1 : 0).map((r) => r.fields), names.length, decimal);
  formats.forEach((f, c) => f !== null && warnings.push({ column: names[c], message: `numbers in ${names[c]} read as written ${formatExample(f)} (${formatName(f)}), from the column's values`, kind: 'note' }));
  const numberFormats = formats.some((f) => f !== null) ? { numberFormats: formats } : {};
  return ok({ encoding, delimiter, decimal, header: isHeader, names, warnings, skipRecords, bytesPerRecord, textColumns, ...numberFormats });
}

const GROUP_NAMES = { ',': ['comma', ','], '.': ['point', '.'], "'": ['apostrophe', "'"], space: ['space', ' '] } as const;

/** `1'234.5`, `1 234,5` … */
function formatExample(f: NumberFormat): string {
  return `1${f.group === null ? '' : GROUP_NAMES[f.group][1]}234${f.decimal}5`;
}

function formatName(f: NumberFormat): string {
  return `${f.group === null ? 'no' : GROUP_NAMES[f.group][0]} thousands separator, decimal ${f.decimal === '.' ? 'point' : 'comma'}`;
}

/** Columns among the first `cols` where some record has a cell that is text (not a number, not missing). */
function columnsWithText(records: readonly CsvRecord[], cols: number, parser: NumberParser): number[] {
  const out: number[] = [];
  for (let c = 0; c < cols; c++) {
    const text = records.some((r) => {
      const t = r.fields[c];
      if (t === undefined) return false;
      const kind = shapeOf(t, parser).kind;
      return kind === 'text' || kind === 'date';
    });
    if (text) out.push(c);
  }
  return out;
}

/** The delimiter of a first line `sep=X` (Excel writes it), or null. */
function declaredDelimiter(text: Uint8Array): string | null {
  const prefix = [0x73, 0x65, 0x70, 0x3d];
  for (let i = 0; i < 4; i++) if (i >= text.length || (text[i] | 0x20) !== (prefix[i] | 0x20)) return null;
  if (text.length < 5) return null;
  const d = String.fromCharCode(text[4]);
  const after = text[5];
  if (![',', ';', '\t', '|'].includes(d) || (text.length > 5 && after !== 0x0a && after !== 0x0d)) return null;
  return d;
}

/**
 * UTF-16 text without a byte-order mark: mostly-ASCII text has a zero in every other byte (odd
 * positions for little-endian, even for big-endian) and none in the other half.
 */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.5 && evenZeros === 0) return 'utf-16le';
  if (evenZeros >= pairs * 0.5 && oddZeros === 0) return 'utf-16be';
  return null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The delimiter among , ; tab | whose records most consistently have the same number (≥ 2) of fields;
 * ties go to the earlier in that list. A file where none splits anything is one column (',').
 */
export function sniffDelimiter(text: Uint8Array, truncated: boolean): string {
  const DELIMITER_PIECE = 4096;
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const counter = new FieldCounter();
    const tok = new CsvTokenizer(d, counter);
    try {
      // Only the first SNIFF_RECORDS records are counted: the rest of the sample need not be read (a piece at a
      // time; the tokenizer streams). The counts are those of reading it all.
      for (let at = 0; at < text.length && counter.counts.length < SNIFF_RECORDS; at += DELIMITER_PIECE) {
        tok.feed(text.subarray(at, Math.min(text.length, at + DELIMITER_PIECE)));
      }
      if (!truncated) tok.finish();
    } catch {
      // An unterminated quote in a sample: judge by the records before it.
    }
    let counts = counter.counts;
    if (truncated && counts.length > 1) counts = counts.slice(0, -1);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeFreq = 0;
    for (const [c, f] of freq) if (f > modeFreq || (f === modeFreq && c > mode)) [mode, modeFreq] = [c, f];
    if (mode < 2) continue;
    // Consistency first; more columns breaks near-ties.
    const score = modeFreq / counts.length + mode * 1e-6;
    if (score > bestScore + 1e-9) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const COMMA_DECIMAL = /^\s*[+-]?\d+,\d+([eE][+-]?\d+)?\s*$/;
const DOT_DECIMAL = /^\s*[+-]?\d*\.\d+([eE][+-]?\d+)?\s*$/;

/**
 * ',' when the file is not comma-delimited and its numbers use decimal commas: more `1,5`-style cells
 * than `1.5`-style ones, and (unless the delimiter is ';') some with other than 3 digits after the comma,
 * which would rather be thousands.
 */
export function sniffDecimal(records: readonly CsvRecord[], delimiter: string): '.' | ',' {
  if (delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  let notThousands = false;
  for (const r of records) {
    for (const f of r.fields) {
      if (COMMA_DECIMAL.test(f)) {
        comma++;
        if (f.trim().split(',')[1].length !== 3) notThousands = true;
      } else if (DOT_DECIMAL.test(f)) {
        dot++;
      }
    }
  }
  return comma > dot && (delimiter === ';' || notThousands) ? ',' : '.';
}

/** Header names made distinct: trimmed; empty → col_N (1-based position); repeats → name_2, name_3… */
export function distinctNames(raw: readonly string[]): string[] {
  const used = new Set<string>();
  const out: string[] = [];
  raw.forEach((r, i) => {
    const base = r.trim() === '' ? `col_${i + 1}` : r.trim();
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    out.push(name);
  });
  return out;
}
