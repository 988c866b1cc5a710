/**
 * The whole path from files to files: read a model file, load a CSV, predict on the worker pool, export
 * the predictions CSV. What `dense-lab predict` runs; the app runs the same steps one job at a time.
 * Big files (or any, when asked) take the streaming path instead (predict-stream.ts): same bytes, flat memory.
 */
import { loadDataset } from '../datasets';
import { fileSize } from '../datasets/load-dataset';
import { err, ok, type Result } from '../../../src-shared/result';
import { checkOutputPath, exportPredictions, prepareExport, type ExportPreparation } from '../export';
import type { LoadedDataset } from '../datasets/load-dataset';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { predictDataset, predictRowCounts, readModel } from './predict';
import type { PredictFileRequest, PredictFileSummary } from './predict-request';
import { predictFileStreaming, STREAM_MIN_BYTES } from './predict-stream';

/**
 * Model file + CSV → predictions CSV (see the file comment). Errors are the steps' own, each naming its file.
 * A file of STREAM_MIN_BYTES or more (or any file, with request.stream) is streamed (predict-stream.ts): same bytes.
 */
export async function predictFileToCsv(request: PredictFileRequest): Promise<Result<PredictFileSummary>> {
  if (request.stream ?? (await sizeOf(request.dataPath)) >= STREAM_MIN_BYTES) return predictFileStreaming(request, request.streamChunkBytes !== undefined ? { chunkBytes: request.streamChunkBytes } : {});
  return predictInMemory(request);
}

/** The file's size, or 0 if it cannot be had (the load then says why). */
async function sizeOf(path: string): Promise<number> {
  const size = await fileSize(path);
  return size.ok ? size.value : 0;
}

/** predictFileToCsv with the whole dataset loaded. */
async function predictInMemory(request: PredictFileRequest): Promise<Result<PredictFileSummary>> {
  const started = performance.now();
  // Refuse a bad output path before any long work.
  const writable = await checkOutputPath(request.outPath, [request.dataPath, request.modelPath]);
  if (!writable.ok) return writable;
  const model = await readModel(request.modelPath);
  if (!model.ok) return model;
  const loaded = await loadDataset(request.dataPath, {
    // The predictions CSV never shows the columns' histograms: skip that pass over the matrix.
    parallel: { histograms: false },
    ...(request.header === undefined ? {} : { header: request.header }),
    signal: request.signal,
    onProgress: (p) => request.onProgress?.('loading', p.bytesRead, p.totalBytes),
  });
  if (!loaded.ok) {
    if (loaded.error.kind === 'cancelled') return err({ kind: 'job/cancelled', message: 'Loading was cancelled.' });
    return loaded;
  }
  const dataset = loaded.value;
  const afterLoad = performance.now();
  // The export's worker starts and reads the file's last part while the forward pass runs.
  const prepared = prepareExport(dataset);
  try {
    return await predictAndExport(request, model.value, dataset, prepared, started, afterLoad);
  } finally {
    prepared.dispose();
  }
}

/** predictFileToCsv once the dataset is loaded: the forward pass, then the export (which takes `prepared`). */
async function predictAndExport(
  request: PredictFileRequest,
  model: ModelFile,
  dataset: LoadedDataset,
  prepared: ExportPreparation,
  started: number,
  afterLoad: number,
): Promise<Result<PredictFileSummary>> {
  const predictions = await predictDataset(model, dataset, {
    pool: request.pool,
    signal: request.signal,
    onProgress: (done, total) => request.onProgress?.('predicting', done, total),
    // the CSV does not carry metrics: skip the pass over the target column
    evaluate: false,
    ...(request.maxWorkers !== undefined ? { maxWorkers: request.maxWorkers } : {}),
    ...(request.kernel !== undefined ? { kernel: request.kernel } : {}),
    ...(request.arithmetic !== undefined ? { arithmetic: request.arithmetic } : {}),
  });
  if (!predictions.ok) {
    const e = predictions.error;
    return err(e.file ? e : { ...e, message: `${request.dataPath}: ${e.message}`, file: request.dataPath });
  }
  const afterPredict = performance.now();
  const exported = await exportPredictions(dataset, predictions.value, request.outPath, {
    keepFormulas: request.keepFormulas ?? false,
    protect: [request.modelPath],
    prepared,
    signal: request.signal,
    onProgress: (done, total) => request.onProgress?.('writing', done, total),
    ...(request.columns ? { columns: request.columns } : {}),
  });
  if (!exported.ok) return exported;
  const end = performance.now();
  const p = predictions.value;
  return ok({
    outPath: exported.value.path,
    ...predictRowCounts(p),
    bytesWritten: exported.value.bytes,
    workers: p.workers,
    kernel: p.kernel,
    precision: p.precision ?? 'float64',
    seconds: {
      load: (afterLoad - started) / 1000,
      predict: (afterPredict - afterLoad) / 1000,
      write: (end - afterPredict) / 1000,
      total: (end - started) / 1000,
    },
    loadWarnings: dataset.warnings.length,
    warnings: dataset.warnings,
  });
}
