import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEvent, CourseExample, DatasetSummary, JobStarted, JobStatus, PredictionsPage, TrainResult } from '../../../src-shared/api';
import { WRITE_ANYWHERE } from '../../../src-main/api/write-policy';
import { realApi, value } from './harness';

const repoRoot = resolve(import.meta.dirname, '../../..');
const events: ApiEvent[] = [];
// Writes anywhere, as the Electron window does (browser mode's confinement has its own tests: write-policy.test.ts).
const { api, host, close } = realApi((e) => events.push(e), WRITE_ANYWHERE);
const out = mkdtempSync(join(tmpdir(), 'dense-lab-jobs-'));

afterAll(async () => {
  await close();
  rmSync(out, { recursive: true, force: true });
});

describe('jobs through dispatch (real services, real workers)', () => {
  let dataset: DatasetSummary;
  let trained: TrainResult;
  let predictJob: string;

  it('trains on diabetes, reporting plan, epochs and the end as events', async () => {
    dataset = await value<DatasetSummary>(api.dispatch('openSample', { name: 'diabetes.csv' }));
    const settings = { target: 'progression', hidden: [{ units: 8, activation: 'relu' }], epochs: 3, seed: 7, earlyStopping: null, baseline: false };
    const { jobId } = await value<JobStarted>(api.dispatch('train', { datasetId: dataset.id, settings }));
    await api.session.whenDone(jobId);
    const status = await value<JobStatus>(api.dispatch('getJob', { jobId }));
    expect(status.state).toBe('done');
    trained = status.result as TrainResult;
    expect(trained.kind).toBe('train');
    expect(trained.history).toHaveLength(3);
    expect(trained.plan.parameters).toBe(10 * 8 + 8 + 8 + 1);
    const mine = events.filter((e) => 'jobId' in e && e.jobId === jobId).map((e) => e.type);
    expect(mine[0]).toBe('job-plan');
    expect(mine.filter((t) => t === 'job-epoch')).toHaveLength(3);
    expect(mine.at(-1)).toBe('job-done');
  });

  it('refuses training on a column the dataset does not have, naming it', async () => {
    const r = await api.dispatch('train', { datasetId: dataset.id, settings: { target: 'nope' } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'api/not-found', path: 'args.settings.target' } });
  });

  it('refuses bad training settings with the engine’s message at args.settings.<field>', async () => {
    const r = await api.dispatch('train', { datasetId: dataset.id, settings: { target: 'progression', epochs: 0 } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'api/invalid-argument', path: 'args.settings.epochs' } });
  });

  it('predicts with the trained model and pages the predictions beside the target', async () => {
    predictJob = (await value<JobStarted>(api.dispatch('predict', { datasetId: dataset.id, model: trained.model }))).jobId;
    await api.session.whenDone(predictJob);
    const status = await value<JobStatus>(api.dispatch('getJob', { jobId: predictJob }));
    expect(status.state).toBe('done');
    expect(status.result).toMatchObject({ kind: 'predict', rows: 442, predictedRows: 442, outputs: ['prediction'] });
    const page = await value<PredictionsPage>(api.dispatch('getPredictions', { jobId: predictJob, start: 0, count: 5, stride: 100 }));
    expect(page.rows.map((r) => r.row)).toEqual([0, 100, 200, 300, 400]);
    const rows = await value<{ rows: unknown[][] }>(api.dispatch('getRows', { datasetId: dataset.id, start: 100, count: 1 }));
    const targetCol = dataset.columns.findIndex((c) => c.name === 'progression');
    expect(page.rows[1].target).toBe(rows.rows[0][targetCol]);
    expect(typeof page.rows[1].values[0]).toBe('number');
  });

  it('answers api/bad-state for predictions of a training job', async () => {
    const trainJob = events.find((e) => e.type === 'job-done' && e.result.kind === 'train') as { jobId: string };
    const r = await api.dispatch('getPredictions', { jobId: trainJob.jobId, start: 0, count: 1 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'api/bad-state' } });
  });

  it('exports predictions to a CSV and gives the same text for a download', async () => {
    const path = join(out, 'diabetes-predictions.csv');
    const r = await value<{ path: string; rows: number }>(
      api.dispatch('exportPredictions', { datasetId: dataset.id, jobId: predictJob, path, columns: ['age', 'progression'], keepFormulas: false }),
    );
    expect(r.rows).toBe(442);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe('age,progression,prediction');
    const csv = await value<{ csv: string }>(api.dispatch('predictionsCsv', { datasetId: dataset.id, jobId: predictJob, columns: ['age', 'progression'], keepFormulas: false }));
    expect(csv.csv).toBe(text);
  });

  it('refuses to export over the dataset file itself', async () => {
    const r = await api.dispatch('exportPredictions', { datasetId: dataset.id, jobId: predictJob, path: dataset.path, columns: [], keepFormulas: false });
    expect(r).toMatchObject({ ok: false, error: { kind: 'io/would-overwrite-input', path: 'args.path' } });
  });

  it('refuses to save a model over a file that is open as a dataset, and leaves that file as it was', async () => {
    const csv = join(out, 'own-data.csv');
    copyFileSync(resolve(import.meta.dirname, '../../../samples/iris.csv'), csv);
    const before = readFileSync(csv, 'utf8');
    await value(api.dispatch('openDataset', { path: csv }));
    const r = await api.dispatch('saveModel', { path: csv, model: trained.model });
    expect(r).toMatchObject({ ok: false, error: { kind: 'io/would-overwrite-input' } });
    expect(readFileSync(csv, 'utf8')).toBe(before);
  });

  it('saves a model atomically and reads it back equal', async () => {
    const path = join(out, 'm.dlmodel.json');
    await value(api.dispatch('saveModel', { path, model: trained.model }));
    const doc = await value<{ model: unknown; name: string }>(api.dispatch('readModel', { path }));
    expect(doc.name).toBe('m.dlmodel.json');
    expect(doc.model).toEqual(trained.model);
    expect(host.settings.listRecent()[0]).toMatchObject({ path, kind: 'model' });
  });

  it('reads a broken model file as an error naming the file', async () => {
    const r = await api.dispatch('readModel', { path: join(repoRoot, 'package.json') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.file).toBe(join(repoRoot, 'package.json'));
  });

  it('lists the course examples with the expected output 9 for the 2-2-1 network on [2, 3]', async () => {
    const examples = await value<CourseExample[]>(api.dispatch('listExamples', {}));
    const s1 = examples.find((e) => e.id === 'S1');
    expect(s1?.input).toEqual([2, 3]);
    expect(s1?.expectedOutput).toEqual([9]);
  });

  it('imports the course notation as a model with its input row', async () => {
    const text = "input_data = np.array([2, 3])\nweights = {'node_0': np.array([1, 1]), 'node_1': np.array([-1, 1]), 'output': np.array([2, -1])}";
    const r = await value<{ model: { layers: unknown[] }; input: number[] }>(api.dispatch('importWeights', { text }));
    expect(r.input).toEqual([2, 3]);
    expect(r.model.layers).toHaveLength(2);
  });
});
