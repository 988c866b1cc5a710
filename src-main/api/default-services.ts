/**
 * The real services, wired to the API: the loader, the prediction service on a forward worker pool
 * (started with the first prediction), the training service, the CSV export, and the course examples.
 */
import { basename } from 'node:path';
import { importCourseNotation } from '../../src-shared/course/notation';
import { courseExamples } from '../../src-shared/course/examples';
import { err, ok, type Result } from '../../src-shared/result';
import { BASELINE_MAX_FIT_ROWS } from '../../src-shared/api';
import { CsvWorkerPool, loadDataset, loadDatasetFromBytes, type LoadedDataset } from '../services/datasets';
import { exportPredictions, type ExportSource } from '../services/export';
import { predictionsCsvFromBytes } from '../services/export/export-predictions';
import { evaluateSplitsOf, predictDataset, predictRowCounts, type Predictions } from '../services/predict';
import { predictFileStreaming, STREAM_MIN_BYTES } from '../services/predict/predict-stream';
import { loadFileHead } from '../services/datasets/file-head';
import { fileSize } from '../services/datasets/load-dataset';
import { SPLIT_NAMES, splitCodes } from '../../src-shared/jobs/row-split';
import { resolveTrainingSettings } from '../../src-shared/jobs/train-settings';
import type { PredictionColumn } from '../../src-shared/jobs/prediction-columns';
import { startTraining } from '../services/training';
import { readWholeFile } from '../services/files/read-whole-file';
import { analyse } from '../services/analysis';
import { ForwardPool } from '../workers/pool';
import type { ApiServices, ExportRequest, LoadedData, LoadOptions } from './services';
import type { ModelFile, PredictSplits } from '../../src-shared/api';
import type { Dataset } from '../../src-shared/data/dataset';

/** At most one job-batch event per this many milliseconds (≤ 10 per second). */
const BATCH_EVENT_MS = 100;

const loaded = (r: Result<LoadedDataset>): Result<LoadedData> =>
  r.ok ? ok({ data: r.value, bytes: r.value.bytes, seconds: r.value.seconds, ...(r.value.content ? { content: r.value.content } : {}) }) : r;

const loaderOptions = (o: LoadOptions) => ({
  signal: o.signal,
  ...(o.header === undefined ? {} : { header: o.header }),
  onProgress: o.onProgress ? (p: { bytesRead: number; totalBytes: number }) => o.onProgress?.(p.bytesRead, p.totalBytes) : undefined,
});

/** The dataset as the exporter reads it: its cells come from the uploaded bytes or from the file (checked unchanged). */
function exportSource(request: ExportRequest): ExportSource {
  const d = request.dataset;
  return { ...d.data, path: d.path ?? '', bytes: d.bytes, ...(d.content ? { content: d.content } : {}) };
}

/**
 * The predictions an export writes: with a `split` column (train / validation, as `train --predictions` writes it)
 * when the predict job was given a training run's split. Every row has a side: also a row the training left out
 * (an empty target or input), which no metric counts.
 */
function withSplitColumn(request: ExportRequest): Predictions {
  const raw = request.predictions.raw as Predictions;
  const codes = request.predictions.split;
  if (!codes) return raw;
  const split: PredictionColumn = { name: 'split', kind: 'class', classes: SPLIT_NAMES, codes };
  return { ...raw, columns: [...raw.columns, split] };
}

/** A predict job's metrics per side of a training run's split: the network's, and the baseline's when it was fitted. */
function splitMetrics(split: { jobId: string; codes: Int32Array }, model: ModelFile, p: Predictions, data: Dataset): PredictSplits | null {
  const network = evaluateSplitsOf(model.output, p.columns, data, split.codes);
  if (!network) return null;
  const baseline = p.baseline ? evaluateSplitsOf(model.output, p.baseline.columns, data, split.codes) : null;
  let validation = 0;
  for (const c of split.codes) if (c === 1) validation++;
  return { jobId: split.jobId, rows: { train: split.codes.length - validation, validation }, network, baseline };
}

export interface DefaultServicesOptions {
  /** Files this big or bigger open as their first rows and export through the streaming predict (default STREAM_MIN_BYTES). */
  readonly streamMinBytes?: number;
}

/** The services of the running app (Electron or the browser bridge). `dispose` stops the worker pool. */
export function createDefaultServices(options: DefaultServicesOptions = {}): ApiServices {
  const streamMinBytes = options.streamMinBytes ?? STREAM_MIN_BYTES;
  let pool: ForwardPool | null = null;
  const forwardPool = () => (pool ??= new ForwardPool());
  // CSV workers kept across loads: a fresh pool per load spends most of the parallel gain starting
  // threads (bench/csv.mjs: 262 MB/s fresh vs 440 MB/s kept). One load at a time uses it; a second
  // load running meanwhile gets its own short-lived workers.
  let csvPool: CsvWorkerPool | null = null;
  let csvPoolBusy = false;

  return {
    async loadDataset(path, options) {
      const size = await fileSize(path);
      if (size.ok && size.value >= streamMinBytes) {
        const head = loaded(await loadFileHead(path, basename(path), size.value, { signal: options.signal, ...(options.header === undefined ? {} : { header: options.header }) }));
        return head.ok ? ok({ ...head.value, partial: true }) : head;
      }
      if (csvPoolBusy) return loaded(await loadDataset(path, loaderOptions(options)));
      csvPoolBusy = true;
      try {
        return loaded(await loadDataset(path, { ...loaderOptions(options), pool: (csvPool ??= new CsvWorkerPool()) }));
      } finally {
        csvPoolBusy = false;
      }
    },
    loadDatasetFromBytes: async (bytes, name, options) => loaded(await loadDatasetFromBytes(bytes, name, loaderOptions(options))),

    courseExamples: () =>
      courseExamples().map((e) => ({
        id: e.id,
        title: e.title,
        description: e.description,
        notation: e.notation,
        model: e.model,
        input: e.input,
        expectedOutput: e.expected.output,
        rows: e.rows.map((r) => ({ input: r.input, output: r.output })),
      })),

    analyse,
    importWeights: (text, options) => {
      const r = importCourseNotation(text, options);
      if (!r.ok) return r;
      return ok({ model: r.value.model, input: r.value.input ?? null, notes: r.value.skipped.map((s) => `Skipped (not input_data or weights): ${s}`) });
    },

    async predict(dataset, model, ctx, options = {}, split) {
      const r = await predictDataset(model, dataset.data, {
        pool: forwardPool(),
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done, total, 'rows'),
        // with a training run's split the baseline, like the network, learns from its train rows only
        ...(options.baseline ? { baseline: { maxRows: BASELINE_MAX_FIT_ROWS, ...(split ? { trainOnly: split.codes } : {}) } } : {}),
        ...(options.activationStats ? { activationStats: true } : {}),
      });
      if (!r.ok) return r;
      const p = r.value;
      const b = p.baseline;
      return ok({
        result: {
          kind: 'predict',
          ...predictRowCounts(p),
          outputs: p.columns.map((c) => c.name),
          seconds: p.seconds,
          workers: p.workers,
          evaluation: p.evaluation ?? null,
          evaluationNote: p.evaluationNote ?? null,
          ...(options.baseline
            ? {
                baseline: b?.evaluation
                  ? { method: b.fit.method, fitRows: b.fit.fitRows, sampled: b.fit.sampled, seed: b.fit.seed, iterations: b.fit.iterations, converged: b.fit.converged, evaluation: b.evaluation, model: b.fit.model }
                  : null,
                baselineNote: b && !b.evaluation ? 'The baseline was fitted but no row has both its prediction and a target.' : (p.baselineNote ?? null),
              }
            : {}),
          ...(options.activationStats ? { hidden: p.hidden ?? [] } : {}),
          ...(split ? { splits: splitMetrics(split, model, p, dataset.data) } : {}),
        },
        predictions: { model, rows: p.rows, columns: p.columns, raw: p, ...(b ? { baselineColumns: b.columns } : {}), ...(split ? { split: split.codes } : {}) },
      });
    },

    async train(dataset, settings, ctx, validation) {
      const started = performance.now();
      const epochs = settings.epochs;
      // every batch reports to the worker, which posts at most 10 per second (reportEveryBatches never changes the model)
      let lastBatch = -Infinity;
      const handle = startTraining(dataset.data, { ...settings, reportEveryBatches: 1 }, {
        batchIntervalMs: BATCH_EVENT_MS,
        onBatch: (progress) => {
          // messages that queued up while main was busy arrive together: emit at most one per BATCH_EVENT_MS here too
          const now = performance.now();
          if (now - lastBatch < BATCH_EVENT_MS) return;
          lastBatch = now;
          ctx.batch(progress);
        },
        onWeights: (snapshot) => ctx.weights(snapshot),
        onSnapshot: (snapshot) => ctx.snapshot(snapshot),
        onPlan: (plan) => ctx.plan(plan),
        onEpoch: (metrics) => {
          ctx.epoch(metrics);
          if (epochs !== undefined) ctx.progress(metrics.epoch, epochs, 'epochs');
        },
      }, validation ? { validation: validation.data } : {});
      ctx.onPauseChange((paused, oneEpoch) => (paused ? handle.pause() : oneEpoch ? handle.oneEpoch() : handle.resume()));
      ctx.signal.addEventListener('abort', () => handle.stop(ctx.signal.reason === 'last' ? 'last' : 'best'), { once: true });
      const r = await handle.promise;
      if (!r.ok) return r;
      // the rows each side of the split holds, by the engine's own splitRows (kept in main for predict's `split` option)
      const resolved = resolveTrainingSettings(settings);
      const rowSplit = resolved.ok ? splitCodes(dataset.data.rows, resolved.value) : undefined;
      return ok({ result: { kind: 'train', seconds: (performance.now() - started) / 1000, ...r.value }, ...(rowSplit ? { rowSplit } : {}) });
    },

    async exportPredictions(request, path) {
      const r = await exportPredictions(exportSource(request), withSplitColumn(request), path, {
        columns: request.columns,
        keepFormulas: request.keepFormulas,
      });
      return r.ok ? ok({ path: r.value.path, rows: r.value.rows, bytes: r.value.bytes }) : r;
    },

    async streamPredictions(request) {
      const d = request.dataset;
      if (!d.path) return err({ kind: 'io/unreadable', message: `${d.name} has no file to read its rows from.` });
      const r = await predictFileStreaming({
        model: request.model,
        modelPath: '',
        dataPath: d.path,
        outPath: request.path,
        pool: forwardPool(),
        columns: request.columns,
        keepFormulas: request.keepFormulas,
        header: d.data.header,
        ...(request.signal ? { signal: request.signal } : {}),
        onProgress: (_phase, done, total) => request.onProgress(done, total),
      });
      return r.ok ? ok({ path: r.value.outPath, rows: r.value.rows, bytes: r.value.bytesWritten }) : r;
    },

    async predictionsCsv(request) {
      const d = request.dataset;
      let content = d.content;
      if (!content) {
        if (!d.path) return err({ kind: 'io/unreadable', message: `The original bytes of ${d.name} are not available.` });
        // Bounded by the size it had: a file that grew since is refused without reading it all.
        const again = await readWholeFile(d.path, { maxBytes: d.bytes, what: 'dataset' });
        if (!again.ok && again.error.kind !== 'io/too-large') return again;
        if (!again.ok || again.value.length !== d.bytes) {
          return err({ kind: 'export/source-changed', message: `${d.path} changed since it was loaded. Load it again.`, file: d.path });
        }
        content = again.value;
      }
      return predictionsCsvFromBytes(d.data, content, withSplitColumn(request), { columns: request.columns, keepFormulas: request.keepFormulas });
    },

    async dispose() {
      const p = pool;
      const c = csvPool;
      pool = null;
      csvPool = null;
      await Promise.all([p?.close(), c?.close()]);
    },
  };
}
