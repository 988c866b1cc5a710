/**
 * The "done" case: on y = x1·x2 + x3 + noise (generated here), a trained network finds the (x1, x2)
 * interaction and the linear baseline finds none; a pure-noise column matters to neither.
 */
import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../src-shared/analysis/response';
import { pairInteractions } from '../../../../src-shared/analysis/h-statistic';
import { permutationImportance } from '../../../../src-shared/analysis/permutation-importance';
import { partialDependence } from '../../../../src-shared/analysis/partial-dependence';
import { runTrainingJob } from '../../../../src-shared/jobs/train';
import { resolveTrainingSettings } from '../../../../src-shared/jobs/train-settings';
import { fitModelBaseline } from '../../../../src-shared/jobs/predict-baseline';
import { createRandom } from '../../../../src-shared/nn/random';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import { makeDataset } from '../jobs/dataset-helper';

const random = createRandom(42);
const data = makeDataset(
  ['x1', 'x2', 'x3', 'noise', 'y'].map((name) => ({ name, type: 'numeric' as const })),
  Array.from({ length: 1200 }, () => {
    const [x1, x2, x3, noise] = [0, 0, 0, 0].map(() => random.uniform(-2, 2));
    return [x1, x2, x3, noise, x1 * x2 + x3 + 0.1 * random.nextNormal()];
  }),
);

function trained(): ModelFile {
  const settings = resolveTrainingSettings({
    target: 'y',
    hidden: [{ units: 24, activation: 'tanh' }, { units: 12, activation: 'tanh' }],
    epochs: 80,
    learningRate: 0.01,
    seed: 3,
    validation: { kind: 'none' },
    earlyStopping: null,
    baseline: false,
  });
  if (!settings.ok) throw new Error(settings.error.message);
  const job = runTrainingJob(data, settings.value);
  if (!job.ok) throw new Error(job.error.message);
  return job.value.model;
}

function analyse(model: ModelFile) {
  const r = modelResponse(model, data.columns);
  if (!r.ok) throw new Error(r.error.message);
  const h = pairInteractions(r.value, data.columns, data, { sample: 80, seed: 1 });
  const imp = permutationImportance(r.value, data, { repeats: 3, seed: 1, sample: 1000 });
  const pd = partialDependence(r.value, data.columns, data, { feature: 'x1', by: 'x2', groups: 3, grid: 9, sample: 400 });
  if (!h.ok || !imp.ok || !pd.ok) throw new Error('analysis failed');
  return { h: h.value, imp: imp.value, pd: pd.value };
}

describe('y = x1·x2 + x3 + noise: interactions found by the network and absent from the baseline', () => {
  it('network: (x1, x2) first with a large H, pairs with x3 near 0, the noise column unimportant, lines not parallel', () => {
    const { h, imp, pd } = analyse(trained());
    expect([h.pairs[0].a, h.pairs[0].b]).toEqual(['x1', 'x2']);
    expect(h.pairs[0].h).toBeGreaterThan(0.8);
    for (const p of h.pairs.filter((q) => q.a === 'x3' || q.b === 'x3')) expect(p.h).toBeLessThan(0.15);
    const noise = imp.features.find((f) => f.name === 'noise')!;
    expect(Math.abs(noise.drop)).toBeLessThan(0.02);
    expect(imp.features[imp.features.length - 1].name).toBe('noise');
    expect(pd.interaction).toBeGreaterThan(0.5);
  }, 120_000);

  it('baseline (least squares on the same inputs): H is 0 for every pair and its lines are parallel', () => {
    const fit = fitModelBaseline(data, { inputs: ['x1', 'x2', 'x3', 'noise'].map((name) => ({ name })), output: { name: 'y', task: 'regression' } });
    if (!fit.ok) throw new Error(fit.error.message);
    const { h, imp, pd } = analyse(fit.value.model);
    for (const p of h.pairs) expect(p.h).toBeLessThan(1e-6);
    expect(pd.interaction).toBeLessThan(1e-12);
    expect(imp.features[0].name).toBe('x3');
  });
});
