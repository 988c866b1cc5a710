import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvRecordReader, type CsvRecord } from '../../../../../src-shared/data/csv/records';
import { AppFailure } from '../../../../../src-shared/result';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Feed `bytes` in pieces of the given sizes (cycled), return all records. */
function readInPieces(bytes: Uint8Array, sizes: number[], delimiter = ','): CsvRecord[] {
  const reader = new CsvRecordReader({ delimiter });
  const out: CsvRecord[] = [];
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    out.push(...reader.feed(bytes.subarray(at, at + n)));
    at += n;
  }
  out.push(...reader.finish());
  return out;
}

const fields = (records: CsvRecord[]): string[][] => records.map((r) => r.fields);

/** A correct CSV writer: quotes fields that need it (and empty ones, so a lone empty field is not a blank line). */
function writeCsv(rows: string[][], delimiter: string, eol: string): string {
  const needs = (f: string): boolean => f === '' || f.includes(delimiter) || /["\r\n]/.test(f) || f !== f.trim();
  return rows.map((r) => r.map((f) => (needs(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(delimiter)).join(eol) + eol;
}

/** 1-based line of each record start, counting \r\n, \n and lone \r as one line end each. */
function expectedLines(text: string, rows: string[][], delimiter: string, eol: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const row of rows) {
    lines.push(line);
    const written = writeCsv([row], delimiter, eol);
    line += (written.match(/\r\n|\r|\n/g) ?? []).length;
  }
  void text;
  return lines;
}

describe('CsvTokenizer via CsvRecordReader', () => {
  it('reads quoted delimiters, doubled quotes and newlines inside quotes', () => {
    const text = 'name,comment,score\n"Smith, Anna","said ""hi""",3.5\n"Lee","two\nlines",4\nPark,plain,5\n';
    const records = readInPieces(utf8(text), [1 << 20]);
    expect(fields(records)).toEqual([
      ['name', 'comment', 'score'],
      ['Smith, Anna', 'said "hi"', '3.5'],
      ['Lee', 'two\nlines', '4'],
      ['Park', 'plain', '5'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('treats \\n, \\r\\n and lone \\r as line ends, and skips blank lines', () => {
    const records = readInPieces(utf8('a,b\r\n1,2\r3,4\n\n\r\n5,6'), [1 << 20]);
    expect(fields(records)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('keeps \\r\\n as one line end when a chunk boundary falls between \\r and \\n, inside and outside quotes', () => {
    const text = 'a,"x\r\ny"\r\n1,2\r\n';
    const bytes = utf8(text);
    const whole = readInPieces(bytes, [bytes.length]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new CsvRecordReader({ delimiter: ',' });
      const got = [...reader.feed(bytes.subarray(0, cut)), ...reader.feed(bytes.subarray(cut)), ...reader.finish()];
      expect(got, `cut at ${cut}`).toEqual(whole);
    }
    expect(fields(whole)).toEqual([['a', 'x\r\ny'], ['1', '2']]);
    expect(whole.map((r) => r.line)).toEqual([1, 3]);
  });

  it('reads a last record without a final newline, and a trailing empty field', () => {
    expect(fields(readInPieces(utf8('a,b\n1,'), [1 << 20]))).toEqual([['a', 'b'], ['1', '']]);
    expect(fields(readInPieces(utf8('a,b\n1,"2"'), [1]))).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('accepts spaces before an opening quote and after a closing quote', () => {
    expect(fields(readInPieces(utf8('a, "b, c" ,d\n'), [1 << 20]))).toEqual([['a', 'b, c', 'd']]);
  });

  it('keeps a quote inside an unquoted field as a literal character, in any chunk sizes', () => {
    const bytes = utf8('a,5" disk,b"c"d\nx,12",y\n');
    for (const size of [1, 2, 3, 5, 1 << 20]) {
      expect(fields(readInPieces(bytes, [size]))).toEqual([['a', '5" disk', 'b"c"d'], ['x', '12"', 'y']]);
    }
  });

  it('refuses an unterminated quote, naming the line where it opened', () => {
    const reader = new CsvRecordReader({ delimiter: ',' });
    reader.feed(utf8('a,b\n1,2\n3,"open\nmore\n'));
    try {
      reader.finish();
      expect.unreachable('finish should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      expect((e as AppFailure).error).toMatchObject({ kind: 'csv/unterminated-quote', line: 3 });
    }
  });

  it('decodes UTF-16 LE and BE with a BOM, and Windows-1252', () => {
    const le = new Uint8Array([0xff, 0xfe, ...[...'é,b\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    const be = new Uint8Array([0xfe, 0xff, ...[...'é,b\n1,2\n'].flatMap((c) => [0, c.charCodeAt(0)])]);
    for (const [bytes, encoding] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      for (const size of [1, 3, 1 << 20]) {
        const reader = new CsvRecordReader({ delimiter: ',', encoding });
        const got: CsvRecord[] = [];
        for (let at = 0; at < bytes.length; at += size) got.push(...reader.feed(bytes.subarray(at, at + size)));
        got.push(...reader.finish());
        expect(fields(got)).toEqual([['é', 'b'], ['1', '2']]);
      }
    }
    const cp1252 = new CsvRecordReader({ delimiter: ',', encoding: 'windows-1252' });
    const got = [...cp1252.feed(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x80, 0x0a])), ...cp1252.finish()];
    expect(fields(got)).toEqual([['café', '€']]);
  });

  it('skips a UTF-8 byte-order mark even when it is split across chunks', () => {
    const bytes = utf8('\ufeffa,b\n1,2\n');
    expect(bytes[0]).toBe(0xef);
    for (const size of [1, 2, 4, 1 << 20]) expect(fields(readInPieces(bytes, [size]))).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('property: any table written by a correct CSV writer reads back identically, in any chunk sizes', () => {
    const awkward = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom('"', '""', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' lead', 'trail ', '  ', 'é', '😀', 'a"b', '"q"'),
    );
    const field = fc.array(awkward, { maxLength: 4 }).map((parts) => parts.join(''));
    const table = fc.integer({ min: 1, max: 5 }).chain((cols) => fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }),
        (rows, delimiter, eol, sizes) => {
          const text = writeCsv(rows, delimiter, eol);
          const records = readInPieces(utf8(text), sizes, delimiter);
          expect(fields(records)).toEqual(rows);
          expect(records.map((r) => r.line)).toEqual(expectedLines(text, rows, delimiter, eol));
          const oneByte = readInPieces(utf8(text), [1], delimiter);
          expect(oneByte).toEqual(records);
        },
      ),
      { numRuns: 400 },
    );
  });
});
