/**
 * Training with the native kernels makes the same model file, byte for byte, as training without them: the
 * whole job (src-shared/jobs/train.ts) in-process with and without the injected kernels, and the training
 * service's real worker started with and without DENSE_LAB_NO_NATIVE=1.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { loadNativeAddon } from '../../../src-main/native/addon';
import { createNativeTrainingKernels } from '../../../src-main/native/native-train';
import { loadDatasetFromBytes } from '../../../src-main/services/datasets';
import { startTraining } from '../../../src-main/services/training';
import { runTrainingJob, type TrainingData } from '../../../src-shared/jobs/train';
import { resolveTrainingSettings, type TrainingSettings } from '../../../src-shared/jobs/train-settings';
import type { ActivationName } from '../../../src-shared/nn/model';
import { nativeDisabled } from './helpers';

const repoRoot = resolve(import.meta.dirname, '../../..');

async function dataset(name: string): Promise<TrainingData> {
  const path = resolve(repoRoot, 'samples', name);
  const r = await loadDatasetFromBytes(readFileSync(path), name);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function settings(s: Partial<TrainingSettings> & { target: string }): TrainingSettings {
  const r = resolveTrainingSettings(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const load = loadNativeAddon();

describe('training with the native kernels', () => {
  it(nativeDisabled ? 'has no addon when DENSE_LAB_NO_NATIVE=1' : 'has the addon (npm install / npm ci built it)', () => {
    expect(load.ok).toBe(!nativeDisabled);
  });

  if (!load.ok) return;
  const kernels = createNativeTrainingKernels(load.addon);
  const jobs: [string, string, ActivationName, number][] = [];
  for (const [file, target] of [['diabetes.csv', 'progression'], ['breast_cancer.csv', 'malignant'], ['iris.csv', 'species']]) {
    for (const activation of ['relu', 'tanh', 'sigmoid'] as const) for (const batch of [32, 10]) jobs.push([file, target, activation, batch]);
  }
  it.each(jobs)('makes the same model file byte for byte as the WebAssembly/JavaScript path (%s → %s, %s hidden layers, batch %d)', async (file, target, activation, batchSize) => {
    const data = await dataset(file);
    const s = settings({ target, epochs: 3, batchSize, seed: 5, baseline: false, hidden: [{ units: 12, activation }, { units: 9, activation }] });
    const without = runTrainingJob(data, s);
    const withNative = runTrainingJob(data, s, {}, {}, { kernels });
    if (!without.ok || !withNative.ok) throw new Error('training failed');
    expect(withNative.value.modelText).toBe(without.value.modelText);
    expect(withNative.value.history).toEqual(without.value.history);
  });

  it('makes the same model file with dropout layers (relu and tanh below them)', async () => {
    const data = await dataset('diabetes.csv');
    const s = settings({ target: 'progression', epochs: 3, batchSize: 10, seed: 4, baseline: false, hidden: [{ units: 12, activation: 'relu', dropout: 0.3 }, { units: 9, activation: 'tanh', dropout: 0.2 }] });
    const without = runTrainingJob(data, s);
    const withNative = runTrainingJob(data, s, {}, {}, { kernels });
    if (!without.ok || !withNative.ok) throw new Error('training failed');
    expect(withNative.value.modelText).toContain('"type": "dropout", "rate": 0.3');
    expect(withNative.value.modelText).toBe(without.value.modelText);
  });

  it('makes the same model file with each variant this CPU runs', async () => {
    const data = await dataset('diabetes.csv');
    const s = settings({ target: 'progression', epochs: 2, batchSize: 7, seed: 9, baseline: false, hidden: [{ units: 20, activation: 'relu' }] });
    const want = runTrainingJob(data, s);
    if (!want.ok) throw new Error(want.error.message);
    for (const variant of load.addon.variants()) {
      const r = runTrainingJob(data, s, {}, {}, { kernels: createNativeTrainingKernels(load.addon, variant) });
      expect(r.ok && r.value.modelText, variant).toBe(want.value.modelText);
    }
  });
});

describe('the training worker', () => {
  /**
   * Train in the service's worker; `noNative`: the worker starts with DENSE_LAB_NO_NATIVE=1, `threads`: with
   * DENSE_LAB_TRAIN_THREADS=2 (a worker copies process.env).
   */
  async function train(data: TrainingData, noNative: boolean, threads = false): Promise<{ modelText: string; kernels: string | undefined }> {
    const saved = process.env.DENSE_LAB_NO_NATIVE;
    const savedThreads = process.env.DENSE_LAB_TRAIN_THREADS;
    let kernels: string | undefined;
    if (noNative) process.env.DENSE_LAB_NO_NATIVE = '1';
    if (threads) process.env.DENSE_LAB_TRAIN_THREADS = '2';
    let handle;
    try {
      handle = startTraining(data, { target: 'progression', epochs: 3, batchSize: 10, seed: 3, hidden: [{ units: 16, activation: 'relu' }, { units: 8, activation: 'tanh' }] }, { onPlan: (plan) => (kernels = plan.kernels) });
    } finally {
      if (saved === undefined) delete process.env.DENSE_LAB_NO_NATIVE;
      else process.env.DENSE_LAB_NO_NATIVE = saved;
      if (savedThreads === undefined) delete process.env.DENSE_LAB_TRAIN_THREADS;
      else process.env.DENSE_LAB_TRAIN_THREADS = savedThreads;
    }
    const r = await handle.promise;
    if (!r.ok) throw new Error(r.error.message);
    return { modelText: r.value.modelText, kernels };
  }

  it('gives the same model file with and without DENSE_LAB_NO_NATIVE=1', async () => {
    const data = await dataset('diabetes.csv');
    const [native, plain] = [await train(data, false), await train(data, true)];
    expect(native.modelText).toBe(plain.modelText);
    // The worker says what it ran, so the comparison above is known to be native against WebAssembly.
    expect(plain.kernels).toBe('WebAssembly SIMD or JavaScript');
    if (process.env.DENSE_LAB_NO_NATIVE === '1') expect(native.kernels).toBe('WebAssembly SIMD or JavaScript');
    else expect(native.kernels).toMatch(/^native (avx512|avx2|sse2)$/);
  }, 60000);

  it('gives the same model file on two threads (DENSE_LAB_TRAIN_THREADS=2)', async () => {
    const data = await dataset('diabetes.csv');
    const [two, plain] = [await train(data, false, true), await train(data, true)];
    expect(two.modelText).toBe(plain.modelText);
    if (process.env.DENSE_LAB_NO_NATIVE !== '1' && availableParallelism() >= 2) expect(two.kernels).toMatch(/^native (avx512|avx2|sse2) on 2 threads$/);
  }, 60000);
});
