/** The training service with its real worker thread (started from source through tsx). */
import { describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, rmSync, writeFileSync, readFileSync as read } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDatasetFromBytes } from '../../../../src-main/services/datasets';
import { saveModelText, startTraining } from '../../../../src-main/services/training';
import type { TrainingData } from '../../../../src-shared/jobs/train';
import type { EpochMetrics } from '../../../../src-shared/nn/train';

const repoRoot = resolve(import.meta.dirname, '../../../..');

async function dataset(name: string): Promise<TrainingData> {
  const path = resolve(repoRoot, 'samples', name);
  const r = await loadDatasetFromBytes(readFileSync(path), name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startTraining', () => {
  it('trains in a worker, streaming the plan and one message per epoch', async () => {
    const epochs: EpochMetrics[] = [];
    let task = '';
    const handle = startTraining(await dataset('iris.csv'), { target: 'species', epochs: 4, earlyStopping: null, hidden: [{ units: 8, activation: 'relu' }] }, {
      onPlan: (p) => (task = p.task),
      onEpoch: (m) => epochs.push(m),
    });
    const result = await handle.promise;
    if (!result.ok) throw new Error(result.error.message);
    expect(task).toBe('multiclass');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.value.history).toEqual(epochs);
    expect(epochs[3].valAccuracy).toBeGreaterThan(0);
  }, 30000);

  it('gives byte-identical model files for two runs with the same data, settings and seed', async () => {
    const data = await dataset('diabetes.csv');
    const settings = { target: 'progression', epochs: 3, seed: 11, hidden: [{ units: 16, activation: 'tanh' as const }] };
    const [a, b] = await Promise.all([startTraining(data, settings).promise, startTraining(data, settings).promise]);
    if (!a.ok || !b.ok) throw new Error('training failed');
    const dir = mkdtempSync(join(tmpdir(), 'dense-lab-train-'));
    try {
      await saveModelText(join(dir, 'a.dlmodel.json'), a.value.modelText);
      await saveModelText(join(dir, 'b.dlmodel.json'), b.value.modelText);
      expect(read(join(dir, 'a.dlmodel.json')).equals(read(join(dir, 'b.dlmodel.json')))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30000);

  it('pause holds the worker between batches; resume continues; stop ends with the best model so far', async () => {
    const epochs: number[] = [];
    const handle = startTraining(await dataset('digits.csv'), { target: 'digit', epochs: 200, earlyStopping: null, batchSize: 8 }, { onEpoch: (m) => epochs.push(m.epoch) });
    while (epochs.length < 1) await sleep(20);
    handle.pause();
    await sleep(150);
    const atPause = epochs.length;
    await sleep(600);
    expect(epochs.length).toBe(atPause);
    handle.resume();
    const resumedFrom = epochs.length;
    while (epochs.length < resumedFrom + 1) await sleep(20);
    handle.stop();
    const result = await handle.promise;
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.stopReason).toBe('stopped');
    expect(result.value.history.length).toBeLessThan(200);
    expect(result.value.epochOfWeights).toBe(result.value.bestEpoch);
  }, 60000);

  it('answers invalid settings at once, naming the field, without starting a worker', async () => {
    const result = await startTraining(await dataset('iris.csv'), { target: 'species', batchSize: 0 }).promise;
    expect(!result.ok && result.error.path).toBe('batchSize');
  });

  it('answers unusable data with a typed error from the worker', async () => {
    const result = await startTraining(await dataset('iris.csv'), { target: 'colour' }).promise;
    expect(!result.ok && result.error.kind).toBe('train/unknown-column');
  }, 30000);
});

describe('saveModelText', () => {
  it('refuses to write over an input file and writes atomically otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dense-lab-save-'));
    try {
      const input = join(dir, 'data.csv');
      writeFileSync(input, 'a,b\n1,2\n');
      const refused = await saveModelText(input, '{}', [input]);
      expect(!refused.ok && refused.error.kind).toBe('io/would-overwrite-input');
      expect(read(input, 'utf8')).toBe('a,b\n1,2\n');
      const saved = await saveModelText(join(dir, 'm.dlmodel.json'), 'text\n');
      expect(saved.ok).toBe(true);
      expect(read(join(dir, 'm.dlmodel.json'), 'utf8')).toBe('text\n');
      const bad = await saveModelText(join(dir, 'missing-dir', 'm.json'), 'x');
      expect(!bad.ok && bad.error.kind).toBe('io/no-folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
