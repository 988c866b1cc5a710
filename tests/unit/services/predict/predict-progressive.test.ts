/**
 * startPredictions (predict-progressive.ts): the dataset's rows in segments, one forward job each, the columns
 * filled in row order. The columns must end bit-identical to predictDataset's in one job, whatever the segments,
 * and a failed, cancelled or abandoned run must end every wait with its error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src-main/services/datasets';
import type { LoadedDataset } from '../../../../src-main/services/datasets/load-dataset';
import { predictDataset } from '../../../../src-main/services/predict';
import { segmentEnds, startPredictions } from '../../../../src-main/services/predict/predict-progressive';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { PredictionColumn } from '../../../../src-shared/jobs/prediction-columns';
import type { ModelFile, OutputSpec } from '../../../../src-shared/model-file/types';
import { modelFile, randomLayers, seeded } from '../../workers/reference';

let dir: string;
let pool: ForwardPool;
let data: LoadedDataset;
const ROWS = 1_003;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-progressive-'));
  pool = new ForwardPool({ size: 2 });
  const rand = seeded(7);
  // Three inputs, one of them sometimes empty (rows then have no prediction) or text (read as missing).
  let csv = 'a,b,c\n';
  for (let r = 0; r < ROWS; r++) csv += `${(rand() * 4 - 2).toFixed(6)},${r % 17 === 3 ? '' : (rand() * 10).toFixed(3)},${(rand() - 0.5).toExponential(4)}\n`;
  writeFileSync(join(dir, 'data.csv'), csv);
  const loaded = await loadDataset(join(dir, 'data.csv'), { parallel: false });
  if (!loaded.ok) throw new Error(loaded.error.message);
  data = loaded.value;
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

function model(output: OutputSpec, outputs: number, last: 'linear' | 'sigmoid' | 'softmax'): ModelFile {
  const inputs = [{ name: 'a' }, { name: 'b', scale: { mean: 5, std: 2.5 } }, { name: 'c' }];
  return modelFile(inputs, output, randomLayers(seeded(11), 3, [{ units: 9, activation: 'tanh' }, { units: outputs, activation: last }]));
}

const models: [string, ModelFile][] = [
  ['regression (unscaled output)', model({ name: 'y', task: 'regression', scale: { mean: 3, std: 0.5 } }, 1, 'linear')],
  ['binary, one sigmoid unit', model({ name: 'y', task: 'binary', classes: ['no', 'yes'] }, 1, 'sigmoid')],
  ['multiclass', model({ name: 'y', task: 'multiclass', classes: ['r', 's', 't', 'u'] }, 4, 'softmax')],
];

/** Every column's values as bits (NaN payloads and −0 included). */
function bits(columns: readonly PredictionColumn[]): string[] {
  return columns.map((c) => (c.kind === 'number' ? Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength).toString('hex') : `${c.name}:${[...c.codes].join(',')}`));
}

describe('startPredictions', () => {
  it('cuts the rows into consecutive segments that cover every row once', () => {
    expect(segmentEnds(10, 3)).toEqual([4, 8, 10]);
    expect(segmentEnds(9, 3)).toEqual([3, 6, 9]);
    expect(segmentEnds(2, 5)).toEqual([1, 2]);
    expect(segmentEnds(0)).toEqual([0]);
    // Few rows: one job; many: eight.
    expect(segmentEnds(49_999)).toEqual([49_999]);
    expect(segmentEnds(1_000_000)).toHaveLength(8);
  });

  it.each(models)('%s: the columns and counts equal predictDataset in one job, bit for bit, for any segments', async (_, m) => {
    const whole = await predictDataset(m, data, { pool, evaluate: false });
    if (!whole.ok) throw new Error(whole.error.message);
    expect(whole.value.missingInputRows).toBeGreaterThan(0);
    for (const segments of [1, 2, 7, 64]) {
      const run = startPredictions(m, data, { pool, segments });
      if (!run.ok) throw new Error(run.error.message);
      const seen: number[] = [];
      for (const end of segmentEnds(ROWS, segments)) {
        expect((await run.value.wait(end)).ok).toBe(true);
        seen.push(run.value.ready());
      }
      expect(seen.every((r, k) => r >= segmentEnds(ROWS, segments)[k] && (k === 0 || r >= seen[k - 1]))).toBe(true);
      const done = await run.value.result;
      if (!done.ok) throw new Error(done.error.message);
      expect(bits(run.value.columns), `${segments} segments`).toEqual(bits(whole.value.columns));
      expect(done.value.columns).toBe(run.value.columns);
      const { rows, predictedRows, emptyRows, missingInputRows, unknownCategoryRows, emptyBy } = done.value;
      expect({ rows, predictedRows, emptyRows, missingInputRows, unknownCategoryRows, emptyBy }).toEqual({
        rows: whole.value.rows,
        predictedRows: whole.value.predictedRows,
        emptyRows: whole.value.emptyRows,
        missingInputRows: whole.value.missingInputRows,
        unknownCategoryRows: whole.value.unknownCategoryRows,
        emptyBy: whole.value.emptyBy,
      });
      expect(Buffer.from(done.value.status).equals(Buffer.from(whole.value.status))).toBe(true);
    }
  });

  it('a job that fails ends the run and every wait with its error; the jobs after it do not run', async () => {
    const run = startPredictions(models[0][1], data, { pool, segments: 5, testFault: 'throw' });
    if (!run.ok) throw new Error(run.error.message);
    const waited = await run.value.wait(ROWS);
    const done = await run.value.result;
    expect(waited.ok).toBe(false);
    expect(!done.ok && done.error.kind).toBe('job/worker-crashed');
    expect(!waited.ok && waited.error).toEqual(!done.ok && done.error);
    expect(run.value.ready()).toBe(0);
    // Asked after the end: the same error at once.
    expect(await run.value.wait(1)).toEqual(waited);
  });

  it('the caller’s signal and cancel() stop it with job/cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = startPredictions(models[0][1], data, { pool, segments: 3, signal: controller.signal });
    if (!aborted.ok) throw new Error(aborted.error.message);
    const a = await aborted.value.result;
    expect(!a.ok && a.error.kind).toBe('job/cancelled');
    const cancelled = startPredictions(models[0][1], data, { pool, segments: 3 });
    if (!cancelled.ok) throw new Error(cancelled.error.message);
    cancelled.value.cancel();
    const c = await cancelled.value.result;
    expect(!c.ok && c.error.kind).toBe('job/cancelled');
    expect((await cancelled.value.wait(ROWS)).ok).toBe(false);
    // The pool still works afterwards.
    const again = await predictDataset(models[0][1], data, { pool, evaluate: false });
    expect(again.ok).toBe(true);
  });

  it('a dataset that does not fit the model is refused before any job', () => {
    const other = modelFile([{ name: 'a' }, { name: 'zz' }], { name: 'y', task: 'regression' }, randomLayers(seeded(3), 2, [{ units: 1, activation: 'linear' }]));
    const run = startPredictions(other, data, { pool });
    expect(!run.ok && run.error.kind).toBe('predict/missing-column');
  });
});
