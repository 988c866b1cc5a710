import { describe, expect, it } from 'vitest';
import { suggestTrainingSettings } from '../../../src-renderer/lib/inspect/training-defaults';
import { endSentence } from '../../../src-renderer/lib/inspect/training-time';
import type { ColumnInfo } from '../../../src-shared/data/dataset';

const column = (over: Partial<ColumnInfo>): ColumnInfo => ({ name: 'y', type: 'numeric', missing: 0, min: 0, max: 10, mean: 5, std: 2, ...over });

describe('training defaults chosen from the data', () => {
  it('holds a seeded fifth out when there are enough usable rows, and says how many', () => {
    const s = suggestTrainingSettings(442, column({}), 'regression');
    expect(s.values.validation).toBe('random');
    expect(s.values.earlyStopping).toBe(true);
    expect(s.reasons.validation).toBe('a seeded fifth of the 442 usable rows (about 88) judges the network');
    expect(s.reasons.batchSize).toBe("32: Keras's default (12 updates per epoch here)");
  });

  it('holds nothing out (and does not stop early) for a few rows, counting empty targets as unusable', () => {
    const s = suggestTrainingSettings(60, column({ missing: 20 }), 'regression');
    expect(s.values.validation).toBe('none');
    expect(s.values.earlyStopping).toBe(false);
    expect(s.reasons.validation).toBe('only 40 usable rows: too few to hold a fifth out');
  });

  it('suggests Huber for a regression target with far outliers, MSE otherwise, cross-entropy for classes', () => {
    expect(suggestTrainingSettings(500, column({ max: 30 }), 'regression').values.loss).toBe('huber');
    expect(suggestTrainingSettings(500, column({}), 'regression').values.loss).toBe('mse');
    expect(suggestTrainingSettings(500, column({ max: 30 }), 'binary').reasons.loss).toBe('classification trains on cross-entropy');
  });
});

describe('where a run ended, in words', () => {
  const history = (n: number) => new Array<unknown>(n).fill(null);
  it('says the epoch, the reason and the restored epoch after early stopping', () => {
    expect(endSentence({ history: history(37), stopReason: 'early-stopping', epochOfWeights: 32, bestEpoch: 32 }, 100, 5, 'validation'))
      .toBe('stopped at epoch 37 of 100: validation loss did not improve for 5 epochs; weights of epoch 32 restored');
  });
  it('says when a stop by hand kept the last weights', () => {
    expect(endSentence({ history: history(12), stopReason: 'stopped', epochOfWeights: 12, bestEpoch: 9 }, 5000, null, 'validation'))
      .toBe('stopped by you at epoch 12 of 5000; kept the weights of epoch 12');
  });
});
