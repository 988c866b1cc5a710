/**
 * The whole path from files to files: read a model file, load a CSV, predict on the worker pool, export
 * the predictions CSV. What `dense-lab predict` runs; the app runs the same steps one job at a time.
 * Big files (or any, when asked) take the streaming path instead (predict-stream.ts): same bytes, flat memory.
 */
import { loadDataset } from '../datasets';
import { fileSize } from '../datasets/load-dataset';
import { err, ok, type AppError, type Result } from '../../../src-shared/result';
import { checkOutputPath, exportPredictions } from '../export';
import { predictRowCounts, readModel } from './predict';
import { startPredictions } from './predict-progressive';
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
  // Writing starts with the first rows predicted: the export copies rows while the workers compute later ones.
  const predicting = startPredictions(model.value, dataset, {
    pool: request.pool,
    signal: request.signal,
    onProgress: (done, total) => request.onProgress?.('predicting', done, total),
    ...(request.maxWorkers !== undefined ? { maxWorkers: request.maxWorkers } : {}),
    ...(request.kernel !== undefined ? { kernel: request.kernel } : {}),
    ...(request.arithmetic !== undefined ? { arithmetic: request.arithmetic } : {}),
  });
  if (!predicting.ok) return inData(predicting.error, request.dataPath);
  const arriving = predicting.value;
  let afterPredict = afterLoad;
  void arriving.result.then(() => (afterPredict = performance.now()));
  const exported = await exportPredictions(dataset, arriving, request.outPath, {
    keepFormulas: request.keepFormulas ?? false,
    protect: [request.modelPath],
    progressive: arriving,
    signal: request.signal,
    onProgress: (done, total) => request.onProgress?.('writing', done, total),
    ...(request.columns ? { columns: request.columns } : {}),
  });
  // A failed export stops the jobs still to run; a failed job has already failed the export with its error.
  if (!exported.ok) arriving.cancel();
  const predictions = await arriving.result;
  if (!predictions.ok) return inData(predictions.error, request.dataPath);
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
    // The export overlaps the forward pass: `write` is what it took after the last prediction.
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

/** An error of the predicting step names the data file. */
function inData(e: AppError, path: string): Result<never> {
  return err(e.file ? e : { ...e, message: `${path}: ${e.message}`, file: path });
}
