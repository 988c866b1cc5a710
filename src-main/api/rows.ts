/** A dataset's rows as display cells for the table (numbers stay numbers; codes become their labels). */
import type { Cell } from '../../src-shared/api';
import type { Dataset } from '../../src-shared/data/dataset';

/** Rows [start, start+count) of `data` (clipped at its end), one Cell per column (or per entry of `columns`, in its order). */
export function displayRows(data: Dataset, start: number, count: number, columns?: readonly number[]): Cell[][] {
  const end = Math.min(data.rows, start + count);
  const out: Cell[][] = [];
  for (let r = start; r < end; r++) {
    if (columns) {
      out.push(columns.map((c) => displayCell(data, r, c)));
      continue;
    }
    const row: Cell[] = new Array(data.cols);
    for (let c = 0; c < data.cols; c++) row[c] = displayCell(data, r, c);
    out.push(row);
  }
  return out;
}

/** One cell for display: null when missing, the label for category/text codes, ISO date for dates. */
export function displayCell(data: Dataset, row: number, col: number): Cell {
  const at = row * data.cols + col;
  if (data.missing[at] === 1) return null;
  const value = data.values[at];
  const column = data.columns[col];
  switch (column.type) {
    case 'numeric':
      return Number.isNaN(value) ? null : value;
    case 'categorical':
    case 'text':
      return column.categories?.[value] ?? null;
    case 'date':
      return Number.isFinite(value) ? isoDate(value) : null;
    case 'empty':
      return null;
  }
}

/** Milliseconds since the epoch as `YYYY-MM-DD`, or the full ISO string when there is a time part. */
export function isoDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
