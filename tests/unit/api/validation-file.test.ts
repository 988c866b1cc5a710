/** Validation rows from another open dataset (the training panel's "from a separate file"), through dispatch. */
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetSummary, JobStarted, JobStatus, TrainResult } from '../../../src-shared/api';
import { WRITE_ANYWHERE } from '../../../src-main/api/write-policy';
import { realApi, value } from './harness';

const { api, close } = realApi(() => {}, WRITE_ANYWHERE);
afterAll(async () => close());

describe('train with validationDatasetId', () => {
  it('validates on every row of the other dataset and trains on every row of its own', async () => {
    const train = await value<DatasetSummary>(api.dispatch('openSample', { name: 'diabetes.csv' }));
    const other = await value<DatasetSummary>(api.dispatch('uploadDataset', { name: 'few.csv', bytes: new TextEncoder().encode('age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression\n59,2,32.1,101,157,93.2,38,4,4.8598,87,151\n48,1,21.6,87,183,103.2,70,3,3.8918,69,75\n72,2,30.5,93,156,93.6,41,4,4.6728,85,141\n') }));
    const settings = { target: 'progression', hidden: [{ units: 4, activation: 'relu' }], epochs: 2, seed: 3, earlyStopping: null, baseline: false, validation: { kind: 'file' } };
    const { jobId } = await value<JobStarted>(api.dispatch('train', { datasetId: train.id, settings, validationDatasetId: other.id }));
    await api.session.whenDone(jobId);
    const status = await value<JobStatus>(api.dispatch('getJob', { jobId }));
    expect(status.state, status.error?.message).toBe('done');
    const result = status.result as TrainResult;
    expect(result.plan).toMatchObject({ trainRows: 442, validationRows: 3 });
    expect(result.network.validation?.rows).toBe(3);
  });

  it('refuses file validation without the file, a file without file validation, and an unknown dataset', async () => {
    const train = await value<DatasetSummary>(api.dispatch('openSample', { name: 'diabetes.csv' }));
    const settings = { target: 'progression', epochs: 1, validation: { kind: 'file' } };
    expect(await api.dispatch('train', { datasetId: train.id, settings })).toMatchObject({ ok: false, error: { kind: 'api/invalid-argument', path: 'args.validationDatasetId' } });
    expect(await api.dispatch('train', { datasetId: train.id, settings: { target: 'progression', epochs: 1 }, validationDatasetId: train.id })).toMatchObject({ ok: false, error: { path: 'args.validationDatasetId' } });
    expect(await api.dispatch('train', { datasetId: train.id, settings, validationDatasetId: 'd999' })).toMatchObject({ ok: false, error: { kind: 'api/not-found' } });
  });
});
