import { describe, expect, it } from 'vitest';
import { encodeRows, planEncoding } from '../../../../src-shared/data/encode';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';
import { runTrainingJob } from '../../../../src-shared/jobs/train';
import { resolveTrainingSettings } from '../../../../src-shared/jobs/train-settings';
import { makeDataset } from './dataset-helper';
import { seeded } from '../../workers/reference';

describe('impute: models trained with impute-mean predict rows with a missing input', () => {
  it('encode.ts reads an empty cell as the impute value, then scales it; without impute the row stays empty', () => {
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }], [[3, null], [null, 4]]);
    const plan = planEncoding([{ name: 'a', scale: { mean: 1, std: 2 } }, { name: 'b', impute: 10 }], data.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const out = new Float64Array(4);
    const status = new Uint8Array(2);
    encodeRows(plan.value, data, 0, 2, out, status);
    // row 0: a = (3 − 1)/2 = 1, b empty → 10; row 1: a empty and no impute → no prediction
    expect(status[0]).toBe(ROW_STATUS.ok);
    expect(Array.from(out.subarray(0, 2))).toEqual([1, 10]);
    expect(status[1]).toBe(ROW_STATUS.missingInput);
  });

  it('training with impute-mean writes each numeric input’s training mean (before scaling); drop writes none', () => {
    const rand = seeded(7);
    const rows = Array.from({ length: 200 }, (_, r) => {
      const a = rand() * 10;
      const b = rand() * 2;
      return [r % 10 === 0 ? null : a, b, a + b];
    });
    const data = makeDataset([{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }, { name: 'y', type: 'numeric' }], rows);
    const settings = (missing: 'drop' | 'impute-mean') => {
      const s = resolveTrainingSettings({ target: 'y', hidden: [{ units: 3, activation: 'relu' }], epochs: 2, validation: { kind: 'none' }, earlyStopping: null, missing, baseline: false });
      if (!s.ok) throw new Error(s.error.message);
      return s.value;
    };
    const imputed = runTrainingJob(data, settings('impute-mean'));
    if (!imputed.ok) throw new Error(imputed.error.message);
    const [a, b] = imputed.value.model.inputs;
    const present = rows.filter((r) => r[0] !== null).map((r) => r[0] as number);
    const meanA = present.reduce((s, v) => s + v, 0) / present.length;
    expect(a.impute).toBeCloseTo(meanA, 10);
    expect(a.impute).toBeCloseTo(a.scale!.mean, 10);
    expect(b.impute).toBeCloseTo(b.scale!.mean, 10);
    // the model file predicts the rows with an empty 'a'
    const plan = planEncoding(imputed.value.model.inputs, data.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const status = new Uint8Array(200);
    expect(encodeRows(plan.value, data, 0, 200, new Float64Array(400), status)).toBe(200);

    const dropped = runTrainingJob(data, settings('drop'));
    if (!dropped.ok) throw new Error(dropped.error.message);
    expect(dropped.value.model.inputs.every((s) => s.impute === undefined)).toBe(true);
  });
});
