import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type LoadedDataset } from '../../../src-main/services/datasets';
import { ForwardPool, type ForwardOutput } from '../../../src-main/workers/pool';
import { planEncoding } from '../../../src-shared/data/encode';
import { ROW_STATUS } from '../../../src-shared/jobs/forward';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import type { InputSpec, ModelFile } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import { modelFile, piecewiseLinear, randomLayers, referenceForward, seeded } from './reference';

const repoRoot = resolve(import.meta.dirname, '../../..');
const datasetsDir = resolve(repoRoot, 'samples');

/** Model inputs for every column but `target`: numbers standardized by the column's stats, categories shuffled, minus one. */
function inputsFor(data: LoadedDataset, target: string): InputSpec[] {
  return data.columns
    .filter((c) => c.name !== target && c.type !== 'date' && c.type !== 'empty')
    .map((c): InputSpec => {
      if (c.type === 'numeric') return { name: c.name, scale: { mean: c.mean ?? 0, std: c.std && c.std > 0 ? c.std : 1 } };
      // Shuffled so names, not codes, must be matched; one category dropped so some rows are "unknown".
      const rand = seeded(c.name.length * 31 + 1);
      const categories = [...(c.categories ?? [])];
      for (let i = categories.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [categories[i], categories[j]] = [categories[j], categories[i]];
      }
      if (categories.length === 2) categories.reverse();
      return { name: c.name, categories: categories.length > 2 ? categories.slice(1) : categories };
    });
}

/** The expected output of each row (null: an empty prediction), by the test's own encoding and forward pass. */
function expected(model: ModelFile, data: LoadedDataset): (number[] | null)[] {
  const cols = model.inputs.map((spec) => data.columns.findIndex((c) => c.name === spec.name));
  const out: (number[] | null)[] = [];
  for (let r = 0; r < data.rows; r++) {
    const x: number[] = [];
    let empty = false;
    model.inputs.forEach((spec, k) => {
      const cell = r * data.cols + cols[k];
      if (data.missing[cell] === 1) {
        empty = true;
        return;
      }
      const v = data.values[cell];
      if (spec.categories) {
        const name = data.columns[cols[k]].categories![v];
        const slot = spec.categories.indexOf(name);
        if (slot < 0) empty = true;
        for (let s = 0; s < spec.categories.length; s++) x.push(s === slot ? 1 : 0);
      } else {
        x.push(spec.scale ? (v - spec.scale.mean) / spec.scale.std : v);
      }
    });
    out.push(empty ? null : referenceForward(model.layers, x));
  }
  return out;
}

const SHAPES: { units: number; activation: ActivationName; alpha?: number }[][] = [
  [{ units: 1, activation: 'linear' }],
  [{ units: 16, activation: 'relu' }, { units: 3, activation: 'linear' }],
  [{ units: 12, activation: 'tanh' }, { units: 9, activation: 'leaky_relu', alpha: 0.1 }, { units: 2, activation: 'softmax' }],
  [{ units: 7, activation: 'elu' }, { units: 5, activation: 'sigmoid' }, { units: 6, activation: 'softplus' }, { units: 4, activation: 'relu' }, { units: 1, activation: 'sigmoid' }],
];

const DATASETS = [
  { file: 'diabetes.csv', target: 'progression' },
  { file: 'penguins.csv', target: 'species' },
  { file: 'iris.csv', target: 'sepal_length' },
  { file: 'cps85_wages.csv', target: 'union' },
  { file: 'digits.csv', target: 'digit' },
];

function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe('forward pool on the shared real datasets', () => {
  const pools = new Map<number, ForwardPool>();
  beforeAll(() => {
    for (const n of [1, 2, 4]) pools.set(n, new ForwardPool({ size: n }));
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
  });

  for (const { file, target } of DATASETS) {
    it(`${file}: random networks match the simple reference, bit for bit across 1, 2 and 4 workers`, async () => {
      const loaded = await loadDataset(resolve(datasetsDir, file));
      if (!loaded.ok) throw new Error(loaded.error.message);
      const data = loaded.value;
      const inputs = inputsFor(data, target);
      const rand = seeded(file.length * 7919);
      const width = inputs.reduce((t, s) => t + (s.categories ? s.categories.length : 1), 0);
      for (const shape of SHAPES) {
        const model = modelFile(inputs, { name: target, task: 'regression' }, randomLayers(rand, width, shape));
        const plan = planEncoding(model.inputs, data.columns);
        if (!plan.ok) throw new Error(plan.error.message);
        const net = modelToNetwork(model);
        const want = expected(model, data);
        const runs: ForwardOutput[] = [];
        for (const [n, pool] of pools) {
          // Small chunks so every worker takes part; plus the default chunking on one run.
          for (const chunkRows of n === 2 ? [13, undefined] : [5]) {
            const r = await pool.runForward({ net, plan: plan.value, matrix: data, ...(chunkRows ? { chunkRows } : {}) });
            if (!r.ok) throw new Error(r.error.message);
            runs.push(r.value);
          }
        }
        const reference = await pools.get(2)!.runForward({ net, plan: plan.value, matrix: data, kernel: 'reference', chunkRows: 11 });
        if (!reference.ok) throw new Error(reference.error.message);
        runs.push(reference.value);
        for (const run of runs) {
          expect(sameBits(run.output, runs[0].output)).toBe(true);
          expect(run.status).toEqual(runs[0].status);
        }
        const out = runs[0];
        const exact = piecewiseLinear(model.layers);
        let empties = 0;
        for (let r = 0; r < data.rows; r++) {
          const w = want[r];
          const got = Array.from(out.output.subarray(r * out.outputSize, (r + 1) * out.outputSize));
          if (w === null) {
            empties++;
            expect(out.status[r]).not.toBe(ROW_STATUS.ok);
            expect(got.every((v) => Number.isNaN(v))).toBe(true);
            continue;
          }
          expect(out.status[r]).toBe(ROW_STATUS.ok);
          for (let j = 0; j < w.length; j++) {
            if (exact) expect(got[j] === w[j], `${file} row ${r} output ${j}: ${got[j]} vs ${w[j]}`).toBe(true);
            else expect(Math.abs(got[j] - w[j])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w[j])));
          }
        }
        expect(out.okRows).toBe(data.rows - empties);
      }
    });
  }

  it('penguins: rows with an empty cell or a category the model never saw are marked, not predicted', async () => {
    const loaded = await loadDataset(resolve(datasetsDir, 'penguins.csv'));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const data = loaded.value;
    const model = modelFile(
      [{ name: 'island', categories: ['Biscoe', 'Dream'] }, { name: 'bill_length_mm' }],
      { name: 'y', task: 'regression' },
      randomLayers(seeded(3), 3, [{ units: 1, activation: 'linear' }]),
    );
    const plan = planEncoding(model.inputs, data.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const r = await pools.get(2)!.runForward({ net: modelToNetwork(model), plan: plan.value, matrix: data, chunkRows: 17 });
    if (!r.ok) throw new Error(r.error.message);
    const island = data.columns.findIndex((c) => c.name === 'island');
    const bill = data.columns.findIndex((c) => c.name === 'bill_length_mm');
    let torgersen = 0;
    let missingBill = 0;
    for (let row = 0; row < data.rows; row++) {
      const name = data.columns[island].categories![data.values[row * data.cols + island]];
      const billMissing = data.missing[row * data.cols + bill] === 1;
      if (billMissing) {
        missingBill++;
        expect(r.value.status[row]).toBe(ROW_STATUS.missingInput);
      } else if (name === 'Torgersen') {
        torgersen++;
        expect(r.value.status[row]).toBe(ROW_STATUS.unknownCategory);
      } else {
        expect(r.value.status[row]).toBe(ROW_STATUS.ok);
      }
    }
    expect(torgersen).toBeGreaterThan(0);
    expect(missingBill).toBeGreaterThan(0);
    expect(r.value.okRows).toBe(data.rows - torgersen - missingBill);
  });
});

/** A synthetic dataset big enough to keep workers busy for a while. */
function bigMatrix(rows: number, cols: number) {
  const values = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
  const rand = seeded(99);
  for (let i = 0; i < values.length; i++) values[i] = rand() * 2 - 1;
  return { rows, cols, values, missing: new Uint8Array(new SharedArrayBuffer(rows * cols)) };
}

function numericColumns(cols: number) {
  return Array.from({ length: cols }, (_, k) => ({ name: `x${k}`, type: 'numeric' as const, missing: 0, min: -1, max: 1, mean: 0, std: 0.5 }));
}

describe('forward pool: progress, cancellation, failures, shutdown', () => {
  const cols = 20;
  const matrix = bigMatrix(400_000, cols);
  const model = modelFile(
    numericColumns(cols).map((c) => ({ name: c.name })),
    { name: 'y', task: 'regression' },
    randomLayers(seeded(5), cols, [{ units: 64, activation: 'relu' }, { units: 64, activation: 'tanh' }, { units: 1, activation: 'linear' }]),
  );
  const planned = planEncoding(model.inputs, numericColumns(cols));
  if (!planned.ok) throw new Error(planned.error.message);
  const plan = planned;
  const net = modelToNetwork(model);
  const small = { ...matrix, rows: 2000 };
  let pool: ForwardPool;
  let baseline: Float64Array;

  beforeAll(async () => {
    pool = new ForwardPool({ size: 2, silenceTimeoutMs: 400 });
    const r = await pool.runForward({ net, plan: plan.value, matrix: small });
    if (!r.ok) throw new Error(r.error.message);
    baseline = r.value.output.slice();
  });
  afterAll(async () => {
    await pool.close();
  });

  async function stillWorks(): Promise<void> {
    const r = await pool.runForward({ net, plan: plan.value, matrix: small });
    expect(r.ok && sameBits(r.value.output, baseline)).toBe(true);
  }

  it('reports progress that only grows and ends at the row count', async () => {
    const seen: number[] = [];
    const r = await pool.runForward({ net, plan: plan.value, matrix: { ...matrix, rows: 100_000 }, kernel: 'reference' }, { onProgress: (done) => seen.push(done) });
    expect(r.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1])).toBe(true);
    expect(seen[seen.length - 1]).toBe(100_000);
  });

  it('cancels a running job before it reaches the end, and the pool stays usable', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    let lastDone = 0;
    const job = pool.runForward(
      { net, plan: plan.value, matrix, kernel: 'reference' },
      {
        signal: controller.signal,
        onProgress: (done) => {
          lastDone = done;
          if (done > 0 && abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      },
    );
    const r = await job;
    const latency = performance.now() - abortedAt;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('job/cancelled');
    // Workers check the shared cancel flag between chunks, so they stop long before the last row.
    // The latency is reported, not asserted: timings on a shared machine are noise (bench/ measures speed).
    expect(lastDone).toBeLessThan(matrix.rows);
    console.info(`pool cancel latency: ${latency.toFixed(1)} ms`);
    await stillWorks();
  });

  it('a worker that throws fails its job with a sentence, the exception under Details; the pool replaces it', async () => {
    const r = await pool.runForward({ net, plan: plan.value, matrix, testFault: 'throw' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('job/worker-crashed');
      expect(r.error.message).toMatch(/^The forward worker stopped unexpectedly;/);
      expect(r.error.detail).toContain('injected test fault');
    }
    await stillWorks();
  });

  it('a worker that exits fails its job with its exit code; the pool replaces it', async () => {
    const r = await pool.runForward({ net, plan: plan.value, matrix, testFault: 'exit' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('job/worker-exited');
      expect(r.error.message).toContain('exit code 7');
    }
    await stillWorks();
  });

  it('a worker that hangs is stopped by the watchdog: the job times out instead of waiting forever', async () => {
    const r = await pool.runForward({ net, plan: plan.value, matrix, testFault: 'hang' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('job/timeout');
      expect(r.error.message).toContain('no progress for 0.4 s');
    }
    await stillWorks();
  });

  it('queues jobs asked for at the same time and runs each to the same result', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => pool.runForward({ net, plan: plan.value, matrix: small, chunkRows: 64 })));
    for (const r of [a, b, c]) expect(r.ok && sameBits(r.value.output, baseline)).toBe(true);
  });

  it('close() cancels the running job, stops the workers, and refuses later jobs', async () => {
    const own = new ForwardPool({ size: 2 });
    const running = own.runForward({ net, plan: plan.value, matrix, kernel: 'reference' }, { onProgress: (done) => done > 0 && void own.close() });
    const r = await running;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('job/cancelled');
    await own.close();
    const after = await own.runForward({ net, plan: plan.value, matrix: small });
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.error.kind).toBe('job/pool-closed');
  });

  it('reads a matrix that is a view at an offset into a larger shared buffer', async () => {
    const n = small.rows * cols;
    const buffer = new SharedArrayBuffer((n + 24) * 8);
    const values = new Float64Array(buffer, 16 * 8, n);
    values.set(small.values.subarray(0, n));
    new Float64Array(buffer, 0, 16).fill(NaN);
    const missingBuffer = new SharedArrayBuffer(n + 40);
    const missing = new Uint8Array(missingBuffer, 7, n);
    new Uint8Array(missingBuffer, 0, 7).fill(1);
    const r = await pool.runForward({ net, plan: plan.value, matrix: { rows: small.rows, cols, values, missing } });
    expect(r.ok && sameBits(r.value.output, baseline)).toBe(true);
  });

  it('refuses a matrix smaller than its row and column counts say', async () => {
    const r = await pool.runForward({ net, plan: plan.value, matrix: { ...small, values: small.values.subarray(0, 10) } });
    expect(!r.ok && r.error.kind).toBe('job/invalid');
  });

  it('a plain (non-shared) matrix is copied once into shared memory and gives the same result', async () => {
    const plain = { rows: small.rows, cols, values: small.values.slice(0, small.rows * cols), missing: new Uint8Array(small.rows * cols) };
    expect(plain.values.buffer instanceof SharedArrayBuffer).toBe(false);
    const r = await pool.runForward({ net, plan: plan.value, matrix: plain });
    expect(r.ok && sameBits(r.value.output, baseline)).toBe(true);
    if (r.ok) expect(r.value.output.buffer instanceof SharedArrayBuffer).toBe(true);
  });
});
