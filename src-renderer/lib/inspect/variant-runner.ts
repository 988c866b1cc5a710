/**
 * Runs one "same network, other activation" variant for the Activations tab: predictions over the whole
 * dataset by a predict job in main, and hidden-unit statistics over the first rows (≤ 1,000, one page),
 * computed here with the engine until main reports them over every row.
 */
import type { Cell, DatasetSummary } from '../../../src-shared/api/types';
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import { err, ok, type Result } from '../../../src-shared/result';
import { encodeRow } from '../network/encode-row';
import type { Workspace } from '../state/workspace.svelte';
import { summariseHidden } from './activation-stats';
import { networkOf } from './model-edit';
import { fetchPredictionResult, runPredictJob } from './predict-job';
import type { ActivationVariantResult } from './types';
import type { RunVariant } from './variants.svelte';

const STATS_ROWS = 1000;

/** A RunVariant for this workspace's dataset; the first page of rows is fetched once and shared by variants. */
export function variantRunner(ws: Workspace, summary: DatasetSummary): RunVariant {
  let page: Promise<Cell[][] | null> | null = null;
  const firstRows = () =>
    (page ??= ws.api.getRows({ datasetId: summary.id, start: 0, count: Math.min(STATS_ROWS, summary.rows) }).then((p) => (p.ok ? p.value.rows : null)));

  return async (model: ModelFile, activations: ActivationName[]): Promise<Result<ActivationVariantResult>> => {
    const label = `Predicting with ${activations.join(' → ')}`;
    const job = await runPredictJob(ws, model, summary, label);
    if (!job.ok) return job;
    const fetched = await fetchPredictionResult(ws, job.value, model, summary, false);
    if (!fetched.ok) return fetched;
    if (!fetched.value) return err({ kind: 'inspect/no-target', message: `No row has both a prediction and a value in ${model.output.name}.` });
    const cells = await firstRows();
    const rows: number[][] = [];
    for (const c of cells ?? []) {
      const x = encodeRow(model, summary.columns, c);
      if (x.ok) rows.push(x.value);
    }
    return ok({ activations, prediction: fetched.value, hidden: summariseHidden(networkOf(model), rows) });
  };
}
