// A model file whose categorical input has an impute category predicts rows with that input empty, through
// the predict service (workers, both kernels), as the same row with the category filled in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictDataset } from '../../../../src-main/services/predict';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';
import { makeDataset } from '../../shared/jobs/dataset-helper';

let pool: ForwardPool;
beforeAll(() => {
  pool = new ForwardPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
});

const model = (impute?: string): ModelFile => ({
  format: 'dense-lab/model',
  version: 1,
  inputs: [{ name: 'colour', categories: ['blue', 'red'], ...(impute ? { impute } : {}) }, { name: 'x' }],
  output: { name: 'y', task: 'regression' },
  // y = 10·[blue] + 20·[red] + x
  layers: [{ units: 1, activation: 'linear', kernel: [[10], [20], [1]], bias: [0] }],
});

describe('predict: a missing category with an impute category', () => {
  const data = makeDataset(
    [{ name: 'colour', type: 'categorical', categories: ['blue', 'red'] }, { name: 'x', type: 'numeric' }],
    [[0, 1], [null, 2], [1, 3]],
  );

  for (const kernel of ['reference', 'fast'] as const) {
    it(`reads the empty cell as the impute category (${kernel} kernel)`, async () => {
      const r = await predictDataset(model('red'), data, { pool, kernel, evaluate: false });
      if (!r.ok) throw new Error(r.error.message);
      expect(Array.from(r.value.status)).toEqual([ROW_STATUS.ok, ROW_STATUS.ok, ROW_STATUS.ok]);
      const column = r.value.columns[0];
      expect(column.kind === 'number' && Array.from(column.values)).toEqual([11, 22, 23]);
      expect(r.value.emptyRows).toBe(0);
    });
  }

  it('without one, the row stays empty and is reported as a missing input', async () => {
    const r = await predictDataset(model(), data, { pool, evaluate: false });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.status[1]).toBe(ROW_STATUS.missingInput);
    expect(r.value.emptyBy).toEqual([expect.objectContaining({ input: 'colour', missing: 1 })]);
  });

  it('a row empty because of another input does not count the imputed category as missing', async () => {
    const both = makeDataset(
      [{ name: 'colour', type: 'categorical', categories: ['blue', 'red'] }, { name: 'x', type: 'numeric' }],
      [[null, null], [0, 1]],
    );
    const r = await predictDataset(model('red'), both, { pool, evaluate: false });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.status[0]).toBe(ROW_STATUS.missingInput);
    expect(r.value.emptyBy).toEqual([expect.objectContaining({ input: 'x', missing: 1 })]);
  });
});
