/**
 * Training settings chosen from the data, each with the reason a person reads next to it ("batch 32: Keras's
 * default"). Pure: the settings panel shows them, the tests pin them.
 */
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import type { Task } from '../../../src-shared/model-file/types';
import type { OptimizerName } from '../../../src-shared/nn/optimizers';
import type { RegressionLoss } from '../../../src-shared/nn/losses';
import { formatCount, formatNumber } from '../format/numbers';

export type ValidationKind = 'random' | 'last' | 'file' | 'none';

export interface TrainingChoiceValues {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  momentum: number;
  weightDecay: number;
  validation: ValidationKind;
  validationFraction: number;
  patience: number;
  /** 0: early stopping off. */
  earlyStopping: boolean;
  restoreBest: boolean;
  seed: number;
  /** Dropout after every hidden layer (0: none). */
  dropout: number;
  loss: RegressionLoss;
  /** 0: no cross-validation. */
  cv: number;
}

export type Reasons = Record<keyof TrainingChoiceValues, string>;

/** Keras's default learning rate per optimizer. */
export const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = { adam: 0.001, rmsprop: 0.001, sgd: 0.01 };

/** Fewer usable rows than this: hold none out by default (a fifth of them would say little). */
const MIN_ROWS_TO_VALIDATE = 50;

/** Defaults for a dataset of `rows` rows and its target column, and why each was chosen. */
export function suggestTrainingSettings(rows: number, target: ColumnInfo | null, task: Task | null): { values: TrainingChoiceValues; reasons: Reasons } {
  const usable = Math.max(0, rows - (target?.missing ?? 0));
  const validate = usable >= MIN_ROWS_TO_VALIDATE;
  const held = Math.round(usable * 0.2);
  const spread = target && target.std !== null && target.std > 0 && target.max !== null && target.min !== null && target.mean !== null
    ? Math.max(target.max - target.mean, target.mean - target.min) / target.std
    : 0;
  const outliers = task === 'regression' && spread > 4;
  const batchSize = 32;
  const values: TrainingChoiceValues = {
    epochs: 100,
    batchSize,
    optimizer: 'adam',
    learningRate: DEFAULT_LEARNING_RATE.adam,
    momentum: 0,
    weightDecay: 0,
    validation: validate ? 'random' : 'none',
    validationFraction: 0.2,
    patience: 5,
    earlyStopping: validate,
    restoreBest: true,
    seed: 1,
    dropout: 0,
    loss: outliers ? 'huber' : 'mse',
    cv: 0,
  };
  const batches = Math.max(1, Math.ceil((validate ? usable - held : usable) / batchSize));
  const reasons: Reasons = {
    epochs: validate ? '100: a ceiling; early stopping usually ends the run sooner' : '100 passes over the rows (no validation rows to stop on)',
    batchSize: `32: Keras's default (${formatCount(batches)} updates per epoch here)`,
    optimizer: "Adam: Keras's usual choice, works without tuning the rate",
    learningRate: "Keras's default for the optimizer (Adam and RMSprop 0.001, SGD 0.01)",
    momentum: 'SGD only; 0 is plain gradient descent, 0.9 a common choice',
    weightDecay: '0: no penalty; try 1e-4 if validation loss rises while training loss falls',
    validation: validate
      ? `a seeded fifth of the ${formatCount(usable)} usable rows (about ${formatCount(held)}) judges the network`
      : `only ${usable} usable rows: too few to hold a fifth out`,
    validationFraction: 'the share of rows held out for validation',
    patience: 'epochs without a better validation loss before stopping (5: a common choice)',
    earlyStopping: validate ? 'stops when the validation loss stops improving' : 'off: there are no validation rows to watch',
    restoreBest: 'keep the weights of the best validation epoch, not the last',
    seed: 'the same seed, data and settings give the same model, byte for byte',
    dropout: '0: none; 0.1–0.5 after each hidden layer fights overfitting in wide networks',
    loss: task !== 'regression'
      ? 'classification trains on cross-entropy'
      : outliers
        ? `Huber: the target reaches ${formatNumber(spread, 2)} standard deviations from its mean, and Huber weighs such rows less than MSE`
        : 'MSE: the usual regression loss; Huber weighs outliers less, MAE least',
    cv: "0: off; 5 trains five more times to give each metric's spread (mean ± sd)",
  };
  return { values, reasons };
}
