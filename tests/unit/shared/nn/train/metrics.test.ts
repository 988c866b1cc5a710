import { describe, expect, it } from 'vitest';
import {
  accuracy,
  confusionMatrix,
  meanAbsoluteError,
  meanSquaredError,
  perClassReport,
  predictedClasses,
  rocCurve,
  rSquared,
} from '../../../../../src-shared/nn/metrics';

describe('regression metrics', () => {
  it('MSE, MAE and R² of a small hand-worked example', () => {
    const truth = [3, -0.5, 2, 7];
    const pred = [2.5, 0, 2, 8];
    expect(meanSquaredError(pred, truth)).toBe(0.375); // (0.25 + 0.25 + 0 + 1) / 4
    expect(meanAbsoluteError(pred, truth)).toBe(0.5); // (0.5 + 0.5 + 0 + 1) / 4
    // ȳ = 2.875; SStot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SSres = 1.5
    expect(rSquared(pred, truth)).toBeCloseTo(1 - 1.5 / 29.1875, 15);
  });

  it('R² of constant targets is 1 for a perfect fit, else 0; NaN for no rows', () => {
    expect(rSquared([5, 5], [5, 5])).toBe(1);
    expect(rSquared([4, 5], [5, 5])).toBe(0);
    expect(rSquared([], [])).toBeNaN();
  });
});

describe('classification metrics', () => {
  it('accuracy, confusion matrix and per-class precision/recall', () => {
    const truth = [0, 0, 1, 1, 2, 2];
    const pred = [0, 1, 1, 1, 2, 0];
    expect(accuracy(pred, truth)).toBeCloseTo(4 / 6, 15);
    const m = confusionMatrix(pred, truth, 3);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    const rep = perClassReport(m);
    expect(rep[0]).toMatchObject({ precision: 0.5, recall: 0.5, support: 2 });
    expect(rep[1].precision).toBeCloseTo(2 / 3, 15);
    expect(rep[1].recall).toBe(1);
    expect(rep[2]).toMatchObject({ precision: 1, recall: 0.5 });
  });

  it('a class never predicted has NaN precision rather than a made-up 0', () => {
    expect(perClassReport(confusionMatrix([0, 0], [0, 1], 2))[1].precision).toBeNaN();
  });

  it('predicted classes: threshold 0.5 for one unit, argmax (first on ties) for several', () => {
    expect(Array.from(predictedClasses([0.2, 0.5, 0.9], 3, 1))).toEqual([0, 1, 1]);
    expect(Array.from(predictedClasses([0.1, 0.7, 0.2, 0.4, 0.4, 0.2], 2, 3))).toEqual([1, 0]);
  });

  it('ROC AUC: perfect ranking 1, reversed 0, ties count half, one class only NaN', () => {
    expect(rocCurve([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]).auc).toBe(1);
    expect(rocCurve([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]).auc).toBe(0);
    expect(rocCurve([0.5, 0.5], [1, 0]).auc).toBe(0.5);
    // scores 0.8(+) 0.6(−) 0.4(+) 0.2(−): of 4 (pos, neg) pairs, 3 are ordered right
    const roc = rocCurve([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0]);
    expect(roc.auc).toBe(0.75);
    expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(rocCurve([0.3, 0.4], [1, 1]).auc).toBeNaN();
  });
});
