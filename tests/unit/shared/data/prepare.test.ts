import { describe, expect, it } from 'vitest';
import { loadFromChunks } from '../../../../src-shared/data/csv/load';
import type { Dataset } from '../../../../src-shared/data/dataset';
import { fitPreprocessing, prepare, prepareRows } from '../../../../src-shared/data/prepare';

async function dataset(text: string): Promise<Dataset> {
  const bytes = new TextEncoder().encode(text);
  const r = await loadFromChunks(bytes, bytes.length, (async function* () { yield bytes; })());
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const CSV = [
  'x,const,color,label,y,when',
  '1,5,red,yes,10,2020-01-01',
  '2,5,blue,no,20,2020-01-02',
  '3,5,red,yes,,2020-01-03',
  '4,5,green,no,40,2020-01-04',
  ',5,blue,yes,50,2020-01-05',
  '6,5,purple,no,60,2020-01-06',
].join('\n');

describe('prepare: fitting preprocessing on training rows', () => {
  it('standardizes with the training rows’ mean and population std, and gives a constant column std 1 (never NaN)', async () => {
    const d = await dataset(CSV);
    const r = prepare(d, { target: 'y', inputs: ['x', 'const'] }, [0, 1, 3]);
    if (!r.ok) throw new Error(r.error.message);
    const { preprocessing, train } = r.value;
    // Training x values 1, 2, 4: mean 7/3, population variance ((−4/3)² + (−1/3)² + (5/3)²)/3 = 42/27.
    expect(preprocessing.inputs[0].scale?.mean).toBeCloseTo(7 / 3, 15);
    expect(preprocessing.inputs[0].scale?.std).toBeCloseTo(Math.sqrt(42 / 27), 15);
    expect(preprocessing.inputs[1]).toEqual({ name: 'const', scale: { mean: 5, std: 1 } });
    expect(train.rows).toBe(3);
    expect(Array.from(train.x).every(Number.isFinite)).toBe(true);
    expect(train.x[0]).toBeCloseTo((1 - 7 / 3) / Math.sqrt(42 / 27), 14);
    expect(train.x[1]).toBe(0);
    expect(Array.from(train.y)).toEqual([10, 20, 40]);
    expect(preprocessing.output).toEqual({ name: 'y', task: 'regression' });
  });

  it('one-hots categorical inputs in the column’s sorted order, keeping only categories the training rows have', async () => {
    const d = await dataset(CSV);
    const r = prepare(d, { target: 'y', inputs: ['color'] }, [0, 1, 3], [5]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.preprocessing.inputs[0].categories).toEqual(['blue', 'green', 'red']);
    expect(Array.from(r.value.train.x)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    // Row 5 is 'purple', which training never saw: dropped and counted, not encoded as zeros.
    expect(r.value.other?.rows).toBe(0);
    expect(r.value.other?.droppedUnknownCategory).toBe(1);
  });

  it('encodes a classification target as class indices in a fixed order', async () => {
    const d = await dataset(CSV);
    const r = prepare(d, { target: 'label', inputs: ['x'] }, [0, 1, 2, 3, 5]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.preprocessing.output).toEqual({ name: 'label', task: 'binary', classes: ['no', 'yes'] });
    expect(Array.from(r.value.train.y)).toEqual([1, 0, 1, 0, 0]);
    const numeric = prepare(d, { target: 'x', inputs: ['const'], task: 'classification' }, [0, 1, 2, 3, 5]);
    if (!numeric.ok) throw new Error(numeric.error.message);
    expect(numeric.value.preprocessing.output.classes).toEqual(['1', '2', '3', '4', '6']);
    expect(numeric.value.preprocessing.output.task).toBe('multiclass');
  });

  it('leaves out rows with a missing target, and drops rows with a missing input, counting both', async () => {
    const d = await dataset(CSV);
    const r = prepare(d, { target: 'y', inputs: ['x'] }, [0, 1, 2, 3, 4, 5]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.train.droppedMissingTarget).toBe(1);
    expect(r.value.train.droppedMissingInput).toBe(1);
    expect(Array.from(r.value.train.rowIndex)).toEqual([0, 1, 3, 5]);
  });

  it('imputes a missing number with the training mean (0 once standardized) and a missing category with the most frequent one', async () => {
    const d = await dataset('x,c,y\n1,a,1\n,b,2\n3,,3\n5,a,4\n');
    const r = prepare(d, { target: 'y', inputs: ['x', 'c'], missing: 'impute-mean' }, [0, 1, 2, 3]);
    if (!r.ok) throw new Error(r.error.message);
    const { train, preprocessing } = r.value;
    expect(train.rows).toBe(4);
    expect(train.imputedRows).toBe(2);
    expect(preprocessing.inputs[0].scale?.mean).toBe(3);
    const row = (k: number) => Array.from(train.x.subarray(k * 3, k * 3 + 3));
    expect(row(1)[0]).toBe(0);
    // c is a, b, (missing), a: 'a' is the most frequent, so the missing cell is one-hot 'a'.
    expect(preprocessing.inputs[1]).toEqual({ name: 'c', categories: ['a', 'b'], impute: 'a' });
    expect(row(2).slice(1)).toEqual([1, 0]);
  });

  it('imputes a category counted on the training rows only, ties going to the first in category order', async () => {
    // Training rows 0–3: b, a, a, b (a tie: 'a' comes first in category order); row 4's many 'c' do not count.
    const d = await dataset('c,y\nb,1\na,2\na,3\nb,4\nc,5\nc,6\nc,7\n,8\n');
    const fit = fitPreprocessing(d, { target: 'y', inputs: ['c'], missing: 'impute-mean' }, [0, 1, 2, 3, 7]);
    if (!fit.ok) throw new Error(fit.error.message);
    expect(fit.value.inputs[0]).toEqual({ name: 'c', categories: ['a', 'b'], impute: 'a' });
    const rows = prepareRows(d, fit.value, [7]);
    expect(rows.imputedRows).toBe(1);
    expect(Array.from(rows.x)).toEqual([1, 0]);
    const skewed = fitPreprocessing(d, { target: 'y', inputs: ['c'], missing: 'impute-mean' }, [0, 1, 3, 4, 5, 6]);
    expect(skewed.ok && skewed.value.inputs[0].impute).toBe('c');
  });

  it('with the drop policy a missing category gets no impute value and its row stays out, counted', async () => {
    const d = await dataset('c,y\nb,1\na,2\n,3\na,4\n');
    const r = prepare(d, { target: 'y', inputs: ['c'] }, [0, 1, 2, 3]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.preprocessing.inputs[0].impute).toBeUndefined();
    expect(r.value.train.droppedMissingInput).toBe(1);
    expect(Array.from(r.value.train.rowIndex)).toEqual([0, 1, 3]);
  });

  it('expands a date input into its four parts fitted on the training rows, and refuses unknown columns by name', async () => {
    const d = await dataset(CSV);
    const a = fitPreprocessing(d, { target: 'y', inputs: ['when'] }, [0, 1]);
    if (!a.ok) throw new Error(a.error.message);
    expect(a.value.inputs.map((s) => [s.name, s.date?.part])).toEqual([['when.year', 'year'], ['when.month', 'month'], ['when.weekday', 'weekday'], ['when.yearday', 'yearday']]);
    // 2020-01-01 (Wednesday, day 1) and 2020-01-02 (Thursday, day 2): day of year mean 1.5, sd 0.5; the year is constant (sd → 1)
    expect(a.value.inputs[3].scale).toEqual({ mean: 1.5, std: 0.5 });
    expect(a.value.inputs[2].scale).toEqual({ mean: 3.5, std: 0.5 });
    expect(a.value.inputs[0].scale).toEqual({ mean: 2020, std: 1 });
    expect(a.value.width).toBe(4);
    const b = fitPreprocessing(d, { target: 'nope', inputs: ['x'] }, [0, 1]);
    expect(!b.ok && b.error).toMatchObject({ kind: 'prepare/unknown-column', column: 'nope' });
  });

  it('prepares other rows with the training fit, not their own', async () => {
    const d = await dataset(CSV);
    const fit = fitPreprocessing(d, { target: 'y', inputs: ['x'] }, [0, 1]);
    if (!fit.ok) throw new Error(fit.error.message);
    const other = prepareRows(d, fit.value, [3]);
    // Fit on x = 1, 2: mean 1.5, std 0.5; x = 4 → 5.
    expect(Array.from(other.x)).toEqual([5]);
  });
});
