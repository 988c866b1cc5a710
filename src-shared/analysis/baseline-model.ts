/**
 * The "model with no interactions" an analysis compares a network with: the linear / logistic fit of the same
 * inputs and output. Training (src-shared/jobs/train.ts) writes its weights into the model file as
 * `training.baselineLayers` (the same inputs, scaling and output scale as the network, fitted on the training rows);
 * a model file without them (older files, other tools, --no-baseline) gets one fitted on the data being analysed
 * with the predict job's fit (src-shared/jobs/predict-baseline.ts), and says so.
 */
import type { Dataset } from '../data/dataset';
import { fitModelBaseline } from '../jobs/predict-baseline';
import { checkModel } from '../model-file/read';
import type { ModelFile } from '../model-file/types';
import { err, ok, type Result } from '../result';

export interface BaselineModel {
  readonly model: ModelFile;
  /** 'training': the weights training saved; 'fitted': fitted now on the rows analysed. */
  readonly source: 'training' | 'fitted';
  /** One sentence for a person saying which it is. */
  readonly note: string;
}

/** The baseline of `model` (see the file comment). Errors: a malformed `training.baselineLayers`, or the fit's own. */
export function baselineModel(model: ModelFile, dataset: Dataset): Result<BaselineModel> {
  const saved = model.training?.baselineLayers;
  if (saved !== undefined) {
    const { training: _training, ...rest } = model;
    const checked = checkModel({ ...rest, layers: saved });
    if (!checked.ok) return err({ kind: 'model/invalid-baseline', message: `The model file's training.baselineLayers cannot be used: ${checked.error.message}` });
    return ok({ model: checked.value, source: 'training', note: 'baseline: the linear fit training saved in the model file' });
  }
  const fit = fitModelBaseline(dataset, model);
  if (!fit.ok) return fit;
  const method = fit.value.method === 'least-squares' ? 'least-squares' : 'logistic';
  return ok({ model: fit.value.model, source: 'fitted', note: `baseline: the model file has none saved, so a ${method} fit on ${fit.value.fitRows} rows of this data` });
}
