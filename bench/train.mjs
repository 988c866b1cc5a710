// Seconds per epoch for the course's 10-100-100-1 network (Adam, batch 32, MSE) on synthetic rows, scaled to
// 1,000,000 rows: with the native kernels as the training worker runs them (when the addon is built and this CPU
// has a variant worth it), the same on two threads (DENSE_LAB_TRAIN_THREADS=2, when there are two cores), with the
// WebAssembly SIMD kernel and with the plain JavaScript loops (same results,
// bit for bit: the line after them compares the trained weights), then the same loop hand-written in numpy on
// one BLAS thread, when python3 + numpy exist (skipped otherwise).
// Wall time depends on what else the machine runs; the CPU figure (process.cpuUsage) much less.
// Usage: node bench/train.mjs [rows=100000]   (runs the TypeScript sources through tsx)
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

register();
const { createNetwork } = await import('../src-shared/nn/init.ts');
const { trainNetwork } = await import('../src-shared/nn/train.ts');
const { optimizerSettings } = await import('../src-shared/nn/optimizers.ts');
const { createRandom } = await import('../src-shared/nn/random.ts');
const { loadNativeAddon } = await import('../src-main/native/addon.ts');
const { createNativeTrainingKernels, preferredTrainingVariant } = await import('../src-main/native/native-train.ts');
const { availableParallelism } = await import('node:os');

const rows = Number(process.argv[2] ?? 100000);
const random = createRandom(42);
const x = new Float64Array(rows * 10).map(() => random.uniform(-1, 1));
const y = new Float64Array(rows);
for (let r = 0; r < rows; r++) {
  let s = 0;
  for (let i = 0; i < 10; i++) s += Math.sin(x[r * 10 + i] * (i + 1));
  y[r] = s;
}
const course = () => createNetwork({ inputSize: 10, layers: [{ units: 100, activation: 'relu' }, { units: 100, activation: 'relu' }, { units: 1, activation: 'linear' }], seed: 1 });
const options = {
  loss: 'mse', metric: 'regression', optimizer: optimizerSettings('adam'), weightDecay: 0, batchSize: 32, epochs: 1,
  seed: 1, shuffle: true, earlyStopping: null, targetStd: 1, reportEveryBatches: 0,
};
const native = loadNativeAddon();
const variant = native.ok ? preferredTrainingVariant(native.addon) : undefined;
const kernels = native.ok && variant !== undefined ? createNativeTrainingKernels(native.addon, variant) : undefined;
const modes = [
  ...(kernels ? [{ label: `native ${variant}`, options: { kernels } }] : []),
  ...(kernels && availableParallelism() >= 2 ? [{ label: `native ${variant} on 2 threads`, options: { kernels: createNativeTrainingKernels(native.addon, variant, { threads: 2 }) } }] : []),
  { label: 'WebAssembly SIMD', options: { simd: true } },
  { label: 'JavaScript loops', options: { simd: false } },
];
if (!kernels) console.log(`dense-lab native kernels not used: ${native.ok ? 'this CPU has only the scalar variant, slower than WebAssembly' : native.reason}`);
const weights = [];
for (const mode of modes) {
  // a warm-up of 500 batches, so the JIT has compiled the loop as a run over 1,000,000 rows would have (100 were too few)
  const warm = Math.min(rows, 16000);
  trainNetwork(course(), { x: x.subarray(0, warm * 10), y: y.subarray(0, warm), rows: warm }, null, { ...options, ...mode.options });
  const net = course();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = trainNetwork(net, { x, y, rows }, null, { ...options, epochs: 2, ...mode.options });
  const perEpoch = (performance.now() - t0) / 1000 / 2;
  const cpuPerEpoch = process.cpuUsage(c0).user / 1e6 / 2;
  const perMillion = (perEpoch * 1e6) / rows;
  weights.push(Buffer.concat(net.layers.flatMap((l) => [Buffer.from(l.kernel.buffer, l.kernel.byteOffset, l.kernel.byteLength), Buffer.from(l.bias.buffer, l.bias.byteOffset, l.bias.byteLength)])));
  console.log(
    `dense-lab (${mode.label}): 10-100-100-1, Adam, batch 32, ${rows} rows: ${perEpoch.toFixed(2)} s/epoch ` +
      `-> ${perMillion.toFixed(2)} s per 1,000,000 rows (CPU ${((cpuPerEpoch * 1e6) / rows).toFixed(2)} s; loss ${result.history[1].loss.toFixed(4)})`,
  );
}
const same = weights.every((w) => w.equals(weights[0]));
console.log(`dense-lab trained weights ${same ? 'byte-identical' : 'DIFFER'} across ${modes.map((m) => m.label).join(', ')}`);
if (!same) process.exitCode = 1;

const numpy = `
import numpy as np, time, sys
rows = int(sys.argv[1]); rng = np.random.default_rng(42)
X = rng.uniform(-1, 1, (rows, 10)); Y = np.sin(X * np.arange(1, 11)).sum(1, keepdims=True)
def glorot(a, b): l = np.sqrt(6 / (a + b)); return rng.uniform(-l, l, (a, b))
P = [glorot(10, 100), np.zeros(100), glorot(100, 100), np.zeros(100), glorot(100, 1), np.zeros(1)]
M = [np.zeros_like(p) for p in P]; V = [np.zeros_like(p) for p in P]; t = 0
t0 = time.perf_counter(); c0 = time.process_time()
for epoch in range(2):
    order = rng.permutation(rows)
    for s in range(0, rows, 32):
        idx = order[s:s + 32]; x = X[idx]; y = Y[idx]; n = len(idx)
        z1 = x @ P[0] + P[1]; a1 = np.maximum(z1, 0); z2 = a1 @ P[2] + P[3]; a2 = np.maximum(z2, 0); out = a2 @ P[4] + P[5]
        g3 = 2 * (out - y) / n
        g2 = (g3 @ P[4].T) * (z2 > 0); g1 = (g2 @ P[2].T) * (z1 > 0)
        G = [x.T @ g1, g1.sum(0), a1.T @ g2, g2.sum(0), a2.T @ g3, g3.sum(0)]
        t += 1; lr = 0.001 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        for p, g, m, v in zip(P, G, M, V):
            m += (g - m) * 0.1; v += (g * g - v) * 0.001; p -= lr * m / (np.sqrt(v) + 1e-7)
per = (time.perf_counter() - t0) / 2; cpu = (time.process_time() - c0) / 2
print(f"numpy {np.__version__} (hand-written loop, same network/optimizer/batch, {rows} rows): {per:.2f} s/epoch -> {per * 1e6 / rows:.1f} s per 1,000,000 rows (CPU {cpu * 1e6 / rows:.1f} s)")
`;
// one BLAS thread: the same single core our training worker uses
const py = spawnSync('python3', ['-c', numpy, String(Math.min(rows, 100000))], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
if (py.status === 0) process.stdout.write(py.stdout);
else console.log(`numpy comparison skipped: ${(py.stderr || py.error?.message || 'python3 not available').trim().split('\n').pop()}`);
