// Column statistics (column-stats.ts) against a straightforward reference on hand-made data: missing
// counts, min and max exactly; mean (Σx/n) and population std (√(Σ(x − mean)²/n)) to 1e-13 (the std also ε·|mean|); category
// counts exactly; and the same numbers whatever block of rows is measured on which thread, as long as
// the blocks are the same grid added in order.
import { describe, expect, it } from 'vitest';
import { blockPartial, ColumnStats, type ColumnDescription } from '../../../../src-shared/data/column-stats';

/** Row-major cells from columns of values (null = missing; missing cells hold NaN and flag 1). */
function matrix(columns: readonly (readonly (number | null)[])[]): { values: Float64Array; missing: Uint8Array; rows: number; cols: number } {
  const cols = columns.length;
  const rows = columns[0].length;
  const values = new Float64Array(rows * cols);
  const missing = new Uint8Array(rows * cols);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      const v = columns[c][r];
      values[r * cols + c] = v === null ? NaN : v;
      missing[r * cols + c] = v === null ? 1 : 0;
    }
  }
  return { values, missing, rows, cols };
}

/** The textbook two-pass statistics of the present values. */
function reference(column: readonly (number | null)[]): { missing: number; min: number; max: number; mean: number; std: number } {
  const present = column.filter((v): v is number => v !== null);
  let sum = 0;
  for (const v of present) sum += v;
  const mean = sum / present.length;
  let squares = 0;
  for (const v of present) {
    const d = v - mean;
    squares += d * d;
  }
  return { missing: column.length - present.length, min: Math.min(...present), max: Math.max(...present), mean, std: Math.sqrt(squares / present.length) };
}

/** Statistics of the matrix measured in blocks of `blockRows` rows, added in order. */
function measure(descriptions: readonly ColumnDescription[], m: ReturnType<typeof matrix>, blockRows: number) {
  const stats = new ColumnStats(descriptions);
  for (let r = 0; r < m.rows; r += blockRows) {
    const from = r * m.cols;
    const to = Math.min(m.rows, r + blockRows) * m.cols;
    stats.addPartial(blockPartial(stats.shape(), m.values.subarray(from, to), m.missing.subarray(from, to), to - from));
  }
  return stats.describe(m.values, m.missing, m.rows);
}

// Awkward on purpose: a large offset with small spread (cancellation), tiny and huge magnitudes, −0, gaps.
const offset = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? null : 1e9 + (i % 5) * 0.1 - 0.2));
const mixed = Array.from({ length: 40 }, (_, i) => (i % 11 === 0 ? null : (i % 2 ? -1 : 1) * (i + 0.5) ** 3 * 1e-3));
const small = Array.from({ length: 40 }, (_, i) => (i === 5 ? -0 : i % 9 === 1 ? null : (i + 1) * 1e-300));
const constant = Array.from({ length: 40 }, (_, i) => (i === 39 ? null : 2.5));
const codes = Array.from({ length: 40 }, (_, i) => (i % 13 === 12 ? null : i % 3));

const descriptions: ColumnDescription[] = [
  { name: 'offset', type: 'numeric' },
  { name: 'mixed', type: 'numeric' },
  { name: 'small', type: 'numeric' },
  { name: 'constant', type: 'numeric' },
  { name: 'codes', type: 'categorical', categories: ['a', 'b', 'c'] },
];
const m = matrix([offset, mixed, small, constant, codes]);

describe('column statistics', () => {
  it('match a straightforward two-pass reference: missing, min, max exactly; mean and population std to 1e-13', () => {
    for (const blockRows of [40, 7, 1]) {
      const got = measure(descriptions, m, blockRows);
      [offset, mixed, small, constant].forEach((column, c) => {
        const want = reference(column);
        const info = got[c];
        expect(info.missing, `${info.name} missing`).toBe(want.missing);
        expect(info.min, `${info.name} min`).toBe(want.min);
        expect(info.max, `${info.name} max`).toBe(want.max);
        expect(Math.abs((info.mean as number) - want.mean), `${info.name} mean, blocks of ${blockRows}`).toBeLessThanOrEqual(1e-13 * Math.abs(want.mean));
        // Plus ε·|mean|: values near 1e9 are themselves only that exact, so any two ways of summing differ by that much.
        const tolerance = 1e-13 * want.std + Number.EPSILON * Math.abs(want.mean);
        expect(Math.abs((info.std as number) - want.std), `${info.name} std, blocks of ${blockRows}`).toBeLessThanOrEqual(tolerance);
      });
      expect(got[3].std, 'a constant column has spread 0 exactly').toBe(0);
    }
  });

  it('measure one block exactly as the textbook loops do (each column in row order), two columns per loop or one', () => {
    // 5 columns: two pairs of numeric columns measured side by side and the categorical one alone; also 3 (one left over).
    for (const keep of [4, 3]) {
      const columns = [offset, mixed, small, constant].slice(0, keep);
      const got = measure(descriptions.slice(0, keep), matrix(columns), 40);
      columns.forEach((column, c) => {
        const want = reference(column);
        expect([got[c].mean, got[c].std, got[c].min, got[c].max, got[c].missing], descriptions[c].name).toEqual([want.mean, want.std, want.min, want.max, want.missing]);
      });
    }
  });

  it('count categories and missing cells of a categorical column exactly, with no mean or std', () => {
    const info = measure(descriptions, m, 7)[4];
    const counts = [0, 0, 0];
    for (const v of codes) if (v !== null) counts[v]++;
    expect(info.categoryCounts).toEqual(counts);
    expect(info.missing).toBe(codes.filter((v) => v === null).length);
    expect([info.mean, info.std, info.min, info.max]).toEqual([null, null, null, null]);
  });

  it('give the same bits when the same grid of blocks is measured on different threads (partials added in order)', () => {
    const whole = measure(descriptions, m, 8);
    // Blocks measured out of order (as workers finish), added in block order afterwards.
    const stats = new ColumnStats(descriptions);
    const partials = [];
    for (let r = 0; r < m.rows; r += 8) {
      const from = r * m.cols;
      const to = Math.min(m.rows, r + 8) * m.cols;
      partials.push(() => blockPartial(stats.shape(), m.values.subarray(from, to), m.missing.subarray(from, to), to - from));
    }
    const computed = partials.reverse().map((f) => f()).reverse();
    for (const p of computed) stats.addPartial(p);
    expect(stats.describe(m.values, m.missing, m.rows)).toEqual(whole);
  });
});
