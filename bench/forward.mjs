#!/usr/bin/env node
/**
 * Forward throughput of the worker pool: rows/s and GFLOP/s (2·inputs·units per layer per row) for
 *   10 → Dense(100, relu) → Dense(100, relu) → Dense(1)   over 1,000,000 rows
 *   784 → Dense(128, relu) → Dense(64, relu) → Dense(10, softmax)   over 60,000 rows
 * with 1 worker and with all, on the fast kernel (native where it is built, else WebAssembly SIMD) and, on a
 * slice, on the engine's forwardBatch. Also checks that every run gives the same bits (fast vs forwardBatch,
 * 1 vs all workers, native vs WebAssembly).
 *
 * Usage: node bench/forward.mjs [--workers N] [--runs N] [--fast-only] [--compare-wasm] [--wide] [--float32] [--json]
 * (--runs: timed repeats of each run, the median is shown; --fast-only: skip the forwardBatch runs;
 * --compare-wasm: also run pools whose workers skip the native kernel (DENSE_LAB_NO_NATIVE=1), as peers;
 * --wide: add 10 → 1024 relu → 1024 relu → 1 over 100,000 rows;
 * --float32: also run the float32 mode (precision 'float32') with 1 worker and all, checked bit-identical across
 * worker counts and within 1e-3·(1 + |y|) of the float64 outputs;
 * --json: one JSON object on stdout, used by bench/run.mjs)
 * The pool and kernels run from the TypeScript sources through tsx (the code the build bundles, unchanged);
 * timings include encoding each chunk of rows, as a real prediction job does.
 */
import { availableParallelism } from 'node:os';
import { register } from 'tsx/esm/api';
import { seeded } from './lib/random.mjs';

register();
const { ForwardPool, flopsPerRow } = await import('../src-main/workers/pool.ts');
const { planEncoding } = await import('../src-shared/data/encode.ts');

const argWorkers = process.argv.indexOf('--workers');
const all = argWorkers > 0 ? Number(process.argv[argWorkers + 1]) : availableParallelism();
const argRuns = process.argv.indexOf('--runs');
const repeats = argRuns > 0 ? Math.max(1, Number(process.argv[argRuns + 1])) : 1;
const fastOnly = process.argv.includes('--fast-only');
const compareWasm = process.argv.includes('--compare-wasm');
const wide = process.argv.includes('--wide');
const json = process.argv.includes('--json');
const float32 = process.argv.includes('--float32');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function network(rand, inputs, shape) {
  let width = inputs;
  const layers = shape.map(([units, activation]) => {
    const limit = Math.sqrt(6 / (width + units));
    const layer = {
      inputs: width,
      units,
      activation,
      kernel: Float64Array.from({ length: width * units }, () => (rand() * 2 - 1) * limit),
      bias: Float64Array.from({ length: units }, () => (rand() - 0.5) * 0.1),
    };
    width = units;
    return layer;
  });
  return { inputSize: inputs, layers };
}

function dataset(rand, rows, cols) {
  const values = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
  for (let i = 0; i < values.length; i++) values[i] = rand() * 2 - 1;
  const columns = Array.from({ length: cols }, (_, k) => ({ name: `x${k}`, type: 'numeric', missing: 0, min: -1, max: 1, mean: 0, std: 0.5 }));
  return { matrix: { rows, cols, values, missing: new Uint8Array(new SharedArrayBuffer(rows * cols)) }, columns };
}

function sameBits(a, b, count = Math.min(a.length, b.length)) {
  const x = new Uint8Array(a.buffer, a.byteOffset, count * 8);
  const y = new Uint8Array(b.buffer, b.byteOffset, count * 8);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

const rand = seeded(2024);
const cases = [
  { name: '10→100→100→1', net: network(rand, 10, [[100, 'relu'], [100, 'relu'], [1, 'linear']]), rows: 1_000_000, referenceRows: 100_000 },
  { name: '784→128→64→10', net: network(rand, 784, [[128, 'relu'], [64, 'relu'], [10, 'softmax']]), rows: 60_000, referenceRows: 10_000 },
  ...(wide ? [{ name: '10→1024→1024→1', net: network(rand, 10, [[1024, 'relu'], [1024, 'relu'], [1, 'linear']]), rows: 100_000, referenceRows: 1_000 }] : []),
];

/** Pools of 1 and of all workers; `noNative`: their workers start with DENSE_LAB_NO_NATIVE=1 (a worker copies process.env when it starts). */
async function startPools(noNative) {
  const saved = process.env.DENSE_LAB_NO_NATIVE;
  if (noNative) process.env.DENSE_LAB_NO_NATIVE = '1';
  const made = new Map([[1, new ForwardPool({ size: 1 })], [all, new ForwardPool({ size: all })]]);
  for (const pool of made.values()) await pool.warmUp();
  if (saved === undefined) delete process.env.DENSE_LAB_NO_NATIVE;
  else process.env.DENSE_LAB_NO_NATIVE = saved;
  return made;
}

const pools = await startPools(false);
const wasmPools = compareWasm ? await startPools(true) : undefined;

const table = [];
let identical = true;
for (const c of cases) {
  const { matrix, columns } = dataset(rand, c.rows, c.net.inputSize);
  const plan = planEncoding(columns.map((col) => ({ name: col.name })), columns);
  if (!plan.ok) throw new Error(plan.error.message);
  const flops = flopsPerRow(c.net);
  const outputs = [];
  const outputs32 = [];
  const runs = [
    ...[...pools.keys()].map((workers) => ({ workers, kernel: 'fast', rows: c.rows, pools })),
    ...(float32 ? [...pools.keys()].map((workers) => ({ workers, kernel: 'fast', rows: c.rows, pools, precision: 'float32' })) : []),
    ...(fastOnly ? [] : [...pools.keys()].map((workers) => ({ workers, kernel: 'reference', rows: c.referenceRows, pools }))),
    ...(wasmPools ? [...wasmPools.keys()].map((workers) => ({ workers, kernel: 'fast', rows: c.rows, pools: wasmPools })) : []),
  ];
  for (const run of runs) {
    const job = { net: c.net, plan: plan.value, matrix: { ...matrix, rows: run.rows }, kernel: run.kernel, ...(run.precision ? { precision: run.precision } : {}) };
    // Warm-up on a slice (JIT, WebAssembly compile), then the timed run.
    await run.pools.get(run.workers).runForward({ ...job, matrix: { ...matrix, rows: Math.min(run.rows, 5000) } });
    const times = [];
    let r;
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      r = await run.pools.get(run.workers).runForward(job);
      times.push((performance.now() - started) / 1000);
      if (!r.ok) throw new Error(r.error.message);
    }
    const seconds = median(times);
    (run.precision ? outputs32 : outputs).push(r.value.output);
    table.push({
      network: c.name,
      rows: run.rows.toLocaleString('en-US'),
      workers: run.workers,
      kernel: r.value.kernel,
      precision: r.value.precision,
      seconds: seconds.toFixed(3),
      'rows/s': Math.round(run.rows / seconds).toLocaleString('en-US'),
      'GFLOP/s': ((run.rows * flops) / seconds / 1e9).toFixed(2),
      ...(json ? { runs: times, flopsPerRow: flops } : {}),
    });
  }
  const outSize = c.net.layers[c.net.layers.length - 1].units;
  const sameAcrossWorkers = sameBits(outputs[0], outputs[1]);
  const sameAsReference = fastOnly ? 'not checked (--fast-only)' : sameBits(outputs[0], outputs[2], c.referenceRows * outSize) && sameBits(outputs[2], outputs[3]);
  const wasmAt = fastOnly ? 2 : 4;
  const sameAsWasm = wasmPools ? sameBits(outputs[0], outputs[wasmAt]) && sameBits(outputs[wasmAt], outputs[wasmAt + 1]) : 'not run (no --compare-wasm)';
  identical &&= sameAcrossWorkers && sameAsReference !== false && sameAsWasm !== false;
  let float32Note = '';
  if (float32) {
    const same32 = sameBits(outputs32[0], outputs32[1]);
    let worst = 0;
    for (let k = 0; k < outputs[0].length; k++) worst = Math.max(worst, Math.abs(outputs32[0][k] - outputs[0][k]) / (1 + Math.abs(outputs[0][k])));
    identical &&= same32 && worst < 1e-3;
    float32Note = `; float32 1 vs ${all} workers bit-identical: ${same32}, largest |float32 − float64| / (1 + |float64|): ${worst.toExponential(2)}`;
    if (json) table.filter((t) => t.network === c.name && t.precision === 'float32').forEach((t) => Object.assign(t, { float32Worst: worst }));
  }
  if (!json) {
    console.log(
      `${c.name}: fast kernel 1 vs ${all} workers bit-identical: ${sameAcrossWorkers}; fast vs forwardBatch (first ${c.referenceRows.toLocaleString('en-US')} rows) bit-identical: ${sameAsReference}; ` +
        `fast vs WebAssembly pools bit-identical: ${sameAsWasm}${float32Note}`,
    );
  }
}
if (json) console.log(JSON.stringify({ workers: all, repeats, identical, table }));
else console.table(table);
for (const pool of [...pools.values(), ...(wasmPools?.values() ?? [])]) await pool.close();
if (!identical) {
  console.error('results differ between kernels or worker counts');
  process.exitCode = 1;
}
