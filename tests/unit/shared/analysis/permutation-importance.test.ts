import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../src-shared/analysis/response';
import { permutationImportance } from '../../../../src-shared/analysis/permutation-importance';
import { makeDataset } from '../jobs/dataset-helper';
import { linearModel } from './models';
import { seeded } from '../../workers/reference';

describe('permutationImportance: the drop in the task’s score when a column is shuffled', () => {
  const rand = seeded(11);
  const rows = Array.from({ length: 200 }, () => {
    const a = rand() * 2 - 1;
    const b = rand() * 2 - 1;
    const c = rand() * 2 - 1;
    return [a, b, c, 3 * a + 0.5 * b];
  });
  const data = makeDataset(['a', 'b', 'c', 'y'].map((name) => ({ name, type: 'numeric' as const })), rows);

  it('regression (R²): an ignored column drops exactly 0, a heavy one most; mean and sd over repeats', () => {
    const r = modelResponse(linearModel([{ name: 'a' }, { name: 'b' }, { name: 'c' }], [3, 0.5, 0], 0), data.columns);
    if (!r.ok) throw new Error(r.error.message);
    const imp = permutationImportance(r.value, data, { repeats: 4, seed: 2 });
    if (!imp.ok) throw new Error(imp.error.message);
    expect(imp.value.metric).toBe('r2');
    expect(imp.value.score).toBe(1);
    expect(imp.value.features.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    // shuffling a breaks 3a: R² falls by about 2·Var(3a)/Var(y) ≈ 2·0.97
    expect(imp.value.features[0].drop).toBeGreaterThan(1.5);
    expect(imp.value.features[0].sd).toBeGreaterThan(0);
    expect(imp.value.features[2]).toEqual({ name: 'c', drop: 0, sd: 0 });
    expect(permutationImportance(r.value, data, { repeats: 4, seed: 2 })).toEqual(imp);
  });

  it('classification (accuracy), with the target named; refuses an unknown target', () => {
    const labelled = makeDataset(
      [{ name: 'a', type: 'numeric' }, { name: 'noise', type: 'numeric' }, { name: 'cls', type: 'categorical', categories: ['neg', 'pos'] }],
      rows.map((r) => [r[0], r[2], r[0] > 0 ? 1 : 0]),
    );
    const model = linearModel([{ name: 'a' }, { name: 'noise' }], [20, 0], 0, { name: 'label', task: 'binary', classes: ['neg', 'pos'] });
    const withSigmoid = { ...model, layers: [{ ...model.layers[0], activation: 'sigmoid' as const }] };
    const r = modelResponse(withSigmoid, labelled.columns);
    if (!r.ok) throw new Error(r.error.message);
    const imp = permutationImportance(r.value, labelled, { target: 'cls', repeats: 3 });
    if (!imp.ok) throw new Error(imp.error.message);
    expect(imp.value.metric).toBe('accuracy');
    expect(imp.value.score).toBe(1);
    expect(imp.value.features[0].name).toBe('a');
    expect(imp.value.features[0].drop).toBeGreaterThan(0.3);
    expect(imp.value.features[1].drop).toBe(0);
    const bad = permutationImportance(r.value, labelled, { target: 'label' });
    expect(bad.ok ? '' : bad.error.message).toBe("--target 'label': the data has no column of that name.");
  });
});
