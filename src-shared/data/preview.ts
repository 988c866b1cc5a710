/** Rows of a dataset as the user's values: numbers, category/text labels, dates as text, null for missing. */
import type { Dataset } from './dataset';
import { formatDate } from './dates';

export type CellValue = number | string | null;

/** Rows [from, from + count) as parsed values (clamped to the rows there are). */
export function previewRows(dataset: Dataset, from: number, count: number): CellValue[][] {
  const out: CellValue[][] = [];
  const end = Math.min(dataset.rows, from + count);
  for (let r = Math.max(0, from); r < end; r++) {
    const row: CellValue[] = [];
    for (let c = 0; c < dataset.cols; c++) row.push(cellValue(dataset, r, c));
    out.push(row);
  }
  return out;
}

/** One cell as the user's value. */
export function cellValue(dataset: Dataset, row: number, col: number): CellValue {
  const i = row * dataset.cols + col;
  if (dataset.missing[i] === 1) return null;
  const column = dataset.columns[col];
  const v = dataset.values[i];
  if (column.type === 'categorical' || column.type === 'text') return column.categories?.[v] ?? null;
  if (column.type === 'date') return formatDate(v);
  return v;
}
