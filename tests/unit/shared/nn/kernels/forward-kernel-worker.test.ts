import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { forwardBatch } from '../../../../../src-shared/nn/forward';
import type { Network } from '../../../../../src-shared/nn/model';
import { seeded } from '../../../workers/reference';

const kernelUrl = pathToFileURL(resolve(import.meta.dirname, '../../../../../src-shared/nn/kernels/forward-kernel.ts')).href;

// The worker builds the kernel from posted weights and runs its half of a SharedArrayBuffer dataset,
// writing into a shared output: the way the forward worker pool uses it.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  const { createForwardKernel } = await import(workerData.kernelUrl);
  const { net, input, output, from, to } = workerData;
  const kernel = createForwardKernel(net);
  const x = new Float64Array(input), out = new Float64Array(output);
  const outSize = net.layers[net.layers.length - 1].units;
  kernel.run(x.subarray(from * net.inputSize, to * net.inputSize), to - from, out.subarray(from * outSize, to * outSize));
  kernel.dispose();
  parentPort.postMessage(kernel.kind);
})().catch((e) => parentPort.postMessage('error: ' + e.message));
`;

describe('createForwardKernel in worker_threads', () => {
  it('gives forwardBatch bit for bit when two workers split a shared dataset', async () => {
    const rand = seeded(77);
    const sizes = [11, 30, 7, 3];
    const net: Network = {
      inputSize: 11,
      layers: (['relu', 'elu', 'softmax'] as const).map((activation, l) => ({
        inputs: sizes[l],
        units: sizes[l + 1],
        activation,
        kernel: Float64Array.from({ length: sizes[l] * sizes[l + 1] }, () => rand() * 2 - 1),
        bias: Float64Array.from({ length: sizes[l + 1] }, () => rand() - 0.5),
      })),
    };
    const rows = 2001;
    const input = new SharedArrayBuffer(rows * 11 * 8);
    new Float64Array(input).forEach((_v, k, a) => (a[k] = rand() * 6 - 3));
    const output = new SharedArrayBuffer(rows * 3 * 8);
    const kinds = await Promise.all(
      [[0, 999], [999, rows]].map(
        ([from, to]) =>
          new Promise<string>((done, fail) => {
            const worker = new Worker(WORKER_CODE, { eval: true, workerData: { kernelUrl, net, input, output, from, to } });
            worker.once('message', (m: string) => {
              void worker.terminate();
              done(m);
            });
            worker.once('error', fail);
          }),
      ),
    );
    expect(kinds).toEqual(['wasm-simd', 'wasm-simd']);
    const want = new Float64Array(rows * 3);
    forwardBatch(net, new Float64Array(input), rows, want);
    const got = new Float64Array(output);
    let first = -1;
    for (let k = 0; k < want.length && first < 0; k++) if (!Object.is(got[k], want[k])) first = k;
    expect(first).toBe(-1);
  });
});
