/** Weight snapshots during training: how often, how they are kept, and that they never change the model. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatasetFromBytes } from '../../../../src-main/services/datasets';
import { startTraining } from '../../../../src-main/services/training';
import { runTrainingJob } from '../../../../src-shared/jobs/train';
import { resolveTrainingSettings } from '../../../../src-shared/jobs/train-settings';
import { EMPTY_SNAPSHOTS, keepSnapshot, RELAY_FACTOR, SNAPSHOT_BUDGET, replaySnapshots, snapshotEvery, snapshotLimit, snapshotModel, type SnapshotList, type WeightSnapshot } from '../../../../src-shared/jobs/weight-snapshots';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const fake = (epoch: number): WeightSnapshot => ({ epoch, layers: [], inputs: [], output: { name: 'y', task: 'regression' }, every: 1 });

describe('snapshotEvery', () => {
  it('spaces snapshots so RELAY_FACTOR × their cost stays within the budget of training time', () => {
    // 1 ms epochs, a 0.01 ms snapshot: 10 × 0.01 / (0.02 × 1) = 5 epochs
    expect(snapshotEvery(1, 0.01)).toBe(Math.ceil((RELAY_FACTOR * 0.01) / (SNAPSHOT_BUDGET * 1)));
    expect(snapshotEvery(1, 0.01)).toBe(5);
    // slow epochs: every epoch
    expect(snapshotEvery(1000, 0.5)).toBe(1);
    for (const [epochMs, snapMs] of [[3, 0.2], [40, 1.3], [0.4, 0.05]]) {
      const every = snapshotEvery(epochMs, snapMs);
      expect(RELAY_FACTOR * snapMs).toBeLessThanOrEqual(SNAPSHOT_BUDGET * every * epochMs + 1e-12);
      if (every > 1) expect(RELAY_FACTOR * snapMs).toBeGreaterThan(SNAPSHOT_BUDGET * (every - 1) * epochMs);
    }
    expect(snapshotEvery(0, 1)).toBe(1);
  });

  it('with planned epochs: about MAX_SNAPSHOTS over the run, held between the 10 % and the 2 % budget', () => {
    // cheap snapshots of a short run: 60 epochs / 50 → every epoch, allowed up to 10 %: 10·0.01/(0.1·1) = 1
    expect(snapshotEvery(1, 0.01, 60)).toBe(1);
    // a long run: 10,000 / 50 = 200 epochs apart, sparser than the 2 % budget needs (5): 5
    expect(snapshotEvery(1, 0.01, 10_000)).toBe(5);
    // costly snapshots: never above 10 % (10·1/(0.1·1) = 100), even if the spread asks for every epoch
    expect(snapshotEvery(1, 1, 50)).toBe(100);
    expect(snapshotEvery(1, 1)).toBe(500);
  });
});

describe('keepSnapshot', () => {
  it('keeps at most max snapshots, evenly spaced over the whole run, oldest first', () => {
    let list: SnapshotList = EMPTY_SNAPSHOTS;
    for (let e = 1; e <= 1000; e++) list = keepSnapshot(list, fake(e), 50);
    const epochs = list.kept.map((s) => s.epoch);
    expect(epochs.length).toBeLessThanOrEqual(50);
    expect(epochs.length).toBeGreaterThan(25);
    expect(epochs[0]).toBe(1);
    const gaps = new Set(epochs.slice(1).map((e, k) => e - epochs[k]));
    expect([...gaps]).toEqual([list.stride]);
    // the last kept one is within one stride of the end
    expect(1000 - epochs[epochs.length - 1]).toBeLessThan(list.stride);
    expect(EMPTY_SNAPSHOTS.kept).toEqual([]);
  });

  it('keeps every snapshot while there are fewer than max', () => {
    let list: SnapshotList = EMPTY_SNAPSHOTS;
    for (let e = 1; e <= 50; e++) list = keepSnapshot(list, fake(e), 50);
    expect(list.kept.map((s) => s.epoch)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
  });
});

describe('snapshotLimit', () => {
  it('keeps 50 snapshots of a small network and fewer of a wide one (at most 5,000,000 weights, at least 2)', () => {
    const layer = (inputs: number, units: number) => ({ units, activation: 'relu' as const, kernel: Array.from({ length: inputs }, () => new Array<number>(units).fill(0)), bias: new Array<number>(units).fill(0) });
    expect(snapshotLimit({ layers: [layer(4, 10), layer(10, 3)] })).toBe(50);
    // 784-128-64-10: 100,480 + 8,256 + 650 = 109,386 weights → 45
    expect(snapshotLimit({ layers: [layer(784, 128), layer(128, 64), layer(64, 10)] })).toBe(Math.floor(5_000_000 / 109_386));
    expect(snapshotLimit({ layers: [layer(3000, 1000)] })).toBe(2);
  });
});

describe('replaySnapshots', () => {
  it('sends every snapshot of a small network, and an evenly spaced subset (first and last included) of a wide one', () => {
    const layer = (inputs: number, units: number) => ({ units, activation: 'relu' as const, kernel: Array.from({ length: inputs }, () => new Array<number>(units).fill(0)), bias: new Array<number>(units).fill(0) });
    const small = Array.from({ length: 40 }, (_, k) => ({ ...fake(k + 1), layers: [layer(3, 4), layer(4, 1)] }));
    expect(replaySnapshots(small)).toHaveLength(40);
    // 3·4 + 4 + 4 + 1 = 21 weights each: 100 fit in 2,100
    expect(replaySnapshots(small, 21 * 10).map((s) => s.epoch)).toEqual([1, 5, 10, 14, 18, 23, 27, 31, 36, 40]);
    expect(replaySnapshots(small, 5).map((s) => s.epoch)).toEqual([40]);
    expect(replaySnapshots([])).toEqual([]);
  });
});

describe('weight snapshots from the training worker', () => {
  it('arrive during training, hold every layer, and leave the model file byte-identical', async () => {
    const data = await loadDatasetFromBytes(readFileSync(resolve(repoRoot, 'samples', 'diabetes.csv')), 'diabetes.csv');
    if (!data.ok) throw new Error(data.error.message);
    const settings = { target: 'progression', epochs: 12, batchSize: 16, earlyStopping: null, hidden: [{ units: 16, activation: 'relu' as const }] };
    const snapshots: WeightSnapshot[] = [];
    let epochsAtFirst = -1;
    let epochs = 0;
    const watched = await startTraining(data.value, settings, {
      onEpoch: () => epochs++,
      onSnapshot: (s) => {
        if (epochsAtFirst < 0) epochsAtFirst = epochs;
        snapshots.push(s);
      },
    }).promise;
    const quiet = await startTraining(data.value, settings).promise;
    if (!watched.ok || !quiet.ok) throw new Error('training failed');
    expect(watched.value.modelText).toBe(quiet.value.modelText);
    // the first comes after epoch 1, before training ends
    expect(snapshots[0].epoch).toBe(1);
    expect(epochsAtFirst).toBe(1);
    const at = snapshots.map((s) => s.epoch);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    for (const [k, s] of snapshots.entries()) {
      expect(s.layers.map((l) => [l.kernel.length, l.kernel[0].length, l.bias.length])).toEqual([[10, 16, 16], [16, 1, 1]]);
      if (k > 0) expect(s.epoch - snapshots[k - 1].epoch).toBe(snapshots[k].every);
    }
    // weights move between snapshots; the last epoch's weights are the model's (no early stopping)
    if (snapshots.length > 1) expect(snapshots[snapshots.length - 1].layers[0].kernel).not.toEqual(snapshots[0].layers[0].kernel);
    const last = snapshots[snapshots.length - 1];
    if (last.epoch === 12) expect(last.layers.map((l) => l.kernel)).toEqual(watched.value.model.layers.map((l) => l.kernel));
    // the run's fitted input and output scaling travel with the weights: a snapshot is a model the analyses can run
    expect(snapshotModel(last).inputs).toEqual(watched.value.model.inputs);
    expect(snapshotModel(last).output).toEqual(watched.value.model.output);
  });

  it('the pure job with a snapshot hook copies the weights and makes the same model text', () => {
    const bytes = 'a,b,y\n' + Array.from({ length: 60 }, (_, k) => `${k % 7},${(k * 3) % 5},${(k % 7) * 2 - ((k * 3) % 5)}`).join('\n');
    const settings = resolveTrainingSettings({ target: 'y', epochs: 5, batchSize: 8, earlyStopping: null, hidden: [{ units: 4, activation: 'tanh' }] });
    if (!settings.ok) throw new Error(settings.error.message);
    return loadDatasetFromBytes(new TextEncoder().encode(bytes), 'toy.csv').then((data) => {
      if (!data.ok) throw new Error(data.error.message);
      const copies: { epoch: number; kernel: number[][] }[] = [];
      const a = runTrainingJob(data.value, settings.value, { onEpochWeights: (epoch, copy) => copies.push({ epoch, kernel: copy().layers[0].kernel.map((r) => [...r]) }) });
      const b = runTrainingJob(data.value, settings.value);
      if (!a.ok || !b.ok) throw new Error('training failed');
      expect(a.value.modelText).toBe(b.value.modelText);
      expect(copies.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5]);
      expect(copies[4].kernel).toEqual(a.value.model.layers[0].kernel);
      expect(copies[0].kernel).not.toEqual(copies[4].kernel);
    });
  });
});
