/**
 * The native training kernels on two threads (ops() and adamMany() with threads 2, native/src/train-pool.cpp): the
 * products split by rows or column panels and Adam split by parameter ranges give the bits of one thread, of the
 * documented sums and of the WebAssembly and JavaScript training paths; bad arguments still throw; a worker or a
 * process that used the helper thread exits cleanly.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadNativeAddon, type NativeAddon } from '../../../src-main/native/addon';
import { createNativeTrainingKernels, trainingThreads } from '../../../src-main/native/native-train';
import { createNetwork } from '../../../src-shared/nn/init';
import type { ActivationName, Network } from '../../../src-shared/nn/model';
import { optimizerSettings } from '../../../src-shared/nn/optimizers';
import { trainNetwork } from '../../../src-shared/nn/train';
import { firstDifference, gemmLayout, referenceGemm, seeded } from './helpers';

const load = loadNativeAddon();

describe('trainingThreads', () => {
  it('uses the helper thread only when DENSE_LAB_TRAIN_THREADS=2 asks and there are two cores or more', () => {
    expect(trainingThreads({}, 64)).toBe(1);
    expect(trainingThreads({ DENSE_LAB_TRAIN_THREADS: '1' }, 64)).toBe(1);
    expect(trainingThreads({ DENSE_LAB_TRAIN_THREADS: '2' }, 1)).toBe(1);
    expect(trainingThreads({ DENSE_LAB_TRAIN_THREADS: '2' }, 2)).toBe(2);
  });
});


if (load.ok) {
  const addon: NativeAddon = load.addon;
  const rand = seeded(91);
  // values of mixed magnitudes, so a fused or reordered sum would show in the last bits
  const fill = (f: Float64Array) => {
    for (let i = 0; i < f.length; i++) f[i] = (rand() * 2 - 1) * 10 ** Math.floor(rand() * 6 - 3);
  };

  describe('ops with threads 2', () => {
    // [what, m, k, n, A transposed]: large enough to be split (m·k·n ≥ 100,000), rows that do not halve evenly
    // into register tiles, column panels cut off-vector, and a C narrower than a SIMD vector
    const shapes: [string, number, number, number, boolean][] = [
      ['a training step, 100 × 100', 32, 100, 100, false],
      ['kernel gradient (A transposed)', 100, 32, 100, true],
      ['odd rows and columns', 37, 101, 53, false],
      ['7 rows: split by column panels', 7, 150, 101, false],
      ['one row: split by column panels', 1, 200, 1000, false],
      ['n = 3, narrower than a vector', 211, 160, 3, false],
      ['n = 5, A transposed', 641, 32, 5, true],
      ['below the split size', 9, 10, 11, false],
    ];
    it.each(shapes)('gemm (%s: m %d, k %d, n %d) gives the bits of one thread and of the reference sums', (_what, m, k, n, transposed) => {
      for (const withBias of [true, false]) {
        const { memory, f, a, sai, sak, b, bias, c } = gemmLayout(m, k, n, transposed, fill);
        const record = Float64Array.of(0, a * 8, sai * 8, sak * 8, b * 8, c * 8, withBias ? bias * 8 : 0, m, k, n, n * 8);
        const one = memory.slice(0);
        addon.ops(one, record, 1, undefined, 1);
        const want = Float64Array.from(f);
        referenceGemm(want, a, sai, sak, b, c, withBias ? bias : -1, m, k, n, n);
        // several calls: the helper asleep, waking and spinning
        for (let round = 0; round < 3; round++) {
          const two = memory.slice(0);
          addon.ops(two, record, 1, undefined, 2);
          expect(firstDifference(new Float64Array(two), new Float64Array(one))).toBe(-1);
          expect(firstDifference(new Float64Array(two), want)).toBe(-1);
        }
      }
    });
  });

  describe('adamMany with threads 2', () => {
    it.each([
      ['a network\'s parameters', [1000, 100, 10000, 100, 100, 1]],
      ['lengths off the vector width, the split inside one array', [4099]],
      ['many small arrays', [3001, 1, 1500, 7, 13, 2]],
      ['below the split size', [13, 8, 1]],
    ])('gives adam\'s bits (%s)', (_what, lengths) => {
      const arrays = lengths.flatMap((n) => [0, 1, 2, 3].map((k) => Float64Array.from({ length: n }, () => (k === 3 ? rand() : rand() - 0.5))));
      const one = arrays.map((x) => Float64Array.from(x));
      const two = arrays.map((x) => Float64Array.from(x));
      for (let step = 0; step < 3; step++) {
        addon.adamMany(one, 1e-3 * (step + 1), 0.1, 1e-3, 1e-7, undefined, 1);
        addon.adamMany(two, 1e-3 * (step + 1), 0.1, 1e-3, 1e-7, undefined, 2);
      }
      two.forEach((x, k) => expect(firstDifference(x, one[k])).toBe(-1));
    });

    it('keeps the order of quadruples that share an array (then it does not split)', () => {
      const w = Float64Array.from({ length: 5000 }, () => rand() - 0.5);
      const quad = () => [w, Float64Array.from({ length: 5000 }, () => rand() - 0.5), new Float64Array(5000), new Float64Array(5000)];
      const arrays = [...quad(), ...quad()];
      const one = arrays.map((x) => Float64Array.from(x));
      one[4] = one[0];
      const two = arrays.map((x) => Float64Array.from(x));
      two[4] = two[0];
      addon.adamMany(one, 1e-3, 0.1, 1e-3, 1e-7, undefined, 1);
      addon.adamMany(two, 1e-3, 0.1, 1e-3, 1e-7, undefined, 2);
      two.forEach((x, k) => expect(firstDifference(x, one[k])).toBe(-1));
    });
  });

  describe('training on two threads', () => {
    const run = (sizes: number[], activation: ActivationName, batchSize: number, rows: number, options: Record<string, unknown>): Network => {
      const r = seeded(sizes.length * 1000 + batchSize);
      const inputs = sizes[0];
      const x = Float64Array.from({ length: rows * inputs }, () => r() * 2 - 1);
      const y = Float64Array.from({ length: rows }, (_, k) => Math.sin(x[k * inputs]) + x[k * inputs + 1]);
      const net = createNetwork({ inputSize: inputs, layers: [...sizes.slice(1).map((units) => ({ units, activation })), { units: 1, activation: 'linear' as const }], seed: 3 });
      trainNetwork(net, { x, y, rows }, null, {
        loss: 'mse', metric: 'regression', optimizer: optimizerSettings('adam'), weightDecay: 0, batchSize, epochs: 2, seed: 1, shuffle: true,
        earlyStopping: null, targetStd: 1, reportEveryBatches: 0, ...options,
      });
      return net;
    };
    const bytes = (net: Network) => Buffer.concat(net.layers.flatMap((l) => [Buffer.from(l.kernel.buffer, l.kernel.byteOffset, l.kernel.byteLength), Buffer.from(l.bias.buffer, l.bias.byteOffset, l.bias.byteLength)]));
    // [inputs, hidden…] (+ a linear output unit), activation, batch size, rows: the course network, a layer of 5 units
    // (narrower than a vector) under a wide one, a wide layer that batch 1 still splits, a non-relu network
    const cases: [number[], ActivationName, number, number][] = [
      [[10, 100, 100], 'relu', 32, 700],
      [[10, 100, 100], 'relu', 7, 300],
      [[10, 640, 5], 'relu', 32, 300],
      [[3, 400, 300], 'relu', 1, 40],
      [[6, 120, 90], 'tanh', 32, 200],
    ];
    it.each(cases)('gives the weights of one thread and of WebAssembly byte for byte (%j, %s, batch %d, %d rows)', (sizes, activation, batch, rows) => {
      const wasm = bytes(run(sizes, activation, batch, rows, { simd: true }));
      const one = createNativeTrainingKernels(addon);
      const { opsAdam: _ride, ...apart } = one;
      const two = createNativeTrainingKernels(addon, undefined, { threads: 2 });
      const { opsAdam: _twoRide, ...twoApart } = two;
      // one thread with Adam riding along the products (opsAdam), one thread without, two threads with and without
      for (const kernels of [one, apart, two, twoApart]) expect(bytes(run(sizes, activation, batch, rows, { kernels })).equals(wasm), kernels.name).toBe(true);
      // with weight decay the loop adds 2λw to the gradients between the products and Adam: no riding
      expect(bytes(run(sizes, activation, batch, rows, { kernels: one, weightDecay: 1e-3 })).equals(bytes(run(sizes, activation, batch, rows, { simd: true, weightDecay: 1e-3 })))).toBe(true);
    });
  });

  describe('bad arguments still throw a clear error', () => {
    const memory = new ArrayBuffer(800);
    const v = new Float64Array(4);
    const cases: [string, () => void, RegExp][] = [
      ['ops: threads 3', () => addon.ops(memory, Float64Array.of(2, 0, 0, 4), 1, undefined, 3 as 2), /threads must be 1 or 2, got 3/],
      ['ops: threads 0', () => addon.ops(memory, Float64Array.of(2, 0, 0, 4), 1, undefined, 0 as 1), /threads must be 1 or 2, got 0/],
      ['ops: threads a string', () => addon.ops(memory, Float64Array.of(2, 0, 0, 4), 1, undefined, '2' as unknown as 2), /threads must be a number/],
      ['ops: threads 1.5', () => addon.ops(memory, Float64Array.of(2, 0, 0, 4), 1, undefined, 1.5 as 1), /threads must be a non-negative integer/],
      ['ops on two threads: C past the end', () => addon.ops(memory, Float64Array.of(0, 0, 8, 8, 80, 760, 0, 2, 1, 4, 32), 1, undefined, 2), /c reaches byte 824 of a 800-byte memory/],
      ['adamMany: threads 4', () => addon.adamMany([v, new Float64Array(4), new Float64Array(4), new Float64Array(4)], 1e-3, 0.1, 1e-3, 1e-7, undefined, 4 as 2), /threads must be 1 or 2, got 4/],
      ['adamMany on two threads: m is w', () => addon.adamMany([v, new Float64Array(4), v, new Float64Array(4)], 1e-3, 0.1, 1e-3, 1e-7, undefined, 2), /must not overlap/],
      ['createNativeTrainingKernels: threads 3', () => createNativeTrainingKernels(addon, undefined, { threads: 3 as 2 }), /threads must be 1 or 2, got 3/],
    ];
    it.each(cases)('%s', (_name, call, message) => {
      expect(call).toThrow(message);
    });

    it('adamMany on two threads checks every quadruple before it updates any', () => {
      const w = Float64Array.from({ length: 5000 }, () => rand());
      const before = Float64Array.from(w);
      const good = [w, new Float64Array(5000).fill(0.5), new Float64Array(5000), new Float64Array(5000)];
      expect(() => addon.adamMany([...good, v, new Float64Array(3), new Float64Array(4), new Float64Array(4)], 1e-3, 0.1, 1e-3, 1e-7, undefined, 2)).toThrow(/same length/);
      expect(firstDifference(w, before)).toBe(-1);
    });
  });

  describe('the helper thread never keeps a thread or a process alive', () => {
    const addonPath = resolve(import.meta.dirname, '../../../native/build/Release/dense_lab_native.node');
    const script = `
      const addon = require(${JSON.stringify(addonPath)});
      const memory = new ArrayBuffer(8 * 40000);
      const f = new Float64Array(memory);
      for (let i = 0; i < 20000; i++) f[i] = (i % 7) - 3;
      // C (32 × 100 at 20000) = A (32 × 100 at 0) · B (100 × 100 at 5000), on two threads
      for (let r = 0; r < 50; r++) addon.ops(memory, Float64Array.of(0, 0, 800, 8, 40000, 160000, 0, 32, 100, 100, 800), 1, undefined, 2);
    `;

    it('a worker that used it exits with code 0', async () => {
      const worker = new Worker(script, { eval: true });
      const code = await new Promise<number>((done, fail) => {
        worker.on('exit', done);
        worker.on('error', fail);
      });
      expect(code).toBe(0);
    });

    it('a process that used it exits by itself with code 0', () => {
      const r = spawnSync(process.execPath, ['-e', script], { timeout: 20000, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  });
}
