import { describe, expect, it } from 'vitest';
import { importRunesModule } from '../renderer/runes-module';
import type { Api, RunSummary } from '../../../src-shared/api';
import type { TrainingOutcome } from '../../../src-shared/jobs/train';
import type { ModelFile } from '../../../src-shared/model-file/types';

type Module = typeof import('../../../src-renderer/lib/inspect/training-runs.svelte');
const { TrainingRuns, settingsWords } = await importRunesModule<Module>('src-renderer/lib/inspect/training-runs.svelte.ts');

const SETTINGS = { hidden: [{ units: 64, activation: 'relu', dropout: 0.2 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0.001, loss: 'huber' };
const model = { training: { settings: SETTINGS } } as unknown as ModelFile;
const outcome = (valR2: number | undefined, epochs: number): TrainingOutcome =>
  ({
    history: new Array(epochs).fill({ epoch: 1, loss: 1 }),
    network: { train: { rows: 10, loss: 1, r2: 0.5 }, ...(valR2 !== undefined ? { validation: { rows: 5, loss: 1 - valR2, r2: valR2 } } : {}) },
    model,
  }) as unknown as TrainingOutcome;
const kept = (n: number, valR2: number | undefined): RunSummary => ({ id: `run-${n}`, number: n, date: '2026-12-07T16:00:00Z', seconds: 1, dataset: 'd.csv', settings: SETTINGS, outcome: outcome(valR2, 5) });

/** An api whose runs methods record their calls (the rest is never called here). */
function fakeApi(runs: RunSummary[] = [], problems: string[] = []) {
  const calls: string[] = [];
  const api = {
    listRuns: async () => ({ ok: true, value: { runs, problems } }),
    deleteRun: async ({ runId }: { runId: string }) => (calls.push(`delete ${runId}`), { ok: true, value: { deleted: true } }),
    undeleteRun: async ({ runId }: { runId: string }) => (calls.push(`undelete ${runId}`), { ok: true, value: runs.find((r) => r.id === runId) }),
  } as unknown as Api;
  return { api, calls };
}

describe('the kept runs', () => {
  it('lists main\'s runs once, and sorts by validation score with runs lacking it last', async () => {
    const { api } = fakeApi([kept(1, 0.3), kept(2, undefined), kept(3, 0.6)], ['The run file /x/run-9.json could not be read (it is not valid JSON); …']);
    const runs = new TrainingRuns();
    const reported: string[] = [];
    await runs.load(api, (e) => reported.push(e.message));
    await runs.load(api, (e) => reported.push(e.message));
    expect(reported).toEqual([]);
    expect(runs.list).toHaveLength(3);
    runs.sortBy('valScore');
    expect(runs.sorted.map((r) => r.number)).toEqual([3, 1, 2]);
    runs.sortBy('valScore');
    expect(runs.sorted.map((r) => r.number)).toEqual([1, 3, 2]);
  });

  it('a new run takes the number after the kept ones; without main\'s record it is kept for the session', async () => {
    const runs = new TrainingRuns();
    await runs.load(fakeApi([kept(4, 0.1)]).api, () => {});
    const r = runs.add(undefined, model, { outcome: outcome(0.2, 2), seconds: 2, dataset: 'd.csv' });
    expect([r.id, r.number]).toEqual(['session-5', 5]);
  });

  it('deletes in main, and puts a deleted run back in its place on undo', async () => {
    const { api, calls } = fakeApi([kept(1, 0.1), kept(2, 0.2), kept(3, 0.3)]);
    const runs = new TrainingRuns();
    await runs.load(api, () => {});
    expect(await runs.remove(api, 'run-2')).toBeNull();
    expect(runs.list.map((r) => r.number)).toEqual([1, 3]);
    expect(await runs.undoRemove(api)).toBeNull();
    expect(runs.list.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(runs.deleted).toBeNull();
    expect(calls).toEqual(['delete run-2', 'undelete run-2']);
  });

  it('describes a run by the settings that shaped its model', () => {
    expect(settingsWords(SETTINGS)).toBe('64 relu + dropout 0.2 · adam 0.01 · batch 32 · L2 0.001 · huber loss');
  });
});
