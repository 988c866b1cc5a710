// What weight snapshots during training cost: epochs per second of the training service (its worker, the native
// kernels where built) on a generated 100,000-row CSV with the course's 10-100-100-1 network, with and without a
// snapshot listener, alternating runs in one process (so the machine's load affects both alike). The listener does
// what the browser bridge does with each snapshot (JSON text of the event). Also checks the model files are the same.
// Usage: node bench/snapshots.mjs [rows=100000] [pairs=3] [epochs=8]   (runs the TypeScript sources through tsx)
import { register } from 'tsx/esm/api';

register();
const { loadDatasetFromBytes } = await import('../src-main/services/datasets/index.ts');
const { startTraining } = await import('../src-main/services/training/index.ts');
const { createRandom } = await import('../src-shared/nn/random.ts');

const rows = Number(process.argv[2] ?? 100000);
const pairs = Number(process.argv[3] ?? 3);
const epochs = Number(process.argv[4] ?? 8);
const random = createRandom(42);
const lines = ['x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,y'];
for (let r = 0; r < rows; r++) {
  const x = Array.from({ length: 10 }, () => random.uniform(-1, 1));
  lines.push([...x.map((v) => v.toFixed(5)), x.reduce((s, v, i) => s + Math.sin(v * (i + 1)), 0).toFixed(5)].join(','));
}
const data = await loadDatasetFromBytes(new TextEncoder().encode(lines.join('\n')), 'bench.csv');
if (!data.ok) throw new Error(data.error.message);
const settings = { target: 'y', epochs, batchSize: 32, earlyStopping: null, validation: { kind: 'none' }, hidden: [{ units: 100, activation: 'relu' }, { units: 100, activation: 'relu' }] };

async function run(withSnapshots) {
  const at = [];
  let cpuAtFirst = null;
  let snapshots = 0;
  let bytes = 0;
  let mainMs = 0;
  const r = await startTraining(data.value, settings, {
    onEpoch: () => {
      at.push(performance.now());
      // CPU time of the whole process (main and the training worker): less sensitive than wall time to other load
      if (at.length === 1) cpuAtFirst = process.cpuUsage();
    },
    ...(withSnapshots
      ? {
          onSnapshot: (snapshot) => {
            const t = performance.now();
            snapshots++;
            bytes += JSON.stringify({ type: 'event', event: { type: 'job-snapshot', jobId: 'j1', snapshot } }).length;
            mainMs += performance.now() - t;
          },
        }
      : {}),
  }).promise;
  if (!r.ok) throw new Error(r.error.message);
  // epochs 2…N (the first includes starting the worker)
  const wallMs = at[at.length - 1] - at[0];
  const cpu = process.cpuUsage(cpuAtFirst);
  const cpuPerEpochMs = (cpu.user + cpu.system) / 1000 / (at.length - 1);
  return { perSecond: ((at.length - 1) * 1000) / wallMs, snapshots, bytes, mainShare: mainMs / wallMs, cpuPerEpochMs, text: r.value.modelText };
}

const without = [];
const withs = [];
const cpuRatios = [];
const wallRatios = [];
const shares = [];
let same = true;
for (let p = 0; p < pairs; p++) {
  // ABBA: alternate which goes first, so a drift in the machine's load weighs on both alike
  const [a, b] = p % 2 === 0 ? [await run(false), await run(true)] : await run(true).then(async (w) => [await run(false), w]);
  cpuRatios.push(a.cpuPerEpochMs / b.cpuPerEpochMs);
  wallRatios.push(b.perSecond / a.perSecond);
  without.push(a.perSecond);
  withs.push(b.perSecond);
  same &&= a.text === b.text;
  shares.push(b.mainShare);
  console.log(`pair ${p + 1}: ${a.perSecond.toFixed(3)} epochs/s without, ${b.perSecond.toFixed(3)} with ${b.snapshots} snapshots (${(b.bytes / 1e6).toFixed(2)} MB of JSON, ${(b.mainShare * 100).toFixed(2)} % of the time on main's thread); CPU ms per epoch ${a.cpuPerEpochMs.toFixed(0)} without, ${b.cpuPerEpochMs.toFixed(0)} with`);
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
console.log(`dense-lab snapshots: ${rows} rows, 10-100-100-1, ${epochs} epochs × ${pairs} pairs: ${mean(without).toFixed(3)} epochs/s without, ${mean(withs).toFixed(3)} with: ratio of means ${(mean(withs) / mean(without)).toFixed(3)}, median of pair ratios ${median(wallRatios).toFixed(3)}; epochs per CPU second with / without: median ${median(cpuRatios).toFixed(3)}; JSON of the snapshots on main's thread ${(mean(shares) * 100).toFixed(2)} % of the training time; model files ${same ? 'byte-identical' : 'DIFFER'}`);
if (!same) process.exitCode = 1;
