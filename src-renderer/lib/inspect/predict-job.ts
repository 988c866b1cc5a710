/**
 * A predict job for the inspection views, without touching the workspace's "last prediction" (that one
 * belongs to the current model, for export): start it, follow it in the status bar, then fetch a strided
 * sample of its predictions (≤ SAMPLE_LIMIT rows, ≤ MAX_ROWS_PER_CALL per call) as a PredictionResult.
 */
import { MAX_ROWS_PER_CALL } from '../../../src-shared/api/contract';
import type { Cell, DatasetSummary, PredictionRow } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { err, ok, type Result } from '../../../src-shared/result';
import type { Workspace } from '../state/workspace.svelte';
import { predictionResult, strideFor } from './prediction-sample';
import { SAMPLE_LIMIT, type PredictionResult } from './types';

/** Runs `model` over every row of the dataset; resolves when the job ends (its id, or the error). */
export async function runPredictJob(ws: Workspace, model: ModelFile, summary: DatasetSummary, label: string): Promise<Result<string>> {
  const started = await ws.api.predict({ datasetId: summary.id, model });
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

/** The finished job's predictions as chart data: a strided sample with metrics over it. */
export async function fetchPredictionResult(
  ws: Workspace,
  jobId: string,
  model: ModelFile,
  summary: DatasetSummary,
  withColumns: boolean,
): Promise<Result<PredictionResult | null>> {
  const job = await ws.api.getJob({ jobId });
  if (!job.ok) return job;
  const done = job.value.result?.kind === 'predict' ? job.value.result : null;
  if (!done) return ok(null);
  const stride = strideFor(done.rows, SAMPLE_LIMIT);
  const wanted = Math.ceil(done.rows / stride);
  const rows: PredictionRow[] = [];
  for (let got = 0; got < wanted; ) {
    const count = Math.min(MAX_ROWS_PER_CALL, wanted - got);
    const page = await ws.api.getPredictions({ jobId, start: got * stride, count, stride });
    if (!page.ok) return page;
    rows.push(...page.value.rows);
    got += count;
  }
  const columns = withColumns && stride === 1 ? await inputColumns(ws, model, summary) : [];
  return ok(predictionResult(model, done.outputs, rows, done.predictedRows, columns));
}

/** Numeric input columns of every row (only when the whole dataset is the sample: contiguous pages). */
async function inputColumns(ws: Workspace, model: ModelFile, summary: DatasetSummary): Promise<{ name: string; cell: (row: number) => Cell }[]> {
  const wanted = model.inputs.filter((s) => !s.categories).map((s) => summary.columns.findIndex((c) => c.name === s.name)).filter((i) => i >= 0);
  if (wanted.length === 0) return [];
  const cells: Cell[][] = [];
  for (let start = 0; start < summary.rows; start += MAX_ROWS_PER_CALL) {
    const page = await ws.api.getRows({ datasetId: summary.id, start, count: Math.min(MAX_ROWS_PER_CALL, summary.rows - start) });
    if (!page.ok) return [];
    cells.push(...page.value.rows);
  }
  return wanted.map((i) => ({ name: summary.columns[i].name, cell: (row: number) => cells[row]?.[i] ?? null }));
}
