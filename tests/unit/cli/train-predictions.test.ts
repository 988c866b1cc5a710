/**
 * `train … --predictions OUT.csv`: the training file with the model's predictions and a `split` column, and the
 * metrics `train --json` prints per split are exactly what that file's rows give.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../../src-main/cli/train';
import { meanSquaredError, accuracy } from '../../../src-shared/nn/metrics';
import { runCommand } from './run-command';

const samples = resolve(import.meta.dirname, '../../../samples');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-train-predictions-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file's rows as header → cell (the samples have no quoted fields). */
function rowsOf(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, k) => [names[k], c])));
}

interface SplitMetrics { rows: number; mse?: number; accuracy?: number }

describe('train --predictions', () => {
  it('diabetes regression: a split column, and each split’s MSE over the file’s rows equals train --json’s, bit for bit', async () => {
    const model = join(dir, 'diabetes.dlmodel.json');
    const out = join(dir, 'diabetes-predictions.csv');
    const r = await runCommand(trainCommand, '--data', join(samples, 'diabetes.csv'), '--target', 'progression', '--epochs', '4', '--layers', '8:relu', '--validation', '0.25', '--seed', '3', '--out', model, '--predictions', out, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote predictions with a split column for 442 rows/);
    const report = JSON.parse(r.stdout) as { final: Record<string, SplitMetrics> };
    const rows = rowsOf(out);
    expect(Object.keys(rows[0]).slice(-2)).toEqual(['prediction', 'split']);
    for (const split of ['train', 'validation'] as const) {
      const mine = rows.filter((row) => row.split === split && row.prediction !== '' && row.progression !== '');
      expect(mine.length).toBe(report.final[split].rows);
      const mse = meanSquaredError(Float64Array.from(mine, (row) => Number(row.prediction)), Float64Array.from(mine, (row) => Number(row.progression)));
      expect(mse).toBe(report.final[split].mse);
    }
    expect(rows.filter((row) => row.split === 'validation').length).toBe(442 - Math.floor(442 * 0.75));
  });

  it('iris multiclass: accuracy per split from the file equals the report’s', async () => {
    const model = join(dir, 'iris.dlmodel.json');
    const out = join(dir, 'iris-predictions.csv');
    const r = await runCommand(trainCommand, '--data', join(samples, 'iris.csv'), '--target', 'species', '--epochs', '5', '--validation-split', '0.2', '--out', model, '--predictions', out, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { final: Record<string, SplitMetrics> };
    const rows = rowsOf(out);
    const classes = ['setosa', 'versicolor', 'virginica'];
    for (const split of ['train', 'validation'] as const) {
      const mine = rows.filter((row) => row.split === split);
      expect(mine.length).toBe(report.final[split].rows);
      const acc = accuracy(Int32Array.from(mine, (row) => classes.indexOf(row.predicted_class)), Int32Array.from(mine, (row) => classes.indexOf(row.species)));
      expect(acc).toBe(report.final[split].accuracy);
    }
    // --validation-split takes the last rows, as Keras's validation_split does.
    expect(rows.slice(-30).every((row) => row.split === 'validation')).toBe(true);
  });

  it('a --predictions path that is the data file is refused in one line', async () => {
    const data = join(samples, 'iris.csv');
    const r = await runCommand(trainCommand, '--data', data, '--target', 'species', '--epochs', '1', '--out', join(dir, 'x.dlmodel.json'), '--predictions', data);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dense-lab train: --predictions: refusing to write the predictions over .*iris\.csv, an input or the model; choose another file\n$/);
  });
});
