/**
 * One dataset row, as the table received it (display cells), turned into network inputs by the same
 * encoder the predict workers use (src-shared/data/encode): standardization and one-hot by category name.
 */
import type { Cell, ColumnInfo } from '../../../src-shared/api';
import { encodeRows, planEncoding } from '../../../src-shared/data/encode';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { ROW_STATUS } from '../../../src-shared/jobs/forward';
import type { Result } from '../../../src-shared/result';

/** The network inputs for one row, or an error naming the column that does not fit the model. */
export function encodeRow(model: ModelFile, columns: readonly ColumnInfo[], cells: readonly Cell[]): Result<number[]> {
  const plan = planEncoding(model.inputs, columns);
  if (!plan.ok) return plan;
  const values = new Float64Array(columns.length);
  const missing = new Uint8Array(columns.length);
  columns.forEach((column, c) => {
    const code = cellCode(column, cells[c] ?? null);
    values[c] = code;
    missing[c] = Number.isNaN(code) ? 1 : 0;
  });
  const out = new Float64Array(plan.value.width);
  const status = new Uint8Array(1);
  encodeRows(plan.value, { rows: 1, cols: columns.length, values, missing }, 0, 1, out, status);
  if (status[0] !== ROW_STATUS.ok) {
    return { ok: false, error: { kind: 'predict/row-not-encodable', message: 'This row has an empty input cell or a category the model has not seen.' } };
  }
  return { ok: true, value: Array.from(out) };
}

/** A display cell back to the dataset's numeric code: numbers as is, categories by index, dates as ms. */
function cellCode(column: ColumnInfo, cell: Cell): number {
  if (cell === null) return NaN;
  if (typeof cell === 'number') return cell;
  if (column.type === 'date') return Date.parse(cell.length === 10 ? `${cell}T00:00:00Z` : cell);
  const index = column.categories?.indexOf(cell) ?? -1;
  return index >= 0 ? index : NaN;
}
