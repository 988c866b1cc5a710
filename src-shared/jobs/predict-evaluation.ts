/**
 * Metrics of a finished prediction over EVERY row of the dataset (not a sample): the model's predictions
 * against the dataset column named by the model's output (`output.name`), when the dataset has it.
 * One pass over the rows (plus one sort of the scores for a binary ROC), so it is cheap enough for the
 * prediction service to run on 1,000,000 rows.
 *
 *   regression      MSE = Σ(p − y)²/n, MAE = Σ|p − y|/n, R² = 1 − Σ(y − p)²/Σ(y − ȳ)²; loss = MSE
 *   classification  accuracy, confusion[true][predicted], per-class precision/recall/F1,
 *                   loss = −mean log max(1e−15, p(true class)) (Keras's clipping);
 *                   binary also ROC (thinned to ≤ ROC_POINTS points) and AUC of P(positive)
 * Rows count only when they have a prediction AND a usable target (rowsUsed).
 */
import type { Dataset } from '../data/dataset';
import type { OutputSpec } from '../model-file/types';
import { confusionMatrix, perClassReport, rocCurveLarge, type ClassReport, type RocCurve } from '../nn/metrics';
import { err, ok, type Result } from '../result';
import type { EvaluationMetrics } from './train-evaluation';

/** Most points an ROC curve in a result carries (the AUC uses all of them). */
export const ROC_POINTS = 2000;

/** The model's predictions per row, as the prediction columns hold them. */
export type PredictedValues =
  | { readonly task: 'regression'; /** NaN: the row got no prediction. */ readonly values: Float64Array }
  | {
      readonly task: 'binary' | 'multiclass';
      /** Predicted class index per row; −1: no prediction. */
      readonly codes: Int32Array;
      /** Probability of each class per row: probabilities[k][row] (binary: [P(negative), P(positive)] or just [P(positive)] at index 1). */
      readonly probabilities: readonly (Float64Array | null)[];
    };

/** The target column read as numbers (regression) or class indices (classification). */
export type TargetValues =
  | { readonly kind: 'number'; /** NaN: missing. */ readonly values: Float64Array; readonly missing: number }
  | { readonly kind: 'class'; /** Class index; −1: missing; −2: not one of the model's classes. */ readonly codes: Int32Array; readonly missing: number; readonly unknown: number };

/** How good a model's predictions are over a whole dataset. */
export interface PredictionEvaluation {
  /** The dataset column the predictions were compared with (the model's output.name). */
  readonly target: string;
  /** Rows with both a prediction and a usable target: what every metric counts (= metrics.rows). */
  readonly rowsUsed: number;
  /** Rows with a prediction whose target cell is empty. */
  readonly missingTargetRows: number;
  /** Classification: rows with a prediction whose target is not one of the model's classes. */
  readonly unknownTargetRows: number;
  /** rows, loss, and mse/mae/r2 (regression) or accuracy/confusion (+ auc for binary). */
  readonly metrics: EvaluationMetrics;
  /** Classification: precision/recall/F1/support per class, in the model's class order. */
  readonly perClass?: ClassReport[];
  /** Binary: ROC of P(positive class) over all used rows (≤ ROC_POINTS points). */
  readonly roc?: RocCurve;
}

/**
 * The dataset's column `output.name` as targets. Error 'predict/no-target' (message says why: no such column,
 * or a column that cannot hold this task's targets) when predictions cannot be compared with it.
 */
export function readTarget(dataset: Dataset, output: OutputSpec): Result<TargetValues> {
  const col = dataset.columns.findIndex((c) => c.name === output.name);
  if (col < 0) return err({ kind: 'predict/no-target', message: `The dataset has no column '${output.name}' (the model's target), so there are no metrics.`, column: output.name });
  const info = dataset.columns[col];
  const { rows, cols, values, missing } = dataset;
  let missingCount = 0;
  if (output.task === 'regression') {
    if (info.type !== 'numeric') {
      return err({ kind: 'predict/no-target', message: `Column '${output.name}' holds ${info.type} values, not numbers, so there are no regression metrics.`, column: output.name });
    }
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const cell = r * cols + col;
      const v = values[cell];
      out[r] = missing[cell] === 1 ? NaN : v;
      if (out[r] !== out[r]) missingCount++;
    }
    return ok({ kind: 'number', values: out, missing: missingCount });
  }
  const classes = output.classes ?? [];
  const index = new Map<string, number>();
  classes.forEach((c, k) => index.set(c, k));
  // A categorical/text column's codes name its categories; a numeric column's classes are its numbers written with String().
  const labelled = info.type === 'categorical' || info.type === 'text';
  if (!labelled && info.type !== 'numeric') {
    return err({ kind: 'predict/no-target', message: `Column '${output.name}' holds ${info.type} values, not class labels, so there are no classification metrics.`, column: output.name });
  }
  const classOfCode = labelled ? (info.categories ?? []).map((label) => index.get(label) ?? -1) : null;
  const codes = new Int32Array(rows);
  let unknown = 0;
  for (let r = 0; r < rows; r++) {
    const cell = r * cols + col;
    const v = values[cell];
    if (missing[cell] === 1 || v !== v) {
      codes[r] = -1;
      missingCount++;
      continue;
    }
    const k = classOfCode ? (Number.isInteger(v) && v >= 0 && v < classOfCode.length ? classOfCode[v] : -1) : (index.get(String(v)) ?? -1);
    codes[r] = k < 0 ? -2 : k;
    if (k < 0) unknown++;
  }
  return ok({ kind: 'class', codes, missing: missingCount, unknown });
}

/** Metrics of `predicted` against `target` over every row that has both (see the file comment for the formulas). */
export function evaluatePredictions(output: OutputSpec, predicted: PredictedValues, target: TargetValues): PredictionEvaluation {
  if (predicted.task === 'regression') {
    if (target.kind !== 'number') throw new RangeError('evaluatePredictions: a regression needs numeric targets');
    const p = predicted.values;
    const y = target.values;
    let n = 0;
    let missingTarget = 0;
    let sum = 0;
    // first pass: mean of the used targets (for R²), and counts
    for (let r = 0; r < p.length; r++) {
      if (p[r] !== p[r]) continue;
      if (y[r] !== y[r]) {
        missingTarget++;
        continue;
      }
      n++;
      sum += y[r];
    }
    const mean = sum / n;
    let se = 0;
    let ae = 0;
    let tot = 0;
    for (let r = 0; r < p.length; r++) {
      if (p[r] !== p[r] || y[r] !== y[r]) continue;
      const d = p[r] - y[r];
      se += d * d;
      ae += Math.abs(d);
      const e = y[r] - mean;
      tot += e * e;
    }
    const mse = se / n;
    // R² with scikit-learn's convention for constant targets (1 for a perfect fit, else 0)
    const r2 = n === 0 ? NaN : tot === 0 ? (se === 0 ? 1 : 0) : 1 - se / tot;
    return { target: output.name, rowsUsed: n, missingTargetRows: missingTarget, unknownTargetRows: 0, metrics: { rows: n, loss: mse, mse, mae: ae / n, r2 } };
  }
  if (target.kind !== 'class') throw new RangeError('evaluatePredictions: a classification needs class targets');
  const k = (output.classes ?? []).length;
  const { codes } = predicted;
  const t = target.codes;
  let n = 0;
  let missingTarget = 0;
  let unknownTarget = 0;
  for (let r = 0; r < codes.length; r++) {
    if (codes[r] < 0) continue;
    if (t[r] >= 0) n++;
    else if (t[r] === -1) missingTarget++;
    else unknownTarget++;
  }
  const pred = new Int32Array(n);
  const truth = new Int32Array(n);
  const positive = predicted.task === 'binary' ? new Float64Array(n) : null;
  let logLoss = 0;
  let hits = 0;
  for (let r = 0, u = 0; r < codes.length; r++) {
    if (codes[r] < 0 || t[r] < 0) continue;
    pred[u] = codes[r];
    truth[u] = t[r];
    if (codes[r] === t[r]) hits++;
    let pTrue: number;
    if (positive) {
      const p1 = (predicted.probabilities[1] as Float64Array)[r];
      positive[u] = p1;
      pTrue = t[r] === 1 ? p1 : 1 - p1;
    } else {
      pTrue = (predicted.probabilities[t[r]] as Float64Array)[r];
    }
    logLoss -= Math.log(Math.max(1e-15, pTrue));
    u++;
  }
  const confusion = confusionMatrix(pred, truth, k);
  const metrics: EvaluationMetrics = { rows: n, loss: logLoss / n, accuracy: hits / n, confusion };
  const base = { target: output.name, rowsUsed: n, missingTargetRows: missingTarget, unknownTargetRows: unknownTarget, perClass: perClassReport(confusion) };
  if (!positive) return { ...base, metrics };
  const roc = rocCurveLarge(positive, truth, ROC_POINTS);
  return { ...base, metrics: { ...metrics, auc: roc.auc }, roc };
}

