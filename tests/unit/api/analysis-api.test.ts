/** The analysis methods through dispatch: real services, a real analysis worker, progress events, cancel, bad input. */
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEvent, DatasetSummary } from '../../../src-shared/api';
import type { AnalysisAnswer } from '../../../src-shared/api/contract';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile } from '../../../src-shared/model-file/types';
import { createRandom } from '../../../src-shared/nn/random';
import { realApi, value } from './harness';

const events: ApiEvent[] = [];
const { api, close } = realApi((e) => events.push(e));
afterAll(close);

const random = createRandom(5);
const csv = ['a,b,c,y', ...Array.from({ length: 300 }, () => {
  const [a, b, c] = [0, 0, 0].map(() => random.uniform(-1, 1));
  return `${a},${b},${c},${a * b + c}`;
})].join('\n');

// relu(a + b) + c: a and b interact, c is additive
const model: ModelFile = {
  format: MODEL_FORMAT,
  version: MODEL_VERSION,
  inputs: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
  output: { name: 'y', task: 'regression' },
  layers: [
    { units: 2, activation: 'relu', kernel: [[1, 0], [1, 0], [0, 1]], bias: [0, 5] },
    { units: 1, activation: 'linear', kernel: [[1], [1]], bias: [-5] },
  ],
};

describe('analysis methods (worker thread, progress, cancel)', () => {
  let data: DatasetSummary;

  it('analyzeInteractions answers H per pair and sends progress events of kind analysis under the jobId', async () => {
    data = await value<DatasetSummary>(api.dispatch('uploadDataset', { name: 'abc.csv', bytes: new TextEncoder().encode(csv) }));
    const answer = await value<AnalysisAnswer<'interactions'>>(api.dispatch('analyzeInteractions', { datasetId: data.id, model, jobId: 'h-1', options: { sample: 40, seed: 2 } }));
    expect(answer.about).toEqual({ model: 'network', note: null });
    expect([answer.result.pairs[0].a, answer.result.pairs[0].b]).toEqual(['a', 'b']);
    expect(answer.result.pairs[0].h).toBeGreaterThan(0.2);
    expect(answer.result.pairs[2].h).toBeLessThan(1e-7);
    const progress = events.filter((e) => e.type === 'job-progress' && e.jobId === 'h-1');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ type: 'job-progress', jobId: 'h-1', kind: 'analysis', progress: { done: 6, total: 6, unit: 'steps' } });
  });

  it('analyzeDependence with baseline: fitted on the data (the model file has none), parallel lines', async () => {
    const answer = await value<AnalysisAnswer<'dependence'>>(api.dispatch('analyzeDependence', { datasetId: data.id, model, baseline: true, options: { feature: 'a', by: 'b', groups: 2, grid: 5 } }));
    expect(answer.about.model).toBe('baseline');
    expect(answer.about.note).toMatch(/least-squares fit on 300 rows/);
    expect(answer.result.lines).toHaveLength(2);
    expect(answer.result.interaction).toBeLessThan(1e-12);
  });

  it('surface, importance and representation answer; a bad column is an error naming it', async () => {
    const surface = await value<AnalysisAnswer<'surface'>>(api.dispatch('analyzeSurface', { datasetId: data.id, model, options: { x: 'a', y: 'b', grid: 4 } }));
    expect(surface.result.z).toHaveLength(16);
    expect(surface.result.hidden[0].units).toHaveLength(2);
    const imp = await value<AnalysisAnswer<'importance'>>(api.dispatch('analyzeImportance', { datasetId: data.id, model, options: { repeats: 2 } }));
    expect(imp.result.features.map((f) => f.name)).toContain('c');
    const rep = await value<AnalysisAnswer<'representation'>>(api.dispatch('analyzeRepresentation', { datasetId: data.id, model, options: { layer: 0, sample: 50 } }));
    expect(rep.result.frames).toHaveLength(1);
    expect(rep.result.frames[0].scores).toHaveLength(100);
    // training snapshots: one frame each, then the model's; a snapshot of another architecture is refused in main
    const earlier = model.layers.map((l) => ({ ...l, bias: l.bias.map((b) => b + 0.5) }));
    const replay = await value<AnalysisAnswer<'representation'>>(api.dispatch('analyzeRepresentation', { datasetId: data.id, model, options: { layer: 0, sample: 50, snapshots: [earlier, earlier] } }));
    expect(replay.result.frames).toHaveLength(3);
    expect(replay.result.frames[2].scores).toEqual(rep.result.frames[0].scores);
    const narrow = [{ units: 1, activation: 'relu', kernel: [[1], [1], [0]], bias: [0] }, { units: 1, activation: 'linear', kernel: [[1]], bias: [0] }];
    const refused = await api.dispatch('analyzeRepresentation', { datasetId: data.id, model, options: { layer: 0, snapshots: [narrow] } });
    expect(refused.ok ? '' : refused.error.message).toBe("args.options.snapshots[0]: a snapshot's layers are not the model's architecture.");
    const bad = await api.dispatch('analyzeDependence', { datasetId: data.id, model, options: { feature: 'zz' } });
    expect(bad.ok ? '' : bad.error.message).toBe("--feature 'zz': the data has no column of that name.");
  });

  it('cancel({jobId}) stops a long analysis: it answers job/cancelled', async () => {
    const running = api.dispatch('analyzeInteractions', { datasetId: data.id, model, jobId: 'h-2', options: { sample: 300 } });
    // at once: the job is registered under its caller-chosen id when dispatch returns (waiting a fixed time raced the
    // analysis itself, which the native encoder made fast enough to finish first)
    expect(await value(api.dispatch('cancel', { jobId: 'h-2' }))).toEqual({ cancelled: true });
    const r = await running;
    expect(r.ok ? '' : r.error.kind).toBe('job/cancelled');
  });
});
