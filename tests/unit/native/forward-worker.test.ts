import { afterAll, describe, expect, it } from 'vitest';
import { ForwardPool } from '../../../src-main/workers/pool';
import { loadNativeAddon } from '../../../src-main/native/addon';
import { preferredNativeVariant } from '../../../src-main/native/native-forward';
import { planEncoding } from '../../../src-shared/data/encode';
import type { ColumnInfo, DatasetMatrix } from '../../../src-shared/data/dataset';
import { forwardBatch } from '../../../src-shared/nn/forward';
import { outputSize, type Network } from '../../../src-shared/nn/model';
import { firstDifference, nativeDisabled, randomNetwork, seeded } from './helpers';

/** A numeric dataset on SharedArrayBuffers whose columns feed the network unscaled, so its values are the network's input. */
function dataset(rand: () => number, rows: number, cols: number): { matrix: DatasetMatrix; columns: ColumnInfo[] } {
  const values = new Float64Array(new SharedArrayBuffer(rows * cols * 8)).map(() => rand() * 4 - 2);
  const columns = Array.from({ length: cols }, (_, k): ColumnInfo => ({ name: `x${k}`, type: 'numeric', missing: 0, min: -2, max: 2, mean: 0, std: 1 }));
  return { matrix: { rows, cols, values, missing: new Uint8Array(new SharedArrayBuffer(rows * cols)) }, columns };
}

/** Start a pool of 2 workers; `noNative`: its workers start with DENSE_LAB_NO_NATIVE=1 (a worker copies process.env at start). */
async function startPool(noNative: boolean): Promise<ForwardPool> {
  const saved = process.env.DENSE_LAB_NO_NATIVE;
  if (noNative) process.env.DENSE_LAB_NO_NATIVE = '1';
  try {
    const pool = new ForwardPool({ size: 2 });
    const ready = await pool.warmUp();
    if (!ready.ok) throw new Error(ready.error.message);
    return pool;
  } finally {
    if (saved === undefined) delete process.env.DENSE_LAB_NO_NATIVE;
    else process.env.DENSE_LAB_NO_NATIVE = saved;
  }
}

const rand = seeded(404);
const net: Network = randomNetwork(rand, [12, 40, 7, 3], 1);
const { matrix, columns } = dataset(rand, 1001, 12);
const plan = planEncoding(columns.map((c) => ({ name: c.name })), columns);
const want = new Float64Array(matrix.rows * outputSize(net));
forwardBatch(net, matrix.values, matrix.rows, want);
const pools: ForwardPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

async function run(noNative: boolean): Promise<{ kernel: string; output: Float64Array }> {
  if (!plan.ok) throw new Error(plan.error.message);
  const pool = await startPool(noNative);
  pools.push(pool);
  const r = await pool.runForward({ net, plan: plan.value, matrix, chunkRows: 37 });
  if (!r.ok) throw new Error(r.error.message);
  return { kernel: r.value.kernel, output: r.value.output };
}

describe('forward workers and the native kernel', () => {
  const load = loadNativeAddon();
  // On a CPU without AVX2 the native kernel is no faster than WebAssembly, and the workers keep WebAssembly.
  const variant = load.ok ? preferredNativeVariant(load.addon) : undefined;
  const expected = variant !== undefined ? `native-${variant}` : 'wasm-simd';

  it(nativeDisabled ? 'use WebAssembly when DENSE_LAB_NO_NATIVE=1, bit-identical to forwardBatch' : 'use the native kernel where it beats WebAssembly, bit-identical to forwardBatch', async () => {
    expect(load.ok).toBe(!nativeDisabled);
    const r = await run(false);
    expect(r.kernel).toBe(nativeDisabled ? 'wasm-simd' : expected);
    expect(firstDifference(r.output, want)).toBe(-1);
  });

  it('fall back to WebAssembly in workers started with DENSE_LAB_NO_NATIVE=1, with the same bits', async () => {
    const r = await run(true);
    expect(r.kernel).toBe('wasm-simd');
    expect(firstDifference(r.output, want)).toBe(-1);
  });
});
