import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../src-shared/analysis/response';
import { pairInteractions } from '../../../../src-shared/analysis/h-statistic';
import { makeDataset } from '../jobs/dataset-helper';
import { modelFile } from './models';
import { seeded } from '../../workers/reference';

const rand = seeded(3);
const data = makeDataset(
  [{ name: 'x1', type: 'numeric' }, { name: 'x2', type: 'numeric' }, { name: 'x3', type: 'numeric' }],
  Array.from({ length: 60 }, () => [rand() * 4 - 2, rand() * 4 - 2, rand() * 4 - 2]),
);

function h(model: ReturnType<typeof modelFile>, sample = 40) {
  const r = modelResponse(model, data.columns);
  if (!r.ok) throw new Error(r.error.message);
  const result = pairInteractions(r.value, data.columns, data, { sample, seed: 5 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const inputs = [{ name: 'x1' }, { name: 'x2' }, { name: 'x3' }];

describe("pairInteractions: Friedman's H for every pair of inputs", () => {
  it('is 0 for an additive (but not linear) network: one tanh unit per input, summed', () => {
    const additive = modelFile(inputs, [
      { units: 3, activation: 'tanh', kernel: [[1.5, 0, 0], [0, -2, 0], [0, 0, 0.7]], bias: [0.3, -0.2, 0.1] },
      { units: 1, activation: 'linear', kernel: [[2], [1], [-3]], bias: [0.5] },
    ]);
    const result = h(additive);
    expect(result.pairs).toHaveLength(3);
    for (const p of result.pairs) expect(p.h).toBeLessThan(1e-7);
    expect(result.rows).toBe(40);
    expect(result.usableRows).toBe(60);
  });

  it('is large for a pair joined inside a unit (relu(x1 + x2)) and 0 for pairs with the additive x3, sorted largest first', () => {
    const joined = modelFile(inputs, [
      { units: 2, activation: 'relu', kernel: [[1, 0], [1, 0], [0, 1]], bias: [0, 5] },
      { units: 1, activation: 'linear', kernel: [[1], [1]], bias: [0] },
    ]);
    const result = h(joined);
    expect([result.pairs[0].a, result.pairs[0].b]).toEqual(['x1', 'x2']);
    expect(result.pairs[0].h).toBeGreaterThan(0.2);
    expect(result.pairs[1].h).toBeLessThan(1e-7);
    expect(result.pairs[2].h).toBeLessThan(1e-7);
  });

  it('the same seed gives the same numbers; the sample size is reported', () => {
    const net = modelFile(inputs, [
      { units: 2, activation: 'tanh', kernel: [[1, 0.5], [1, -1], [0.2, 1]], bias: [0, 0.1] },
      { units: 1, activation: 'linear', kernel: [[1], [1]], bias: [0] },
    ]);
    expect(h(net, 20)).toEqual(h(net, 20));
    expect(h(net, 20).rows).toBe(20);
  });
});
