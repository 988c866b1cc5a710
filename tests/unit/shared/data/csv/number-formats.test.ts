// Locale number formats: thousands separators of every kind with decimal points or commas, decided per
// column from the evidence of its values, never guessed per cell.
import { describe, expect, it } from 'vitest';
import { previewRows } from '../../../../../src-shared/data/preview';
import { columnFormats, parseInFormat } from '../../../../../src-shared/data/csv/number-formats';
import { loadText } from './load-text';

const values = (d: Awaited<ReturnType<typeof loadText>>, c: number) => previewRows(d, 0, d.rows).map((r) => r[c]);

describe('locale number formats, per column', () => {
  it('reads Swiss apostrophes, French (no-break, narrow no-break, plain) spaces and German points in one file', async () => {
    const rows = [
      ["1'234.50", '1\u00a0234,5', '1.234,5', '12,5'],
      ['12\u2019000.25', '12\u202f000,25', '12.000,75', '3,25'],
      ['999.5', '7 000', '7,25', '0,5'],
      ["1'000'000", '5,5', '1.000.000', '1'],
    ];
    const d = await loadText(`chf;eur;dem;rate\n${rows.map((r) => r.join(';')).join('\n')}\n`);
    expect(d.decimal).toBe(',');
    expect(d.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'numeric', 'numeric']);
    expect(values(d, 0)).toEqual([1234.5, 12000.25, 999.5, 1000000]);
    expect(values(d, 1)).toEqual([1234.5, 12000.25, 7000, 5.5]);
    expect(values(d, 2)).toEqual([1234.5, 12000.75, 7.25, 1000000]);
    expect(values(d, 3)).toEqual([12.5, 3.25, 0.5, 1]);
    expect(d.warnings.find((w) => w.column === 'chf')?.message).toBe("numbers in chf read as written 1'234.5 (apostrophe thousands separator, decimal point), from the column's values");
    expect(d.warnings.find((w) => w.column === 'eur')?.message).toContain('space thousands separator, decimal comma');
  });

  it('a decimal-point column in a decimal-comma file: `1.234` is 1.234 there, 1234 in the comma columns', async () => {
    const d = await loadText('a;b\n1.234;1.234,5\n0.5;2,5\n2.75;3\n');
    expect(values(d, 0)).toEqual([1.234, 0.5, 2.75]);
    expect(values(d, 1)).toEqual([1234.5, 2.5, 3]);
  });

  it('never per cell: a cell that does not fit its column’s format is not a number (read as missing, with a warning)', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${i}\u00a0${String(100 + i)},5;${i}`);
    const d = await loadText(`x;n\n${lines.join('\n')}\n1.5;40\n`);
    expect(d.columns[0].type).toBe('numeric');
    expect(values(d, 0)[0]).toBe(100.5);
    expect(values(d, 0)[40]).toBeNull();
    expect(d.warnings.some((w) => w.message.startsWith("'1.5' is not a number"))).toBe(true);
  });

  it('files in the usual formats get no format of their own and no note', async () => {
    const d = await loadText('a,b\n"1,234.5",2.5\n"12,000",3\n7,1.25\n');
    expect(values(d, 0)).toEqual([1234.5, 12000, 7]);
    expect(d.warnings).toEqual([]);
    expect(columnFormats([['1,234'], ['12,000']], 1, '.')).toEqual([null]);
    expect(columnFormats([['2024.01.05'], ['2024.02.07']], 1, '.')).toEqual([null]);
  });

  it('parseInFormat reads only whole groups of three', () => {
    const swiss = { decimal: '.', group: "'" } as const;
    expect(parseInFormat("-1'234'567.5", swiss)).toBe(-1234567.5);
    expect(parseInFormat("1'23.5", swiss)).toBeNull();
    expect(parseInFormat('1234.5', swiss)).toBe(1234.5);
    expect(parseInFormat('1,5', swiss)).toBeNull();
  });
});
