/**
 * The features an analysis is about, in the user's words: columns found by name (with an error naming the column),
 * the rows a model can answer for, a numeric feature's grid, a grouping feature's groups (categories, or numeric
 * quantile groups), and the "typical row" (median / mode) other features are held at.
 */
import type { ColumnInfo, DatasetMatrix } from '../data/dataset';
import { encodeRows } from '../data/encode';
import { ROW_STATUS } from '../jobs/forward';
import { err, ok, type Result } from '../result';
import type { ModelResponse } from './response';

/** Rows encoded per block when checking which rows a model can answer for. */
const BLOCK = 4096;

/** Index of the column named `name`; 'analysis/unknown-column' naming it (and the model's inputs) when there is none. */
export function findColumn(columns: readonly ColumnInfo[], name: string, flag: string): Result<number> {
  const k = columns.findIndex((c) => c.name === name);
  if (k >= 0) return ok(k);
  return err({ kind: 'analysis/unknown-column', message: `${flag} '${name}': the data has no column of that name.`, column: name });
}

/** A model input named `name` (its dataset column); errors when the model does not use it. */
export function findInput(response: ModelResponse, columns: readonly ColumnInfo[], name: string, flag: string): Result<number> {
  const col = findColumn(columns, name, flag);
  if (!col.ok) return col;
  if (!response.plan.inputs.some((i) => i.column === col.value)) {
    return err({ kind: 'analysis/not-an-input', message: `${flag} '${name}' is not one of the model's inputs (${response.plan.inputs.map((i) => i.name).join(', ')}).`, column: name });
  }
  return col;
}

/** Rows whose model inputs can all be encoded (as predict would: empty cells imputed where the model says so). */
export function usableRows(response: ModelResponse, matrix: DatasetMatrix): Int32Array {
  const { plan } = response;
  const scratch = new Float64Array(BLOCK * plan.width);
  const status = new Uint8Array(matrix.rows);
  const rows = new Int32Array(matrix.rows);
  let n = 0;
  for (let start = 0; start < matrix.rows; start += BLOCK) {
    const end = Math.min(matrix.rows, start + BLOCK);
    encodeRows(plan, matrix, start, end, scratch, status);
    for (let r = start; r < end; r++) if (status[r] === ROW_STATUS.ok) rows[n++] = r;
  }
  return rows.slice(0, n);
}

/** Present values of column `col` over `rows` (row indices into `matrix`). */
export function presentValues(matrix: DatasetMatrix, rows: ArrayLike<number>, col: number): Float64Array {
  const out = new Float64Array(rows.length);
  let n = 0;
  for (let k = 0; k < rows.length; k++) {
    const cell = rows[k] * matrix.cols + col;
    const v = matrix.values[cell];
    if (matrix.missing[cell] !== 1 && v === v) out[n++] = v;
  }
  return out.slice(0, n);
}

/** `points` evenly spaced values from the smallest to the largest present value (one point when they are equal). */
export function numericGrid(values: Float64Array, points: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo < hi)) return lo === hi ? [lo] : [];
  return Array.from({ length: points }, (_, k) => (k === points - 1 ? hi : lo + ((hi - lo) * k) / (points - 1)));
}

/** Quantile cut points splitting the finite values into `groups` groups of about equal size. */
export function quantileCuts(values: ArrayLike<number>, groups: number): number[] {
  const sorted = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0 || groups < 2) return [];
  return Array.from({ length: groups - 1 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / groups)]);
}

/** Group index of v given ascending cut points: the number of cuts ≤ v. */
export function groupOf(v: number, cuts: readonly number[]): number {
  let g = 0;
  while (g < cuts.length && v >= cuts[g]) g++;
  return g;
}

/** Middle value of sorted-able numbers (mean of the two middle ones for an even count); NaN for none. */
export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One group of a grouping feature: the cell value it is represented by, and its name. */
export interface FeatureGroup {
  readonly label: string;
  /** The cell value rows of this group are set to: a category's code, or the median of a numeric group. */
  readonly value: number;
}

/**
 * The groups of column `col` over `rows`: a categorical column's categories that occur there (in category order);
 * a numeric one with at most `groups` distinct values, one group per value; else cut at quantiles into `groups`
 * groups (2–5), each represented by its median. Errors
 * 'analysis/bad-groups' when fewer than two groups remain, or when `groups` is outside 2–5.
 */
export function featureGroups(columns: readonly ColumnInfo[], matrix: DatasetMatrix, rows: ArrayLike<number>, col: number, groups: number): Result<FeatureGroup[]> {
  const info = columns[col];
  const values = presentValues(matrix, rows, col);
  if (info.type === 'categorical' || info.type === 'text') {
    const seen = new Set<number>(values);
    const out = (info.categories ?? []).flatMap((label, code) => (seen.has(code) ? [{ label, value: code }] : []));
    if (out.length < 2) return err({ kind: 'analysis/bad-groups', message: `--by '${info.name}' has ${out.length} category in the rows analysed; at least two groups are needed.`, column: info.name });
    return ok(out);
  }
  if (info.type !== 'numeric') return err({ kind: 'analysis/bad-groups', message: `--by '${info.name}' holds ${info.type} values; group by a categorical or numeric column.`, column: info.name });
  if (!(Number.isInteger(groups) && groups >= 2 && groups <= 5)) return err({ kind: 'analysis/bad-groups', message: `--groups must be a whole number from 2 to 5, got ${groups}.` });
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length >= 2 && distinct.length <= groups) return ok(distinct.map((v) => ({ label: `${info.name} = ${v}`, value: v })));
  const cuts = [...new Set(quantileCuts(values, groups))];
  const members: number[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const v of values) members[groupOf(v, cuts)].push(v);
  const fmt = (v: number) => String(Number(v.toPrecision(4)));
  const out = members.flatMap((m, g) => {
    if (m.length === 0) return [];
    const range = g === 0 ? `< ${fmt(cuts[0])}` : g === cuts.length ? `≥ ${fmt(cuts[g - 1])}` : `${fmt(cuts[g - 1])} – ${fmt(cuts[g])}`;
    return [{ label: `${info.name} ${range}`, value: median(m) }];
  });
  if (out.length < 2) return err({ kind: 'analysis/bad-groups', message: `--by '${info.name}' takes fewer than two distinct values in the rows analysed; it cannot be cut into groups.`, column: info.name });
  return ok(out);
}

/** Check that column `col` can be swept as a numeric X: 'analysis/not-numeric' naming it otherwise. */
export function requireNumeric(columns: readonly ColumnInfo[], col: number, flag: string): Result<number> {
  const info = columns[col];
  if (info.type === 'numeric') return ok(col);
  return err({ kind: 'analysis/not-numeric', message: `${flag} '${info.name}' holds ${info.type === 'categorical' || info.type === 'text' ? 'categories' : `${info.type} values`}; it must be a numeric column.`, column: info.name });
}

/**
 * The typical row: every model input at its median (numbers) or most frequent category (ties: the first code) over
 * `rows`; other columns empty. Imputed-empty cells are left empty when a column has no present value.
 */
export function typicalCells(response: ModelResponse, matrix: DatasetMatrix, rows: ArrayLike<number>): { values: Float64Array; missing: Uint8Array } {
  const values = new Float64Array(matrix.cols).fill(NaN);
  const missing = new Uint8Array(matrix.cols).fill(1);
  for (const input of response.plan.inputs) {
    const present = presentValues(matrix, rows, input.column);
    if (present.length === 0) continue;
    let v: number;
    if (input.kind === 'number') v = median(present);
    else {
      const counts = new Map<number, number>();
      for (const c of present) counts.set(c, (counts.get(c) ?? 0) + 1);
      v = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    }
    values[input.column] = v;
    missing[input.column] = 0;
  }
  return { values, missing };
}
