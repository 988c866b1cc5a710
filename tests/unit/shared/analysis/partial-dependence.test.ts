import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../src-shared/analysis/response';
import { partialDependence } from '../../../../src-shared/analysis/partial-dependence';
import { makeDataset } from '../jobs/dataset-helper';
import { linearModel, modelFile } from './models';

const data = makeDataset(
  [{ name: 'x1', type: 'numeric' }, { name: 'x2', type: 'numeric' }, { name: 'g', type: 'categorical', categories: ['no', 'yes'] }, { name: 'y', type: 'numeric' }],
  [[0, 1, 0, 0], [1, 3, 1, 0], [2, 2, 0, 0], [4, 6, 1, 0], [3, 1, 0, 0], [5, 5, 1, 0]],
);

function response(model: Parameters<typeof modelResponse>[0]) {
  const r = modelResponse(model, data.columns);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('partialDependence: the mean prediction as one feature sweeps its range', () => {
  it('of a linear model is its coefficient line, through input scaling and output unscaling', () => {
    // F = 5·(2·(x1 − 1)/2 − 3·x2 + 1) + 10 = 5·x1 − 15·x2 + 10, so PD(x) = 5x − 15·mean(x2) + 10, mean(x2) = 3
    const model = linearModel([{ name: 'x1', scale: { mean: 1, std: 2 } }, { name: 'x2' }], [2, -3], 1, { name: 'y', task: 'regression', scale: { mean: 10, std: 5 } });
    const pd = partialDependence(response(model), data.columns, data, { feature: 'x1', grid: 6 });
    if (!pd.ok) throw new Error(pd.error.message);
    expect(pd.value.x).toEqual([0, 1, 2, 3, 4, 5]);
    pd.value.x.forEach((x, k) => expect(pd.value.lines[0].y[k]).toBeCloseTo(5 * x - 45 + 10, 12));
    expect(pd.value.rows).toBe(6);
    expect(pd.value.interaction).toBeNull();
  });

  it('grouped by a category: parallel lines for an additive model (interaction 0), not for one with a product', () => {
    const additive = linearModel([{ name: 'x1' }, { name: 'g', categories: ['no', 'yes'] }], [1, 0, 4], 0);
    const pd = partialDependence(response(additive), data.columns, data, { feature: 'x1', by: 'g', grid: 5 });
    if (!pd.ok) throw new Error(pd.error.message);
    expect(pd.value.lines.map((l) => l.group)).toEqual(['no', 'yes']);
    pd.value.x.forEach((x, k) => {
      expect(pd.value.lines[0].y[k]).toBeCloseTo(x, 12);
      expect(pd.value.lines[1].y[k]).toBeCloseTo(x + 4, 12);
    });
    expect(pd.value.interaction).toBeLessThan(1e-20);
    // relu(x1 − 10·[g = no]): flat at 0 for 'no' over x1 ∈ [0, 5], the identity for 'yes'
    const product = modelFile([{ name: 'x1' }, { name: 'g', categories: ['no', 'yes'] }], [
      { units: 1, activation: 'relu', kernel: [[1], [-10], [0]], bias: [0] },
      { units: 1, activation: 'linear', kernel: [[1]], bias: [0] },
    ]);
    const crossed = partialDependence(response(product), data.columns, data, { feature: 'x1', by: 'g', grid: 5 });
    if (!crossed.ok) throw new Error(crossed.error.message);
    expect(crossed.value.lines[0].y.every((v) => v === 0)).toBe(true);
    expect(crossed.value.interaction).toBeCloseTo(0.5, 12);
  });

  it('grouped by a numeric feature cut into quantile groups, each set to its median; ICE curves of a seeded sample', () => {
    const model = linearModel([{ name: 'x1' }, { name: 'x2' }], [1, 2], 0);
    const pd = partialDependence(response(model), data.columns, data, { feature: 'x1', by: 'x2', groups: 2, grid: 3, ice: 2, seed: 4 });
    if (!pd.ok) throw new Error(pd.error.message);
    // x2 = 1 1 2 | 3 5 6 (cut at the 3rd smallest value, 3): medians 1 and 5
    expect(pd.value.lines.map((l) => l.group)).toEqual(['x2 < 3', 'x2 ≥ 3']);
    expect(pd.value.lines[0].y).toEqual([0 + 2, 2.5 + 2, 5 + 2]);
    expect(pd.value.lines[1].y).toEqual([0 + 10, 2.5 + 10, 5 + 10]);
    expect(pd.value.ice).toHaveLength(2);
    for (const curve of pd.value.ice) {
      const x2 = data.values[curve.row * data.cols + 1];
      expect(curve.y).toEqual(pd.value.x.map((x) => x + 2 * x2));
    }
  });

  it('refuses, naming the column: unknown names, a categorical X, fewer than two groups, a non-input', () => {
    const model = linearModel([{ name: 'x1' }, { name: 'g', categories: ['no', 'yes'] }], [1, 0, 4], 0);
    const r = response(model);
    const fail = (o: Parameters<typeof partialDependence>[3]) => {
      const pd = partialDependence(r, data.columns, data, o);
      return pd.ok ? 'ok' : pd.error.message;
    };
    expect(fail({ feature: 'nope' })).toBe("--feature 'nope': the data has no column of that name.");
    expect(fail({ feature: 'g' })).toBe("--feature 'g' holds categories; it must be a numeric column.");
    expect(fail({ feature: 'x1', by: 'x2' })).toMatch(/--by 'x2' is not one of the model's inputs/);
    const oneGroup = makeDataset([{ name: 'x1', type: 'numeric' }, { name: 'g', type: 'categorical', categories: ['no', 'yes'] }], [[1, 0], [2, 0]]);
    const r1 = modelResponse(model, oneGroup.columns);
    if (!r1.ok) throw new Error(r1.error.message);
    const pd = partialDependence(r1.value, oneGroup.columns, oneGroup, { feature: 'x1', by: 'g' });
    expect(pd.ok ? '' : pd.error.message).toBe("--by 'g' has 1 category in the rows analysed; at least two groups are needed.");
  });
});
