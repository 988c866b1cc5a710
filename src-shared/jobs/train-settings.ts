/**
 * What a person chooses for a training run, as one plain object the UI, the CLI and the API build alike.
 * Every field has a default (DEFAULT_TRAINING_SETTINGS) except the target column; resolveTrainingSettings
 * fills them in and checks every range, answering with an error that names the field and says what to change.
 */
import { ACTIVATIONS, type ActivationName } from '../nn/model';
import { OPTIMIZERS, type OptimizerName } from '../nn/optimizers';
import { INITIALIZERS, type InitializerName } from '../nn/init';
import type { EarlyStopping } from '../nn/train';
import { REGRESSION_LOSSES, type RegressionLoss } from '../nn/losses';
import type { Task } from '../model-file/types';
import type { MissingPolicy } from '../data/prepare';
import { err, ok, type Result } from '../result';

export interface LayerSetting {
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha?: number;
  /** A Dropout layer after this one (Keras's Dropout(rate)): 0 ≤ rate < 1, identity at inference. */
  readonly dropout?: number;
}

/**
 * Which rows validate (and drive early stopping):
 *   random  a seeded random fraction of the usable rows
 *   last    Keras's validation_split: the last fraction of the rows, before any shuffling
 *   file    the rows of a separate validation dataset (same columns)
 *   none    no validation (early stopping then watches the training loss)
 */
export type ValidationSetting =
  | { readonly kind: 'random'; readonly fraction: number }
  | { readonly kind: 'last'; readonly fraction: number }
  | { readonly kind: 'file' }
  | { readonly kind: 'none' };

export interface TrainingSettings {
  /** Column to predict. */
  readonly target: string;
  /** Input columns; default every other numeric or categorical column. */
  readonly inputs?: readonly string[];
  /** Default: inferred from the target column (text/categorical or ≤ 20 distinct integers: classification). */
  readonly task?: Task;
  /** Hidden layers; the output layer follows from the task (linear / sigmoid / softmax). */
  readonly hidden: readonly LayerSetting[];
  readonly optimizer: OptimizerName;
  /** Default: the optimizer's Keras default (SGD 0.01, RMSprop and Adam 0.001). */
  readonly learningRate?: number;
  /** SGD only. */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  /** L2 penalty λ on kernels (λ·Σw², as Keras's l2 regularizer). */
  readonly weightDecay: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Seeds weight initialization, shuffling and the random validation split. */
  readonly seed: number;
  readonly initializer: InitializerName;
  readonly validation: ValidationSetting;
  /** null: train all epochs. */
  readonly earlyStopping: EarlyStopping | null;
  /** Rows with an empty input cell: 'drop' them, or 'impute-mean' (training means; prepare.ts). Empty targets are always dropped. */
  readonly missing: MissingPolicy;
  /** x' = (x − mean)/std per numeric input, fitted on the training rows. */
  readonly standardizeInputs: boolean;
  /** Regression only: train on y' = (y − mean)/std (saved in output.scale, undone at prediction). */
  readonly standardizeTarget: boolean;
  readonly shuffle: boolean;
  /** Also fit the linear/logistic baseline and report its metrics. */
  readonly baseline: boolean;
  /** Batch progress every this many batches (0: only per epoch). */
  readonly reportEveryBatches: number;
  /** Regression loss (default mse); classification always trains on cross-entropy. Huber: δ = 1 on the standardized target. */
  readonly loss?: RegressionLoss;
  /** k-fold cross-validation after the run: k ≥ 2 folds of the usable rows (seeded), metrics as mean ± sd. */
  readonly cv?: number;
}

/**
 * Defaults a user would pick (the course's 100-100 relu network): Adam at Keras's rate, batch 32, up to 50 epochs
 * with early stopping on val_loss (patience 5, restoring the best weights: Keras's own EarlyStopping defaults are
 * patience 0 and no restore), 20% seeded random validation, standardized inputs and regression target, rows
 * with empty inputs dropped.
 */
export const DEFAULT_TRAINING_SETTINGS: Omit<TrainingSettings, 'target'> = {
  hidden: [
    { units: 100, activation: 'relu' },
    { units: 100, activation: 'relu' },
  ],
  optimizer: 'adam',
  weightDecay: 0,
  batchSize: 32,
  epochs: 50,
  seed: 1,
  initializer: 'glorot_uniform',
  validation: { kind: 'random', fraction: 0.2 },
  earlyStopping: { patience: 5, minDelta: 0, restoreBestWeights: true },
  missing: 'drop',
  standardizeInputs: true,
  standardizeTarget: true,
  shuffle: true,
  baseline: true,
  reportEveryBatches: 500,
};

const invalid = (path: string, message: string): Result<never> => err({ kind: 'train/invalid-settings', message, path });

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Defaults filled in, every field checked. Errors: kind 'train/invalid-settings', path = the field. */
export function resolveTrainingSettings(given: Partial<TrainingSettings> & { readonly target: string }): Result<TrainingSettings> {
  const s: TrainingSettings = { ...DEFAULT_TRAINING_SETTINGS, ...stripUndefined(given), target: given.target };
  if (typeof s.target !== 'string' || s.target === '') return invalid('target', 'Choose the column to predict (the target).');
  if (s.inputs !== undefined) {
    if (!Array.isArray(s.inputs) || s.inputs.some((n) => typeof n !== 'string' || n === '')) return invalid('inputs', 'Inputs must be a list of column names.');
    if (s.inputs.length === 0) return invalid('inputs', 'Choose at least one input column.');
    if (s.inputs.includes(s.target)) return invalid('inputs', `The target '${s.target}' cannot also be an input.`);
    const seen = new Set<string>();
    for (const n of s.inputs) {
      if (seen.has(n)) return invalid('inputs', `Input '${n}' is listed twice.`);
      seen.add(n);
    }
  }
  if (s.task !== undefined && !['regression', 'binary', 'multiclass'].includes(s.task)) return invalid('task', `Unknown task '${String(s.task)}': use regression, binary or multiclass.`);
  if (!Array.isArray(s.hidden)) return invalid('hidden', 'Hidden layers must be a list.');
  for (let k = 0; k < s.hidden.length; k++) {
    const l = s.hidden[k];
    if (!isInt(l.units, 1, 100000)) return invalid(`hidden[${k}].units`, `Layer ${k + 1} needs a whole number of units from 1 to 100000 (got ${String(l.units)}).`);
    if (!ACTIVATIONS.includes(l.activation)) return invalid(`hidden[${k}].activation`, `Layer ${k + 1}: unknown activation '${String(l.activation)}' (one of ${ACTIVATIONS.join(', ')}).`);
    if (l.activation === 'softmax') return invalid(`hidden[${k}].activation`, `Layer ${k + 1}: softmax only belongs on the output layer, which the task sets.`);
    if (l.alpha !== undefined && !isNum(l.alpha)) return invalid(`hidden[${k}].alpha`, `Layer ${k + 1}: alpha must be a finite number.`);
    if (l.dropout !== undefined && !(isNum(l.dropout) && l.dropout >= 0 && l.dropout < 1)) {
      return invalid(`hidden[${k}].dropout`, `Layer ${k + 1}: the dropout rate must be from 0 to below 1, e.g. 0.2 (got ${String(l.dropout)}).`);
    }
  }
  if (!OPTIMIZERS.includes(s.optimizer)) return invalid('optimizer', `Unknown optimizer '${String(s.optimizer)}' (one of ${OPTIMIZERS.join(', ')}).`);
  if (s.learningRate !== undefined && !(isNum(s.learningRate) && s.learningRate > 0)) return invalid('learningRate', `The learning rate must be a positive number (got ${String(s.learningRate)}).`);
  if (s.momentum !== undefined && !(isNum(s.momentum) && s.momentum >= 0 && s.momentum < 1)) return invalid('momentum', 'Momentum must be in [0, 1).');
  if (!(isNum(s.weightDecay) && s.weightDecay >= 0)) return invalid('weightDecay', 'Weight decay must be a number ≥ 0.');
  if (!isInt(s.batchSize, 1, 1 << 20)) return invalid('batchSize', `The batch size must be a whole number ≥ 1 (got ${String(s.batchSize)}).`);
  if (!isInt(s.epochs, 1, 100000)) return invalid('epochs', `Epochs must be a whole number from 1 to 100000 (got ${String(s.epochs)}).`);
  if (!Number.isSafeInteger(s.seed)) return invalid('seed', `The seed must be a whole number (got ${String(s.seed)}).`);
  if (!INITIALIZERS.includes(s.initializer)) return invalid('initializer', `Unknown initializer '${String(s.initializer)}' (one of ${INITIALIZERS.join(', ')}).`);
  const v = s.validation;
  if (!v || !['random', 'last', 'file', 'none'].includes(v.kind)) return invalid('validation', 'Validation must be random, last (Keras validation_split), file or none.');
  if ((v.kind === 'random' || v.kind === 'last') && !(isNum(v.fraction) && v.fraction > 0 && v.fraction < 1)) {
    return invalid('validation.fraction', `The validation fraction must be between 0 and 1, e.g. 0.2 (got ${String(v.fraction)}).`);
  }
  if (s.earlyStopping !== null) {
    const e = s.earlyStopping;
    if (!isInt(e.patience, 0, 100000)) return invalid('earlyStopping.patience', 'Early-stopping patience must be a whole number ≥ 0.');
    if (!(isNum(e.minDelta) && e.minDelta >= 0)) return invalid('earlyStopping.minDelta', 'Early-stopping min delta must be a number ≥ 0.');
  }
  if (s.missing !== 'drop' && s.missing !== 'impute-mean') return invalid('missing', `Missing inputs must be 'drop' or 'impute-mean' (got ${String(s.missing)}).`);
  if (s.loss !== undefined && !REGRESSION_LOSSES.includes(s.loss)) return invalid('loss', `Unknown loss '${String(s.loss)}' (one of ${REGRESSION_LOSSES.join(', ')}).`);
  if (s.loss !== undefined && s.task !== undefined && s.task !== 'regression') {
    return invalid('loss', `The loss ${s.loss} is for regression; a ${s.task} task trains on cross-entropy.`);
  }
  if (s.cv !== undefined && !isInt(s.cv, 2, 100)) return invalid('cv', `Cross-validation needs a whole number of folds from 2 to 100 (got ${String(s.cv)}).`);
  if (s.cv !== undefined && s.validation.kind === 'file') return invalid('cv', 'Cross-validation makes its own validation folds; it cannot be combined with a validation file.');
  if (!isInt(s.reportEveryBatches, 0)) return invalid('reportEveryBatches', 'reportEveryBatches must be a whole number ≥ 0.');
  return ok(s);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
