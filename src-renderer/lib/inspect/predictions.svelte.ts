/**
 * The Predictions tab's state: runs the current model over the open dataset (flows.predict, which also
 * makes it the prediction Export uses), then fetches a strided sample of the predictions for the charts.
 */
import type { DatasetSummary } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { predict } from '../state/flows';
import type { Workspace } from '../state/workspace.svelte';
import { nextTask } from './next-task';
import { fetchPredictionResult } from './predict-job';
import type { PredictionResult } from './types';
import type { SplitChoice } from './split-view';
import { trainedSplitFor } from '../state/trained-split';

export class PredictionsState {
  result = $state.raw<PredictionResult | null>(null);
  busy = $state(false);
  /** Why there is no result (no rows with a target), for the empty state. */
  note = $state<string | null>(null);
  /** Which rows the metrics and charts show (Validation unless the person chose otherwise). */
  split = $state<SplitChoice>('validation');
  /** Why the shown result has no train/validation split (the model was not trained here, or on another dataset). */
  noSplitWhy = $state<string | null>(null);
  /** What the shown result was computed for. */
  ranFor = $state.raw<{ model: ModelFile; datasetId: string } | null>(null);
  #run = 0;

  /** Forget the last run so the view predicts again. */
  retry(): void {
    this.ranFor = null;
    this.note = null;
  }

  async run(ws: Workspace, model: ModelFile, summary: DatasetSummary): Promise<void> {
    const run = ++this.#run;
    this.busy = true;
    try {
      const jobId = await predict(ws, model, { baseline: true });
      if (run !== this.#run) return;
      if (!jobId) {
        this.ranFor = { model, datasetId: summary.id };
        this.result = null;
        return void (this.note = 'The prediction did not finish (the reason is shown at the top).');
      }
      // input cells only for the residual-against-an-input chart of a regression: a classifier's charts use none, and
      // 10,000 sampled rows × 784 inputs were 20 MB of JSON (18 MB of it input cells) read for nothing
      const fetched = await fetchPredictionResult(ws, jobId, model, summary, model.output.task === 'regression');
      // Sampling the last page's rows and mounting the charts for them are two tasks, not one.
      await nextTask();
      if (run !== this.#run) return;
      if (!fetched.ok) {
        this.note = 'The predictions could not be read (the reason is shown at the top).';
        return void ws.problems.report(fetched.error);
      }
      this.result = fetched.value;
      const trained = trainedSplitFor(ws, model, summary.id);
      this.noSplitWhy = 'why' in trained ? trained.why : null;
      this.ranFor = { model, datasetId: summary.id };
      this.note = this.result ? null : `No row has both a prediction and a value in ${model.output.name}, so there is nothing to compare.`;
    } finally {
      if (run === this.#run) this.busy = false;
    }
  }
}
