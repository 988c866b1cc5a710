/**
 * Rows an analysis works on: a seeded sample of a dataset's rows copied into a small matrix of raw cells, and the
 * cell edits analyses make on such copies (a column set to one value, a column taken from other rows).
 * A copy is an ordinary DatasetMatrix (plain arrays, not shared memory), so ModelResponse reads it like a dataset.
 */
import type { DatasetMatrix } from '../data/dataset';
import { createRandom } from '../nn/random';

/** A matrix of raw cells the analysis owns and may change. */
export interface CellRows extends DatasetMatrix {
  readonly values: Float64Array;
  readonly missing: Uint8Array;
}

/**
 * `count` of `candidates` chosen uniformly without replacement (partial Fisher–Yates with createRandom(seed)),
 * returned in ascending order; all of them (in order) when count ≥ candidates.length.
 */
export function sampleIndices(candidates: ArrayLike<number>, count: number, seed: number): Int32Array<ArrayBuffer> {
  const pool = Int32Array.from(candidates);
  if (count >= pool.length) return pool;
  const random = createRandom(seed);
  for (let k = 0; k < count; k++) {
    const j = k + random.nextInt(pool.length - k);
    const v = pool[k];
    pool[k] = pool[j];
    pool[j] = v;
  }
  return pool.subarray(0, count).sort();
}

/** Copies of `matrix`'s rows `indices` (in that order). */
export function copyRows(matrix: DatasetMatrix, indices: ArrayLike<number>): CellRows {
  const { cols } = matrix;
  const n = indices.length;
  const values = new Float64Array(n * cols);
  const missing = new Uint8Array(n * cols);
  for (let k = 0; k < n; k++) {
    const from = indices[k] * cols;
    values.set(matrix.values.subarray(from, from + cols), k * cols);
    missing.set(matrix.missing.subarray(from, from + cols), k * cols);
  }
  return { rows: n, cols, values, missing };
}

/** `times` copies of `rows` one after the other (block b = rows again), for a batch that sweeps a column. */
export function repeatRows(rows: CellRows, times: number): CellRows {
  const size = rows.rows * rows.cols;
  const values = new Float64Array(size * times);
  const missing = new Uint8Array(size * times);
  for (let b = 0; b < times; b++) {
    values.set(rows.values, b * size);
    missing.set(rows.missing, b * size);
  }
  return { rows: rows.rows * times, cols: rows.cols, values, missing };
}

/** Set column `col` of rows [start, end) to `value` (a number, or a category's code), present. */
export function setColumn(rows: CellRows, col: number, value: number, start = 0, end = rows.rows): void {
  for (let r = start; r < end; r++) {
    rows.values[r * rows.cols + col] = value;
    rows.missing[r * rows.cols + col] = 0;
  }
}

/** Copy cell (fromRow, col) of `from` into (toRow, col) of `to`, missing flag included (so imputation treats it as predict would). */
export function copyCell(from: DatasetMatrix, fromRow: number, to: CellRows, toRow: number, col: number): void {
  to.values[toRow * to.cols + col] = from.values[fromRow * from.cols + col];
  to.missing[toRow * to.cols + col] = from.missing[fromRow * from.cols + col];
}

/** Mean of each of `blocks` consecutive blocks of `size` values, skipping NaN (NaN when a block has none). */
export function blockMeans(values: Float64Array, blocks: number, size: number): Float64Array {
  const out = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    let n = 0;
    for (let i = b * size; i < (b + 1) * size; i++) {
      const v = values[i];
      if (v === v) {
        s += v;
        n++;
      }
    }
    out[b] = n > 0 ? s / n : NaN;
  }
  return out;
}
