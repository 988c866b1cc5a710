/**
 * `train … --predictions OUT.csv`: the training file with the model's predictions and a `split` column, and the
 * metrics `train --json` prints per split are exactly what that file's rows give.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../../src-main/cli/train';
import { meanSquaredError, meanAbsoluteError, rSquared, accuracy } from '../../../src-shared/nn/metrics';
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

interface SplitMetrics { rows: number; mse?: number; mae?: number; r2?: number; accuracy?: number }

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

  it('with --test: the test file’s rows follow with split test, and train, validation and test metrics all come back from the file', async () => {
    // diabetes cut in two: the first 382 rows train (and validate), the last 60 are the test file
    const [head, ...lines] = readFileSync(join(samples, 'diabetes.csv'), 'utf8').trimEnd().split('\n');
    const trainCsv = join(dir, 'diabetes-train.csv');
    const testCsv = join(dir, 'diabetes-test.csv');
    writeFileSync(trainCsv, `${[head, ...lines.slice(0, 382)].join('\n')}\n`);
    writeFileSync(testCsv, `${[head, ...lines.slice(382)].join('\n')}\n`);
    const out = join(dir, 'diabetes-with-test.csv');
    const r = await runCommand(trainCommand, '--data', trainCsv, '--test', testCsv, '--target', 'progression', '--epochs', '3', '--layers', '6:tanh', '--validation', '0.2', '--seed', '5', '--out', join(dir, 'd-test.dlmodel.json'), '--predictions', out, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote predictions with a split column for 442 rows \(60 of them from the test file\)/);
    const report = JSON.parse(r.stdout) as { final: Record<string, SplitMetrics> };
    const rows = rowsOf(out);
    expect(rows.length).toBe(442);
    // the file's rows in order: the training file's, then the test file's
    expect(rows.slice(382).every((row) => row.split === 'test')).toBe(true);
    expect(rows.slice(0, 382).some((row) => row.split === 'test')).toBe(false);
    for (const split of ['train', 'validation', 'test'] as const) {
      const mine = rows.filter((row) => row.split === split);
      const p = Float64Array.from(mine, (row) => Number(row.prediction));
      const y = Float64Array.from(mine, (row) => Number(row.progression));
      expect(mine.length).toBe(report.final[split].rows);
      expect(meanSquaredError(p, y)).toBe(report.final[split].mse);
      expect(meanAbsoluteError(p, y)).toBe(report.final[split].mae);
      expect(rSquared(p, y)).toBe(report.final[split].r2);
    }
  });

  it('--predictions with a --test file whose columns differ is refused in one line before training', async () => {
    const other = join(dir, 'reordered.csv');
    writeFileSync(other, 'b,a\n1,2\n');
    const r = await runCommand(trainCommand, '--data', join(samples, 'iris.csv'), '--test', other, '--target', 'species', '--epochs', '1', '--out', join(dir, 'y.dlmodel.json'), '--predictions', join(dir, 'y.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dense-lab train: --predictions with --test: the test file's columns \(b, a\) are not the data file's \(.*\) in the same order, so its rows cannot follow in one file\n$/);
  });

  it('a --predictions path that is the data file is refused in one line', async () => {
    const data = join(samples, 'iris.csv');
    const r = await runCommand(trainCommand, '--data', data, '--target', 'species', '--epochs', '1', '--out', join(dir, 'x.dlmodel.json'), '--predictions', data);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dense-lab train: --predictions: refusing to write the predictions over .*iris\.csv, an input or the model; choose another file\n$/);
  });
});
