import { describe, expect, it } from 'vitest';
import type { PredictionRow } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { largestErrorRow, predictionResult, strideFor } from '../../../src-renderer/lib/inspect/prediction-sample';

const model = (output: ModelFile['output']): ModelFile => ({ format: 'dense-lab/model', version: 1, inputs: [{ name: 'x' }], output, layers: [{ units: 1, activation: 'linear', kernel: [[1]], bias: [0] }] });
const row = (r: number, values: PredictionRow['values'], target: PredictionRow['target']): PredictionRow => ({ row: r, values, target });

describe('prediction pages to chart data', () => {
  it('keeps at most the limit with an even stride', () => {
    expect(strideFor(1_000_000, 10_000)).toBe(100);
    expect(strideFor(442, 10_000)).toBe(1);
    expect(strideFor(10_001, 10_000)).toBe(2);
  });

  it('regression: pairs prediction and target, drops rows without either, metrics on the rows kept', () => {
    const r = predictionResult(model({ name: 'y', task: 'regression' }), ['prediction'], [row(0, [1], 2), row(1, [3], 3), row(2, [null], 5), row(3, [4], null), row(4, [5], '7')], 442);
    expect(r?.task).toBe('regression');
    if (r?.task !== 'regression') return;
    expect(Array.from(r.actual)).toEqual([2, 3, 7]);
    expect(Array.from(r.predicted)).toEqual([1, 3, 5]);
    expect(r.metrics.rows).toBe(3);
    expect(r.metrics.mse).toBe((1 + 0 + 4) / 3);
    expect(r.metrics.mae).toBe(1);
    expect(r.total).toBe(442);
  });

  it('binary: reads P(positive) from `probability`, builds the confusion matrix and ROC', () => {
    const m = model({ name: 'd', task: 'binary', classes: ['no', 'yes'] });
    const rows = [row(0, ['yes', 0.9], 'yes'), row(1, ['no', 0.2], 'no'), row(2, ['yes', 0.6], 'no'), row(3, ['no', 0.4], 'yes'), row(4, ['no', 0.1], 'maybe')];
    const r = predictionResult(m, ['predicted_class', 'probability'], rows, 5);
    expect(r?.task).toBe('binary');
    if (r?.task !== 'binary') return;
    expect(r.confusion).toEqual([[1, 1], [1, 1]]);
    expect(r.metrics.accuracy).toBe(0.5);
    expect(r.metrics.rows).toBe(4);
    expect(r.roc?.auc).toBe(0.75);
    expect(r.metrics.loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, 15);
  });

  it('multiclass: reads p_<class> columns; numeric targets match class labels by text', () => {
    const m = model({ name: 'digit', task: 'multiclass', classes: ['0', '1', '2'] });
    const r = predictionResult(m, ['predicted_class', 'p_0', 'p_1', 'p_2'], [row(0, ['2', 0.1, 0.2, 0.7], 2), row(1, ['0', 0.5, 0.3, 0.2], 1)], 2);
    expect(r?.task).toBe('multiclass');
    if (r?.task !== 'multiclass') return;
    expect(Array.from(r.actual)).toEqual([2, 1]);
    expect(r.confusion).toEqual([[0, 0, 0], [1, 0, 0], [0, 0, 1]]);
    expect(r.roc).toBeNull();
  });

  it('gives null when no row can be charted', () => {
    expect(predictionResult(model({ name: 'y', task: 'regression' }), ['prediction'], [row(0, [null], 1)], 1)).toBeNull();
  });
});

describe('input columns next to predictions', () => {
  it('lines each column up with the rows kept', () => {
    const cells: Record<number, number | null> = { 0: 10, 1: 11, 2: 12 };
    const r = predictionResult(model({ name: 'y', task: 'regression' }), ['prediction'], [row(0, [1], 2), row(1, [null], 3), row(2, [4], 5)], 3, [{ name: 'bmi', cell: (i) => cells[i] }]);
    if (r?.task !== 'regression') throw new Error('expected regression');
    expect(r.columns?.map((c) => [c.name, Array.from(c.values)])).toEqual([['bmi', [10, 12]]]);
  });
});

describe('the row with the largest error', () => {
  it('regression: the dataset row (not the sample index) of the largest |predicted − actual|', () => {
    const r = predictionResult(model({ name: 'y', task: 'regression' }), ['prediction'], [row(10, [1], 2), row(20, [null], 5), row(30, [9], 3), row(40, [4], 4)], 4);
    expect(r && Array.from(r.rows ?? [])).toEqual([10, 30, 40]);
    expect(r && largestErrorRow(r)).toBe(30);
  });

  it('classification: the row whose true class got the lowest probability', () => {
    const m = model({ name: 'd', task: 'binary', classes: ['no', 'yes'] });
    const r = predictionResult(m, ['predicted_class', 'probability'], [row(5, ['yes', 0.9], 'yes'), row(6, ['no', 0.3], 'yes'), row(7, ['no', 0.2], 'no')], 3);
    expect(r && largestErrorRow(r)).toBe(6);
  });
});
