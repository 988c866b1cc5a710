import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictDataset } from '../../../../src-main/services/predict';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { OutputSpec } from '../../../../src-shared/model-file/types';
import { makeDataset } from '../../shared/jobs/dataset-helper';
import { modelFile, randomLayers, referenceForward, seeded } from '../../workers/reference';

let pool: ForwardPool;
beforeAll(() => {
  pool = new ForwardPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
});

/** n rows of a, b (a few missing) and a target y = a − 2b + noise (a few missing). */
function regressionRows(n: number, seed: number): (number | null)[][] {
  const rand = seeded(seed);
  return Array.from({ length: n }, (_, r) => {
    const a = rand() * 4 - 2;
    const b = rand() * 4 - 2;
    const y = a - 2 * b + (rand() - 0.5) * 0.3;
    return [r % 97 === 5 ? null : a, b, r % 89 === 3 ? null : y];
  });
}

describe('predict results carry metrics over all rows', () => {
  it('regression: MSE, MAE, R² over rows with a prediction and a target, checked against a reference pass', async () => {
    const rows = regressionRows(5000, 4);
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }, { name: 'y', type: 'numeric' }], rows);
    const layers = randomLayers(seeded(8), 2, [{ units: 5, activation: 'relu' }, { units: 1, activation: 'linear' }]);
    const model = modelFile([{ name: 'a' }, { name: 'b' }], { name: 'y', task: 'regression' }, layers);
    const r = await predictDataset(model, data, { pool });
    if (!r.ok) throw new Error(r.error.message);
    const e = r.value.evaluation!;
    expect(r.value.evaluationNote).toBeNull();
    const pairs = rows.filter((row) => row.every((v) => v !== null)).map((row) => [referenceForward(layers, [row[0]!, row[1]!])[0], row[2]!]);
    expect(e.rowsUsed).toBe(pairs.length);
    const mse = pairs.reduce((s, [p, y]) => s + (p - y) ** 2, 0) / pairs.length;
    const mae = pairs.reduce((s, [p, y]) => s + Math.abs(p - y), 0) / pairs.length;
    const mean = pairs.reduce((s, [, y]) => s + y, 0) / pairs.length;
    const tot = pairs.reduce((s, [, y]) => s + (y - mean) ** 2, 0);
    expect(e.metrics.mse).toBeCloseTo(mse, 10);
    expect(e.metrics.mae).toBeCloseTo(mae, 10);
    expect(e.metrics.r2).toBeCloseTo(1 - (mse * pairs.length) / tot, 10);
    expect(e.missingTargetRows).toBe(rows.filter((row) => row[0] !== null && row[2] === null).length);
  });

  it('without the target column there is no evaluation, and the note says why', async () => {
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }], [[1, 2], [3, 4]]);
    const layers = randomLayers(seeded(1), 2, [{ units: 1, activation: 'linear' }]);
    const r = await predictDataset(modelFile([{ name: 'a' }, { name: 'b' }], { name: 'price', task: 'regression' }, layers), data, { pool });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.evaluation).toBeNull();
    expect(r.value.evaluationNote).toContain("'price'");
  });

  it('binary: accuracy, confusion and AUC from the prediction columns', async () => {
    const rand = seeded(12);
    const rows = Array.from({ length: 3000 }, () => {
      const a = rand() * 2 - 1;
      return [a, rand() < 1 / (1 + Math.exp(-4 * a)) ? 1 : 0];
    });
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'c', type: 'categorical', categories: ['neg', 'pos'] }], rows);
    const output: OutputSpec = { name: 'c', task: 'binary', classes: ['neg', 'pos'] };
    const layers = [{ units: 1, activation: 'sigmoid' as const, kernel: [[3]], bias: [0.1] }];
    const r = await predictDataset(modelFile([{ name: 'a' }], output, layers), data, { pool });
    if (!r.ok) throw new Error(r.error.message);
    const e = r.value.evaluation!;
    const p = rows.map((row) => 1 / (1 + Math.exp(-(3 * row[0] + 0.1))));
    const hits = rows.filter((row, k) => (p[k] > 0.5 ? 1 : 0) === row[1]).length;
    expect(e.rowsUsed).toBe(3000);
    expect(e.metrics.accuracy).toBe(hits / 3000);
    expect(e.metrics.confusion!.flat().reduce((s, v) => s + v, 0)).toBe(3000);
    // pairwise AUC, O(n²) reference (no ties in continuous scores)
    const posIdx = rows.flatMap((row, k) => (row[1] === 1 ? [k] : []));
    const negIdx = rows.flatMap((row, k) => (row[1] === 0 ? [k] : []));
    let wins = 0;
    for (const i of posIdx) for (const j of negIdx) wins += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
    expect(e.metrics.auc).toBeCloseTo(wins / (posIdx.length * negIdx.length), 12);
    expect(e.roc!.fpr.length).toBeLessThanOrEqual(2000);
  });
});

describe('impute values in the model file', () => {
  it('rows with an empty imputed input get a prediction (the impute value, then scaling); others are still counted empty', async () => {
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }], [[1, 2], [null, 2], [1, null]]);
    const model = modelFile([{ name: 'a', scale: { mean: 0, std: 2 }, impute: 4 }, { name: 'b' }], { name: 'y', task: 'regression' }, [{ units: 1, activation: 'linear', kernel: [[1], [10]], bias: [0] }]);
    const r = await predictDataset(model, data, { pool });
    if (!r.ok) throw new Error(r.error.message);
    const c = r.value.columns[0];
    if (c.kind !== 'number') throw new Error('expected numbers');
    // row 0: 1/2 + 20; row 1: a imputed as 4 → 4/2 + 20; row 2: b has no impute → empty
    expect(Array.from(c.values)).toEqual([20.5, 22, NaN]);
    expect(r.value.emptyBy).toEqual([{ input: 'b', missing: 1, unknownCategory: 0 }]);
  });
});

describe('the baseline fit can be cancelled', () => {
  it('aborting while the baseline is being fitted ends the job with job/cancelled within a moment', async () => {
    const rand = seeded(31);
    const names = Array.from({ length: 20 }, (_, i) => `x${i}`);
    const rows = Array.from({ length: 60_000 }, () => {
      const x = names.map(() => rand() * 2 - 1);
      return [...x, rand() < 1 / (1 + Math.exp(-x[0] * 3 + x[1])) ? 1 : 0];
    });
    const data = makeDataset([...names.map((name) => ({ name, type: 'numeric' as const })), { name: 'c', type: 'numeric' }], rows);
    const layers = randomLayers(seeded(3), 20, [{ units: 1, activation: 'sigmoid' }]);
    const model = modelFile(names.map((name) => ({ name })), { name: 'c', task: 'binary', classes: ['0', '1'] }, layers);
    const controller = new AbortController();
    let abortedAt = 0;
    const r = predictDataset(model, data, {
      pool,
      signal: controller.signal,
      baseline: true,
      onProgress: (done, total) => {
        // predictions are done: the fit starts now; stop it shortly after
        if (done === total && abortedAt === 0) setTimeout(() => ((abortedAt = performance.now()), controller.abort()), 100);
      },
    });
    const result = await r;
    // Cancelled, not finished: the fit stopped at the abort instead of running to its end.
    expect(result).toMatchObject({ ok: false, error: { kind: 'job/cancelled' } });
    expect(abortedAt).toBeGreaterThan(0);
  });
});
