/** The UI's one number formatter (src-shared/text/numbers.ts), in the test machine's locale (en-US). */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatExact, formatFixed, formatNumber, formatPercent, plural } from '../../../../src-shared/text/numbers';

describe('formatNumber: the significant digits that fit the value', () => {
  it('rounds to 4 significant digits by default and drops trailing zeros', () => {
    expect(formatNumber(1.2382242525694254)).toBe('1.238');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(0.8312)).toBe('0.8312');
    expect(formatNumber(0.83129, 2)).toBe('0.83');
    expect(formatNumber(-0.75)).toBe('−0.75');
  });
  it('shows whole numbers whole below a million, grouped from 10,000 (years and 4-digit ids stay as they are)', () => {
    expect(formatNumber(5)).toBe('5');
    expect(formatNumber(1999)).toBe('1999');
    expect(formatNumber(25088)).toBe('25,088');
    expect(formatNumber(25088, 4, { group: false })).toBe('25088');
    expect(formatNumber(13929.47)).toBe('13,930');
    expect(formatNumber(-28801.5, 3)).toBe('−28,800');
  });
  it('writes very small and very large values in scientific form, the minus typographic', () => {
    expect(formatNumber(0.000012346)).toBe('1.235e−5');
    expect(formatNumber(-0.000012346, 2)).toBe('−1.2e−5');
    expect(formatNumber(2.5e7)).toBe('2.5e7');
    expect(formatNumber(0.0001)).toBe('0.0001');
  });
  it('names zero, NaN and infinities instead of printing garbage', () => {
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
  it('follows the locale: the same digits as Intl.NumberFormat for the default locale', () => {
    const intl = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });
    for (const x of [0.1234567, 3.14159, 12.3456, 987.654]) expect(formatNumber(x)).toBe(intl.format(x));
  });
});

describe('formatExact, formatCount, plural, formatPercent', () => {
  it('exact form reads back as the same double', () => {
    for (const x of [1.2382242525694254, 0.1 + 0.2, -1e-300, 5e-324, 123456789.123]) expect(Number(formatExact(x))).toBe(x);
  });
  it('counts are grouped as toLocaleString does', () => {
    for (const n of [0, 7, 999, 1000, 25088, 1000000, -1234567]) expect(formatCount(n)).toBe(n.toLocaleString().replace('-', '−'));
  });
  it('plural: one row, zero rows, many rows, irregular nouns', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(79, 'row')).toBe('79 rows');
    expect(plural(25088, 'row')).toBe('25,088 rows');
    expect(plural(2, 'class', 'classes')).toBe('2 classes');
    expect(plural(1, 'class', 'classes')).toBe('1 class');
  });
  it('fixed decimals for bounded scores, so a column of them aligns', () => {
    expect(formatFixed(0, 3)).toBe('0.000');
    expect(formatFixed(0.12045, 3)).toBe('0.120');
    expect(formatFixed(-0.5, 2)).toBe('−0.50');
  });
  it('percent with the digits that fit', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.375)).toBe('37.5 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0.123456)).toBe('12.3 %');
  });
});

describe('formatBytes: a file size in decimal units, 3 significant digits', () => {
  it('picks B, kB, MB or GB', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(640_000)).toBe('640 kB');
    expect(formatBytes(10_712_345)).toBe('10.7 MB');
    expect(formatBytes(1_904_000_000)).toBe('1.9 GB');
  });
});
