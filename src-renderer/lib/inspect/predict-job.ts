/**
 * A predict job for the inspection views, without touching the workspace's "last prediction" (that one
 * belongs to the current model, for export): start it, follow it in the status bar, then fetch a strided
 * sample of its predictions (≤ SAMPLE_LIMIT rows, ≤ MAX_ROWS_PER_CALL per call) as a PredictionResult.
 */
import { MAX_ROWS_PER_CALL } from '../../../src-shared/api/contract';
import type { Cell, DatasetSummary, PredictJobOptions, PredictionRow, PredictResult } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { err, ok, type Result } from '../../../src-shared/result';
import type { Workspace } from '../state/workspace.svelte';
import { nextTask } from './next-task';
import { predictionResult, strideFor } from './prediction-sample';
import { SAMPLE_LIMIT, type PredictionResult } from './types';

/**
 * Runs `model` over every row of the dataset; resolves when the job ends (its id, or the error). `options`:
 * {activationStats: true} for PredictResult.hidden (see jobHidden), {baseline: true} for the linear baseline.
 */
export async function runPredictJob(ws: Workspace, model: ModelFile, summary: DatasetSummary, label: string, options?: PredictJobOptions): Promise<Result<string>> {
  const started = await ws.api.predict({ datasetId: summary.id, model, ...(options ? { options } : {}) });
  if (!started.ok) return started;
  const { jobId } = started.value;
  const key = ws.jobs.start(label, () => void ws.api.cancel({ jobId }));
  return new Promise((resolve) => {
    const stop = ws.onEvent((e) => {
      if (!('jobId' in e) || e.jobId !== jobId) return;
      if (e.type === 'job-progress') return ws.jobs.update(key, e.progress);
      if (e.type !== 'job-done' && e.type !== 'job-failed' && e.type !== 'job-cancelled') return;
      stop();
      ws.jobs.finish(key);
      if (e.type === 'job-done') resolve(ok(jobId));
      else if (e.type === 'job-failed') resolve(err(e.error));
      else resolve(err({ kind: 'job/cancelled', message: `${label}: cancelled` }));
    });
  });
}

/** The finished predict job's result (metrics over all rows, baseline, hidden-unit summaries), or null. */
export async function predictJobResult(ws: Workspace, jobId: string): Promise<Result<PredictResult | null>> {
  const job = await ws.api.getJob({ jobId });
  if (!job.ok) return job;
  return ok(job.value.result?.kind === 'predict' ? job.value.result : null);
}

/**
 * The finished job's predictions as chart data: a strided sample for the charts, with main's metrics over ALL rows
 * (confusion matrix, ROC) in place of the sample's when the job has them, the baseline when the job fitted one, and
 * (withColumns) the sampled rows' numeric input columns (only the regression charts use them: ask only then).
 */
export async function fetchPredictionResult(
  ws: Workspace,
  jobId: string,
  model: ModelFile,
  summary: DatasetSummary,
  withColumns: boolean,
): Promise<Result<PredictionResult | null>> {
  const job = await predictJobResult(ws, jobId);
  if (!job.ok) return job;
  const done = job.value;
  if (!done) return ok(null);
  const stride = strideFor(done.rows, SAMPLE_LIMIT);
  const wanted = Math.ceil(done.rows / stride);
  const rows: PredictionRow[] = [];
  for (let got = 0; got < wanted; ) {
    const count = Math.min(MAX_ROWS_PER_CALL, wanted - got);
    const page = await ws.api.getPredictions({ jobId, start: got * stride, count, stride, ...(withColumns ? { inputs: true } : {}) });
    if (!page.ok) return page;
    rows.push(...page.value.rows);
    got += count;
  }
  // Decoding the last page and turning the sample into chart data are two tasks, not one.
  await nextTask();
  const columns = withColumns ? sampledInputColumns(model, rows) : [];
  // the baseline's prediction rides along as a column, so it stays aligned with the rows the sample keeps
  const baselineCol = done.outputs.indexOf('prediction');
  if (done.baseline && model.output.task === 'regression' && baselineCol >= 0) {
    const byRow = new Map(rows.map((r) => [r.row, r.baseline?.[baselineCol] ?? null]));
    columns.push({ name: BASELINE_COLUMN, cell: (row) => byRow.get(row) ?? null });
  }
  const sampled = predictionResult(model, done.outputs, rows, done.predictedRows, columns);
  return ok(sampled ? withSplit(withJobMetrics(sampled, done), done, rows) : null);
}

const BASELINE_COLUMN = '\u0000baseline';

/** Main's metrics over every row (and the baseline's) in place of the sample's. */
function withJobMetrics(sampled: PredictionResult, done: PredictResult): PredictionResult {
  const e = done.evaluation;
  const b = done.baseline;
  if (sampled.task === 'regression') {
    const own = (sampled.columns ?? []).filter((c) => c.name !== BASELINE_COLUMN);
    const base = (sampled.columns ?? []).find((c) => c.name === BASELINE_COLUMN);
    return {
      ...sampled,
      columns: own,
      ...(e ? { metrics: e.metrics } : {}),
      ...(b && base ? { baseline: { predicted: base.values, metrics: b.evaluation.metrics } } : {}),
    };
  }
  return {
    ...sampled,
    ...(e ? { metrics: e.metrics, confusion: e.metrics.confusion ?? sampled.confusion, roc: e.roc ?? sampled.roc ?? null } : {}),
    ...(b ? { baseline: { confusion: b.evaluation.metrics.confusion ?? [], metrics: b.evaluation.metrics, roc: b.evaluation.roc ?? null } } : {}),
  };
}

/** The training run's split (main's metrics per side, each sampled row's side), when the job was given one. */
function withSplit(sampled: PredictionResult, done: PredictResult, rows: readonly PredictionRow[]): PredictionResult {
  const s = done.splits;
  if (!s || !sampled.rows) return sampled;
  const side = new Map(rows.map((r) => [r.row, r.split === 'validation' ? 1 : 0]));
  const sides = Array.from(sampled.rows, (row) => side.get(row) ?? 0);
  return { ...sampled, split: { sides, rows: s.rows, network: s.network, baseline: s.baseline } };
}

/** Numeric input columns of the sampled rows, from the cells getPredictions({inputs: true}) returned with them. */
function sampledInputColumns(model: ModelFile, rows: readonly PredictionRow[]): { name: string; cell: (row: number) => Cell }[] {
  const byRow = new Map(rows.map((r) => [r.row, r.inputs ?? []]));
  return model.inputs.flatMap((spec, k) => (spec.categories ? [] : [{ name: spec.name, cell: (row: number) => byRow.get(row)?.[k] ?? null }]));
}
