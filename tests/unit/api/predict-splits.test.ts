/**
 * The app's metrics "on which rows": a predict job given a finished training run (options.split) reports its metrics
 * on that run's train and validation rows, and they are exactly what `train --json` prints for the same run; its
 * rows carry their side of the split, and its export has a `split` column like `train --predictions`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEvent, DatasetSummary, JobStarted, JobStatus, PredictionsCsv, PredictionsPage, PredictResult, TrainResult, TrainSettings } from '../../../src-shared/api';
import { trainCommand } from '../../../src-main/cli/train';
import { runCommand } from '../cli/run-command';
import { realApi, samplesDir, value } from './harness';

const events: ApiEvent[] = [];
const { api, close } = realApi((e) => events.push(e));
const dir = mkdtempSync(join(tmpdir(), 'dense-lab-predict-splits-'));
afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

async function finished<T>(jobId: string): Promise<T> {
  await api.session.whenDone(jobId);
  const status = await value<JobStatus>(api.dispatch('getJob', { jobId }));
  if (status.state !== 'done') throw new Error(JSON.stringify(status.error));
  return status.result as T;
}

/** Train in the app (the API, as the Training tab does), then predict with the trained model and the run's split. */
async function trainAndPredict(sample: string, settings: TrainSettings) {
  const data = await value<DatasetSummary>(api.dispatch('openSample', { name: sample }));
  const run = await value<JobStarted>(api.dispatch('train', { datasetId: data.id, settings }));
  const trained = await finished<TrainResult>(run.jobId);
  const job = await value<JobStarted>(api.dispatch('predict', { datasetId: data.id, model: trained.model, options: { baseline: true, split: run.jobId } }));
  return { data, trainJob: run.jobId, predictJob: job.jobId, trained, result: await finished<PredictResult>(job.jobId) };
}

interface Final { rows: number; mse?: number; mae?: number; r2?: number; accuracy?: number; confusion?: number[][] }

describe('metrics per split of a training run', () => {
  it('diabetes: the app’s train and validation MSE, MAE and R² equal train --json’s final, bit for bit, and the export carries the split', async () => {
    const { data, predictJob, result } = await trainAndPredict('diabetes.csv', {
      target: 'progression', hidden: [{ units: 8, activation: 'relu' }], epochs: 4, validation: { kind: 'random', fraction: 0.25 }, seed: 3,
    });
    const cli = await runCommand(trainCommand, '--data', join(samplesDir, 'diabetes.csv'), '--target', 'progression', '--layers', '8:relu', '--epochs', '4', '--validation', '0.25', '--seed', '3', '--out', join(dir, 'd.dlmodel.json'), '--json');
    expect(cli.code).toBe(0);
    const final = (JSON.parse(cli.stdout) as { final: Record<'train' | 'validation', Final> }).final;
    const splits = result.splits!;
    expect(splits.rows).toEqual({ train: Math.floor(442 * 0.75), validation: 442 - Math.floor(442 * 0.75) });
    for (const side of ['train', 'validation'] as const) {
      const m = splits.network[side]!.metrics;
      expect(m.rows).toBe(final[side].rows);
      expect(m.mse).toBe(final[side].mse);
      expect(m.mae).toBe(final[side].mae);
      expect(m.r2).toBe(final[side].r2);
    }
    // the two sides are different rows: their metrics differ, and the whole-file metric is neither
    expect(splits.network.train!.metrics.mse).not.toBe(splits.network.validation!.metrics.mse);
    expect(result.evaluation!.metrics.rows).toBe(442);
    expect(splits.baseline?.validation?.metrics.rows).toBe(final.validation.rows);
    // the baseline learned from the train rows only, as the network did
    expect(result.baseline?.fitRows).toBe(final.train.rows);

    const page = await value<PredictionsPage>(api.dispatch('getPredictions', { jobId: predictJob, start: 0, count: 442 }));
    expect(page.rows.filter((r) => r.split === 'validation').length).toBe(splits.rows.validation);

    const csv = await value<PredictionsCsv>(api.dispatch('predictionsCsv', { datasetId: data.id, jobId: predictJob, columns: data.columns.map((c) => c.name), keepFormulas: false }));
    const [head, ...lines] = csv.csv.trimEnd().split('\n');
    expect(head.split(',').slice(-2)).toEqual(['prediction', 'split']);
    const sides = lines.map((l) => l.split(',').at(-1));
    expect(sides.filter((s) => s === 'validation').length).toBe(splits.rows.validation);
    expect(sides.filter((s) => s === 'train').length).toBe(splits.rows.train);
    // row by row the same side as getPredictions says
    expect(sides).toEqual(page.rows.map((r) => r.split));
  });

  it('iris: accuracy and confusion matrix per split equal train --json’s (Keras-style last-rows validation)', async () => {
    const { result } = await trainAndPredict('iris.csv', { target: 'species', epochs: 5, validation: { kind: 'last', fraction: 0.2 } });
    const cli = await runCommand(trainCommand, '--data', join(samplesDir, 'iris.csv'), '--target', 'species', '--epochs', '5', '--validation-split', '0.2', '--out', join(dir, 'i.dlmodel.json'), '--json');
    const final = (JSON.parse(cli.stdout) as { final: Record<'train' | 'validation', Final> }).final;
    for (const side of ['train', 'validation'] as const) {
      const m = result.splits!.network[side]!.metrics;
      expect(m.rows).toBe(final[side].rows);
      expect(m.accuracy).toBe(final[side].accuracy);
      expect(m.confusion).toEqual(final[side].confusion);
    }
  });

  it('a split that is not a finished training run on this dataset is refused at args.options.split', async () => {
    const { data, predictJob, trained } = await trainAndPredict('iris.csv', { target: 'species', epochs: 1 });
    const r = await api.dispatch('predict', { datasetId: data.id, model: trained.model, options: { split: predictJob } });
    expect(r).toMatchObject({ ok: false, error: { path: 'args.options.split' } });
    expect(r.ok ? '' : r.error.message).toBe(`Job '${predictJob}' is not a finished training run on this dataset, so it has no split of these rows.`);
  });
});
