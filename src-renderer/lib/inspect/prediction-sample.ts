/**
 * From the API's prediction pages (rows of a finished predict job, taken with a stride) to the charts'
 * PredictionResult. Metrics are computed with the engine's metric functions over the rows given: all
 * rows when the dataset fits in one sample, else the sample (and `metrics.rows` says how many).
 */
import type { Cell, PredictionRow } from '../../../src-shared/api/types';
import { confusionMatrix, meanAbsoluteError, meanSquaredError, rocCurve, rSquared } from '../../../src-shared/nn/metrics';
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { PredictionResult } from './types';

/** Stride that keeps at most `limit` of `rows` rows: ceil(rows / limit). */
export function strideFor(rows: number, limit: number): number {
  return Math.max(1, Math.ceil(rows / limit));
}

function num(c: Cell | undefined): number {
  return typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' ? Number(c) : NaN;
}

/**
 * The view's result for `rows` (predicted rows with their target), given the job's output column names
 * (`prediction`; `predicted_class`, `probability`; or `predicted_class`, `p_<class>`…). Rows without a
 * prediction or without a usable target are left out. Null when no row is left.
 */
export function predictionResult(
  model: ModelFile,
  outputs: readonly string[],
  rows: readonly PredictionRow[],
  totalPredicted: number,
  /** Numeric input columns to chart predictions against: the cell of dataset row `row`. */
  columns: readonly { name: string; cell: (row: number) => Cell }[] = [],
): PredictionResult | null {
  const task = model.output.task;
  const usable = rows.filter((r) => r.values.length > 0 && r.values.every((v) => v !== null) && r.target !== null);
  if (task === 'regression') {
    const col = Math.max(0, outputs.indexOf('prediction'));
    const keep = usable.filter((r) => Number.isFinite(num(r.values[col])) && Number.isFinite(num(r.target)));
    if (keep.length === 0) return null;
    const actual = keep.map((r) => num(r.target));
    const predicted = keep.map((r) => num(r.values[col]));
    // loss = MSE on the target's own scale (what the metrics table shows next to MAE and R²).
    const mse = meanSquaredError(predicted, actual);
    const sampleColumns = columns.map((c) => ({ name: c.name, values: keep.map((r) => num(c.cell(r.row))) }));
    return {
      task, total: Math.max(totalPredicted, keep.length), actual, predicted, columns: sampleColumns, rows: keep.map((r) => r.row),
      metrics: { rows: keep.length, loss: mse, mse, mae: meanAbsoluteError(predicted, actual), r2: rSquared(predicted, actual) },
    };
  }
  const classes = model.output.classes ?? [];
  const k = classes.length;
  if (k < 2) return null;
  const probCols = classes.map((c) => outputs.indexOf(`p_${c}`));
  const binaryCol = outputs.indexOf('probability');
  const probsOf = (r: PredictionRow): number[] => {
    if (probCols.every((c) => c >= 0)) return probCols.map((c) => num(r.values[c]));
    const p = num(r.values[binaryCol]);
    return [1 - p, p];
  };
  const keep = usable.map((r) => ({ row: r.row, t: classes.indexOf(String(r.target)), p: probsOf(r) })).filter((x) => x.t >= 0 && x.p.length === k && x.p.every(Number.isFinite));
  if (keep.length === 0) return null;
  const actual = keep.map((x) => x.t);
  const predictedClass = keep.map((x) => x.p.indexOf(Math.max(...x.p)));
  const confusion = confusionMatrix(predictedClass, actual, k);
  const correct = predictedClass.filter((c, i) => c === actual[i]).length;
  // Cross-entropy: −mean log p(actual class), with p clipped at 1e−15 as Keras does.
  const loss = -keep.reduce((s, x) => s + Math.log(Math.max(1e-15, x.p[x.t])), 0) / keep.length;
  const probabilities = classes.map((_, c) => keep.map((x) => x.p[c]));
  return {
    task: k === 2 ? 'binary' : 'multiclass', total: Math.max(totalPredicted, keep.length), classes, confusion, actual, probabilities, rows: keep.map((x) => x.row),
    roc: k === 2 ? rocCurve(probabilities[1], actual) : null,
    metrics: { rows: keep.length, loss, accuracy: correct / keep.length },
  };
}

/**
 * The charted row the model gets most wrong: regression the largest |predicted − actual|, classification the
 * lowest probability of the true class (first on ties). Over the charted rows (every row up to SAMPLE_LIMIT).
 * Null without rows.
 */
export function largestErrorRow(result: PredictionResult): number | null {
  const rows = result.rows;
  if (!rows || rows.length === 0) return null;
  let best = -1;
  let worst = -Infinity;
  for (let k = 0; k < rows.length; k++) {
    const e = result.task === 'regression' ? Math.abs(result.predicted[k] - result.actual[k]) : 1 - result.probabilities[result.actual[k]][k];
    if (e > worst) {
      worst = e;
      best = k;
    }
  }
  return best >= 0 ? rows[best] : null;
}
