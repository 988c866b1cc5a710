import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictDataset } from '../../../../src-main/services/predict';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { LayerSpec } from '../../../../src-shared/model-file/types';
import { makeDataset } from '../../shared/jobs/dataset-helper';
import { modelFile, randomLayers, seeded } from '../../workers/reference';

let pool1: ForwardPool;
let pool2: ForwardPool;
beforeAll(() => {
  pool1 = new ForwardPool({ size: 1 });
  pool2 = new ForwardPool({ size: 2 });
});
afterAll(async () => {
  await Promise.all([pool1.close(), pool2.close()]);
});

const INPUTS = 10;
const ROWS = 20_000;
const names = Array.from({ length: INPUTS }, (_, i) => `x${i}`);
const rand = seeded(21);
// every 37th row misses an input: those rows must not be counted
const rows = Array.from({ length: ROWS }, (_, r) => names.map((_, i) => (r % 37 === 0 && i === 3 ? null : rand() * 4 - 2)));
const data = makeDataset(names.map((name) => ({ name, type: 'numeric' as const })), rows);
const layers = randomLayers(seeded(4), INPUTS, [
  { units: 24, activation: 'relu' },
  { units: 12, activation: 'tanh' },
  { units: 1, activation: 'linear' },
]);
// a dead ReLU unit: a large negative bias
(layers[0].bias as number[])[5] = -100;
const model = modelFile(names.map((name) => ({ name })), { name: 'y', task: 'regression' }, layers);

/** Hidden activations of one row by the textbook formulas (the engine's summation order). */
function hidden(spec: readonly LayerSpec[], x: number[]): number[][] {
  const out: number[][] = [];
  let a = x;
  for (const layer of spec.slice(0, -1)) {
    const next: number[] = [];
    for (let j = 0; j < layer.units; j++) {
      let acc = 0;
      for (let i = 0; i < a.length; i++) acc += a[i] * layer.kernel[i][j];
      const z = acc + layer.bias[j];
      next.push(layer.activation === 'relu' ? (z > 0 ? z : 0) : Math.tanh(z));
    }
    out.push(next);
    a = next;
  }
  return out;
}

describe('activation statistics of a predict job', () => {
  it('per unit over every predicted row: rows, zero rows, saturated rows (bounded functions only), min, max, mean, checked against a reference', async () => {
    const r = await predictDataset(model, data, { pool: pool2, activationStats: true });
    if (!r.ok) throw new Error(r.error.message);
    const summary = r.value.hidden!;
    expect(summary.map((s) => [s.layer, s.activation, s.units.length])).toEqual([
      [0, 'relu', 24],
      [1, 'tanh', 12],
    ]);
    const used = rows.filter((row) => row.every((v) => v !== null)) as number[][];
    const acts = used.map((row) => hidden(layers, row));
    for (const [l, s] of summary.entries()) {
      s.units.forEach((u, j) => {
        const v = acts.map((a) => a[l][j]);
        expect(u.rows).toBe(used.length);
        expect(u.zeroRows).toBe(v.filter((x) => x === 0).length);
        // Only bounded functions saturate: a ReLU unit's |a| > 0.99 is not saturation.
        expect(u.saturatedRows).toBe(s.activation === 'tanh' ? v.filter((x) => Math.abs(x) > 0.99).length : 0);
        expect(u.min).toBe(v.reduce((m, x) => (x < m ? x : m), Infinity));
        expect(u.max).toBe(v.reduce((m, x) => (x > m ? x : m), -Infinity));
        expect(u.mean).toBeCloseTo(v.reduce((t, x) => t + x, 0) / v.length, 12);
      });
      // histogram: 30 bins from the layer's min to max, counting every unit of every used row
      const all = acts.flatMap((a) => a[l]);
      const min = all.reduce((m, x) => (x < m ? x : m), Infinity);
      const max = all.reduce((m, x) => (x > m ? x : m), -Infinity);
      expect(s.histogram.edges).toHaveLength(31);
      expect(s.histogram.edges[0]).toBe(min);
      expect(s.histogram.edges[30]).toBe(max);
      const width = (max - min) / 30;
      const ref = new Array<number>(30).fill(0);
      for (const v of all) ref[Math.min(29, Math.floor((v - min) / width))]++;
      expect(s.histogram.counts).toEqual(ref);
    }
    expect(summary[0].units[5].zeroRows).toBe(summary[0].units[5].rows);
  });

  it('predictions are bit-identical with and without statistics (fast and reference kernels)', async () => {
    for (const kernel of ['fast', 'reference'] as const) {
      const plain = await predictDataset(model, data, { pool: pool2, kernel });
      const withStats = await predictDataset(model, data, { pool: pool2, kernel, activationStats: true });
      if (!plain.ok || !withStats.ok) throw new Error('prediction failed');
      const a = plain.value.columns[0];
      const b = withStats.value.columns[0];
      if (a.kind !== 'number' || b.kind !== 'number') throw new Error('expected numbers');
      expect(Buffer.from(b.values.buffer, b.values.byteOffset, b.values.byteLength).equals(Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength))).toBe(true);
    }
  });

  it('the same statistics, bit for bit, with 1 and 2 workers', async () => {
    const one = await predictDataset(model, data, { pool: pool1, activationStats: true });
    const two = await predictDataset(model, data, { pool: pool2, activationStats: true });
    if (!one.ok || !two.ok) throw new Error('prediction failed');
    expect(two.value.workers).toBe(2);
    expect(two.value.hidden).toEqual(one.value.hidden);
    // toEqual treats −0 and 0 alike and compares numbers by value: means must be the very same doubles
    expect(two.value.hidden!.flatMap((s) => s.units.map((u) => u.mean))).toStrictEqual(one.value.hidden!.flatMap((s) => s.units.map((u) => u.mean)));
  });

  it('sigmoid units count as saturated below 0.01 or above 0.99; a one-layer network has no hidden layers', async () => {
    const sig = modelFile([{ name: 'x0' }], { name: 'y', task: 'regression' }, [
      { units: 1, activation: 'sigmoid', kernel: [[10]], bias: [0] },
      { units: 1, activation: 'linear', kernel: [[1]], bias: [0] },
    ]);
    const small = makeDataset([{ name: 'x0', type: 'numeric' }], [[-1], [0], [0.1], [1]]);
    const r = await predictDataset(sig, small, { pool: pool1, activationStats: true });
    if (!r.ok) throw new Error(r.error.message);
    // σ(−10) ≈ 0.0000454, σ(0) = 0.5, σ(1) ≈ 0.731, σ(10) ≈ 0.99995
    expect(r.value.hidden![0].units[0]).toMatchObject({ rows: 4, saturatedRows: 2, zeroRows: 0 });
    const flat = await predictDataset(modelFile([{ name: 'x0' }], { name: 'y', task: 'regression' }, [{ units: 1, activation: 'linear', kernel: [[1]], bias: [0] }]), small, { pool: pool1, activationStats: true });
    if (!flat.ok) throw new Error(flat.error.message);
    expect(flat.value.hidden).toEqual([]);
  });
});
