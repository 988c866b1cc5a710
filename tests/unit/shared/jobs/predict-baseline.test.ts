import { describe, expect, it } from 'vitest';
import { fitModelBaseline } from '../../../../src-shared/jobs/predict-baseline';
import type { InputSpec, OutputSpec } from '../../../../src-shared/model-file/types';
import { makeDataset } from './dataset-helper';
import { seeded } from '../../workers/reference';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const numeric = [{ name: 'a', type: 'numeric' as const }, { name: 'b', type: 'numeric' as const }, { name: 'y', type: 'numeric' as const }];

/** y = 2a − 3b + 1 (+ noise·N), a few rows with a missing input or target. */
function linearRows(n: number, noise: number, seed: number): (number | null)[][] {
  const rand = seeded(seed);
  return Array.from({ length: n }, (_, r) => {
    const a = rand() * 10;
    const b = rand() * 4 - 2;
    return [r % 13 === 0 ? null : a, b, r % 17 === 0 ? null : 2 * a - 3 * b + 1 + noise * (rand() - 0.5)];
  });
}

describe('the linear baseline of a predict job', () => {
  it('regression: least squares on the inputs as the model encodes them recovers an exact linear target', () => {
    const data = makeDataset(numeric, linearRows(400, 0, 1));
    // the model standardizes a: the baseline sees (a − 5)/2, so its weight is 2·2 = 4 and its bias 1 + 2·5 = 11
    const inputs: InputSpec[] = [{ name: 'a', scale: { mean: 5, std: 2 } }, { name: 'b' }];
    const output: OutputSpec = { name: 'y', task: 'regression', scale: { mean: 3, std: 7 } };
    const fit = unwrap(fitModelBaseline(data, { inputs, output }));
    expect(fit.method).toBe('least-squares');
    const usable = 400 - [...Array(400).keys()].filter((r) => r % 13 === 0 || r % 17 === 0).length;
    expect(fit.fitRows).toBe(usable);
    expect(fit.sampled).toBe(false);
    const layer = fit.model.layers[0];
    expect(layer.activation).toBe('linear');
    expect(layer.kernel[0][0]).toBeCloseTo(4, 8);
    expect(layer.kernel[1][0]).toBeCloseTo(-3, 8);
    expect(layer.bias[0]).toBeCloseTo(11, 8);
    // predicts in the target's own units: no output scale
    expect(fit.model.output.scale).toBeUndefined();
    expect(fit.model.inputs).toEqual(inputs);
  });

  it('large data: a seeded sample of maxRows rows, the same for the same seed', () => {
    const data = makeDataset(numeric, linearRows(3000, 0.5, 2));
    const model = { inputs: [{ name: 'a' }, { name: 'b' }], output: { name: 'y', task: 'regression' as const } };
    const one = unwrap(fitModelBaseline(data, model, { maxRows: 500, seed: 4 }));
    const again = unwrap(fitModelBaseline(data, model, { maxRows: 500, seed: 4 }));
    const other = unwrap(fitModelBaseline(data, model, { maxRows: 500, seed: 5 }));
    expect(one.sampled).toBe(true);
    expect(one.fitRows).toBe(500);
    expect(one.eligibleRows).toBeGreaterThan(2500);
    expect(again.model.layers).toEqual(one.model.layers);
    expect(other.model.layers).not.toEqual(one.model.layers);
    // a sample still finds the relation
    expect(one.model.layers[0].kernel[0][0]).toBeCloseTo(2, 1);
  });

  it('binary: logistic regression separates a threshold on one input; multiclass: softmax over a categorical target', () => {
    const rand = seeded(3);
    const rows = Array.from({ length: 400 }, () => {
      const a = rand() * 4 - 2;
      return [a, a > 0.3 ? 1 : 0];
    });
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'c', type: 'categorical', categories: ['no', 'yes'] }], rows);
    const fit = unwrap(fitModelBaseline(data, { inputs: [{ name: 'a' }], output: { name: 'c', task: 'binary', classes: ['no', 'yes'] } }));
    expect(fit.method).toBe('logistic');
    const l = fit.model.layers[0];
    expect(l.activation).toBe('sigmoid');
    // decision boundary −b/w near the true threshold 0.3
    expect(-l.bias[0] / l.kernel[0][0]).toBeCloseTo(0.3, 1);

    const three = makeDataset(
      [{ name: 'a', type: 'numeric' }, { name: 'k', type: 'text', categories: ['lo', 'mid', 'hi'] }],
      Array.from({ length: 300 }, (_, r) => [r / 100, Math.floor(r / 100)]),
    );
    const soft = unwrap(fitModelBaseline(three, { inputs: [{ name: 'a' }], output: { name: 'k', task: 'multiclass', classes: ['lo', 'mid', 'hi'] } }));
    expect(soft.method).toBe('softmax');
    expect(soft.model.layers[0].units).toBe(3);
  });

  it('no target column, or fewer than two usable rows: an error that says so', () => {
    const data = makeDataset(numeric, [[1, 2, null], [null, 1, 3], [2, 2, 5]]);
    const r = fitModelBaseline(data, { inputs: [{ name: 'a' }, { name: 'b' }], output: { name: 'y', task: 'regression' } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'baseline/too-few-rows' } });
    const none = fitModelBaseline(data, { inputs: [{ name: 'a' }], output: { name: 'z', task: 'regression' } });
    expect(none).toMatchObject({ ok: false, error: { kind: 'predict/no-target' } });
  });
});
