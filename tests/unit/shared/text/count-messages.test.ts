/**
 * Messages with a count read right for 0, 1 and many: "no rows" / "1 row" / "2 rows", "1 row has" / "3 rows have",
 * never "in the first 0 rows" or "Only 1 usable training rows". Each message is produced by the function that builds it.
 */
import { describe, expect, it } from 'vitest';
import { countOf, hasHave, plural } from '../../../../src-shared/text/numbers';
import { loadDatasetFromBytes } from '../../../../src-main/services/datasets';
import { runTrainingJob, type TrainingData } from '../../../../src-shared/jobs/train';
import { resolveTrainingSettings } from '../../../../src-shared/jobs/train-settings';
import { fitModelBaseline } from '../../../../src-shared/jobs/predict-baseline';
import { readModelFile } from '../../../../src-shared/model-file/read';
import { tooManyFields } from '../../../../src-shared/data/csv/ragged-row';
import { makeDataset } from '../jobs/dataset-helper';

describe('countOf and hasHave', () => {
  it('say "no" for none, the singular for one, the plural otherwise', () => {
    expect(countOf(0, 'row')).toBe('no rows');
    expect(countOf(1, 'row')).toBe('1 row');
    expect(countOf(2, 'class', 'classes')).toBe('2 classes');
    expect(countOf(25088, 'row')).toBe('25,088 rows');
    expect(plural(0, 'row')).toBe('0 rows');
    expect([0, 1, 2].map(hasHave)).toEqual(['have', 'has', 'have']);
  });
});

async function csv(text: string): Promise<TrainingData> {
  const r = await loadDatasetFromBytes(new TextEncoder().encode(text), 'test.csv');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function trainMessage(data: TrainingData): string {
  const s = resolveTrainingSettings({ target: 'y', hidden: [{ units: 2, activation: 'relu' }], epochs: 1, baseline: false, validation: { kind: 'none' } });
  if (!s.ok) throw new Error(s.error.message);
  const r = runTrainingJob(data, s.value);
  if (r.ok) throw new Error('training should have been refused');
  return r.error.message;
}

describe('messages built with a count', () => {
  it('training on too few rows: "Only 1 usable training row", never "0 rows"', async () => {
    const one = trainMessage(await csv('x,y\n1,2\n,3\n,4\n'));
    expect(one).toMatch(/^Only 1 usable training row; a network needs more data/);
    const none = trainMessage(await csv('x,z,y\n1,,2\n2,,3\n,3,4\n,4,5\n'));
    expect(none).toMatch(/^No training row has/);
    expect(none).not.toMatch(/\b0 \w*\s?rows/);
  });

  it('the baseline on too few rows: "Only 1 row has", "No row has"', () => {
    const cols = [{ name: 'a', type: 'numeric' as const }, { name: 'y', type: 'numeric' as const }];
    const spec = { inputs: [{ name: 'a' }], output: { name: 'y', task: 'regression' as const } };
    const one = fitModelBaseline(makeDataset(cols, [[1, 2], [null, 1], [2, null]]), spec);
    expect(!one.ok && one.error.message).toBe("Only 1 row has every input and a value in 'y'; the baseline needs at least 2.");
    const none = fitModelBaseline(makeDataset(cols, [[null, 2], [null, 1]]), spec);
    expect(!none.ok && none.error.message).toBe("No row has every input and a value in 'y'; the baseline needs at least 2.");
  });

  it('a model file whose bias has one value for two units', () => {
    const text = JSON.stringify({
      format: 'dense-lab/model',
      version: 1,
      inputs: [{ name: 'a' }],
      output: { name: 'y', task: 'regression' },
      layers: [
        { units: 2, activation: 'relu', kernel: [[1, 2]], bias: [0] },
        { units: 1, activation: 'linear', kernel: [[1], [1]], bias: [0] },
      ],
    });
    const r = readModelFile(text);
    expect(!r.ok && r.error.message).toMatch(/bias has 1 value; layer 0 has 2 units/);
  });

  it('a CSV line with too many fields for a one-column header', () => {
    expect(tooManyFields(3, 2, 1, true).message).toBe('line 3 has 2 fields; the header has 1 column (field 2 has no column)');
  });
});
