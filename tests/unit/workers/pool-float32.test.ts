import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src-main/services/datasets';
import { ForwardPool, type ForwardOutput } from '../../../src-main/workers/pool';
import { encodeRows, planEncoding } from '../../../src-shared/data/encode';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import type { InputSpec } from '../../../src-shared/model-file/types';
import { createForwardKernel } from '../../../src-shared/nn/kernels/forward-kernel';
import { modelFile, randomLayers, seeded } from './reference';

const samples = resolve(import.meta.dirname, '../../../samples');

function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe('forward pool, float32 mode', () => {
  const pools = new Map<number, ForwardPool>();
  beforeAll(() => {
    for (const n of [1, 2]) pools.set(n, new ForwardPool({ size: n }));
  });
  afterAll(async () => {
    await Promise.all([...pools.values()].map((p) => p.close()));
  });

  it('digits.csv: the same bits with 1 and 2 workers and any chunking, equal to the float32 reference kernel, within 1e-3 of float64', async () => {
    const loaded = await loadDataset(resolve(samples, 'digits.csv'));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const data = loaded.value;
    const inputs: InputSpec[] = data.columns.filter((c) => c.name !== 'digit').map((c) => ({ name: c.name, scale: { mean: c.mean ?? 0, std: c.std && c.std > 0 ? c.std : 1 } }));
    const rand = seeded(3232);
    const model = modelFile(inputs, { name: 'digit', task: 'regression' }, randomLayers(rand, inputs.length, [{ units: 37, activation: 'relu' }, { units: 19, activation: 'tanh' }, { units: 10, activation: 'softmax' }]));
    const plan = planEncoding(model.inputs, data.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const net = modelToNetwork(model);
    const runs: ForwardOutput[] = [];
    for (const [n, pool] of pools) {
      for (const chunkRows of n === 2 ? [13, undefined] : [7]) {
        const r = await pool.runForward({ net, plan: plan.value, matrix: data, precision: 'float32', ...(chunkRows ? { chunkRows } : {}) });
        if (!r.ok) throw new Error(r.error.message);
        expect(r.value.precision).toBe('float32');
        runs.push(r.value);
      }
    }
    for (const run of runs) expect(sameBits(run.output, runs[0].output)).toBe(true);
    // the float32 reference: the WebAssembly float32 kernel on the same encoded rows
    const x = new Float64Array(data.rows * plan.value.width);
    encodeRows(plan.value, data, 0, data.rows, x, new Uint8Array(data.rows));
    const want = new Float64Array(data.rows * 10);
    createForwardKernel(net, { precision: 'float32' }).run(x, data.rows, want);
    expect(sameBits(runs[0].output, want)).toBe(true);
    const exact = await pools.get(2)!.runForward({ net, plan: plan.value, matrix: data });
    if (!exact.ok) throw new Error(exact.error.message);
    expect(exact.value.precision).toBe('float64');
    let worst = 0;
    for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(runs[0].output[k] - exact.value.output[k]) / (1 + Math.abs(exact.value.output[k])));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-3);
  });
});
