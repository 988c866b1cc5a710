/** Train / Validation / Test / All on a prediction result: main's metrics of the side, the sampled rows of the side, All with a reason otherwise. */
import { describe, expect, it } from 'vitest';
import { resultForSplit, shownSplit, splitCaption, splitOptions } from '../../../src-renderer/lib/inspect/split-view';
import type { PredictionResult } from '../../../src-renderer/lib/inspect/types';
import type { PredictionEvaluation } from '../../../src-shared/api/types';

const evaluation = (rows: number, mse: number): PredictionEvaluation => ({
  target: 'y', rowsUsed: rows, missingTargetRows: 0, unknownTargetRows: 0, metrics: { rows, loss: mse, mse, mae: mse / 2, r2: 1 - mse },
});

const base: PredictionResult = {
  task: 'regression', total: 5, metrics: { rows: 5, loss: 0.3, mse: 0.3 },
  actual: [1, 2, 3, 4, 5], predicted: [1.1, 2.2, 2.9, 4.4, 5.5], rows: [0, 10, 20, 30, 40],
  columns: [{ name: 'x', values: [9, 8, 7, 6, 5] }], baseline: { predicted: [0, 0, 0, 0, 0], metrics: { rows: 5, loss: 9 } },
};
const withSplit: PredictionResult = {
  ...base,
  split: { sides: [0, 1, 0, 0, 1], rows: { train: 3, validation: 2 }, network: { train: evaluation(3, 0.1), validation: evaluation(2, 0.5) }, baseline: { train: evaluation(3, 7), validation: evaluation(2, 8) } },
};

describe('split view', () => {
  it('validation: main’s validation metrics and only the validation rows of the sample, their columns and baseline alike', () => {
    const v = resultForSplit(withSplit, 'validation');
    if (v.task !== 'regression') throw new Error('task');
    expect(v.metrics.mse).toBe(0.5);
    expect(v.total).toBe(2);
    expect(Array.from(v.actual)).toEqual([2, 5]);
    expect(Array.from(v.predicted)).toEqual([2.2, 5.5]);
    expect(Array.from(v.rows ?? [])).toEqual([10, 40]);
    expect(Array.from(v.columns?.[0].values ?? [])).toEqual([8, 5]);
    expect(v.baseline?.metrics.mse).toBe(8);
    expect(splitCaption('validation', v.metrics.rows)).toBe('validation · 2 rows');
    expect(resultForSplit(withSplit, 'all')).toBe(withSplit);
  });

  it('default Validation is shown when the run has it; Test is never available in the app, saying why', () => {
    const options = splitOptions(withSplit);
    expect(options.map((o) => [o.choice, o.rows])).toEqual([['train', 3], ['validation', 2], ['test', null], ['all', 5]]);
    expect(shownSplit(options, 'validation')).toEqual({ choice: 'validation', note: null });
    expect(shownSplit(options, 'test').choice).toBe('all');
    expect(options[2].why).toMatch(/without a test file/);
  });

  it('a model not trained in this session falls back to All and says why; so does a run without validation rows', () => {
    const none = shownSplit(splitOptions(base), 'validation');
    expect(none).toEqual({ choice: 'all', note: 'Showing all rows: no validation rows to show, because this model was not trained in this session, so which rows trained it is not known.' });
    const noValidation: PredictionResult = { ...withSplit, split: { ...withSplit.split!, network: { train: evaluation(5, 0.3), validation: null } } };
    expect(shownSplit(splitOptions(noValidation), 'validation').note).toMatch(/this run had no validation rows/);
    expect(splitCaption('all', 1)).toBe('all rows · 1 row');
  });
});
