import { describe, expect, it } from 'vitest';
import { rocCurve, rocCurveLarge } from '../../../../src-shared/nn/metrics';
import { seeded } from '../../workers/reference';

describe('rocCurveLarge (sorted typed arrays, for a million rows)', () => {
  it('gives exactly the points and AUC of rocCurve when not thinned, ties included', () => {
    const rand = seeded(3);
    const n = 3000;
    // scores on a coarse grid so many are tied across both classes
    const scores = Array.from({ length: n }, () => Math.round(rand() * 200) / 200);
    const truth = scores.map((s) => (rand() < s ? 1 : 0));
    const a = rocCurve(scores, truth);
    const b = rocCurveLarge(scores, truth, 10_000);
    expect(b.fpr).toEqual(a.fpr);
    expect(b.tpr).toEqual(a.tpr);
    expect(b.thresholds).toEqual(a.thresholds);
    expect(b.auc).toBe(a.auc);
  });

  it('thins a long curve to maxPoints, keeping (0,0) and (1,1), with the exact AUC of all points', () => {
    const rand = seeded(9);
    const n = 20_000;
    const scores = Float64Array.from({ length: n }, () => rand());
    const truth = Uint8Array.from(scores, (s) => (rand() < s ? 1 : 0));
    const full = rocCurve(scores, truth);
    const thin = rocCurveLarge(scores, truth, 2000);
    expect(thin.fpr.length).toBe(2000);
    expect([thin.fpr[0], thin.tpr[0]]).toEqual([0, 0]);
    expect([thin.fpr.at(-1), thin.tpr.at(-1)]).toEqual([1, 1]);
    expect(thin.auc).toBe(full.auc);
    // every kept point is one of the full curve's points, in order
    const key = (f: number, t: number) => `${f},${t}`;
    const all = new Map(full.fpr.map((f, k) => [key(f, full.tpr[k]), k]));
    let last = -1;
    for (let k = 0; k < thin.fpr.length; k++) {
      const at = all.get(key(thin.fpr[k], thin.tpr[k]));
      expect(at).toBeDefined();
      expect(at!).toBeGreaterThan(last);
      last = at!;
    }
  });

  it('one class only: NaN AUC, like rocCurve', () => {
    expect(rocCurveLarge([0.2, 0.7], [1, 1]).auc).toBeNaN();
    expect(rocCurveLarge([0.2, 0.7], [0, 0]).auc).toBeNaN();
  });

  it('handles 1,000,000 rows in well under two seconds', () => {
    const rand = seeded(1);
    const n = 1_000_000;
    const scores = new Float64Array(n);
    const truth = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = rand();
      truth[i] = rand() < scores[i] ? 1 : 0;
    }
    const roc = rocCurveLarge(scores, truth, 2000);
    expect(roc.fpr.length).toBe(2000);
    // scores uniform, P(positive | s) = s: positives have density 2s, negatives 2(1 − s); AUC = P(s⁺ > s⁻) = 5/6
    expect(roc.auc).toBeCloseTo(5 / 6, 2);
  });
});
