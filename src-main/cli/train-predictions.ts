/**
 * `train … --predictions OUT.csv`: the training file with the trained model's prediction columns (predict's own
 * path: src-shared/jobs/row-path.ts's steps on the worker pool) and a `split` column saying which rows trained the
 * network (`train`) and which only measured it (`validation`); with `--test CSV`, the test file's rows follow
 * (`test`), so every metric `train --json` prints per split can be recomputed from the file's rows. Rows the
 * training left out (an empty target) keep their split; rows without a prediction have an empty prediction.
 * The test file must have the training file's columns in the same order (checked before training: sameColumns).
 */
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedDataset } from '../services/datasets';
import { exportPredictions } from '../services/export';
import { predictDataset } from '../services/predict';
import { writeFileAtomically } from '../services/files/atomic-file';
import { ForwardPool } from '../workers/pool';
import { resolveTrainingSettings, type TrainingSettings } from '../../src-shared/jobs/train-settings';
import { SPLIT_NAMES, splitCodes } from '../../src-shared/jobs/row-split';
import type { ModelFile } from '../../src-shared/model-file/types';
import type { PredictionColumn } from '../../src-shared/jobs/prediction-columns';
import { ok, type Result } from '../../src-shared/result';

export { SPLIT_NAMES, splitCodes };

/** Null when `test` has `data`'s column names in the same order, else one sentence saying how they differ. */
export function sameColumns(data: LoadedDataset, test: LoadedDataset): string | null {
  const a = data.columns.map((c) => c.name);
  const b = test.columns.map((c) => c.name);
  if (a.length === b.length && a.every((n, k) => n === b[k])) return null;
  return `the test file's columns (${b.join(', ')}) are not the data file's (${a.join(', ')}) in the same order, so its rows cannot follow in one file`;
}

/** Predict `data` with `model` (on `pool`) and export it with a split column of `codes` to `path`. */
async function exportWithSplit(pool: ForwardPool, data: LoadedDataset, model: ModelFile, codes: Int32Array, path: string, protect: readonly string[]): Promise<Result<{ rows: number }>> {
  const predicted = await predictDataset(model, data, { pool, evaluate: false });
  if (!predicted.ok) return predicted;
  const split: PredictionColumn = { name: 'split', kind: 'class', classes: SPLIT_NAMES, codes };
  const written = await exportPredictions(data, { ...predicted.value, columns: [...predicted.value.columns, split] }, path, { protect });
  return written.ok ? ok({ rows: written.value.rows }) : written;
}

/** Predict `data` (and `test`) with `model` and write them with the prediction columns and `split` to `outPath`. */
export async function writeTrainingPredictions(
  data: LoadedDataset,
  model: ModelFile,
  given: Partial<TrainingSettings> & { target: string },
  outPath: string,
  protect: readonly string[],
  test?: LoadedDataset,
): Promise<Result<{ path: string; rows: number; testRows: number }>> {
  const settings = resolveTrainingSettings(given);
  if (!settings.ok) return settings;
  const pool = new ForwardPool({ size: Math.min(2, availableParallelism()) });
  const protectAll = [...protect, ...(test?.path ? [test.path] : [])];
  try {
    const codes = splitCodes(data.rows, settings.value);
    if (!test) {
      const written = await exportWithSplit(pool, data, model, codes, outPath, protectAll);
      return written.ok ? ok({ path: outPath, rows: data.rows, testRows: 0 }) : written;
    }
    // Both parts are exported by the one exporter to a private folder, then joined: the test part without its header.
    const dir = await mkdtemp(join(tmpdir(), 'dense-lab-predictions-'));
    try {
      const trainPart = join(dir, 'train.csv');
      const testPart = join(dir, 'test.csv');
      const a = await exportWithSplit(pool, data, model, codes, trainPart, protectAll);
      if (!a.ok) return a;
      const b = await exportWithSplit(pool, test, model, new Int32Array(test.rows).fill(2), testPart, protectAll);
      if (!b.ok) return b;
      const head = await readFile(trainPart);
      const tail = await readFile(testPart);
      const body = tail.subarray(tail.indexOf(0x0a) + 1);
      const written = await writeFileAtomically(outPath, async (write) => {
        await write(head);
        await write(body);
        return ok(undefined);
      }, { protect: protectAll });
      return written.ok ? ok({ path: written.value.path, rows: data.rows + test.rows, testRows: test.rows }) : written;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await pool.close();
  }
}
