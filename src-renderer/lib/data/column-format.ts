/** How the dataset view writes numbers and column facts: short, aligned, never misleading. */
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import type { Cell } from '../../../src-shared/api';
import { formatNumber } from '../format/numbers';

/** A statistic of a column's values with up to 4 significant digits (the UI's formatter; not grouped: values may be years or ids). */
export function formatStat(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '–';
  return formatNumber(x, 4, { group: false });
}

/** A cell as the table shows it; missing cells are an explicit empty marker, never 0. */
export function formatCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell !== 'number') return cell;
  const exact = String(cell);
  // long fractions are shortened to 10 significant digits; the cell's title keeps the exact value
  return exact.length > 12 && !Number.isInteger(cell) ? formatNumber(cell, 10, { group: false }) : exact;
}

/** One-line summary under a column's name. */
export function columnFacts(c: ColumnInfo): string {
  if (c.type === 'categorical' || c.type === 'text') return `${c.categories?.length ?? 0} distinct`;
  if (c.type === 'empty') return 'no values';
  if (c.type === 'date') return c.min !== null && c.max !== null ? `${isoDay(c.min)} … ${isoDay(c.max)}` : '–';
  return `${formatStat(c.min)} … ${formatStat(c.max)}`;
}

/** mean ± std for numeric columns. */
export function meanStd(c: ColumnInfo): string | null {
  if (c.type !== 'numeric' || c.mean === null) return null;
  return `mean ${formatStat(c.mean)} ± ${formatStat(c.std)}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const TYPE_LABEL: Record<ColumnInfo['type'], string> = {
  numeric: 'num',
  categorical: 'cat',
  date: 'date',
  text: 'text',
  empty: 'empty',
};
