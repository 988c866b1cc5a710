/**
 * `train … --predictions OUT.csv`: the training file with the trained model's prediction columns (predict's own
 * path: src-shared/jobs/row-path.ts's steps on the worker pool) and a `split` column saying which rows trained the
 * network (`train`) and which only measured it (`validation`), so the metrics `train` prints per split can be
 * recomputed from the file's rows. Rows the training left out (an empty target) keep their split; rows without
 * a prediction have an empty prediction.
 */
import { availableParallelism } from 'node:os';
import type { LoadedDataset } from '../services/datasets';
import { exportPredictions } from '../services/export';
import { predictDataset } from '../services/predict';
import { ForwardPool } from '../workers/pool';
import { resolveTrainingSettings, type TrainingSettings } from '../../src-shared/jobs/train-settings';
import { splitRows } from '../../src-shared/jobs/train-rows';
import type { ModelFile } from '../../src-shared/model-file/types';
import type { PredictionColumn } from '../../src-shared/jobs/prediction-columns';
import { ok, type Result } from '../../src-shared/result';

/** The split names a `split` column uses, in code order. */
export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;

/** Per row of the training file: 0 train, 1 validation (the same rows the training job used). */
export function splitCodes(rows: number, settings: TrainingSettings): Int32Array {
  const codes = new Int32Array(rows);
  const { validation } = splitRows(Int32Array.from({ length: rows }, (_, k) => k), settings);
  for (const r of validation) codes[r] = 1;
  return codes;
}

/** Predict `data` with `model` and write it with the prediction columns and `split` to `outPath`. */
export async function writeTrainingPredictions(
  data: LoadedDataset,
  model: ModelFile,
  given: Partial<TrainingSettings> & { target: string },
  outPath: string,
  protect: readonly string[],
): Promise<Result<{ path: string; rows: number }>> {
  const settings = resolveTrainingSettings(given);
  if (!settings.ok) return settings;
  const pool = new ForwardPool({ size: Math.min(2, availableParallelism()) });
  try {
    const predicted = await predictDataset(model, data, { pool, evaluate: false });
    if (!predicted.ok) return predicted;
    const split: PredictionColumn = { name: 'split', kind: 'class', classes: SPLIT_NAMES, codes: splitCodes(data.rows, settings.value) };
    const written = await exportPredictions(data, { ...predicted.value, columns: [...predicted.value.columns, split] }, outPath, { protect });
    if (!written.ok) return written;
    return ok({ path: written.value.path, rows: data.rows });
  } finally {
    await pool.close();
  }
}
