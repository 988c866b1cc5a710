// Dense Lab's side of the bench: each figure comes from the existing benches (spawned with machine-readable
// output) or from the built CLI, so what is measured here is what those benches and users run.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSummary, runCli } from '../predict-e2e.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const bench = (name) => join(root, 'bench', name);

function spawnNode(args, { env, timeoutMs = 300_000, pinToOneCore = false } = {}) {
  const [cmd, argv] = pinToOneCore ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', env: env ?? process.env, timeout: timeoutMs, maxBuffer: 1 << 24 });
  if (r.error) return { ok: false, reason: `${args[0]}: ${r.error.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s` : r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `${args[0]} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  return { ok: true, stdout: r.stdout };
}

/** Whether `taskset` can pin a process to one core here (Linux util-linux). */
export function canPinToOneCore() {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

/**
 * CSV → matrix with the app's loader (bench/csv.mjs --measure: a fresh process, three loads): at least `runs`
 * load times, MB/s from each, and the peak RSS of the first load. `oneCore` pins the process to one core.
 */
export function measureCsvLoad(path, runs, { oneCore = false } = {}) {
  const seconds = [];
  let first;
  while (seconds.length < runs) {
    const r = spawnNode([bench('csv.mjs'), '--measure', path], { pinToOneCore: oneCore });
    if (!r.ok) return r;
    const m = JSON.parse(r.stdout);
    first ??= m;
    seconds.push(...m.runs);
  }
  const mb = statSync(path).size / 1e6;
  return { ok: true, seconds: seconds.slice(0, runs), mbPerSecond: seconds.slice(0, runs).map((s) => mb / s), peakRss: first.peakRss, rows: first.rows, cols: first.cols };
}

/**
 * The polars anchor (bench/anchors/polars_csv.mjs: nodejs-polars' readCSV, `runs` reads in a fresh process);
 * `oneCore`: pinned with taskset and POLARS_MAX_THREADS=1. `{ ok: false, reason }` when nodejs-polars is not
 * installable here (a bench-only devDependency with a Linux x64 glibc build; other platforms skip it).
 */
export function measurePolarsCsv(path, runs, { oneCore = false } = {}) {
  const env = oneCore ? { ...process.env, POLARS_MAX_THREADS: '1' } : process.env;
  const r = spawnNode([bench('anchors/polars_csv.mjs'), path, String(runs)], { env, pinToOneCore: oneCore });
  if (!r.ok) return r;
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  return { ok: true, seconds: m.seconds, peakRss: m.peakRss, version: m.version };
}

/** The worker pool's forward throughput (bench/forward.mjs --fast-only --json): its table rows, each with its runs. */
export function measureForwardPool(runs) {
  const r = spawnNode([bench('forward.mjs'), '--fast-only', '--float32', '--json', '--runs', String(runs)], { timeoutMs: 600_000 });
  if (!r.ok) return r;
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return { ok: true, identical: out.identical, workers: out.workers, table: out.table };
}

/**
 * onnxruntime's float32 forward pass (bench/anchors/onnxruntime_forward.mjs: onnxruntime-node, all cores) on
 * `sizes` ('784-128-64-10') over `rows` rows, `runs` timed runs: `{ ok, seconds, flopsPerRow, onnxruntime, threads }`,
 * or `{ ok: false, reason }` (not installed: it is a bench-only devDependency).
 */
export function measureOnnxruntime(sizes, rows, runs, last) {
  const r = spawnNode([bench('anchors/onnxruntime_forward.mjs'), sizes, String(rows), String(runs), last], { timeoutMs: 600_000 });
  if (!r.ok) return { ok: false, reason: r.reason.includes('exited 3') ? 'onnxruntime-node is not installed (a devDependency: npm install)' : r.reason };
  return { ok: true, ...JSON.parse(r.stdout.trim().split('\n').pop()) };
}

/** `dense-lab predict` (the built CLI) `runs` times: wall seconds, the CLI's own split, peak RSS per run. */
export async function measurePredict(model, data, runs) {
  if (!existsSync(join(root, 'out/main/cli.js'))) return { ok: false, reason: 'out/main/cli.js missing: run `npm run build` first' };
  const out = `${data}.predictions.csv`;
  const list = [];
  try {
    for (let k = 0; k < runs; k++) {
      const r = await runCli(['predict', '--model', model, '--data', data, '--out', out]);
      list.push({ seconds: r.seconds, rss: r.rss, split: parseSummary(r.stdout) });
    }
  } catch (e) {
    return { ok: false, reason: e.message.split('\n')[0] };
  }
  return { ok: true, seconds: list.map((r) => r.seconds), peakRss: Math.max(...list.map((r) => r.rss)), split: list.map((r) => r.split), out };
}

/**
 * Training s/epoch per 1,000,000 rows from bench/train.mjs (its text: the native, WebAssembly SIMD and JavaScript
 * figures, wall and CPU, and its hand-written numpy loop, which runs in the same process tree with `env`). Takes
 * the first of native/WebAssembly it prints: the kernels the training worker runs (native where it has a variant
 * worth it, else WebAssembly).
 */
export function measureTraining(rows, runs, env) {
  const simd = [];
  const simdCpu = [];
  const numpy = [];
  const numpyCpu = [];
  let numpyLine;
  let kernel;
  for (let k = 0; k < runs; k++) {
    const r = spawnNode([bench('train.mjs'), String(rows)], { env, timeoutMs: 300_000 });
    if (!r.ok) return r;
    const ours = /dense-lab \((native \w+|WebAssembly SIMD)\).*?->\s*([\d.]+) s per 1,000,000 rows \(CPU ([\d.]+) s/.exec(r.stdout);
    if (!ours) return { ok: false, reason: `bench/train.mjs output not understood: ${r.stdout.split('\n')[0]}` };
    kernel = ours[1];
    simd.push(Number(ours[2]));
    simdCpu.push(Number(ours[3]));
    const np = /^(numpy [^\n]*?)->\s*([\d.]+) s per 1,000,000 rows(?: \(CPU ([\d.]+) s)?/m.exec(r.stdout);
    if (np) numpy.push(Number(np[2]));
    if (np?.[3]) numpyCpu.push(Number(np[3]));
    numpyLine = np ? np[1].trim() : (/numpy comparison skipped: .*/.exec(r.stdout)?.[0] ?? 'numpy: no line in bench/train.mjs output');
  }
  return { ok: true, kernel, secondsPerMillion: simd, cpuSecondsPerMillion: simdCpu, numpySecondsPerMillion: numpy, numpyCpuSecondsPerMillion: numpyCpu, numpyNote: numpyLine };
}
