/**
 * How good a trained network (or its linear/logistic baseline) is on a set of encoded rows: loss and, in the
 * target's own units, MSE/MAE/R² for regression or accuracy, confusion matrix and AUC for classes.
 */
import type { OutputSpec, Task } from '../model-file/types';
import { forwardBatch } from '../nn/forward';
import { outputSize, type Network } from '../nn/model';
import { lossSum, type LossName } from '../nn/losses';
import { accuracy, confusionMatrix, meanAbsoluteError, meanSquaredError, predictedClasses, rocCurve, rSquared } from '../nn/metrics';
import type { TrainingRows } from '../nn/train';

/** Quality of a model on a set of rows, in the target's own units. */
export interface EvaluationMetrics {
  readonly rows: number;
  /** The training loss (on the standardized target for standardized regression). */
  readonly loss: number;
  readonly mse?: number;
  readonly mae?: number;
  readonly r2?: number;
  readonly accuracy?: number;
  /** confusion[true][predicted]. */
  readonly confusion?: number[][];
  /** Binary tasks: area under the ROC curve. */
  readonly auc?: number;
}

export interface ModelEvaluation {
  readonly train: EvaluationMetrics;
  readonly validation?: EvaluationMetrics;
  readonly test?: EvaluationMetrics;
}

/** Encoded rows of one split: network inputs and targets, and the targets as the user knows them. */
export interface Encoded extends TrainingRows {
  /** Targets in original units (regression) or class indices (classification). */
  readonly truth: Float64Array;
}

/** Metrics of a network on encoded rows, in the target's units. */
export function evaluateModel(network: Network, data: Encoded, loss: LossName, task: Task, scale: OutputSpec['scale'], classes: number): EvaluationMetrics {
  const units = outputSize(network);
  const out = new Float64Array(data.rows * units);
  forwardBatch(network, data.x, data.rows, out);
  let lossValue: number;
  if (loss === 'mse' || loss === 'mae' || loss === 'huber') {
    lossValue = lossSum(loss, out, out, data.y, data.rows, units) / data.rows;
  } else {
    // cross-entropy from probabilities, clamped only here (reporting), never in training
    let s = 0;
    for (let r = 0; r < data.rows; r++) {
      const p = units === 1 ? (data.y[r] === 1 ? out[r] : 1 - out[r]) : out[r * units + data.truth[r]];
      s -= Math.log(Math.max(p, 1e-300));
    }
    lossValue = s / data.rows;
  }
  if (task === 'regression') {
    const pred = new Float64Array(data.rows);
    // y = y'·std + mean
    for (let r = 0; r < data.rows; r++) pred[r] = scale ? out[r] * scale.std + scale.mean : out[r];
    return { rows: data.rows, loss: lossValue, mse: meanSquaredError(pred, data.truth), mae: meanAbsoluteError(pred, data.truth), r2: rSquared(pred, data.truth) };
  }
  const predicted = predictedClasses(out, data.rows, units);
  const truth = Int32Array.from(data.truth);
  const m: EvaluationMetrics = { rows: data.rows, loss: lossValue, accuracy: accuracy(predicted, truth), confusion: confusionMatrix(predicted, truth, classes) };
  return task === 'binary' ? { ...m, auc: rocCurve(out, truth).auc } : m;
}

/** Metrics for the model file's provenance: the numbers without the confusion matrices, NaN dropped (JSON has none). */
export function stripConfusion(m: ModelEvaluation): Record<string, unknown> {
  const one = (e: EvaluationMetrics) => Object.fromEntries(Object.entries(e).filter(([k, v]) => k !== 'confusion' && typeof v === 'number' && Number.isFinite(v)));
  return { train: one(m.train), ...(m.validation ? { validation: one(m.validation) } : {}), ...(m.test ? { test: one(m.test) } : {}) };
}
