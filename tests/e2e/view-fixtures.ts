/**
 * Small generated files for the view specs: a classification CSV with `classes` classes and a model file
 * for it, written into a fresh temporary folder. Deterministic (no randomness: weights from a formula).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `dense-lab-${prefix}-`));
}

/** A weight from a formula: the same file every run. */
const weight = (i: number, j: number) => (((i + 1) * (j + 3)) % 7) / 7 - 0.5;

/**
 * `classes.csv` (rows of x0, x1 and a class label c0 … c{n−1}) and `classes.dlmodel.json` (x0, x1 → one
 * softmax layer, or one sigmoid unit for 2 classes) in `dir`; answers their paths.
 */
export function classesCase(dir: string, classes: number, rows = 300): { csv: string; model: string } {
  const labels = Array.from({ length: classes }, (_, k) => `c${k}`);
  const lines = ['x0,x1,cls', ...Array.from({ length: rows }, (_, r) => `${(r % 13) / 13},${(r % 7) / 7},${labels[r % classes]}`)];
  const units = classes === 2 ? 1 : classes;
  const model = {
    format: 'dense-lab/model',
    version: 1,
    inputs: [{ name: 'x0' }, { name: 'x1' }],
    output: { name: 'cls', task: classes === 2 ? 'binary' : 'multiclass', classes: labels },
    layers: [{ units, activation: classes === 2 ? 'sigmoid' : 'softmax', kernel: [0, 1].map((i) => Array.from({ length: units }, (_, j) => weight(i, j))), bias: new Array(units).fill(0) }],
  };
  const csv = join(dir, `classes-${classes}.csv`);
  const modelPath = join(dir, `classes-${classes}.dlmodel.json`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  writeFileSync(modelPath, JSON.stringify(model));
  return { csv, model: modelPath };
}

/**
 * A file of a label, `pixels` pixel columns and an `id` column, and a model reading `modelPixels` pixels
 * (more than the file has, so some inputs are missing) with the label as its 3-class output.
 */
export function partialPixelsCase(dir: string, pixels: number, modelPixels: number): { csv: string; model: string } {
  const header = ['id', 'label', ...Array.from({ length: pixels }, (_, k) => `pixel${k}`)];
  const lines = [header.join(','), ...Array.from({ length: 60 }, (_, r) => [r, r % 3, ...Array.from({ length: pixels }, (_, k) => (r * (k + 1)) % 17)].join(','))];
  const model = {
    format: 'dense-lab/model',
    version: 1,
    inputs: Array.from({ length: modelPixels }, (_, k) => ({ name: `pixel${k}` })),
    output: { name: 'label', task: 'multiclass', classes: ['0', '1', '2'] },
    layers: [{ units: 3, activation: 'softmax', kernel: Array.from({ length: modelPixels }, (_, i) => [0, 1, 2].map((j) => weight(i, j))), bias: [0, 0, 0] }],
  };
  const csv = join(dir, 'pixels.csv');
  const modelPath = join(dir, 'pixels.dlmodel.json');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  writeFileSync(modelPath, JSON.stringify(model));
  return { csv, model: modelPath };
}
