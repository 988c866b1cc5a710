import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEvent, DatasetSummary, JobStarted, JobStatus } from '../../../src-shared/api';
import { realApi } from './harness';

const events: { at: number; event: ApiEvent }[] = [];
const { api, close } = realApi((event) => events.push({ at: performance.now(), event }));

afterAll(close);

describe('training events through the API', () => {
  it('job-batch at most ~10 per second, job-weights once per epoch (also in getJob’s weightHistory)', async () => {
    const opened = await api.dispatch('openSample', { name: 'diabetes.csv' });
    if (!opened.ok) throw new Error(opened.error.message);
    const dataset = opened.value as DatasetSummary;
    const settings = { target: 'progression', hidden: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }], epochs: 8, batchSize: 2, seed: 3, earlyStopping: null };
    const started = await api.dispatch('train', { datasetId: dataset.id, settings });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = started.value as JobStarted;
    await api.session.whenDone(jobId);
    const mine = events.filter((e) => 'jobId' in e.event && e.event.jobId === jobId);
    const weights = mine.filter((e) => e.event.type === 'job-weights');
    expect(weights.map((e) => (e.event.type === 'job-weights' ? e.event.snapshot.epoch : 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const batches = mine.filter((e) => e.event.type === 'job-batch');
    for (let k = 1; k < batches.length; k++) expect(batches[k].at - batches[k - 1].at).toBeGreaterThan(80);
    const status = (await api.dispatch('getJob', { jobId })) as { ok: true; value: JobStatus };
    expect(status.value.weightHistory).toHaveLength(8);
    expect(status.value.weightHistory?.[7].layers).toHaveLength(3);
  }, 60000);
});
