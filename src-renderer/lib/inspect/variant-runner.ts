/**
 * Runs one "same network, other activation" variant for the Activations tab: one predict job in main with
 * hidden-activation statistics (predict option activationStats), so the predictions' metrics AND the share
 * of dead or saturated units cover every row of the dataset, computed by the forward workers.
 */
import type { DatasetSummary } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import { err, ok, type Result } from '../../../src-shared/result';
import type { Workspace } from '../state/workspace.svelte';
import { fetchPredictionResult, predictJobResult, runPredictJob } from './predict-job';
import type { ActivationVariantResult } from './types';
import type { RunVariant } from './variants.svelte';

/** A RunVariant for this workspace's dataset. */
export function variantRunner(ws: Workspace, summary: DatasetSummary): RunVariant {
  return async (model: ModelFile, activations: ActivationName[]): Promise<Result<ActivationVariantResult>> => {
    const label = `Predicting with ${activations.join(' → ')}`;
    const job = await runPredictJob(ws, model, summary, label, { activationStats: true });
    if (!job.ok) return job;
    const [fetched, done] = await Promise.all([fetchPredictionResult(ws, job.value, model, summary, false), predictJobResult(ws, job.value)]);
    if (!fetched.ok) return fetched;
    if (!done.ok) return done;
    if (!fetched.value) return err({ kind: 'inspect/no-target', message: `No row has both a prediction and a value in ${model.output.name}.` });
    const hidden = done.value?.hidden;
    if (!hidden) return err({ kind: 'inspect/no-activation-stats', message: 'Main did not report hidden-unit statistics for this prediction.' });
    return ok({ activations, prediction: fetched.value, hidden });
  };
}
