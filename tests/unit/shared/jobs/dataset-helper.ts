/** Test helper: a Dataset from rows of cells (null = missing), with the column types given. */
import type { ColumnInfo, ColumnType, Dataset } from '../../../../src-shared/data/dataset';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** Categorical/text columns: the labels; cells hold their index. */
  readonly categories?: string[];
}

/** A Dataset whose matrix holds `rows` (cells of categorical columns are category indices). */
export function makeDataset(defs: readonly ColumnDef[], rows: readonly (readonly (number | null)[])[]): Dataset {
  const cols = defs.length;
  const values = new Float64Array(new SharedArrayBuffer(Math.max(1, rows.length * cols) * 8), 0, rows.length * cols);
  const missing = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows.length * cols)), 0, rows.length * cols);
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      values[r * cols + c] = v ?? NaN;
      missing[r * cols + c] = v === null ? 1 : 0;
    }),
  );
  const columns: ColumnInfo[] = defs.map((d) => ({ name: d.name, type: d.type, missing: 0, min: null, max: null, mean: null, std: null, ...(d.categories ? { categories: d.categories } : {}) }));
  return { rows: rows.length, cols, values, missing, columns, delimiter: ',', encoding: 'utf-8', header: true, decimal: '.', warnings: [], firstDataLine: 2 };
}
