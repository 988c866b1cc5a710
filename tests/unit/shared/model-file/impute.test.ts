import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../../../src-shared/model-file/read';
import { writeModelFile } from '../../../../src-shared/model-file/write';
import type { ModelFile } from '../../../../src-shared/model-file/types';

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

  it('refuses a non-number and an impute on a categorical input, naming the field', () => {
    const bad = readModelFile(JSON.stringify({ ...base, inputs: [{ name: 'a', impute: 'mean' }, { name: 'b' }] }));
    expect(bad).toMatchObject({ ok: false, error: { path: 'inputs[0].impute' } });
    const cat = readModelFile(
      JSON.stringify({ ...base, inputs: [{ name: 'a', categories: ['x', 'y'], impute: 0 }], layers: [{ units: 1, activation: 'linear', kernel: [[2], [3]], bias: [0] }] }),
    );
    expect(cat).toMatchObject({ ok: false, error: { path: 'inputs[0].impute' } });
  });
});
