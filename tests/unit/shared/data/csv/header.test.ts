import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectHeader } from '../../../../../src-shared/data/csv/header';
import { NumberParser } from '../../../../../src-shared/data/csv/number';
import { sniff } from '../../../../../src-shared/data/csv/sniff';
import { loadDatasetFromBytes } from '../../../../../src-main/services/datasets';

const repoRoot = resolve(import.meta.dirname, '../../../../..');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const rows = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(','));
const choose = (text: string) => detectHeader(rows(text), new NumberParser(false));

function sniffed(text: string, header?: boolean) {
  const r = sniff(utf8(text), false, header);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('header detection: names that are numbers', () => {
  it('reads whole numbers over columns of decimals as a header, and says so', () => {
    const s = sniffed('2019,2020,2021\n1.5,2.25,3.75\n0.5,1.25,2.5\n4.5,3.25,1.75\n');
    expect(s.header).toBe(true);
    expect(s.names).toEqual(['2019', '2020', '2021']);
    expect(s.warnings).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^first row read as a header: its values are 2019, 2020, 2021/) })]);
  });

  it('reads years over other whole numbers as a header', () => {
    expect(choose('2019,2020,2021\n12,40,7\n15,38,9\n')).toMatchObject({ header: true, note: expect.stringContaining('years over other numbers') });
  });

  it('reads a text name beside year columns as a header (country,2019,2020 over text and decimals)', () => {
    const s = sniffed('country,2019,2020\nNorway,1.25,3.5\nChile,2.5,4.75\nPeru,0.5,1.25\n');
    expect(s.header).toBe(true);
    expect(s.names).toEqual(['country', '2019', '2020']);
  });

  it('never reads a numeric first data row as a header (1.5,2.25,3 over similar rows)', () => {
    const s = sniffed('1.5,2.25,3\n1.75,2.5,3.5\n2.5,2.75,4.25\n0.5,1.5,6.25\n');
    expect(s.header).toBe(false);
    expect(s.names).toEqual(['col_1', 'col_2', 'col_3']);
    // A plain numeric file is not a case of doubt: no warning.
    expect(s.warnings).toEqual([]);
  });

  it('reads whole numbers over whole numbers as data, years over years too', () => {
    expect(choose('1,2,3\n4,5,6\n7,8,9\n')).toEqual({ header: false });
    expect(choose('2019,5\n2020,6\n2021,7\n')).toEqual({ header: false });
    // a year inside the range of the numbers below is data, not a name
    expect(choose('2019,5\n1500,6\n2300,7\n')).toEqual({ header: false });
  });

  it('reads a first row with a decimal, a signed number or a repeated number as data', () => {
    expect(choose('2019,2020.5\n1.5,2.5\n1.25,3.75\n0.5,0.25\n').header).toBe(false);
    expect(choose('-1,2\n1.5,2.5\n1.25,3.75\n0.5,0.25\n').header).toBe(false);
    expect(choose('7,7\n1.5,2.5\n1.25,3.75\n0.5,0.25\n').header).toBe(false);
  });

  it('one whole number over fewer than 3 decimals is not evidence enough', () => {
    expect(choose('3\n2.5\n3.75\n').header).toBe(false);
  });

  it('in doubt (a name over numbers beside a number like its column) reads data and warns why', () => {
    const c = choose('id,5\n1,6\n2,7\n');
    expect(c.header).toBe(false);
    expect(c.note).toMatch(/^first row read as data: its values are id, 5 \(numbers like the rows below, though some columns suggest a header: text over numbers/);
  });

  it('keeps the old rules: all text is a header; numbers or dates like the rows below are data', () => {
    expect(choose('a,b\n1,2\n')).toEqual({ header: true });
    expect(choose('2020-01-01,x\n2020-01-02,y\n').header).toBe(false);
    expect(choose('x,inf\n').header).toBe(false);
  });

  it('the caller can override the detection either way', () => {
    expect(sniffed('a,b\n1,2\n', false)).toMatchObject({ header: false, names: ['col_1', 'col_2'], warnings: [] });
    expect(sniffed('1,2\n3,4\n', true)).toMatchObject({ header: true, names: ['1', '2'], warnings: [] });
  });

  it('loads a year-header file with the years as column names, and the override reads it as data', async () => {
    const bytes = utf8('2019,2020\n1.5,2.5\n3.25,4.75\n0.5,1.5\n');
    const auto = await loadDatasetFromBytes(bytes, 'years.csv');
    if (!auto.ok) throw new Error(auto.error.message);
    expect(auto.value.rows).toBe(3);
    expect(auto.value.columns.map((c) => c.name)).toEqual(['2019', '2020']);
    expect(auto.value.firstDataLine).toBe(2);
    expect(auto.value.warnings[0]).toMatchObject({ line: 1, message: expect.stringContaining('header') });
    const forced = await loadDatasetFromBytes(bytes, 'years.csv', { header: false });
    if (!forced.ok) throw new Error(forced.error.message);
    expect(forced.value.rows).toBe(4);
    expect(Array.from(forced.value.values.subarray(0, 2))).toEqual([2019, 2020]);
  });
});

describe('header detection on a pandas export without column names', () => {
  // The layout of the course's titanic_pred.csv (pandas' to_csv of a frame with default column labels): the
  // header is the positions 0…9 and the rows mix integers, decimals and False/True. Generated here, since the
  // course's own file has no known license and is not copied into the repository.
  const pandasExport = (): string => {
    const lines = ['0,1,2,3,4,5,6,7,8,9'];
    for (let k = 0; k < 91; k++) lines.push(`${1 + (k % 3)},${20 + (k % 40)}.0,${k % 2},${k % 3 === 0 ? 1 : 0},${(7.25 + k * 1.5).toFixed(2)},${k % 2},${k % 5 === 0 ? 'True' : 'False'},0,${k % 4 === 0 ? 1 : 0},1`);
    return `${lines.join('\n')}\n`;
  };

  it("reads pandas' index names 0…9 as the header (91 rows × 10)", async () => {
    const bytes = new TextEncoder().encode(pandasExport());
    const r = await loadDatasetFromBytes(bytes, 'titanic_pred.csv');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.header).toBe(true);
    expect(r.value.rows).toBe(91);
    expect(r.value.columns.map((c) => c.name)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(r.value.warnings[0].message).toMatch(/numbered by position/);
  });

  it('a positional first row with nothing else suggesting a header stays data', () => {
    expect(choose('0,1,2\n3,4,5\n6,7,8\n').header).toBe(false);
  });
});
