// Numbers in text columns keep their text as written whichever way the file is read: one thread, CSV
// workers, or an upload; and the export writes the input columns' original bytes (zip 01234 stays 01234).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvWorkerPool, loadDataset, loadDatasetFromBytes, type LoadedDataset } from '../../../../src-main/services/datasets';
import type { ParallelReport } from '../../../../src-main/services/datasets/parallel-load';
import { exportPredictions } from '../../../../src-main/services/export';
import { predictionsCsvFromBytes } from '../../../../src-main/services/export/export-predictions';
import type { Predictions } from '../../../../src-main/services/predict';
import type { PredictionColumn } from '../../../../src-shared/jobs/prediction-columns';
import { previewRows } from '../../../../src-shared/data/preview';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';
import type { Result } from '../../../../src-shared/result';

const pool = new CsvWorkerPool(2);
const scratch = mkdtempSync(join(tmpdir(), 'dense-lab-number-texts-'));
afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const zipCells = (d: LoadedDataset) => previewRows(d, 0, d.rows).map((row) => row[0]);

describe('number texts kept on every reading path', () => {
  // Zip codes: the first 400 written as numbers (01234…), then codes with letters, so the column is text and its
  // first text comes after the sniffed sample (200 records) and in the second half of the file.
  const zips = Array.from({ length: 800 }, (_, k) => (k < 400 ? String(1000 + k).padStart(5, '0') : `${k}-X`));
  const text = `zip,v\n${zips.map((z, k) => `${z},${(k * 0.37).toFixed(3)}`).join('\n')}\n`;

  it('one thread, an upload and the CSV workers (split before and after the first text) give the zip codes as written', async () => {
    const path = join(scratch, 'zips.csv');
    writeFileSync(path, text);
    const single = value(await loadDataset(path, { parallel: false }));
    expect(single.columns[0].type).toBe('text');
    expect(zipCells(single)).toEqual(zips);
    expect(zipCells(value(await loadDatasetFromBytes(new TextEncoder().encode(text), 'zips.csv')))).toEqual(zips);
    for (const offsets of [[Math.floor(text.length / 4)], [Math.floor(text.length * 0.75)]]) {
      const reports: ParallelReport[] = [];
      const parallel = value(await loadDataset(path, { pool, parallel: { minBytes: 0, offsets, onReport: (r) => reports.push(r) } }));
      expect(reports[0].fallback, `split at ${offsets[0]}`).toBeUndefined();
      expect(zipCells(parallel), `split at ${offsets[0]}`).toEqual(zips);
      expect(parallel.columns).toEqual(single.columns);
      expect(parallel.warnings).toEqual(single.warnings);
      expect(Buffer.from(parallel.values.buffer, parallel.values.byteOffset, parallel.rows * parallel.cols * 8).equals(
        Buffer.from(single.values.buffer, single.values.byteOffset, single.rows * single.cols * 8),
      )).toBe(true);
    }
  });
});

describe('export: input columns are copied as written', () => {
  it("writes zip 01234 and id 007 back exactly, beside the prediction", () => {
    const csv = 'zip,id,x\n01234,007,1.50\n02134,A7,2\n00501,12,3.0\n';
    const bytes = new TextEncoder().encode(csv);
    return loadDatasetFromBytes(bytes, 'zips.csv').then((r) => {
      const data = value(r);
      const values = Float64Array.from([0.5, 1.5, 2.5]);
      const predictions: Predictions = {
        rows: 3,
        task: 'regression',
        output: { name: 'y', task: 'regression' },
        columns: [{ name: 'prediction', kind: 'number', values } as PredictionColumn],
        status: new Uint8Array(3).fill(ROW_STATUS.ok),
        predictedRows: 3,
        emptyRows: 0,
        missingInputRows: 0,
        unknownCategoryRows: 0,
        emptyBy: [],
        seconds: 0,
        workers: 1,
        kernel: 'js',
      };
      const expected = ['01234,007,1.50,0.5', '02134,A7,2,1.5', '00501,12,3.0,2.5'];
      for (const rawCopy of [true, false]) {
        const out = value(predictionsCsvFromBytes(data, bytes, predictions, { rawCopy }));
        expect(out.csv.split(/\r?\n/).slice(1, 4), `rawCopy ${rawCopy}`).toEqual(expected);
      }
      return { predictions, expected };
    }).then(async ({ predictions, expected }) => {
      // From a file on disk (re-read by the exporter), field by field too.
      const path = join(scratch, 'zips-file.csv');
      writeFileSync(path, csv);
      const data = value(await loadDataset(path, { parallel: false }));
      for (const rawCopy of [true, false]) {
        const out = join(scratch, `zips-out-${rawCopy}.csv`);
        value(await exportPredictions(data, predictions, out, { rawCopy }));
        expect(readFileSync(out, 'utf8').split(/\r?\n/).slice(1, 4), `file, rawCopy ${rawCopy}`).toEqual(expected);
      }
    });
  });
});
