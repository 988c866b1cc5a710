import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import { createNetwork } from '../../../src-shared/nn/init';
import { modelFromNetwork, specsFromColumns, specsWidth, weightsFit } from '../../../src-renderer/lib/network/model-build';
import { encodeRow } from '../../../src-renderer/lib/network/encode-row';

const col = (name: string, type: ColumnInfo['type'], categories?: string[]): ColumnInfo => ({
  name, type, missing: 0, min: null, max: null, mean: null, std: null, ...(categories ? { categories } : {}),
});

describe('input specs from the chosen columns', () => {
  const columns = [col('age', 'numeric'), col('island', 'categorical', ['Biscoe', 'Dream', 'Torgersen']), col('note', 'text', ['a'])];

  it('one-hot categorical columns widen the input by their category count; text columns never feed the network', () => {
    const specs = specsFromColumns(columns, () => true);
    expect(specs).toEqual([{ name: 'age' }, { name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] }]);
    expect(specsWidth(specs)).toBe(4);
  });

  it('with scaling on, numeric inputs are standardised with the dataset column mean and std (std 1 for a constant column), categories stay one-hot', () => {
    const stats = (name: string, mean: number, std: number): ColumnInfo => ({ ...col(name, 'numeric'), mean, std });
    const specs = specsFromColumns([stats('weight', 2977.6, 849.4), stats('flat', 3, 0), columns[1]], () => true, true);
    expect(specs).toEqual([
      { name: 'weight', scale: { mean: 2977.6, std: 849.4 } },
      { name: 'flat', scale: { mean: 3, std: 1 } },
      { name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] },
    ]);
  });

  it('an ignored categorical column adds nothing', () => {
    expect(specsWidth(specsFromColumns(columns, (n) => n !== 'island'))).toBe(1);
  });
});

describe('weights and architecture', () => {
  it('a model file from a network keeps the Keras kernel layout kernel[i][j] = weight from input i to unit j', () => {
    const net = createNetwork({ inputSize: 3, layers: [{ units: 2, activation: 'relu' }], seed: 7 });
    const model = modelFromNetwork(net, [{ name: 'a' }, { name: 'b' }, { name: 'c' }], { name: 'y', task: 'regression' });
    expect(model.layers[0].kernel[2][1]).toBe(net.layers[0].kernel[2 * 2 + 1]);
    expect(weightsFit(model, 3, [2])).toBe(true);
    expect(weightsFit(model, 3, [3])).toBe(false);
    expect(weightsFit(model, 4, [2])).toBe(false);
  });
});

describe('encodeRow', () => {
  const columns = [col('x', 'numeric'), col('g', 'categorical', ['a', 'b'])];
  const model = {
    format: 'dense-lab/model' as const, version: 1,
    inputs: [{ name: 'x', scale: { mean: 10, std: 2 } }, { name: 'g', categories: ['b', 'a'] }],
    output: { name: 'y', task: 'regression' as const },
    layers: [{ units: 1, activation: 'linear' as const, kernel: [[1], [1], [1]], bias: [0] }],
  };

  it('standardizes numbers and one-hot encodes categories by name in the model order', () => {
    const r = encodeRow(model, columns, [14, 'a']);
    expect(r.ok && r.value).toEqual([2, 0, 1]);
  });

  it('refuses a row with an empty input instead of inventing a number', () => {
    const r = encodeRow(model, columns, [null, 'a']);
    expect(r.ok).toBe(false);
  });
});
