import { describe, expect, it } from 'vitest';
import { evaluatePredictions, readTarget } from '../../../../src-shared/jobs/predict-evaluation';
import { rocCurve } from '../../../../src-shared/nn/metrics';
import type { OutputSpec } from '../../../../src-shared/model-file/types';
import { makeDataset } from './dataset-helper';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('regression metrics over all rows', () => {
  const output: OutputSpec = { name: 'y', task: 'regression' };
  const data = makeDataset([{ name: 'x', type: 'numeric' }, { name: 'y', type: 'numeric' }], [[1, 3], [2, -0.5], [3, 2], [4, 7], [5, null], [6, 10]]);

  it('uses only rows with both a prediction and a target, and counts the others', () => {
    const target = unwrap(readTarget(data, output));
    // row 4: no target; row 5: no prediction
    const e = evaluatePredictions(output, { task: 'regression', values: Float64Array.from([2.5, 0, 2, 8, 1, NaN]) }, target);
    expect(e.rowsUsed).toBe(4);
    expect(e.missingTargetRows).toBe(1);
    // hand-worked: errors 0.5, 0.5, 0, 1 → MSE 1.5/4, MAE 2/4; ȳ = 2.875, SStot = 29.1875
    expect(e.metrics.mse).toBe(0.375);
    expect(e.metrics.mae).toBe(0.5);
    expect(e.metrics.r2).toBeCloseTo(1 - 1.5 / 29.1875, 14);
    expect(e.metrics.loss).toBe(0.375);
    expect(e.metrics.rows).toBe(4);
  });

  it('a dataset without the target column (or with text in it) gives a reason, not metrics', () => {
    const r = readTarget(data, { name: 'price', task: 'regression' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("no column 'price'");
    const text = makeDataset([{ name: 'y', type: 'text', categories: ['a'] }], [[0]]);
    const t = readTarget(text, output);
    expect(t.ok).toBe(false);
  });
});

describe('classification metrics over all rows', () => {
  it('binary: accuracy, confusion, per-class report, ROC and AUC against a categorical target matched by label', () => {
    // the dataset's own category order differs from the model's classes; 'maybe' is not a class
    const data = makeDataset([{ name: 'label', type: 'categorical', categories: ['yes', 'no', 'maybe'] }], [[1], [0], [0], [1], [2], [null], [0]]);
    const output: OutputSpec = { name: 'label', task: 'binary', classes: ['no', 'yes'] };
    const target = unwrap(readTarget(data, output));
    expect(Array.from(target.kind === 'class' ? target.codes : [])).toEqual([0, 1, 1, 0, -2, -1, 1]);
    const p = Float64Array.from([0.2, 0.9, 0.4, 0.6, 0.5, 0.5, 0.8]);
    const codes = Int32Array.from(p, (v) => (v > 0.5 ? 1 : 0));
    const e = evaluatePredictions(output, { task: 'binary', codes, probabilities: [null, p] }, target);
    expect(e.rowsUsed).toBe(5);
    expect(e.unknownTargetRows).toBe(1);
    expect(e.missingTargetRows).toBe(1);
    // used rows: truth [0,1,1,0,1], predicted [0,1,0,1,1]
    expect(e.metrics.confusion).toEqual([[1, 1], [1, 2]]);
    expect(e.metrics.accuracy).toBe(3 / 5);
    expect(e.perClass?.[1].precision).toBe(2 / 3);
    expect(e.perClass?.[1].recall).toBe(2 / 3);
    const ref = rocCurve([0.2, 0.9, 0.4, 0.6, 0.8], [0, 1, 1, 0, 1]);
    expect(e.metrics.auc).toBe(ref.auc);
    expect(e.roc?.fpr).toEqual(ref.fpr);
    // −mean log p(true): p(true) = 0.8, 0.9, 0.4, 0.4, 0.8
    expect(e.metrics.loss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8)) / 5, 14);
  });

  it('multiclass against a numeric target read as String(value)', () => {
    const data = makeDataset([{ name: 'digit', type: 'numeric' }], [[0], [1], [2], [2], [7]]);
    const output: OutputSpec = { name: 'digit', task: 'multiclass', classes: ['0', '1', '2'] };
    const target = unwrap(readTarget(data, output));
    const probs = [Float64Array.from([0.7, 0.1, 0.2, 0.3, 0.3]), Float64Array.from([0.2, 0.8, 0.1, 0.3, 0.3]), Float64Array.from([0.1, 0.1, 0.7, 0.4, 0.4])];
    const e = evaluatePredictions(output, { task: 'multiclass', codes: Int32Array.from([0, 1, 2, 2, 2]), probabilities: probs }, target);
    expect(e.rowsUsed).toBe(4);
    expect(e.unknownTargetRows).toBe(1);
    expect(e.metrics.accuracy).toBe(1);
    expect(e.metrics.auc).toBeUndefined();
    expect(e.roc).toBeUndefined();
    expect(e.metrics.loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.7) + Math.log(0.4)) / 4, 14);
  });
});
