import { describe, expect, it } from 'vitest';
import { encodeRows, planEncoding } from '../../../../src-shared/data/encode';
import type { ColumnInfo, ColumnType } from '../../../../src-shared/data/dataset';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';

function column(name: string, type: ColumnType, categories?: string[]): ColumnInfo {
  return { name, type, missing: 0, min: null, max: null, mean: null, std: null, ...(categories ? { categories } : {}) };
}

/** A matrix from rows of cells; null is a missing cell. */
function matrix(rows: (number | null)[][]) {
  const cols = rows[0].length;
  const values = new Float64Array(rows.length * cols);
  const missing = new Uint8Array(rows.length * cols);
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      values[r * cols + c] = v ?? NaN;
      missing[r * cols + c] = v === null ? 1 : 0;
    }),
  );
  return { rows: rows.length, cols, values, missing };
}

const columns = [column('age', 'numeric'), column('island', 'categorical', ['Biscoe', 'Dream', 'Torgersen']), column('note', 'text', ['a', 'b']), column('day', 'date'), column('blank', 'empty')];

describe('planEncoding', () => {
  it('places each input at its offset: one slot per number, one per category', () => {
    const plan = planEncoding([{ name: 'island', categories: ['Dream', 'Biscoe'] }, { name: 'age', scale: { mean: 1, std: 2 } }], columns);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.width).toBe(3);
    expect(plan.value.inputs.map((i) => [i.name, i.column, i.offset])).toEqual([
      ['island', 1, 0],
      ['age', 0, 2],
    ]);
  });

  it('matches categories by name, not by the dataset code; unseen ones map to −1', () => {
    const plan = planEncoding([{ name: 'island', categories: ['Torgersen', 'Biscoe'] }], columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const input = plan.value.inputs[0];
    expect(input.kind).toBe('one-hot');
    if (input.kind === 'one-hot') expect(Array.from(input.slotOfCode)).toEqual([1, -1, 0]);
  });

  it('names a missing column, and hints at a near miss in case or spaces', () => {
    const r = planEncoding([{ name: 'Age ' }], columns);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('predict/missing-column');
    expect(r.error.column).toBe('Age ');
    expect(r.error.message).toContain("'Age '");
    expect(r.error.message).toContain("there is a column 'age'");
  });

  it('refuses a text column where the model expects numbers, naming the column', () => {
    for (const name of ['island', 'note', 'day']) {
      const r = planEncoding([{ name }], columns);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.kind).toBe('predict/wrong-column-type');
        expect(r.error.message).toContain(`'${name}'`);
        expect(r.error.message).toContain('expects numbers');
      }
    }
  });

  it('refuses a numeric column where the model expects categories', () => {
    const r = planEncoding([{ name: 'age', categories: ['1', '2'] }], columns);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('predict/wrong-column-type');
      expect(r.error.message).toContain("Column 'age' holds numbers");
      expect(r.error.message).toContain('expects categories');
    }
  });

  it('refuses two dataset columns with the model input name', () => {
    const r = planEncoding([{ name: 'age' }], [...columns, column('age', 'numeric')]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('predict/ambiguous-column');
  });

  it('refuses a scale that cannot be applied (std 0 or not finite)', () => {
    for (const scale of [{ mean: 0, std: 0 }, { mean: Infinity, std: 1 }]) {
      const r = planEncoding([{ name: 'age', scale }], columns);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.path).toBe('inputs[0].scale');
    }
  });

  it('accepts a column with no values at all for either kind of input', () => {
    expect(planEncoding([{ name: 'blank' }], columns).ok).toBe(true);
    expect(planEncoding([{ name: 'blank', categories: ['x'] }], columns).ok).toBe(true);
  });
});

describe('encodeRows', () => {
  const cols = [column('x', 'numeric'), column('c', 'categorical', ['red', 'green', 'blue'])];
  const plan = planEncoding([{ name: 'x', scale: { mean: 0.1, std: 0.3 } }, { name: 'c', categories: ['blue', 'red'] }], cols);
  if (!plan.ok) throw new Error(plan.error.message);

  it('standardizes as (x − mean) / std and one-hots by name', () => {
    const m = matrix([
      [0.7, 0],
      [-2, 2],
    ]);
    const out = new Float64Array(2 * 3);
    const status = new Uint8Array(2);
    expect(encodeRows(plan.value, m, 0, 2, out, status)).toBe(2);
    expect(Array.from(out)).toEqual([(0.7 - 0.1) / 0.3, 0, 1, (-2 - 0.1) / 0.3, 1, 0]);
    expect(Array.from(status)).toEqual([ROW_STATUS.ok, ROW_STATUS.ok]);
  });

  it('marks a missing cell and an unseen category, writing zeros for those rows', () => {
    const m = matrix([
      [null, 0],
      [1, 1],
      [null, 1],
      [3, 0],
    ]);
    const out = new Float64Array(4 * 3).fill(7);
    const status = new Uint8Array(4);
    expect(encodeRows(plan.value, m, 0, 4, out, status)).toBe(1);
    // A missing cell wins over an unseen category in the same row.
    expect(Array.from(status)).toEqual([ROW_STATUS.missingInput, ROW_STATUS.unknownCategory, ROW_STATUS.missingInput, ROW_STATUS.ok]);
    expect(Array.from(out.subarray(0, 9))).toEqual(new Array(9).fill(0));
    expect(Array.from(out.subarray(9))).toEqual([(3 - 0.1) / 0.3, 0, 1]);
  });

  it('treats a NaN value as missing even when its flag is not set', () => {
    const m = matrix([[1, 0]]);
    m.values[0] = NaN;
    const status = new Uint8Array(1);
    expect(encodeRows(plan.value, m, 0, 1, new Float64Array(3), status)).toBe(0);
    expect(status[0]).toBe(ROW_STATUS.missingInput);
  });

  it('encodes a block [start, end) into the start of out and writes status at the absolute row', () => {
    const m = matrix([
      [1, 0],
      [2, 2],
      [3, 0],
    ]);
    const out = new Float64Array(3);
    const status = new Uint8Array(3);
    expect(encodeRows(plan.value, m, 1, 2, out, status)).toBe(1);
    expect(Array.from(out)).toEqual([(2 - 0.1) / 0.3, 1, 0]);
    expect(Array.from(status)).toEqual([ROW_STATUS.notComputed, ROW_STATUS.ok, ROW_STATUS.notComputed]);
  });
});
