/**
 * From a finished predict job's rows (values + the target cell) to what the prediction charts take:
 * metrics by the engine's own metric functions, and the rows for the charts. Rows without a
 * prediction or without a target value are left out of both (and counted as such by main).
 */
import type { PredictionRow } from '../../../src-shared/api';
import type { OutputSpec } from '../../../src-shared/model-file/types';
import { confusionMatrix, meanAbsoluteError, meanSquaredError, rSquared, rocCurve } from '../../../src-shared/nn/metrics';
import type { PredictionResult } from '../inspect/types';

/** Chart points at most (metrics use every fetched row). */
export const CHART_ROWS = 10_000;

export function predictionResult(output: OutputSpec, rows: readonly PredictionRow[], total: number): PredictionResult | null {
  return output.task === 'regression' ? regression(rows, total) : classification(output, rows, total);
}

function regression(rows: readonly PredictionRow[], total: number): PredictionResult | null {
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const r of rows) {
    const p = r.values[0];
    if (typeof p === 'number' && typeof r.target === 'number') {
      actual.push(r.target);
      predicted.push(p);
    }
  }
  if (actual.length === 0) return null;
  const mse = meanSquaredError(predicted, actual);
  const metrics = { rows: actual.length, loss: mse, mse, mae: meanAbsoluteError(predicted, actual), r2: rSquared(predicted, actual) };
  const step = Math.max(1, Math.ceil(actual.length / CHART_ROWS));
  const thin = <T,>(a: T[]) => (step === 1 ? a : a.filter((_, k) => k % step === 0));
  return { task: 'regression', total, metrics, actual: thin(actual), predicted: thin(predicted) };
}

function classification(output: OutputSpec, rows: readonly PredictionRow[], total: number): PredictionResult | null {
  const classes = output.classes ?? [];
  const k = classes.length;
  if (k < 2) return null;
  const truth: number[] = [];
  const probabilities: number[][] = Array.from({ length: k }, () => []);
  for (const r of rows) {
    const t = r.target === null ? -1 : classes.indexOf(String(r.target));
    if (t < 0) continue;
    const p = output.task === 'binary' ? binaryProbabilities(r) : r.values.slice(1, 1 + k);
    if (!p || p.some((x) => typeof x !== 'number')) continue;
    truth.push(t);
    p.forEach((x, c) => probabilities[c].push(x as number));
  }
  if (truth.length === 0) return null;
  const predicted = truth.map((_, i) => argmaxAt(probabilities, i));
  const confusion = confusionMatrix(predicted, truth, k);
  const correct = predicted.reduce((n, p, i) => n + (p === truth[i] ? 1 : 0), 0);
  // cross-entropy = −mean(log p_true), with p clipped at 1e-15 as Keras does
  const loss = -truth.reduce((s, t, i) => s + Math.log(Math.max(1e-15, probabilities[t][i])), 0) / truth.length;
  const roc = output.task === 'binary' ? rocCurve(probabilities[1], truth) : null;
  const metrics = { rows: truth.length, loss, accuracy: correct / truth.length, confusion, ...(roc ? { auc: roc.auc } : {}) };
  return { task: output.task === 'binary' ? 'binary' : 'multiclass', total, metrics, classes, confusion, roc, actual: truth, probabilities };
}

/** Binary rows carry predicted_class and the positive class's probability: [P(negative), P(positive)]. */
function binaryProbabilities(r: PredictionRow): number[] | null {
  const p = r.values[1];
  return typeof p === 'number' ? [1 - p, p] : null;
}

function argmaxAt(columns: readonly number[][], row: number): number {
  let best = 0;
  for (let c = 1; c < columns.length; c++) if (columns[c][row] > columns[best][row]) best = c;
  return best;
}
