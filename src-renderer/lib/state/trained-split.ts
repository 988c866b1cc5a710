/**
 * Which training run of this session made a model, so a prediction with it can say which rows trained it:
 * the Training tab records each finished run by its model's output spec (the object the workspace pins when
 * the model is loaded, and keeps through weight edits), and `flows.predict` asks main for metrics per split of
 * that run (PredictJobOptions.split) when the model in use is one of them and the dataset is the one it trained on.
 */
import type { OutputSpec } from '../../../src-shared/model-file/types';
import type { ModelFile } from '../../../src-shared/api/types';
import type { Workspace } from './workspace.svelte';

interface TrainedRun {
  readonly jobId: string;
  readonly datasetId: string;
}

/** Why a prediction with a model has no split: it was not trained in this session. */
export const NOT_TRAINED_HERE = 'this model was not trained in this session, so which rows trained it is not known';

const runs = (ws: Workspace) => ws.keep('trained-runs', () => new WeakMap<OutputSpec, TrainedRun>());

/** Remember that training job `jobId` on dataset `datasetId` made the model with this output spec. */
export function recordTrainedRun(ws: Workspace, output: OutputSpec, jobId: string, datasetId: string): void {
  runs(ws).set(output, { jobId, datasetId });
}

/** The training job whose split applies to `model` on dataset `datasetId`, or why none does (one sentence). */
export function trainedSplitFor(ws: Workspace, model: ModelFile, datasetId: string): { jobId: string } | { why: string } {
  const run = runs(ws).get(model.output);
  if (!run) return { why: NOT_TRAINED_HERE };
  if (run.datasetId !== datasetId) return { why: 'this model was trained on another dataset, so none of these rows trained it' };
  return { jobId: run.jobId };
}
