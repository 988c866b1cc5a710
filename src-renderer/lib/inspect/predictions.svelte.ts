/**
 * The Predictions tab's state: runs the current model over the open dataset (flows.predict, which also
 * makes it the prediction Export uses), then fetches a strided sample of the predictions for the charts.
 */
import type { DatasetSummary, PredictJobOptions } from '../../../src-shared/api/types';
import { inputWidth, type ModelFile } from '../../../src-shared/model-file/types';
import { plural } from '../format/numbers';
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
  /** What the busy line says (the baseline's fit, once the network's predictions are shown). */
  busyText = $state('Predicting…');
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
      if (slowBaseline(model, summary)) {
        // The network's predictions first, then the same job with the baseline (whose fit is most of the time on a
        // wide file): every number still comes from main's predict job, the second one's replacing the first's.
        this.busyText = 'Predicting…';
        if (!(await this.#predictAndShow(ws, model, summary, run, undefined))) return;
        this.busyText = `Fitting the linear baseline on ${plural(summary.rows, 'row')}…`;
      }
      await this.#predictAndShow(ws, model, summary, run, { baseline: true });
    } finally {
      if (run === this.#run) {
        this.busy = false;
        this.busyText = 'Predicting…';
      }
    }
  }

  /** One predict job and its sample shown; false when it did not finish or was superseded. */
  async #predictAndShow(ws: Workspace, model: ModelFile, summary: DatasetSummary, run: number, options: PredictJobOptions | undefined): Promise<boolean> {
    const jobId = await predict(ws, model, options);
    if (run !== this.#run) return false;
    if (!jobId) {
      this.ranFor = { model, datasetId: summary.id };
      this.result = null;
      this.note = 'The prediction did not finish (the reason is shown at the top).';
      return false;
    }
    // input cells only for the residual-against-an-input chart of a regression: a classifier's charts use none, and
    // 10,000 sampled rows × 784 inputs were 20 MB of JSON (18 MB of it input cells) read for nothing
    const fetched = await fetchPredictionResult(ws, jobId, model, summary, model.output.task === 'regression');
    // Sampling the last page's rows and mounting the charts for them are two tasks, not one.
    await nextTask();
    if (run !== this.#run) return false;
    if (!fetched.ok) {
      this.note = 'The predictions could not be read (the reason is shown at the top).';
      ws.problems.report(fetched.error);
      return false;
    }
    this.result = fetched.value;
    const trained = trainedSplitFor(ws, model, summary.id);
    this.noSplitWhy = 'why' in trained ? trained.why : null;
    this.ranFor = { model, datasetId: summary.id };
    this.note = this.result ? null : `No row has both a prediction and a value in ${model.output.name}, so there is nothing to compare.`;
    return this.result !== null;
  }
}

/**
 * Whether the linear baseline's fit takes long enough to show the network's predictions first: its cost grows with
 * rows × network inputs × classes (a 20,000-row, 784-input, 10-class file: about 25 s of L-BFGS; iris: milliseconds).
 */
export const SLOW_BASELINE_WORK = 2e7;
function slowBaseline(model: ModelFile, summary: DatasetSummary): boolean {
  const width = model.inputs.reduce((t, s) => t + inputWidth(s), 0);
  return summary.rows * width * Math.max(1, model.output.classes?.length ?? 1) > SLOW_BASELINE_WORK;
}
