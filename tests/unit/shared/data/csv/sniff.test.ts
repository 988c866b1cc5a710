import { describe, expect, it } from 'vitest';
import { distinctNames, sniff, sniffDelimiter } from '../../../../../src-shared/data/csv/sniff';
import { detectDateFormat, parseDate } from '../../../../../src-shared/data/dates';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function sniffed(text: string) {
  const r = sniff(utf8(text), false);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('sniff', () => {
  it('picks the delimiter whose field counts are most consistent, ignoring delimiters inside quotes', () => {
    expect(sniffDelimiter(utf8('a;b;c\n"1,5";2;3\n4;"5,5";6\n'), false)).toBe(';');
    expect(sniffDelimiter(utf8('a,b\n"x;y;z",1\n"p;q;r",2\n'), false)).toBe(',');
    expect(sniffDelimiter(utf8('just one column\nvalue\n'), false)).toBe(',');
  });

  it('ignores the cut-off last record of a truncated sample', () => {
    expect(sniffDelimiter(utf8('a|b|c\n1|2|3\n4|5|6\n7,8,9,1'), true)).toBe('|');
  });

  it('detects decimal commas in semicolon files, and not thousands in tab files', () => {
    expect(sniffed('h;w\n1,75;70,5\n1,62;58\n').decimal).toBe(',');
    expect(sniffed('h,w\n1.75,70.5\n').decimal).toBe('.');
    expect(sniffed('item\tprice\na\t1,234\nb\t12,345\n').decimal).toBe('.');
    expect(sniffed('item\tprice\na\t1,5\nb\t12,25\n').decimal).toBe(',');
  });

  it('takes a first row with any number or date as data, and an all-text first row as a header', () => {
    expect(sniffed('a,b\n1,2\n').header).toBe(true);
    expect(sniffed('1,2\n3,4\n').header).toBe(false);
    expect(sniffed('2020-01-01,x\n2020-01-02,y\n').header).toBe(false);
    expect(sniffed('x,inf\n').header).toBe(false);
    expect(sniffed('name,city\nAnn,Oslo\n').header).toBe(true);
  });

  it('refuses empty and binary input with what and where', () => {
    expect(sniff(new Uint8Array(0), false)).toMatchObject({ ok: false, error: { kind: 'csv/empty' } });
    expect(sniff(utf8('a,b\n1,2\n\u0000'), false)).toMatchObject({ ok: false, error: { kind: 'csv/binary', line: 3 } });
    expect(sniff(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2]), false)).toMatchObject({ ok: false, error: { kind: 'csv/binary', message: expect.stringMatching(/ZIP/) } });
    const noisy = new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(sniff(noisy, false)).toMatchObject({ ok: false, error: { kind: 'csv/binary' } });
  });

  it('refuses a first row longer than the sample instead of calling the file empty', () => {
    const r = sniff(utf8('x'.repeat(100)), true);
    expect(r).toMatchObject({ ok: false, error: { kind: 'csv/row-too-long', line: 1 } });
  });

  it('makes header names distinct and names empty ones by position', () => {
    expect(distinctNames(['a', ' a ', '', 'a_2', 'b', ''])).toEqual(['a', 'a_2', 'col_3', 'a_2_2', 'b', 'col_6']);
  });
});

describe('dates', () => {
  it('decides day-first or month-first per column from values above 12', () => {
    expect(detectDateFormat(['01/02/2020', '12/31/2020'])).toBe('mdy');
    expect(detectDateFormat(['01/02/2020', '31/12/2020'])).toBe('dmy');
    expect(detectDateFormat(['01/02/2020', '03/04/2020'])).toBe('mdy');
    expect(detectDateFormat(['13/02/2020', '01/13/2020'])).toBeNull();
  });

  it('refuses impossible dates and mixed forms', () => {
    expect(detectDateFormat(['2021-02-29'])).toBeNull();
    expect(detectDateFormat(['2020-02-29'])).toBe('iso');
    expect(detectDateFormat(['2020-01-01', '01/02/2020'])).toBeNull();
    expect(detectDateFormat(['hello'])).toBeNull();
  });

  it('reads ISO offsets and keeps years before 100 as written', () => {
    expect(parseDate('2020-01-01T01:00:00+01:00', 'iso')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-01-01 12:30', 'iso')).toBe(Date.UTC(2020, 0, 1, 12, 30));
    expect(new Date(parseDate('0050-06-01', 'iso') as number).getUTCFullYear()).toBe(50);
    expect(parseDate('31.12.1999', 'dmy-dot')).toBe(Date.UTC(1999, 11, 31));
  });
});
