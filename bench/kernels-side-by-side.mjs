// Forward-pass kernels side by side, one thread: GFLOP/s (2·inputs·units per layer per row) and rows/s.
//
//   node --import tsx bench/kernels-side-by-side.mjs [--json] [--quick]
//
// Peers: a naive JavaScript triple loop (written here), the engine's forwardBatch, the tiled JavaScript
// kernel, the WebAssembly SIMD kernel (float64, and the optional float32 mode), the native kernel's SIMD
// variants this CPU runs (if native/ is built: node scripts/build-native.mjs), and numpy float64 (if
// python3 has it) with 1 thread and with all cores. Our peers are timed round-robin (see timePeers), and
// every float64 peer's output is checked bit for bit against forwardBatch ("exact" in the table).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { forwardBatch } from '../src-shared/nn/forward.ts';
import { createForwardKernel } from '../src-shared/nn/kernels/forward-kernel.ts';
import { loadNativeAddon } from '../src-main/native/addon.ts';
import { createNativeForward } from '../src-main/native/native-forward.ts';
import { seeded } from './lib/random.mjs';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');

const CASES = [
  { name: '10-100-100-1', sizes: [10, 100, 100, 1], acts: ['relu', 'relu', 'linear'], rows: 200_000 },
  { name: '784-128-64-10', sizes: [784, 128, 64, 10], acts: ['relu', 'relu', 'softmax'], rows: 20_000 },
  { name: '10-1024-1024-1', sizes: [10, 1024, 1024, 1], acts: ['relu', 'relu', 'linear'], rows: 10_000 },
];

function makeNetwork(sizes, acts, rand) {
  return {
    inputSize: sizes[0],
    layers: acts.map((activation, l) => ({
      inputs: sizes[l],
      units: sizes[l + 1],
      activation,
      kernel: Float64Array.from({ length: sizes[l] * sizes[l + 1] }, () => (rand() * 2 - 1) / Math.sqrt(sizes[l])),
      bias: Float64Array.from({ length: sizes[l + 1] }, () => rand() * 0.1),
    })),
  };
}

/** The textbook loop: for each row, each unit, sum over inputs; activation inline. */
function naiveForward(net, input, rows, output) {
  const outSize = net.layers[net.layers.length - 1].units;
  let x = new Float64Array(net.inputSize);
  for (let r = 0; r < rows; r++) {
    x = input.subarray(r * net.inputSize, (r + 1) * net.inputSize);
    for (const l of net.layers) {
      const a = new Float64Array(l.units);
      for (let j = 0; j < l.units; j++) {
        let acc = 0;
        for (let i = 0; i < l.inputs; i++) acc += x[i] * l.kernel[i * l.units + j];
        const z = acc + l.bias[j];
        a[j] = l.activation === 'relu' ? (z < 0 ? 0 : z) : z;
      }
      if (l.activation === 'softmax') {
        let m = -Infinity;
        for (let j = 0; j < l.units; j++) if (a[j] > m) m = a[j];
        let s = 0;
        for (let j = 0; j < l.units; j++) s += a[j] = Math.exp(a[j] - m);
        for (let j = 0; j < l.units; j++) a[j] /= s;
      }
      x = a;
    }
    output.set(x, r * outSize);
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Time the peers side by side: each gets a row count that takes ~0.2 s (from a probe run after a warm-up),
 * then the timed runs go round-robin — peer 1, peer 2, …, peer 1, … — so a noisy neighbour slows all
 * peers alike. Median of the runs per peer.
 */
function timePeers(peers, input, width, totalRows, flopsPerRow) {
  const probeRows = Math.max(16, Math.floor(totalRows / 100));
  const probeOut = new Float64Array(probeRows * width);
  const target = quick ? 0.08 : 0.2;
  const plans = peers.map(([, run]) => {
    run(input, probeRows, probeOut);
    const t = performance.now();
    run(input, probeRows, probeOut);
    const perRow = (performance.now() - t) / 1000 / probeRows;
    const rows = Math.min(totalRows, Math.max(probeRows, Math.round(target / Math.max(perRow, 1e-12))));
    return { run, rows, out: new Float64Array(rows * width), seconds: [] };
  });
  const reps = quick ? 3 : 5;
  for (let k = 0; k < reps; k++) {
    for (const p of plans) {
      const t = performance.now();
      p.run(input, p.rows, p.out);
      p.seconds.push((performance.now() - t) / 1000);
    }
  }
  return plans.map((p) => {
    const s = median(p.seconds);
    return { rows: p.rows, seconds: s, rowsPerSecond: p.rows / s, gflops: (p.rows * flopsPerRow) / s / 1e9 };
  });
}

function sameBits(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

const NUMPY = `
import sys, time, json, numpy as np
sizes = json.loads(sys.argv[1]); acts = json.loads(sys.argv[2]); rows = int(sys.argv[3])
rng = np.random.default_rng(1)
W = [rng.uniform(-1, 1, (sizes[l], sizes[l+1])) / np.sqrt(sizes[l]) for l in range(len(acts))]
B = [rng.uniform(0, 0.1, sizes[l+1]) for l in range(len(acts))]
X = rng.uniform(-3, 3, (rows, sizes[0]))
def fwd(x):
    for w, b, a in zip(W, B, acts):
        x = x @ w + b
        if a == 'relu': x = np.maximum(x, 0)
        elif a == 'softmax':
            e = np.exp(x - x.max(axis=1, keepdims=True)); x = e / e.sum(axis=1, keepdims=True)
    return x
fwd(X[:1000]); ts = []
for _ in range(3):
    t = time.perf_counter(); fwd(X); ts.append(time.perf_counter() - t)
ts.sort(); print(ts[len(ts)//2])
`;

/** numpy's median seconds for the case, or a reason it could not run. */
function numpySeconds(c, threads) {
  const env = { ...process.env };
  if (threads !== undefined) for (const k of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) env[k] = String(threads);
  const res = spawnSync('python3', ['-c', NUMPY, JSON.stringify(c.sizes), JSON.stringify(c.acts), String(c.rows)], { env, encoding: 'utf8' });
  if (res.error || res.status !== 0) return { error: (res.error?.message ?? res.stderr.trim().split('\n').pop()) || 'python3 failed' };
  return { seconds: Number(res.stdout.trim()) };
}

const native = loadNativeAddon();
// The portable scalar variant is a fallback for CPUs without SIMD, far slower than WebAssembly: not a peer.
const nativeVariants = native.ok ? native.addon.variants().filter((v) => v !== 'scalar') : [];
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const results = [];
const rand = seeded(2026);
for (const c of CASES) {
  const net = makeNetwork(c.sizes, c.acts, rand);
  const width = c.sizes[c.sizes.length - 1];
  let flopsPerRow = 0;
  for (let l = 0; l < c.acts.length; l++) flopsPerRow += 2 * c.sizes[l] * c.sizes[l + 1];
  const input = Float64Array.from({ length: c.rows * c.sizes[0] }, () => rand() * 6 - 3);
  const wasm = createForwardKernel(net);
  const js = createForwardKernel(net, { prefer: 'js' });
  const f32 = createForwardKernel(net, { precision: 'float32' });
  const peers = [
    ['naive JS loop', (x, n, o) => naiveForward(net, x, n, o)],
    ['engine forwardBatch', (x, n, o) => forwardBatch(net, x, n, o)],
    ['tiled JS kernel', (x, n, o) => js.run(x, n, o)],
    [`${wasm.kind} kernel`, (x, n, o) => wasm.run(x, n, o)],
  ];
  const natives = nativeVariants.map((variant) => createNativeForward(native.addon, net, { variant }));
  for (const k of natives) peers.push([`${k.kind} kernel`, (x, n, o) => k.run(x, n, o)]);
  // float32 is a different computation by design: timed, but not held to forwardBatch's bits.
  if (f32.precision === 'float32') peers.push(['wasm-simd float32', (x, n, o) => f32.run(x, n, o)]);
  // Exactness: every kernel against forwardBatch on the same first 1000 rows.
  const checkRows = Math.min(1000, c.rows);
  const want = new Float64Array(checkRows * width);
  forwardBatch(net, input, checkRows, want);
  const row = { case: c.name, rows: c.rows, flopsPerRow, peers: {} };
  const timings = timePeers(peers, input, width, c.rows, flopsPerRow);
  peers.forEach(([name, run], k) => {
    const got = new Float64Array(checkRows * width);
    run(input, checkRows, got);
    const exact = name.includes('float32') ? undefined : sameBits(got, want);
    row.peers[name] = { ...timings[k], bitIdenticalToForwardBatch: exact };
  });
  if (hasNumpy) {
    for (const [name, threads] of [['numpy 1 thread', 1], [`numpy ${cpus().length} threads`, undefined]]) {
      const r = numpySeconds(c, threads);
      row.peers[name] = 'error' in r ? r : { rows: c.rows, seconds: r.seconds, rowsPerSecond: c.rows / r.seconds, gflops: (c.rows * flopsPerRow) / r.seconds / 1e9 };
    }
  }
  wasm.dispose();
  js.dispose();
  for (const k of natives) k.dispose();
  f32.dispose();
  results.push(row);
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`;
if (json) {
  console.log(JSON.stringify({ machine, date: new Date().toISOString(), threads: 1, results }, null, 2));
} else {
  console.log(`Forward kernels, 1 thread — ${machine}, ${new Date().toISOString()}`);
  if (!hasNumpy) console.log('(numpy: skipped, python3 has no numpy)');
  if (!native.ok) console.log(`(native kernel: skipped, ${native.reason})`);
  for (const r of results) {
    console.log(`\n${r.case} (${(r.flopsPerRow / 1e3).toFixed(1)} kFLOP/row)`);
    const base = r.peers['engine forwardBatch'].gflops;
    for (const [name, p] of Object.entries(r.peers)) {
      if ('error' in p) {
        console.log(`  ${name.padEnd(22)} error: ${p.error}`);
        continue;
      }
      const exact = p.bitIdenticalToForwardBatch === undefined ? (name.includes('float32') ? '  (float32: not exact by design)' : '') : p.bitIdenticalToForwardBatch ? '  exact' : '  NOT EXACT';
      console.log(
        `  ${name.padEnd(22)} ${p.gflops.toFixed(2).padStart(6)} GFLOP/s ${Math.round(p.rowsPerSecond).toLocaleString('en').padStart(12)} rows/s` +
          `  ×${(p.gflops / base).toFixed(1).padStart(5)} forwardBatch  (${p.rows} rows)${exact}`,
      );
    }
  }
}
