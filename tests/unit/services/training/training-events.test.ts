/** Batch progress (throttled in the worker) and per-epoch weight histograms from the training service. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatasetFromBytes } from '../../../../src-main/services/datasets';
import { startTraining } from '../../../../src-main/services/training';
import type { LayerHistogramSnapshot } from '../../../../src-shared/jobs/activation-stats';
import { valueHistogram, weightSnapshot } from '../../../../src-shared/jobs/activation-stats';
import type { BatchProgress } from '../../../../src-shared/nn/train';

const repoRoot = resolve(import.meta.dirname, '../../../..');

describe('weight histograms', () => {
  it('30 equal-width bins from the minimum to the maximum weight, every weight counted once', () => {
    const values = Float64Array.from([-1, -0.5, 0, 0.25, 2]);
    const h = valueHistogram(values);
    expect(h.edges).toHaveLength(31);
    expect(h.edges[0]).toBe(-1);
    expect(h.edges[30]).toBe(2);
    // width 0.1: −1 → bin 0, −0.5 → 5, 0 → 10, 0.25 → 12, 2 → last
    const expected = new Array<number>(30).fill(0);
    for (const k of [0, 5, 10, 12, 29]) expected[k]++;
    expect(h.counts).toEqual(expected);
    expect(valueHistogram([3, 3])).toEqual({ edges: [3, 4], counts: [2] });
    const snap = weightSnapshot({ layers: [{ inputs: 1, units: 2, activation: 'relu', kernel: Float64Array.from([1, 2]), bias: Float64Array.from([0, 0]) }] }, 4);
    expect(snap.epoch).toBe(4);
    expect(snap.layers[0].counts.reduce((s, c) => s + c, 0)).toBe(2);
  });
});

describe('training events', () => {
  it('one weight snapshot per epoch (a histogram per layer), and batch progress at most once per batchIntervalMs', async () => {
    const path = resolve(repoRoot, 'samples', 'diabetes.csv');
    const data = await loadDatasetFromBytes(readFileSync(path), 'diabetes.csv');
    if (!data.ok) throw new Error(data.error.message);
    const snapshots: LayerHistogramSnapshot[] = [];
    const batches: { at: number; progress: BatchProgress }[] = [];
    const interval = 50;
    const started = performance.now();
    const handle = startTraining(
      data.value,
      { target: 'progression', epochs: 6, batchSize: 4, earlyStopping: null, reportEveryBatches: 1, hidden: [{ units: 32, activation: 'relu' }, { units: 16, activation: 'relu' }] },
      { batchIntervalMs: interval, onBatch: (progress) => batches.push({ at: performance.now(), progress }), onWeights: (s) => snapshots.push(s) },
    );
    const r = await handle.promise;
    const elapsed = performance.now() - started;
    if (!r.ok) throw new Error(r.error.message);
    expect(snapshots.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const s of snapshots) {
      expect(s.layers.map((l) => l.counts.reduce((t, c) => t + c, 0))).toEqual([10 * 32, 32 * 16, 16 * 1]);
      expect(s.layers.every((l) => l.edges.length === 31)).toBe(true);
    }
    // weights move between epochs
    expect(snapshots[5].layers[0].edges).not.toEqual(snapshots[0].layers[0].edges);
    // throttled: ~6 × 88 batch reports would arrive unthrottled
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(elapsed / interval) + 1);
    expect(batches[0].progress.batches).toBe(Math.ceil((442 * 0.8) / 4));
    // reporting every batch (and the weight snapshots) leave the model file's bytes unchanged
    const quiet = await startTraining(data.value, { target: 'progression', epochs: 6, batchSize: 4, earlyStopping: null, hidden: [{ units: 32, activation: 'relu' }, { units: 16, activation: 'relu' }] }).promise;
    if (!quiet.ok) throw new Error(quiet.error.message);
    expect(quiet.value.modelText).toBe(r.value.modelText);
  }, 60000);
});
