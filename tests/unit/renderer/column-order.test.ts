import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import { columnOrder } from '../../../src-renderer/lib/data/column-order';

const col = (name: string, type: ColumnInfo['type'], missing = 0, std: number | null = null): ColumnInfo => ({ name, type, missing, min: null, max: null, mean: null, std });

describe('the Data tab column order (search by name, sort by type, missing count, variance)', () => {
  const columns = [
    col('label', 'numeric', 0, 2.9),
    col('city', 'categorical', 4),
    col('pixel0', 'numeric', 7, 50),
    col('note', 'text', 1),
    col('pixel1', 'numeric', 7, 10),
    col('when', 'date', 0, 1e9),
  ];

  it('lists every column in file order without a search', () => {
    expect(columnOrder(columns, '', 'file')).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('finds columns by a part of their name, ignoring case and surrounding spaces', () => {
    expect(columnOrder(columns, '  PIXEL ', 'file')).toEqual([2, 4]);
    expect(columnOrder(columns, 'zzz', 'file')).toEqual([]);
  });

  it('sorts by type (numbers first, then categories, dates, text), ties in file order', () => {
    expect(columnOrder(columns, '', 'type')).toEqual([0, 2, 4, 1, 5, 3]);
  });

  it('sorts by missing count, most first, ties in file order', () => {
    expect(columnOrder(columns, '', 'missing')).toEqual([2, 4, 1, 3, 0, 5]);
  });

  it('sorts by variance, highest first; columns without one (text, categories) last', () => {
    expect(columnOrder(columns, '', 'variance')).toEqual([5, 2, 4, 0, 1, 3]);
  });

  it('searches and sorts together on a 785-column file', () => {
    const wide = [col('label', 'numeric', 0, 3), ...Array.from({ length: 784 }, (_, k) => col(`pixel${k}`, 'numeric', 0, k % 7))];
    const found = columnOrder(wide, 'pixel7', 'variance');
    // pixel7, pixel70 … pixel79 and pixel700 … pixel783
    expect(found).toHaveLength(1 + 10 + 84);
    expect(found.every((k) => wide[k].name.startsWith('pixel7'))).toBe(true);
    const stds = found.map((k) => wide[k].std ?? 0);
    expect(stds).toEqual([...stds].sort((a, b) => b - a));
  });
});
