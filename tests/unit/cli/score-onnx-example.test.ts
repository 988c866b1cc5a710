/**
 * The README's scoring example (examples/score-onnx.mjs, onnxruntime-web) on a model exported as ONNX gives the
 * predictions `dense-lab predict` writes, within float32 precision (|Δ| ≤ 1e-5·(1 + |y|)).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { exportModelCommand } from '../../../src-main/cli/export-model';
import { predictCommand } from '../../../src-main/cli/predict';
import { writeModelFile } from '../../../src-shared/model-file/write';
import type { ModelFile } from '../../../src-shared/model-file/types';
// @ts-expect-error: a plain JavaScript example without types
import { parseCsv, scoreCsv } from '../../../examples/score-onnx.mjs';
import { runCommand } from './run-command';

const repo = resolve(import.meta.dirname, '../../..');
const columns = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];
const means = [48.5, 1.47, 26.4, 94.6, 189, 115, 49.8, 4.07, 4.64, 91.3];
const stds = [13.1, 0.5, 4.4, 13.8, 34.6, 30.4, 12.9, 1.29, 0.52, 11.5];
const w = (i: number, j: number) => Math.sin(3.1 * i + 1.7 * j + 0.4) * 0.5;
const model: ModelFile = {
  format: 'dense-lab/model',
  version: 1,
  inputs: columns.map((name, k) => ({ name, scale: { mean: means[k], std: stds[k] } })),
  output: { name: 'progression', task: 'regression', scale: { mean: 152.1, std: 77.1 } },
  layers: [
    { units: 6, activation: 'relu', kernel: columns.map((_, i) => Array.from({ length: 6 }, (_, j) => w(i, j))), bias: [0.1, -0.1, 0.05, 0, 0.2, -0.05] },
    { units: 1, activation: 'linear', kernel: Array.from({ length: 6 }, (_, i) => [w(i + 20, 0)]), bias: [0.03] },
  ],
};

it('examples/score-onnx.mjs matches dense-lab predict on samples/diabetes.csv', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dense-lab-score-'));
  const modelPath = join(dir, 'diabetes.dlmodel.json');
  writeFileSync(modelPath, writeModelFile(model));
  const exported = await runCommand(exportModelCommand, modelPath, '--format', 'onnx', '--out', join(dir, 'diabetes.onnx'));
  expect(exported.stdout).toContain(`input columns of the tensor "input", in order: ${columns.join(',')}`);
  const data = join(repo, 'samples/diabetes.csv');
  const predicted = await runCommand(predictCommand, '--model', modelPath, '--data', data, '--out', join(dir, 'predicted.csv'), '--workers', '1');
  expect(predicted.code, predicted.stderr).toBe(0);
  const [header, ...rows] = parseCsv(readFileSync(join(dir, 'predicted.csv'), 'utf8')) as string[][];
  const want = rows.filter((r) => r.length > 1).map((r) => Number(r[header.indexOf('prediction')]));
  const got = (await scoreCsv(readFileSync(join(dir, 'diabetes.onnx')), readFileSync(data, 'utf8'), columns)) as number[][];
  expect(got).toHaveLength(want.length);
  got.forEach((y, k) => expect(Math.abs(y[0] - want[k])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want[k]))));
});
