// Every finished training job is kept by main's runs store and reachable through the API (listRuns, getRun,
// deleteRun, undeleteRun, all validated); a new API over the same folder (a restart) lists it. showInFolder is
// Electron's only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi, createDefaultServices, createRunsStore } from '../../../src-main/api';
import type { ApiEvent, DatasetSummary, JobStarted, JobStatus, RunsList, StoredRun } from '../../../src-shared/api';
import { readModelFile } from '../../../src-shared/model-file/read';
import { browserHost, value } from './harness';

const folder = join(mkdtempSync(join(tmpdir(), 'dense-lab-runs-api-')), 'runs');
const services = createDefaultServices();
const events: ApiEvent[] = [];
const api = createApi({ ...browserHost((e) => events.push(e)), runs: createRunsStore(folder) }, services);
afterAll(async () => {
  api.close();
  await services.dispose?.();
  rmSync(join(folder, '..'), { recursive: true, force: true });
});

describe('runs through the API', () => {
  it('a finished training job is kept: its result names the run, and a restarted API lists it with its model', async () => {
    const dataset = await value<DatasetSummary>(api.dispatch('openSample', { name: 'iris.csv' }));
    const started = await value<JobStarted>(api.dispatch('train', { datasetId: dataset.id, settings: { target: 'species', hidden: [{ units: 4, activation: 'relu' }], epochs: 3, seed: 5 } }));
    await api.session.whenDone(started.jobId);
    const status = await value<JobStatus>(api.dispatch('getJob', { jobId: started.jobId }));
    const result = status.result;
    if (result?.kind !== 'train') throw new Error('not a training result');
    expect(result.savedRun?.number).toBe(1);
    expect(result.savedRun?.dataset).toBe('iris.csv');
    expect(result.savedRun?.outcome.history).toHaveLength(3);

    const restarted = createApi({ ...browserHost(() => {}), runs: createRunsStore(folder) }, services);
    const listed = await value<RunsList>(restarted.dispatch('listRuns', {}));
    expect(listed.problems).toEqual([]);
    expect(listed.runs.map((r) => r.id)).toEqual([result.savedRun?.id]);
    expect(listed.runs[0].outcome.network.train.accuracy).toBe(result.network.train.accuracy);
    const run = await value<StoredRun>(restarted.dispatch('getRun', { runId: listed.runs[0].id }));
    expect(run.modelText).toBe(result.modelText);
    expect(readModelFile(run.modelText).ok).toBe(true);

    expect(await value(restarted.dispatch('deleteRun', { runId: run.id }))).toEqual({ deleted: true });
    expect((await value<RunsList>(restarted.dispatch('listRuns', {}))).runs).toEqual([]);
    expect((await value<StoredRun>(restarted.dispatch('undeleteRun', { runId: run.id }))).id).toBe(run.id);
    restarted.close();
  }, 60_000);

  it('validates run ids and answers not-found for an unknown run; showInFolder is not available in a browser', async () => {
    const bad = await api.dispatch('getRun', { runId: '../settings' });
    expect(!bad.ok && bad.error.kind).toBe('api/invalid-argument');
    const missing = await api.dispatch('getRun', { runId: 'run-nope' });
    expect(!missing.ok && missing.error.kind).toBe('api/not-found');
    const shown = await api.dispatch('showInFolder', { path: '/tmp' });
    expect(!shown.ok && shown.error.message).toBe('Showing a file in its folder is not available here: in the browser, files are downloads.');
  });

  it('showInFolder hands the host (Electron: shell.showItemInFolder) the absolute path, after validating it', async () => {
    const asked: string[] = [];
    const electronLike = createApi({ ...browserHost(() => {}), showInFolder: async (path) => (asked.push(path), true) }, services);
    expect(await value(electronLike.dispatch('showInFolder', { path: 'out/model.dlmodel.json' }))).toEqual({ shown: true });
    expect(asked).toEqual([join(process.cwd(), 'out/model.dlmodel.json')]);
    const bad = await electronLike.dispatch('showInFolder', { path: '' });
    expect(!bad.ok && bad.error.kind).toBe('api/invalid-argument');
    expect(asked).toHaveLength(1);
    electronLike.close();
  });
});
