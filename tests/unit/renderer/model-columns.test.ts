import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import type { InputSpec, OutputSpec } from '../../../src-shared/model-file/types';
import { columnsForModel, describeModelColumns } from '../../../src-renderer/lib/state/model-columns';

const col = (name: string, type: ColumnInfo['type'] = 'numeric'): ColumnInfo => ({ name, type, missing: 0, min: null, max: null, mean: null, std: null });
const pixels = (n: number) => Array.from({ length: n }, (_, k) => `pixel${k}`);
const model = (inputs: string[], output: string): { inputs: InputSpec[]; output: OutputSpec } => ({
  inputs: inputs.map((name) => ({ name })),
  output: { name: output, task: 'multiclass', classes: ['0', '1'] },
});

describe('a loaded model selects its inputs and target in the open dataset', () => {
  it('a 784-input model on a file of 785 columns with the label: 784 inputs, target label', () => {
    const columns = [col('label'), ...pixels(784).map((n) => col(n))];
    const match = columnsForModel(columns, model(pixels(784), 'label'));
    expect(match?.target).toBe('label');
    expect(Object.values(match?.roles ?? {}).filter((r) => r === 'input')).toHaveLength(784);
    expect(match?.roles.label).toBe('target');
    expect(match?.missing).toEqual([]);
    expect(describeModelColumns(match, 784, 'label', 'wide.csv')).toBe("The model's columns in wide.csv: 784 inputs, target label.");
  });

  it('columns the model does not read are ignored, and the inputs the file lacks are named', () => {
    const columns = [col('id'), col('pixel0'), col('pixel2'), col('city', 'categorical')];
    const match = columnsForModel(columns, model(pixels(4), 'label'));
    expect(match?.roles).toEqual({ id: 'ignore', pixel0: 'input', pixel2: 'input', city: 'ignore' });
    expect(match?.categorical).toEqual({ city: 'ignore' });
    expect(match?.target).toBeNull();
    expect(match?.missing).toEqual(['pixel1', 'pixel3']);
    expect(describeModelColumns(match, 4, 'label', 'part.csv')).toBe("part.csv lacks 2 of this model's 4 inputs: pixel1, pixel3. Found: 2 inputs, no target (part.csv has no column label).");
  });

  it('a long list of missing inputs names five and counts the rest', () => {
    const match = columnsForModel([col('pixel0')], model(pixels(784), 'label'));
    expect(describeModelColumns(match, 784, 'label', 'f.csv')).toMatch(/^f\.csv lacks 783 of this model's 784 inputs: pixel1, pixel2, pixel3, pixel4, pixel5 and 778 more\./);
  });

  it('a file with none of the model inputs keeps its own choices (null), said in one sentence', () => {
    const match = columnsForModel([col('a'), col('b')], model(pixels(3), 'label'));
    expect(match).toBeNull();
    expect(describeModelColumns(match, 3, 'label', 'other.csv')).toBe("None of this model's 3 inputs is a column of other.csv: the dataset's own choices stay.");
  });
});
