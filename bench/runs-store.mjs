// Opening the runs store (what the app does at start to list the runs table): 50 runs of a 10-256-128-1 network
// (about 770 KiB each, most of it the model text) in a temporary folder. Prints the median time of a store's
// opening (list ready) over several openings, one opening without the folder's index, and one get().
// node bench/runs-store.mjs [--runs 50] [--repeats 7]
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { createRunsStore } = await import('../src-main/services/runs/runs-store.ts');
const { loadDatasetFromBytes } = await import('../src-main/services/datasets/index.ts');
const { runTrainingJob } = await import('../src-shared/jobs/train.ts');
const { resolveTrainingSettings } = await import('../src-shared/jobs/train-settings.ts');

const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const count = arg('--runs', 50);
const repeats = arg('--repeats', 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = Array.from({ length: 200 }, (_, i) => Array.from({ length: 11 }, (_, c) => ((i * (c + 3)) % 17) / 4).join(','));
const header = [...Array.from({ length: 10 }, (_, c) => `x${c}`), 'y'].join(',');
const data = await loadDatasetFromBytes(new TextEncoder().encode(`${header}\n${rows.join('\n')}\n`), 'bench.csv');
if (!data.ok) throw new Error(data.error.message);
const settings = resolveTrainingSettings({ target: 'y', hidden: [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }], epochs: 3, baseline: true });
if (!settings.ok) throw new Error(settings.error.message);
const outcome = runTrainingJob(data.value, settings.value);
if (!outcome.ok) throw new Error(outcome.error.message);

const folder = join(mkdtempSync(join(tmpdir(), 'dense-lab-runs-bench-')), 'runs');
try {
  const writer = createRunsStore(folder);
  let last;
  for (let k = 0; k < count; k++) last = await writer.add({ seconds: 1, dataset: 'bench.csv', outcome: outcome.value });
  const files = readdirSync(folder).filter((n) => n.startsWith('run-'));
  const bytes = files.reduce((t, n) => t + statSync(join(folder, n)).size, 0);
  const times = [];
  let listed = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const store = createRunsStore(folder);
    listed = store.list().length;
    times.push(performance.now() - t0);
  }
  // without an index (the first start after the upgrade, or a lost index): every run file is read whole, once
  rmSync(join(folder, 'index.json'), { force: true });
  const t2 = performance.now();
  const rebuilding = createRunsStore(folder);
  const rebuildMs = performance.now() - t2;
  await rebuilding.flush?.();
  const store = createRunsStore(folder);
  const t1 = performance.now();
  const got = await store.get(last.value.id);
  const getMs = performance.now() - t1;
  if (!got.ok) throw new Error(got.error.message);
  console.log(`${listed} runs, ${(bytes / files.length / 1024).toFixed(0)} KiB per run file: open + list median ${median(times).toFixed(1)} ms (first ${times[0].toFixed(1)} ms, all ${times.map((t) => t.toFixed(1)).join(', ')}); without an index ${rebuildMs.toFixed(1)} ms; get one run ${getMs.toFixed(1)} ms`);
} finally {
  rmSync(join(folder, '..'), { recursive: true, force: true });
}
