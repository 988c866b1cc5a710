/**
 * Which rows of a training file trained the network and which only measured it, and the metrics of a prediction
 * over each of those sets. `train --predictions` writes these codes as its `split` column; the app's Predictions
 * view shows the metrics per split. The metrics are predict-evaluation.ts's `evaluatePredictions` over the rows of
 * one split (never a second implementation), so they equal what `train --json` reports for that split.
 *
 * Every row of the training file gets the side of the split it fell on — also a row the training left out (an
 * empty target or input): it has no target or no prediction, so no metric counts it either way.
 */
import type { OutputSpec } from '../model-file/types';
import type { TrainingSettings } from './train-settings';
import { splitRows } from './train-rows';
import { evaluatePredictions, type PredictedValues, type PredictionEvaluation, type TargetValues } from './predict-evaluation';

/** The split names a `split` column uses, in code order: code 0 train, 1 validation, 2 test (rows of a --test file). */
export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Per row of the training file: 0 train, 1 validation (the rows the training job used for each, by the same splitRows). */
export function splitCodes(rows: number, settings: TrainingSettings): Int32Array {
  const codes = new Int32Array(rows);
  const { validation } = splitRows(Int32Array.from({ length: rows }, (_, k) => k), settings);
  for (const r of validation) codes[r] = 1;
  return codes;
}

/** Metrics of one prediction over the training rows and over the validation rows (null: no row of that split has both a prediction and a target). */
export interface SplitEvaluation {
  readonly train: PredictionEvaluation | null;
  readonly validation: PredictionEvaluation | null;
}

/** The prediction with every row outside split `code` left without a prediction (evaluatePredictions skips those). */
function onlySplit(predicted: PredictedValues, codes: Int32Array, code: number): PredictedValues {
  if (predicted.task === 'regression') {
    const values = Float64Array.from(predicted.values, (v, r) => (codes[r] === code ? v : NaN));
    return { task: 'regression', values };
  }
  const kept = Int32Array.from(predicted.codes, (c, r) => (codes[r] === code ? c : -1));
  return { ...predicted, codes: kept };
}

/** evaluatePredictions over the rows of each split (`codes` as splitCodes gives them). */
export function evaluateSplits(output: OutputSpec, predicted: PredictedValues, target: TargetValues, codes: Int32Array): SplitEvaluation {
  const over = (code: number) => {
    const e = evaluatePredictions(output, onlySplit(predicted, codes, code), target);
    return e.rowsUsed > 0 ? e : null;
  };
  return { train: over(0), validation: over(1) };
}
