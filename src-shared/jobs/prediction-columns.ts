/**
 * From the network's raw outputs to the prediction columns a person reads, by task:
 *   regression  `prediction`                          y = y'·std + mean when the output was standardized
 *   binary      `predicted_class`, `probability`       probability of the positive class (classes[1]);
 *                                                     positive when probability > 0.5
 *   multiclass  `predicted_class`, `p_<class>` each    the class with the highest probability (first on ties)
 * Rows without a prediction (status not ok) get NaN / class −1: an empty cell, never a made-up value.
 */
import type { OutputSpec } from '../model-file/types';
import { ROW_STATUS } from './forward';
import { err, ok, type Result } from '../result';
import { plural } from '../text/numbers';

/** One output column: numbers (NaN = empty) or class labels by index (−1 = empty). */
export type PredictionColumn =
  | { readonly name: string; readonly kind: 'number'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'class'; readonly classes: readonly string[]; readonly codes: Int32Array };

/** The names of the columns predictionColumns makes for this output, in order. */
export function predictionColumnNames(output: OutputSpec): string[] {
  if (output.task === 'regression') return ['prediction'];
  if (output.task === 'binary') return ['predicted_class', 'probability'];
  return ['predicted_class', ...(output.classes ?? []).map((c) => `p_${c}`)];
}

/**
 * Build the prediction columns from raw outputs (rows × outputSize, row-major) and per-row status.
 * Error 'model/invalid-output' if the output size does not fit the task (a validated model file always fits).
 */
export function predictionColumns(output: OutputSpec, raw: Float64Array, outputSize: number, status: Uint8Array): Result<PredictionColumn[]> {
  const rows = status.length;
  const OK = ROW_STATUS.ok;
  if (output.task === 'regression') {
    if (outputSize !== 1) return err({ kind: 'model/invalid-output', message: `A regression model must have 1 output; this one has ${outputSize}.`, path: 'output' });
    const values = new Float64Array(rows);
    const scale = output.scale;
    for (let r = 0; r < rows; r++) {
      if (status[r] !== OK) values[r] = NaN;
      // y = y'·std + mean
      else values[r] = scale ? raw[r] * scale.std + scale.mean : raw[r];
    }
    return ok([{ name: 'prediction', kind: 'number', values }]);
  }
  const classes = output.classes ?? [];
  if (output.task === 'binary') {
    if (classes.length !== 2 || (outputSize !== 1 && outputSize !== 2)) {
      return err({ kind: 'model/invalid-output', message: `A binary model needs 2 classes and 1 or 2 outputs; this one has ${plural(classes.length, 'class', 'classes')} and ${plural(outputSize, 'output')}.`, path: 'output' });
    }
    const probability = new Float64Array(rows);
    const codes = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      if (status[r] !== OK) {
        probability[r] = NaN;
        codes[r] = -1;
        continue;
      }
      const p = outputSize === 1 ? raw[r] : raw[2 * r + 1];
      probability[r] = p;
      // 1 sigmoid unit: positive when p > 0.5; 2 softmax units: the larger one, negative on a tie (argmax).
      codes[r] = outputSize === 1 ? (p > 0.5 ? 1 : 0) : raw[2 * r + 1] > raw[2 * r] ? 1 : 0;
    }
    return ok([
      { name: 'predicted_class', kind: 'class', classes, codes },
      { name: 'probability', kind: 'number', values: probability },
    ]);
  }
  const k = classes.length;
  if (outputSize !== k || k < 2) {
    return err({ kind: 'model/invalid-output', message: `A multiclass model needs one output per class; this one has ${plural(k, 'class', 'classes')} and ${plural(outputSize, 'output')}.`, path: 'output' });
  }
  const codes = new Int32Array(rows);
  const probabilities = classes.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const base = r * k;
    if (status[r] !== OK) {
      codes[r] = -1;
      for (let c = 0; c < k; c++) probabilities[c][r] = NaN;
      continue;
    }
    let best = 0;
    for (let c = 0; c < k; c++) {
      const p = raw[base + c];
      probabilities[c][r] = p;
      if (p > raw[base + best]) best = c;
    }
    codes[r] = best;
  }
  return ok([
    { name: 'predicted_class', kind: 'class', classes, codes },
    ...classes.map((c, i): PredictionColumn => ({ name: `p_${c}`, kind: 'number', values: probabilities[i] })),
  ]);
}
