// CSV loading throughput: MB/s, rows/s and peak RSS for the generated 1,000,000 × 11 numeric file
// (~92 MB, 6 significant digits, written once into the OS temp folder from a seeded generator) and
// for samples/flights_200k.csv, loaded as the app loads them (large files on all cores: a plain numeric file
// by the addon's threads, others by CSV workers started for each load) and on one thread, beside
// numpy.loadtxt on the same file (ratios printed).
// Each file and way is measured in a fresh Node process so its peak RSS is its own.
// Run: npm run build && node bench/csv.mjs [--1gb] [--no-numpy] [--processes N]  (the loader runs from the TypeScript sources
// through tsx; the workers from the built out/main/csv-worker.js when it exists, else from source, which
// adds tsx's start-up to every load; --1gb adds an ~1 GB file, 11 M rows × 11, built in the temp folder
// and deleted afterwards).
// `--measure FILE [--single]` (used by bench/run.mjs) prints one JSON line for one file.
// `--processes N` (default 1): each file and way in N fresh processes (3 loads each); adds the medians over
// all N × 3 loads and over the N first loads of a process, which is what a command-line run pays.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, renameSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from './lib/random.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

async function generate(path, rows, cols) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  const rng = seeded(42);
  out.write(Array.from({ length: cols }, (_, c) => `x${c + 1}`).join(',') + '\n');
  let block = '';
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < cols; c++) {
      // 6 significant digits, 1.00000 … 999.999, about a third negative: ~7.4 characters a cell.
      const sign = rng() < 0.36 ? -1 : 1;
      cells.push((sign * (1 + rng() * 9) * 10 ** Math.floor(rng() * 3)).toPrecision(6));
    }
    block += cells.join(',') + '\n';
    if (block.length > 1 << 20) {
      if (!out.write(block)) await new Promise((r) => out.once('drain', r));
      block = '';
    }
  }
  out.write(block);
  await new Promise((r) => out.end(r));
  renameSync(tmp, path);
}

const builtWorker = join(repo, 'out/main/csv-worker.js');

async function measure(path, single) {
  const { register } = await import('tsx/esm/api');
  register();
  const { loadDataset, CsvWorkerPool } = await import(join(repo, 'src-main/services/datasets/index.ts'));
  const { Worker } = await import('node:worker_threads');
  const built = existsSync(builtWorker);
  const baseRss = process.memoryUsage().rss;
  const runs = [];
  let peakRss = 0;
  let how = single ? 'one thread' : '';
  const repeats = statSync(path).size > 5e8 ? 1 : 3;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    // As the app does: workers started for this load and stopped after it (here from the build when there is one).
    const pool = built ? new CsvWorkerPool(undefined, () => new Worker(builtWorker)) : undefined;
    const onReport = (r) =>
      (how = r.fallback
        ? `one thread (${r.fallback})`
        : `${r.native ? `${r.chunks} native threads` : `${r.chunks} chunks on ${built ? 'built' : 'source'} workers${r.nativeFallback ? ` (${r.nativeFallback})` : ''}`}; ms ${Object.entries(r.ms ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
    const r = await loadDataset(path, single ? { parallel: false } : { pool, parallel: { onReport } });
    await pool?.close();
    const s = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    // Peak RSS of the first load only: later loads overlap with the garbage of earlier ones.
    if (i === 0) peakRss = process.resourceUsage().maxRSS * 1024;
    runs.push({ s, cpu: (used.user + used.system) / 1e6, rows: r.value.rows, cols: r.value.cols, matrixBytes: r.value.values.byteLength + r.value.missing.byteLength });
  }
  // Also with workers kept across loads (a CsvWorkerPool owned by the caller): no start-up, warm code.
  const keptRuns = [];
  if (!single && built && repeats > 1 && how.includes('chunks')) {
    const pool = new CsvWorkerPool(undefined, () => new Worker(builtWorker));
    await loadDataset(path, { pool });
    for (let i = 0; i < repeats; i++) {
      const t = performance.now();
      const r = await loadDataset(path, { pool });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      keptRuns.push(+((performance.now() - t) / 1000).toFixed(3));
    }
    await pool.close();
  }
  const best = runs.reduce((a, b) => (a.s < b.s ? a : b));
  const bytes = statSync(path).size;
  process.stdout.write(
    JSON.stringify({
      ...best,
      bytes,
      how: how || 'one thread (small file)',
      runs: runs.map((r) => +r.s.toFixed(3)),
      cpus: runs.map((r) => +r.cpu.toFixed(3)),
      keptRuns,
      baseRss,
      peakRss,
    }),
  );
}

/** numpy.loadtxt on the same file (bench/anchors/csv_read.py), or null when python3/numpy is missing. */
function numpyLoadtxt(path) {
  const r = spawnSync('python3', [join(here, 'anchors/csv_read.py'), 'loadtxt', path, '1'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return null;
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  return { s: Math.min(...m.seconds), peakRss: m.peakRss, version: m.version };
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3], process.argv.includes('--single'));
} else {
  const numeric = join(tmpdir(), 'dense-lab-bench', 'numeric-1m-x11-seed42-v2.csv');
  if (!existsSync(numeric)) {
    process.stdout.write(`generating ${numeric} …\n`);
    await generate(numeric, 1_000_000, 11);
  }
  const files = [numeric, resolve(repo, 'samples/flights_200k.csv')];
  // --1gb: also the numeric rows repeated 11 times (~1 GB, 11 M rows), for peak memory; deleted afterwards.
  const big = join(tmpdir(), 'dense-lab-bench', 'numeric-11m-x11.csv');
  if (process.argv.includes('--1gb')) {
    const { readFileSync, appendFileSync, writeFileSync } = await import('node:fs');
    const text = readFileSync(numeric);
    const body = text.subarray(text.indexOf(10) + 1);
    writeFileSync(big, text);
    for (let k = 1; k < 11; k++) appendFileSync(big, body);
    files.push(big);
  }
  if (!existsSync(builtWorker)) process.stdout.write(`note: ${builtWorker} missing (run npm run build): workers start from source through tsx\n`);
  const at = process.argv.indexOf('--processes');
  const processes = at > 0 ? Math.max(1, Number(process.argv[at + 1]) || 1) : 1;
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  for (const f of files) {
    const mb = statSync(f).size / 1e6;
    const measured = {};
    for (const way of ['parallel', 'single']) {
      const args = [fileURLToPath(import.meta.url), '--measure', f, ...(way === 'single' ? ['--single'] : [])];
      const all = [];
      for (let p = 0; p < processes; p++) {
        const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: repo });
        if (child.status !== 0) {
          process.stdout.write(`${f} (${way}): failed\n${child.stderr}\n`);
          break;
        }
        all.push(JSON.parse(child.stdout));
      }
      if (all.length < processes) continue;
      const m = all.reduce((a, b) => (a.s < b.s ? a : b));
      measured[way] = m;
      process.stdout.write(
        `${f.split('/').pop()} [${m.how}]: ${mb.toFixed(1)} MB, ${m.rows} rows × ${m.cols}: best of ${m.runs.length} ${m.s.toFixed(3)} s wall ` +
          `(${m.runs.join(', ')}; CPU ${m.cpus.join(', ')}) → ${(mb / m.s).toFixed(0)} MB/s, ${(m.rows / m.s / 1e6).toFixed(2)} M rows/s; ` +
          `peak RSS of the first load ${(m.peakRss / 1e6).toFixed(0)} MB ` +
          `(process before loading ${(m.baseRss / 1e6).toFixed(0)} MB; final matrix + missing flags ${(m.matrixBytes / 1e6).toFixed(0)} MB; ` +
          `peak above the process before loading ${((m.peakRss - m.baseRss) / m.matrixBytes).toFixed(2)}× the matrix)\n`,
      );
      if (processes > 1) {
        const loads = all.flatMap((r) => r.runs);
        const firsts = all.map((r) => r.runs[0]);
        const peaks = all.map((r) => r.peakRss / 1e6);
        process.stdout.write(
          `  ${processes} processes: median of ${loads.length} loads ${median(loads).toFixed(3)} s → ${(mb / median(loads)).toFixed(0)} MB/s; ` +
            `median first load of a process ${median(firsts).toFixed(3)} s → ${(mb / median(firsts)).toFixed(0)} MB/s; ` +
            `peak RSS median ${median(peaks).toFixed(0)} MB (max ${Math.max(...peaks).toFixed(0)})\n`,
        );
      }
      if (m.keptRuns?.length) {
        const k = Math.min(...m.keptRuns);
        process.stdout.write(`  with workers kept across loads: best ${k.toFixed(3)} s (${m.keptRuns.join(', ')}) → ${(mb / k).toFixed(0)} MB/s\n`);
      }
    }
    if (measured.parallel && measured.single) {
      process.stdout.write(`  all cores / one thread: ${(measured.single.s / measured.parallel.s).toFixed(2)}×\n`);
    }
    if (f === numeric && !process.argv.includes('--no-numpy')) {
      const np = numpyLoadtxt(f);
      if (np === null) process.stdout.write('  numpy.loadtxt: not available (python3 with numpy)\n');
      else {
        const ratio = (m) => (m ? ` · Dense Lab ${(np.s / m.s).toFixed(1)}× faster (${m.how})` : '');
        process.stdout.write(
          `  numpy ${np.version} loadtxt: ${np.s.toFixed(2)} s → ${(mb / np.s).toFixed(0)} MB/s, peak RSS ${(np.peakRss / 1e6).toFixed(0)} MB` +
            `${ratio(measured.parallel)}${ratio(measured.single)}\n`,
        );
      }
    }
  }
  if (existsSync(big)) unlinkSync(big);
}
