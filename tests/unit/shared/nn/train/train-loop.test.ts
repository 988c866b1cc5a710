import { describe, expect, it } from 'vitest';
import { evaluate, shuffleInPlace, trainNetwork, type TrainLoopOptions, type TrainingRows } from '../../../../../src-shared/nn/train';
import { createWorkspace } from '../../../../../src-shared/nn/backward';
import { createNetwork } from '../../../../../src-shared/nn/init';
import { createRandom } from '../../../../../src-shared/nn/random';
import { optimizerSettings } from '../../../../../src-shared/nn/optimizers';
import { wobble } from './helpers';

function line(rows: number, slope: number, seed: number): TrainingRows {
  const x = new Float64Array(rows).map((_, k) => wobble(seed + k));
  const y = new Float64Array(rows).map((_, r) => slope * x[r] + 0.5);
  return { x, y, rows };
}

const base: TrainLoopOptions = {
  loss: 'mse',
  metric: 'regression',
  optimizer: optimizerSettings('adam', { learningRate: 0.01 }),
  weightDecay: 0,
  batchSize: 8,
  epochs: 30,
  seed: 3,
  shuffle: true,
  earlyStopping: null,
  targetStd: 1,
  reportEveryBatches: 0,
};

const smallNet = (seed = 1) => createNetwork({ inputSize: 1, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed });

describe('trainNetwork', () => {
  it('lowers the loss and reaches R² > 0.95 on a straight line', () => {
    const network = smallNet();
    const result = trainNetwork(network, line(100, 2, 0), line(30, 2, 500), { ...base, epochs: 60 });
    expect(result.stopReason).toBe('completed');
    expect(result.history).toHaveLength(60);
    expect(result.history[59].loss).toBeLessThan(result.history[0].loss / 10);
    expect(result.history[59].valR2).toBeGreaterThan(0.95);
  });

  it('is reproducible: same data, settings and seed give the same weights bit for bit', () => {
    const a = smallNet(7);
    const b = smallNet(7);
    trainNetwork(a, line(50, -1, 0), null, base);
    trainNetwork(b, line(50, -1, 0), null, base);
    expect(Array.from(a.layers[0].kernel)).toEqual(Array.from(b.layers[0].kernel));
    expect(Array.from(a.layers[1].bias)).toEqual(Array.from(b.layers[1].bias));
    const c = smallNet(7);
    trainNetwork(c, line(50, -1, 0), null, { ...base, seed: 4 });
    expect(Array.from(c.layers[0].kernel)).not.toEqual(Array.from(a.layers[0].kernel));
  });

  it('early stopping (Keras): stops after `patience` epochs without improvement and restores the best weights', () => {
    // Validation follows the opposite law, so its loss rises once training starts to fit.
    const network = createNetwork({ inputSize: 1, layers: [{ units: 1, activation: 'linear' }], seed: 2 });
    network.layers[0].kernel[0] = 0;
    const result = trainNetwork(network, line(64, 3, 0), line(64, -3, 900), {
      ...base,
      optimizer: optimizerSettings('sgd', { learningRate: 0.05 }),
      earlyStopping: { patience: 2, minDelta: 0, restoreBestWeights: true },
    });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.bestEpoch).toBe(1);
    expect(result.history).toHaveLength(3);
    expect(result.epochOfWeights).toBe(1);
    const ws = createWorkspace(network, 8);
    expect(evaluate(network, ws, line(64, -3, 900), 'mse', 'regression', 1).loss).toBe(result.history[0].valLoss);
  });

  it('early stopping without restore keeps the last epoch’s weights, as Keras does', () => {
    const network = createNetwork({ inputSize: 1, layers: [{ units: 1, activation: 'linear' }], seed: 2 });
    network.layers[0].kernel[0] = 0;
    const result = trainNetwork(network, line(64, 3, 0), line(64, -3, 900), {
      ...base,
      optimizer: optimizerSettings('sgd', { learningRate: 0.05 }),
      earlyStopping: { patience: 0, minDelta: 0, restoreBestWeights: false },
    });
    expect(result.history).toHaveLength(2);
    expect(result.epochOfWeights).toBe(2);
  });

  it('a user stop between batches ends training with the best weights so far', () => {
    const network = smallNet();
    let asked = 0;
    const result = trainNetwork(network, line(64, 2, 0), line(16, 2, 300), { ...base, epochs: 10 }, {
      control: () => (++asked > 8 * 3 + 2 ? 'stop' : 'continue'),
    });
    expect(result.stopReason).toBe('stopped');
    expect(result.history).toHaveLength(3);
    expect(result.epochOfWeights).toBe(result.bestEpoch);
  });

  it('reports batch progress every N batches and metrics every epoch', () => {
    const batches: number[] = [];
    const epochs: number[] = [];
    trainNetwork(smallNet(), line(80, 2, 0), null, { ...base, epochs: 2, reportEveryBatches: 3 }, {
      onBatch: (p) => batches.push(p.batch),
      onEpoch: (m) => epochs.push(m.epoch),
    });
    expect(batches).toEqual([3, 6, 9, 3, 6, 9]);
    const progress: number[] = [];
    trainNetwork(smallNet(), line(80, 2, 0), null, { ...base, epochs: 1, reportEveryBatches: 4 }, { onBatch: (p) => progress.push(p.mae ?? NaN) });
    for (const mae of progress) expect(mae).toBeGreaterThan(0);
    expect(epochs).toEqual([1, 2]);
  });

  it('a runaway learning rate ends as diverged instead of returning NaN weights', () => {
    const network = smallNet();
    const result = trainNetwork(network, line(64, 2, 0), null, { ...base, optimizer: optimizerSettings('sgd', { learningRate: 1e6 }), epochs: 50 });
    expect(result.stopReason).toBe('diverged');
    for (const w of network.layers[0].kernel) expect(Number.isFinite(w)).toBe(true);
  });

  it('classification accuracy: learns a threshold with sigmoid + binary cross-entropy', () => {
    const rows = 120;
    const x = new Float64Array(rows).map((_, k) => 2 * wobble(k));
    const y = new Float64Array(rows).map((_, r) => (x[r] > 0.3 ? 1 : 0));
    const network = createNetwork({ inputSize: 1, layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], seed: 5 });
    const result = trainNetwork(network, { x, y, rows }, null, { ...base, loss: 'binary_crossentropy', metric: 'classification', epochs: 80, optimizer: optimizerSettings('adam', { learningRate: 0.05 }) });
    expect(result.history[79].accuracy).toBeGreaterThan(0.95);
  });

  it('shuffles with Fisher–Yates: a permutation, different per seed', () => {
    const a = new Int32Array(20).map((_, i) => i);
    shuffleInPlace(a, createRandom(1).nextInt);
    expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const b = new Int32Array(20).map((_, i) => i);
    shuffleInPlace(b, createRandom(2).nextInt);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe('trainNetwork with and without SIMD', () => {
  it('trains to the same weights bit for bit (reproducible on hosts without WebAssembly SIMD)', () => {
    const rows = 70;
    const x = new Float64Array(rows * 4).map((_, k) => wobble(k));
    const y = new Float64Array(rows).map((_, r) => x[4 * r] - 2 * x[4 * r + 3]);
    const make = () => createNetwork({ inputSize: 4, layers: [{ units: 16, activation: 'relu' }, { units: 8, activation: 'elu' }, { units: 1, activation: 'linear' }], seed: 9 });
    const a = make();
    const b = make();
    trainNetwork(a, { x, y, rows }, null, { ...base, epochs: 3, simd: true });
    trainNetwork(b, { x, y, rows }, null, { ...base, epochs: 3, simd: false });
    a.layers.forEach((l, i) => {
      expect(Array.from(l.kernel)).toEqual(Array.from(b.layers[i].kernel));
      expect(Array.from(l.bias)).toEqual(Array.from(b.layers[i].bias));
    });
  });
});
