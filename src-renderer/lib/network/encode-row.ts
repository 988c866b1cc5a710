/**
 * One dataset row, as the table received it (display cells), along THE row path (src-shared/jobs/row-path.ts):
 * the same encoder, forward pass and prediction columns `predict` uses.
 */
import type { Cell, ColumnInfo } from '../../../src-shared/api';
import { planEncoding } from '../../../src-shared/data/encode';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { cellsToMatrix, encodeOneRow, prepareRowPath, rowPath, rowStatusText, type RowPath } from '../../../src-shared/jobs/row-path';
import { ROW_STATUS } from '../../../src-shared/jobs/forward';
import type { Result } from '../../../src-shared/result';

/** The row's whole path (inputs raw and encoded, trace, prediction); `row` is its 0-based dataset row. Errors name the column that does not fit the model. */
export function pathOfCells(model: ModelFile, columns: readonly ColumnInfo[], cells: readonly Cell[], row = 0): Result<RowPath> {
  const prepared = prepareRowPath(model, columns);
  if (!prepared.ok) return prepared;
  const path = rowPath(prepared.value, cellsToMatrix(columns, cells), 0);
  return path.ok ? { ok: true, value: { ...path.value, row } } : path;
}

/** The network inputs for one row (the path's first step only), or an error naming the column that does not fit the model. */
export function encodeRow(model: ModelFile, columns: readonly ColumnInfo[], cells: readonly Cell[]): Result<number[]> {
  const plan = planEncoding(model.inputs, columns);
  if (!plan.ok) return plan;
  const { x, status } = encodeOneRow(plan.value, cellsToMatrix(columns, cells), 0);
  if (status !== ROW_STATUS.ok) return { ok: false, error: { kind: 'predict/row-not-encodable', message: rowStatusText(status) } };
  return { ok: true, value: Array.from(x) };
}
