import { describe, expect, it } from 'vitest';
import { importRunesModule } from '../renderer/runes-module';
import type { TrainingOutcome } from '../../../src-shared/jobs/train';

type Module = typeof import('../../../src-renderer/lib/inspect/training-runs.svelte');
const { TrainingRuns, settingsWords } = await importRunesModule<Module>('src-renderer/lib/inspect/training-runs.svelte.ts');

const outcome = (valR2: number | undefined, epochs: number): TrainingOutcome =>
  ({
    history: new Array(epochs).fill({ epoch: 1, loss: 1 }),
    network: { train: { rows: 10, loss: 1, r2: 0.5 }, ...(valR2 !== undefined ? { validation: { rows: 5, loss: 1 - valR2, r2: valR2 } } : {}) },
    model: { training: { settings: { hidden: [{ units: 64, activation: 'relu', dropout: 0.2 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32, weightDecay: 0.001, loss: 'huber' } } },
  }) as unknown as TrainingOutcome;

describe('the runs of a session', () => {
  it('sorts by validation score, best first, with runs lacking it last', () => {
    const runs = new TrainingRuns();
    runs.add(outcome(0.3, 5), 1, '');
    runs.add(outcome(undefined, 5), 1, '');
    runs.add(outcome(0.6, 5), 1, '');
    runs.sortBy('valScore');
    expect(runs.sorted.map((r) => r.id)).toEqual([3, 1, 2]);
    runs.sortBy('valScore');
    expect(runs.sorted.map((r) => r.id)).toEqual([1, 3, 2]);
  });

  it('puts a deleted run back in its place on undo', () => {
    const runs = new TrainingRuns();
    for (let k = 0; k < 3; k++) runs.add(outcome(0.1 * k, 3), 1, '');
    runs.remove(2);
    expect(runs.list.map((r) => r.id)).toEqual([1, 3]);
    runs.undoRemove();
    expect(runs.list.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(runs.deleted).toBeNull();
  });

  it('describes a run by the settings that shaped its model', () => {
    expect(settingsWords(outcome(0.5, 1))).toBe('64 relu + dropout 0.2 · adam 0.01 · batch 32 · L2 0.001 · huber loss');
  });
});
