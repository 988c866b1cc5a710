#!/usr/bin/env node
/**
 * onnxruntime's float32 forward pass, the peer of Dense Lab's float32 mode: the network exported as Dense Lab's
 * ONNX export writes it (src-shared/formats/onnx/write.ts: one Gemm per layer, then Relu / Softmax), run by
 * onnxruntime-node (a bench-only devDependency; its CPU provider) on a ready float32 input tensor, with
 * `threads` intra-op threads. Seconds per timed run (after one untimed run) as one JSON line, as numpy_forward.py.
 *
 *   node bench/anchors/onnxruntime_forward.mjs 784-128-64-10 ROWS RUNS [softmax|linear] [THREADS]
 *
 * Exits 3 with one line when onnxruntime-node is not installed (npm i -D -E --ignore-scripts onnxruntime-node@1.31.1).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { register } from 'tsx/esm/api';
import { seeded } from '../lib/random.mjs';

register();
let ort;
try {
  // a bench-only peer in bench/peers (bench/peers/install.mjs installs it there)
  ort = createRequire(new URL('../peers/package.json', import.meta.url))('onnxruntime-node');
} catch (e) {
  process.stderr.write(`onnxruntime-node is not installed (${e.message.split('\n')[0]})\n`);
  process.exit(3);
}
const { encodeOnnx } = await import('../../src-shared/formats/onnx/schema.ts');
const { onnxModelObject } = await import('../../src-shared/formats/onnx/write.ts');

const sizes = process.argv[2].split('-').map(Number);
const rows = Number(process.argv[3]);
const runs = Number(process.argv[4]);
const last = process.argv[5] ?? 'linear';
const threads = Number(process.argv[6] ?? availableParallelism());
const rand = seeded(1);
const layers = sizes.slice(1).map((units, l) => ({
  units,
  activation: l < sizes.length - 2 ? 'relu' : last,
  kernel: Array.from({ length: sizes[l] }, () => Array.from({ length: units }, () => (rand() * 2 - 1) / Math.sqrt(sizes[l]))),
  bias: Array.from({ length: units }, () => rand() * 0.1),
}));
const model = {
  format: 'dense-lab/model',
  version: 1,
  inputs: Array.from({ length: sizes[0] }, (_, k) => ({ name: `x${k}` })),
  output: last === 'softmax' ? { name: 'y', task: 'multiclass', classes: Array.from({ length: sizes.at(-1) }, (_, k) => `c${k}`) } : { name: 'y', task: 'regression' },
  layers,
};
const session = await ort.InferenceSession.create(encodeOnnx(onnxModelObject(model)), {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
});
const x = new Float32Array(rows * sizes[0]);
for (let k = 0; k < x.length; k++) x[k] = rand() * 2 - 1;
const feeds = { input: new ort.Tensor('float32', x, [rows, sizes[0]]) };
await session.run(feeds);
const seconds = [];
for (let k = 0; k < runs; k++) {
  const t = performance.now();
  await session.run(feeds);
  seconds.push((performance.now() - t) / 1000);
}
const flopsPerRow = sizes.slice(1).reduce((s, u, l) => s + 2 * sizes[l] * u, 0);
const version = ort.env.versions?.common ?? 'unknown';
console.log(JSON.stringify({ seconds, flopsPerRow, rows, onnxruntime: version, threads }));
