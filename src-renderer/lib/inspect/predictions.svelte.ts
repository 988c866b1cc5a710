/**
 * The Predictions tab's state: runs the model over the open dataset as a job (main's workers), then
 * fetches a strided sample of the predictions (≤ SAMPLE_LIMIT rows, ≤ 1,000 per call) for the charts.
 */
import { MAX_ROWS_PER_CALL } from '../../../src-shared/api/contract';
import type { Cell, DatasetSummary, PredictionRow } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { predict } from '../state/flows';
import type { Workspace } from '../state/workspace.svelte';
import { predictionResult, strideFor } from './prediction-sample';
import { SAMPLE_LIMIT, type PredictionResult } from './types';

export class PredictionsState {
  result = $state.raw<PredictionResult | null>(null);
  busy = $state(false);
  /** Why there is no result (no rows with a target, a failed fetch), for the empty state. */
  note = $state<string | null>(null);
  /** What the shown result was computed for. */
  ranFor = $state.raw<{ model: ModelFile; datasetId: string } | null>(null);
  #run = 0;

  async run(ws: Workspace, model: ModelFile, summary: DatasetSummary): Promise<void> {
    const run = ++this.#run;
    this.busy = true;
    try {
      const jobId = await predict(ws, model);
      if (!jobId || run !== this.#run) return;
      const job = await ws.api.getJob({ jobId });
      const done = job.ok && job.value.result?.kind === 'predict' ? job.value.result : null;
      if (!done) return void (this.note = 'The prediction finished without a result to chart.');
      const stride = strideFor(done.rows, SAMPLE_LIMIT);
      const wanted = Math.ceil(done.rows / stride);
      const rows: PredictionRow[] = [];
      for (let got = 0; got < wanted; ) {
        const count = Math.min(MAX_ROWS_PER_CALL, wanted - got);
        const page = await ws.api.getPredictions({ jobId, start: got * stride, count, stride });
        if (!page.ok) return void ws.problems.report(page.error);
        if (run !== this.#run) return;
        rows.push(...page.value.rows);
        got += count;
      }
      const columns = stride === 1 ? await this.#inputColumns(ws, model, summary) : [];
      if (run !== this.#run) return;
      this.result = predictionResult(model, done.outputs, rows, done.predictedRows, columns);
      this.ranFor = { model, datasetId: summary.id };
      this.note = this.result ? null : `No row has both a prediction and a value in ${model.output.name}, so there is nothing to compare.`;
    } finally {
      if (run === this.#run) this.busy = false;
    }
  }

  /** Numeric input columns of every row (only when the whole dataset is the sample: contiguous pages). */
  async #inputColumns(ws: Workspace, model: ModelFile, summary: DatasetSummary): Promise<{ name: string; cell: (row: number) => Cell }[]> {
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
}
