import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../../../src-shared/model-file/read';
import { writeModelFile } from '../../../../src-shared/model-file/write';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import { modelToNetwork } from '../../../../src-shared/model-file/read';
import { encodeRows, planEncoding } from '../../../../src-shared/data/encode';
import { forwardBatch } from '../../../../src-shared/nn/forward';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';
import { runTrainingJob } from '../../../../src-shared/jobs/train';
import { resolveTrainingSettings } from '../../../../src-shared/jobs/train-settings';
import { makeDataset } from '../jobs/dataset-helper';

const base = {
  format: 'dense-lab/model',
  version: 1,
  output: { name: 'y', task: 'regression' },
  layers: [{ units: 1, activation: 'linear', kernel: [[2], [3]], bias: [0] }],
};

describe('InputSpec.impute in the model file', () => {
  it('is read, written and read back unchanged', () => {
    const text = JSON.stringify({ ...base, inputs: [{ name: 'a', scale: { mean: 1, std: 2 }, impute: 1.25 }, { name: 'b' }] });
    const r = readModelFile(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.inputs[0].impute).toBe(1.25);
    expect(r.value.inputs[1].impute).toBeUndefined();
    const again = readModelFile(writeModelFile(r.value));
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.inputs).toEqual(r.value.inputs);
    expect(writeModelFile(r.value)).toContain('"impute": 1.25');
  });

  it('files without it stay valid, and write no impute key', () => {
    const r = readModelFile(JSON.stringify({ ...base, inputs: [{ name: 'a' }, { name: 'b' }] }));
    if (!r.ok) throw new Error(r.error.message);
    expect(writeModelFile(r.value as ModelFile)).not.toContain('impute');
  });

  it('refuses a non-number on a numeric input, and on a categorical input anything but one of its categories, naming the field', () => {
    const bad = readModelFile(JSON.stringify({ ...base, inputs: [{ name: 'a', impute: 'mean' }, { name: 'b' }] }));
    expect(bad).toMatchObject({ ok: false, error: { path: 'inputs[0].impute' } });
    const categorical = (impute: unknown) => readModelFile(JSON.stringify({ ...base, inputs: [{ name: 'a', categories: ['x', 'y'], impute }] }));
    expect(categorical(0)).toMatchObject({ ok: false, error: { path: 'inputs[0].impute', message: expect.stringContaining('"x", "y"') } });
    expect(categorical('z')).toMatchObject({ ok: false, error: { path: 'inputs[0].impute' } });
    expect(categorical('X')).toMatchObject({ ok: false, error: { path: 'inputs[0].impute' } });
  });

  it("a categorical input's impute category is read, written and read back unchanged; the writer refuses one not among the categories", () => {
    const r = readModelFile(JSON.stringify({ ...base, inputs: [{ name: 'a', categories: ['x', 'y'], impute: 'y' }] }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.inputs[0]).toEqual({ name: 'a', categories: ['x', 'y'], impute: 'y' });
    const text = writeModelFile(r.value);
    expect(text).toContain('"impute": "y"');
    const again = readModelFile(text);
    expect(again.ok && again.value.inputs).toEqual(r.value.inputs);
    const wrong = { ...r.value, inputs: [{ name: 'a', categories: ['x', 'y'], impute: 'z' }] } as ModelFile;
    expect(() => writeModelFile(wrong)).toThrow(/inputs\[0\]\.impute must be one of the input's categories/);
  });
});

describe('a model trained with impute-mean predicts a row whose category is missing', () => {
  // colour: red is the most frequent; some rows have it empty. y depends on colour and x.
  const colours = ['blue', 'green', 'red'];
  const rows = Array.from({ length: 120 }, (_, r) => {
    const code = r % 5 < 3 ? 2 : r % 5 === 3 ? 0 : 1;
    const x = (r % 7) / 7;
    return [r % 11 === 0 ? null : code, x, x + code];
  });
  const data = makeDataset(
    [{ name: 'colour', type: 'categorical', categories: colours }, { name: 'x', type: 'numeric' }, { name: 'y', type: 'numeric' }],
    rows,
  );
  const settings = (missing: 'drop' | 'impute-mean') => {
    const s = resolveTrainingSettings({ target: 'y', hidden: [{ units: 3, activation: 'relu' }], epochs: 2, validation: { kind: 'none' }, earlyStopping: null, missing, baseline: false, seed: 3 });
    if (!s.ok) throw new Error(s.error.message);
    return s.value;
  };

  it('saves the most frequent training category in the model file and predicts the empty cell as that category', () => {
    const trained = runTrainingJob(data, settings('impute-mean'));
    if (!trained.ok) throw new Error(trained.error.message);
    const colour = trained.value.model.inputs.find((s) => s.name === 'colour');
    expect(colour).toMatchObject({ categories: ['blue', 'green', 'red'], impute: 'red' });
    // Round trip through the file text.
    const read = readModelFile(writeModelFile(trained.value.model));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.inputs).toEqual(trained.value.model.inputs);
    // Row 0 has colour empty; the same row with colour 'red' must get exactly the same prediction.
    const filled = makeDataset(data.columns.map((c) => ({ name: c.name, type: c.type, categories: c.categories })), [rows[0], [2, rows[0][1], rows[0][2]]]);
    const plan = planEncoding(read.value.inputs, filled.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const x = new Float64Array(2 * plan.value.width);
    const status = new Uint8Array(2);
    expect(encodeRows(plan.value, filled, 0, 2, x, status)).toBe(2);
    expect(Array.from(x.subarray(0, plan.value.width))).toEqual(Array.from(x.subarray(plan.value.width)));
    const out = new Float64Array(2);
    forwardBatch(modelToNetwork(read.value), x, 2, out);
    expect(Number.isFinite(out[0])).toBe(true);
    expect(out[0]).toBe(out[1]);
  });

  it('with drop, the model has no impute value and the row with an empty category gets no prediction', () => {
    const trained = runTrainingJob(data, settings('drop'));
    if (!trained.ok) throw new Error(trained.error.message);
    expect(trained.value.model.inputs.every((s) => s.impute === undefined)).toBe(true);
    const plan = planEncoding(trained.value.model.inputs, data.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const status = new Uint8Array(1);
    encodeRows(plan.value, data, 0, 1, new Float64Array(plan.value.width), status);
    expect(status[0]).toBe(ROW_STATUS.missingInput);
  });
});
