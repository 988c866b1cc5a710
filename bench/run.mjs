#!/usr/bin/env node
// The performance report of issues 8 and 16: Dense Lab's figures beside the anchors (numpy, pandas, scikit-learn),
// measured in the same run on the same generated files, with the medians, the ratios and pass/miss.
//
//   npm run bench [-- --runs N] [-- --quick] [-- --json]
//
// --runs N   timed runs per figure (default 5); the heavy rows (whole-file predict, the pandas script, training,
//            the 10-1024-1024-1 case) use at most 3, to keep a default run within about 4 minutes here.
// --quick    a smoke run on small data (100,000-row CSV, 1 run): checks every path works, figures not comparable.
// --json     one JSON object on stdout and nothing else (progress goes to stderr either way).
// Generated inputs go to <os.tmpdir()>/dense-lab-bench and are reused while their size and hash match.
import { loadavg } from 'node:os';
import { parseArgs, USAGE } from './lib/args.mjs';
import { ensureCsv, ensureModel } from './lib/data.mjs';
import { machineInfo } from './lib/machine.mjs';
import { canPinToOneCore, measureCsvLoad, measurePolarsCsv, measureForwardPool, measureOnnxruntime, measurePredict, measureTraining } from './lib/measure.mjs';
import { anchorEnv, findPython, runAnchor } from './lib/python.mjs';
import { formatReport, resultRow } from './lib/report.mjs';
import { measureStreaming } from './predict-stream.mjs';
import { measureLongTasks, PHASES } from './long-tasks.mjs';
import { gflops, median, mergeRounds } from './lib/stats.mjs';

const SIZES = {
  full: { csvRows: 1_000_000, wideRows: 100_000, k1Rows: 1_000_000, mnistRows: 60_000, trainRows: 50_000, sklearnRows: 20_000 },
  quick: { csvRows: 100_000, wideRows: 5_000, k1Rows: 100_000, mnistRows: 6_000, trainRows: 5_000, sklearnRows: 2_000 },
};

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const log = (line) => process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(0)} s]: ${line}\n`);
  const loadBefore = Math.round(loadavg()[0] * 100) / 100;
  const { runs, quick } = options;
  const heavyRuns = Math.min(runs, 3);
  const size = quick ? SIZES.quick : SIZES.full;
  const rows = [];
  const notes = [];
  const anchors = { ran: [], skipped: [] };
  let failed = false;

  const py = { numpy: findPython('numpy'), pandas: findPython('pandas'), sklearn: findPython('sklearn'), torch: findPython('torch') };
  for (const [name, p] of Object.entries(py)) if (!p.ok) anchors.skipped.push({ name, reason: `${p.reason}; Debian's python3-${name === 'numpy' ? 'numpy' : name} would bring it (for the bench only)` });
  if (py.torch.ok) anchors.skipped.push({ name: 'torch', reason: 'torch is importable, but there is no PyTorch anchor script yet' });
  /** One run of a Python anchor: `{ ok, value }`, or `{ ok: false, reason }` (module missing or script failed). */
  const anchorRound = (module, name, script, args, extraEnv = {}) => {
    const p = py[module];
    if (!p.ok) return { ok: false, reason: p.reason };
    log(`anchor: ${name} …`);
    const r = runAnchor(p.python, script, args, anchorEnv(p.numpy, extraEnv));
    if (r.ok && !anchors.ran.some((x) => x.name === name)) anchors.ran.push({ name, python: p.python, [module]: p.version, numpy: p.numpy, blas: r.value.blas ?? null });
    return r.ok ? { ok: true, ...r.value } : r;
  };
  /** The anchor's merged rounds, or its skip reason (recorded once). */
  const anchorResult = (name, rounds) => {
    const m = mergeRounds(rounds);
    if (m.ok) return { value: m };
    if (!anchors.skipped.some((x) => x.reason.startsWith(m.reason))) anchors.skipped.push({ name, reason: m.reason });
    return { skipped: m.reason };
  };
  const ours = (what, rounds) => {
    const m = mergeRounds(rounds);
    if (m.ok) return m;
    failed = true;
    notes.push(`Dense Lab ${what} failed: ${m.reason}`);
    return null;
  };
  /**
   * Dense Lab and its anchor alternate round by round (ours, anchor, ours, anchor …), so that a busy neighbour
   * slows both alike instead of whichever happened to run during the burst.
   */
  const sideBySide = async (rounds, ourRound, theirRound) => {
    const a = [];
    const b = [];
    for (let k = 0; k < rounds; k++) {
      a.push(await ourRound(k));
      b.push(await theirRound(k));
    }
    return [a, b];
  };
  const split = (total, rounds) => Math.ceil(total / rounds);

  const csv = await ensureCsv(size.csvRows, log);
  const wideCsv = await ensureCsv(size.wideRows, log);
  const mb = csv.bytes / 1e6;
  const csvName = `${size.csvRows.toLocaleString('en-US')} × 11 CSV, ${mb.toFixed(0)} MB`;
  const toMBps = (a) => a.value?.seconds.map((s) => mb / s);

  // CSV → matrix: all cores, then pinned to one core; memory of the first load. bench/csv.mjs --measure loads 3 times a process.
  const csvRounds = Math.max(1, Math.round(runs / 3));
  log(`CSV → matrix (bench/csv.mjs --measure, ${csvRounds} × 3 loads) …`);
  // Polars (nodejs-polars, bench/anchors/polars_csv.mjs) is the anchor: ours, polars, pandas round by round.
  const polarsRound = (oneCore) => {
    const r = measurePolarsCsv(csv.path, split(runs, csvRounds), { oneCore });
    if (r.ok && !anchors.ran.some((x) => x.name === 'polars')) {
      anchors.ran.push({ name: 'polars', detail: `nodejs-polars ${r.version}` });
      notes.push(`polars: nodejs-polars ${r.version}, pl.readCSV in a fresh Node process (float64 columns); one core: taskset -c 0 and POLARS_MAX_THREADS=1.`);
    }
    return r;
  };
  const pandasRounds = [];
  const [loadRounds, polarsRounds] = await sideBySide(csvRounds, () => measureCsvLoad(csv.path, 3), () => {
    const p = polarsRound(false);
    pandasRounds.push(anchorRound('pandas', 'pandas.read_csv', 'csv_read.py', ['pandas', csv.path, split(runs, csvRounds)]));
    return p;
  });
  const load = ours('CSV load', loadRounds);
  const polarsRead = anchorResult('polars', polarsRounds);
  const pandasRead = anchorResult('pandas.read_csv', pandasRounds);
  rows.push(resultRow({
    id: 'csv', label: `CSV → matrix, all cores (${csvName})`, unit: 'MB/s', better: 'higher', target: { atLeast: 450, vsAnchor: 1, text: '≥ 450 MB/s, ahead of polars' },
    runs: load?.mbPerSecond, anchor: polarsRead.value ? { name: 'polars.readCSV', runs: toMBps(polarsRead) } : null, anchorSkipped: polarsRead.skipped,
  }));
  rows.push(resultRow({
    id: 'csv-pandas', label: 'CSV → matrix, same, vs pandas', unit: 'MB/s', better: 'higher', target: null,
    runs: load?.mbPerSecond, anchor: pandasRead.value ? { name: 'pandas.read_csv', runs: toMBps(pandasRead) } : null, anchorSkipped: pandasRead.skipped,
  }));
  if (canPinToOneCore()) {
    log('CSV → matrix on one core (taskset -c 0) …');
    const [oneRounds, polarsOneRounds] = await sideBySide(csvRounds, () => measureCsvLoad(csv.path, 3, { oneCore: true }), () => polarsRound(true));
    const one = ours('CSV load on one core', oneRounds);
    const polarsOne = anchorResult('polars', polarsOneRounds);
    rows.push(resultRow({
      id: 'csv-1core', label: 'CSV → matrix, one core (taskset)', unit: 'MB/s', better: 'higher', target: { atLeast: 250 },
      runs: one?.mbPerSecond, anchor: polarsOne.value ? { name: 'polars.readCSV, 1 thread', runs: toMBps(polarsOne) } : null, anchorSkipped: polarsOne.skipped,
    }));
  } else notes.push('CSV on one core: skipped, taskset is not available to pin the process.');
  rows.push(resultRow({
    id: 'memory', label: `peak RSS loading the ${mb.toFixed(0)} MB file`, unit: 'MB', better: 'lower', target: null,
    runs: load ? [load.peakRss / 1e6] : [], anchor: pandasRead.value ? { name: 'pandas.read_csv', runs: [pandasRead.value.peakRss / 1e6] } : null,
    anchorSkipped: pandasRead.skipped,
  }));

  // Forward throughput of the worker pool vs numpy on both cores: two rounds when there are runs enough.
  const forwardRounds = runs >= 2 ? 2 : 1;
  const forwardCases = [
    ['10→100→100→1', '10-100-100-1', size.k1Rows, 'linear', { vsAnchor: 4, text: '≥ 4× numpy (×4)' }, '1M rows'],
    ['784→128→64→10', '784-128-64-10', size.mnistRows, 'softmax', { vsAnchor: 1, text: '≥ numpy (×1)' }, '60k rows'],
  ];
  // Each round: the pool (float64 and float32), then numpy (float64) and onnxruntime (float32) on both networks.
  log(`forward (bench/forward.mjs --fast-only --float32, ${forwardRounds} rounds) …`);
  const [poolRounds, anchorRounds] = await sideBySide(forwardRounds, () => measureForwardPool(split(runs, forwardRounds)), () => {
    const numpy = forwardCases.map(([, sizes, rowsCount, last]) => anchorRound('numpy', `numpy forward ${sizes}`, 'numpy_forward.py', [sizes, rowsCount, split(runs, forwardRounds), last]));
    const onnx = forwardCases.map(([, sizes, rowsCount, last]) => {
      log(`anchor: onnxruntime forward ${sizes} …`);
      const r = measureOnnxruntime(sizes, rowsCount, split(runs, forwardRounds), last);
      if (r.ok && !anchors.ran.some((x) => x.name === 'onnxruntime')) anchors.ran.push({ name: 'onnxruntime', detail: `onnxruntime-node ${r.onnxruntime}, CPU provider, ${r.threads} intra-op threads, float32 input tensor made before timing` });
      return r;
    });
    return { numpy, onnx };
  });
  const numpyRounds = anchorRounds.map((r) => r.numpy);
  const pool = ours('forward pool', poolRounds);
  if (pool && poolRounds.some((r) => !r.identical)) notes.push('bench/forward.mjs: results differ between worker counts (not bit-identical)!');
  const poolRuns = (network, workers) =>
    (pool?.table ?? []).filter((r) => r.network === network && r.workers === workers && r.precision !== 'float32').flatMap((t) => t.runs.map((s) => gflops(Number(t.rows.replace(/,/g, '')), t.flopsPerRow, s)));
  forwardCases.forEach(([network, sizes, rowsCount, , targetAll, rowsText], k) => {
    const a = anchorResult(`numpy forward ${sizes}`, numpyRounds.map((r) => r[k]));
    const anchorRuns = a.value ? { name: `numpy ${a.value.blas?.threads ?? '?'} thr`, runs: a.value.seconds.map((s) => gflops(rowsCount, a.value.flopsPerRow, s)) } : null;
    rows.push(resultRow({ id: `forward-${sizes}-all`, label: `forward ${sizes}, ${rowsText}, ${pool?.workers ?? 'all'} workers`, unit: 'GFLOP/s', better: 'higher', target: targetAll, runs: poolRuns(network, pool?.workers), anchor: anchorRuns, anchorSkipped: a.skipped }));
    rows.push(resultRow({ id: `forward-${sizes}-1`, label: `forward ${sizes}, ${rowsText}, 1 worker`, unit: 'GFLOP/s', better: 'higher', target: null, runs: poolRuns(network, 1), anchor: anchorRuns, anchorSkipped: a.skipped }));
  });
  // The float32 mode against onnxruntime (float32), both networks, all workers.
  const poolRuns32 = (network, workers) =>
    (pool?.table ?? []).filter((r) => r.network === network && r.workers === workers && r.precision === 'float32').flatMap((t) => t.runs.map((s) => gflops(Number(t.rows.replace(/,/g, '')), t.flopsPerRow, s)));
  forwardCases.forEach(([network, sizes, rowsCount, , , rowsText], k) => {
    const a = anchorResult(`onnxruntime forward ${sizes}`, anchorRounds.map((r) => r.onnx[k]));
    const anchorRuns = a.value ? { name: `onnxruntime ${a.value.threads} thr`, runs: a.value.seconds.map((s) => gflops(rowsCount, a.value.flopsPerRow, s)) } : null;
    rows.push(resultRow({ id: `forward32-${sizes}-all`, label: `forward float32 ${sizes}, ${rowsText}, ${pool?.workers ?? 'all'} workers`, unit: 'GFLOP/s', better: 'higher', target: { vsAnchor: 1, text: '≥ onnxruntime (×1)' }, runs: poolRuns32(network, pool?.workers), anchor: anchorRuns, anchorSkipped: a.skipped }));
  });
  const worst32 = Math.max(0, ...(pool?.table ?? []).filter((t) => t.float32Worst !== undefined).map((t) => t.float32Worst));
  if (pool) notes.push(`float32 mode: bit-identical across 1 and ${pool.workers} workers; largest |float32 − float64| / (1 + |float64|) over all outputs ${worst32.toExponential(1)}.`);
  const onnxAnchor = anchors.ran.find((x) => x.name === 'onnxruntime');
  if (onnxAnchor) notes.push(`onnxruntime forward: ${onnxAnchor.detail}.`);

  // End to end: CSV → predictions CSV with the CLI vs the pandas script, alternating.
  log(`predict end to end (${size.csvRows.toLocaleString('en-US')} rows, ${heavyRuns} rounds) …`);
  const k1 = ensureModel([10, 100, 100, 1]);
  const [e2eRounds, pandasE2eRounds] = await sideBySide(heavyRuns, () => measurePredict(k1, csv.path, split(runs, heavyRuns)), () =>
    anchorRound('pandas', 'pandas script', 'pandas_predict.py', [csv.path, k1, `${csv.path}.pandas-out.csv`, 1]));
  const e2e = ours('predict', e2eRounds);
  const pandasE2e = anchorResult('pandas script', pandasE2eRounds);
  rows.push(resultRow({
    id: 'predict-e2e', label: `predict end to end, ${size.csvRows.toLocaleString('en-US')} rows → CSV`, unit: 's', better: 'lower', target: { vsAnchor: 12, text: '≥ 12× pandas (×12)' },
    runs: e2e?.seconds, note: e2e ? `(peak RSS ${Math.round(e2e.peakRss / 1e6)} MB)` : null,
    anchor: pandasE2e.value ? { name: 'pandas script', runs: pandasE2e.value.seconds } : null, anchorSkipped: pandasE2e.skipped,
  }));
  if (e2e) {
    const s = e2e.split.at(-1);
    notes.push(`predict, CLI's own split (last run): load ${s.load} s, forward ${s.forward} s, write ${s.write} s; ${s.workers} workers, ${s.kernel}. The pandas script is timed inside Python (start-up and imports not counted); its peak RSS ${pandasE2e.value ? Math.round(pandasE2e.value.peakRss / 1e6) : 'n/a'} MB.`);
  }

  // Compute-bound: the whole predict (CSV in and out) vs numpy's matrix products alone, alternating.
  log(`predict 10-1024-1024-1 (${size.wideRows.toLocaleString('en-US')} rows, ${heavyRuns} rounds) …`);
  const wide = ensureModel([10, 1024, 1024, 1]);
  const [wideRounds, wideNumpyRounds] = await sideBySide(heavyRuns, () => measurePredict(wide, wideCsv.path, 1), () =>
    anchorRound('numpy', 'numpy forward 10-1024-1024-1', 'numpy_forward.py', ['10-1024-1024-1', size.wideRows, 1]));
  const wideRun = ours('predict 10-1024-1024-1', wideRounds);
  const wideNumpy = anchorResult('numpy forward 10-1024-1024-1', wideNumpyRounds);
  rows.push(resultRow({
    id: 'predict-wide', label: `predict 10-1024-1024-1, ${size.wideRows.toLocaleString('en-US')} rows (whole CLI)`, unit: 's', better: 'lower',
    target: { vsAnchor: 0.5, text: 'within 2× numpy (×0.5)' }, runs: wideRun?.seconds,
    anchor: wideNumpy.value ? { name: 'numpy matmuls', runs: wideNumpy.value.seconds } : null, anchorSkipped: wideNumpy.skipped,
  }));
  if (wideRun) {
    const s = wideRun.split.at(-1);
    notes.push(`10-1024-1024-1, CLI's own split (last run): load ${s.load} s, forward ${s.forward} s, write ${s.write} s (${s.kernel}).`);
  }

  // Files larger than memory: predict --stream's peak RSS at 1 / 5 / 20 M rows (bench/predict-stream.mjs), and its
  // rows/s beside the in-memory path on the 1 M-row file in the same run (5 rounds alternating the two: a single run
  // of each swung between ×0.82 and ×1.02 in two quiet runs).
  const streamMillions = quick ? [0.1] : [1, 5, 20];
  log(`predict --stream (bench/predict-stream.mjs, ${streamMillions.join(' / ')} M rows) …`);
  const streamTable = await measureStreaming({ millions: streamMillions, rateRuns: quick ? 1 : 5, log });
  for (const t of streamTable.filter((x) => x.path === 'stream')) {
    rows.push(resultRow({
      id: `predict-stream-rss-${t.rows}`, label: `predict --stream, ${t.rows.toLocaleString('en-US')} rows (${t['file MB']} MB): peak RSS`, unit: 'MB', better: 'lower',
      target: { atMost: 600 }, runs: [t['peak RSS MB']],
    }));
  }
  const inMemory = streamTable.find((x) => x.path === 'in memory');
  const streamedSame = streamTable.find((x) => x.path === 'stream' && x.rows === inMemory?.rows);
  if (inMemory && streamedSame) {
    rows.push(resultRow({
      id: 'predict-stream-rate', label: `predict --stream, ${inMemory.rows.toLocaleString('en-US')} rows: rows/s`, unit: 'rows/s', better: 'higher',
      target: { vsAnchor: 0.9, text: '≈ the in-memory path (×0.9)' }, runs: [streamedSame['rows/s']], anchor: { name: 'in-memory predict', runs: [inMemory['rows/s']] },
    }));
    notes.push(`predict in memory on the same ${inMemory.rows.toLocaleString('en-US')} rows: peak RSS ${inMemory['peak RSS MB']} MB.`);
  }

  // Training: s/epoch per million rows (bench/train.mjs, which runs its numpy loop right after) and scikit-learn.
  log(`training (bench/train.mjs ${size.trainRows} rows, ${heavyRuns} rounds) …`);
  const numpyEnv = py.numpy.ok ? anchorEnv(py.numpy.numpy) : process.env;
  const [trainRounds, skRounds] = await sideBySide(heavyRuns, () => measureTraining(size.trainRows, 1, numpyEnv), () =>
    anchorRound('sklearn', 'sklearn MLPRegressor', 'sklearn_train.py', [size.sklearnRows, 1], { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }));
  const train = ours('training', trainRounds);
  const sk = anchorResult('sklearn MLPRegressor', skRounds);
  const trainAnchor = train?.numpySecondsPerMillion.length ? { name: 'numpy loop, 1 thr', runs: train.numpySecondsPerMillion } : null;
  if (trainAnchor) anchors.ran.push({ name: 'numpy training loop (bench/train.mjs)', detail: train.numpyNote });
  else anchors.skipped.push({ name: 'numpy training loop', reason: train?.numpyNote ?? 'bench/train.mjs failed' });
  rows.push(resultRow({
    id: 'train', label: 'train 10-100-100-1, Adam, batch 32, per 1M rows', unit: 's/epoch', better: 'lower', target: { atMost: 1 },
    runs: train?.secondsPerMillion, anchor: trainAnchor, anchorSkipped: trainAnchor ? null : train?.numpyNote,
    note: train ? `(${train.kernel}; CPU ${train.cpuSecondsPerMillion.map((s) => s.toFixed(1)).join(', ')})` : null,
  }));
  if (train?.numpyCpuSecondsPerMillion.length) {
    const cpu = (xs) => median(xs).toFixed(1);
    notes.push(`training by CPU time (less sensitive to a busy machine), per 1M rows: Dense Lab ${cpu(train.cpuSecondsPerMillion)} s, numpy loop ${cpu(train.numpyCpuSecondsPerMillion)} s.`);
  }
  rows.push(resultRow({
    id: 'train-sklearn', label: 'train, same, vs scikit-learn', unit: 's/epoch', better: 'lower', target: null,
    runs: train?.secondsPerMillion, anchor: sk.value ? { name: 'MLPRegressor, 1 thr', runs: sk.value.secondsPerMillion } : null, anchorSkipped: sk.skipped,
  }));

  // The UI thread (issue 16): the longest renderer task while loading, training on and predicting the 1M-row file
  // in the app (browser mode, Chromium; bench/long-tasks.mjs), two runs (one with --quick).
  const uiRuns = quick ? 1 : 2;
  log(`renderer long tasks (bench/long-tasks.mjs, ${uiRuns} runs) …`);
  const ui = [];
  for (let k = 0; k < uiRuns; k++) {
    try {
      ui.push(await measureLongTasks({ csvPath: csv.path, rows: size.csvRows, log }));
    } catch (e) {
      notes.push(`renderer long tasks: not measured (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).`);
      break;
    }
  }
  if (ui.length > 0) {
    const doing = { load: 'loading', train: 'training 1 epoch on', predict: 'predicting' };
    for (const phase of PHASES) {
      rows.push(resultRow({
        id: `ui-${phase}`, label: `longest renderer task ${doing[phase]} ${size.csvRows.toLocaleString('en-US')} rows`, unit: 'ms', better: 'lower',
        target: { atMost: 50 }, runs: ui.map((r) => r.phases[phase].longestMs), note: `(${ui.map((r) => r.phases[phase].over50).join(', ')} over 50 ms; most CPU in one task ${ui.map((r) => r.phases[phase].longestCpuMs ?? 'n/a').join(', ')} ms)`,
      }));
    }
  }

  for (const a of anchors.ran.filter((x) => x.blas)) {
    const b = a.blas;
    notes.push(`${a.name}: ${a.python}, numpy ${a.numpy}, ${b.library} ${b.version} kernel ${b.kernel}, ${b.threads} thread${b.threads === 1 ? '' : 's'} (per ${b.source.split(' (')[0]}).`);
  }
  for (const s of anchors.skipped) notes.push(`anchor skipped — ${s.name}: ${s.reason}`);

  const report = { machine: machineInfo(), loadBefore, runs, heavyRuns, quick, seconds: (performance.now() - started) / 1000, rows, anchors, notes: [...new Set(notes)] };
  process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  if (failed) process.exitCode = 1;
}

await main();
