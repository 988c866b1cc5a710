/** Reading the model fixtures of tests/unit/fixtures/models and running a model file on rows, for the format tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSource } from '../../../../src-shared/formats/format';
import { modelToNetwork } from '../../../../src-shared/model-file/read';
import { inputWidth, type ModelFile } from '../../../../src-shared/model-file/types';
import { forwardBatch } from '../../../../src-shared/nn/forward';
import { outputSize } from '../../../../src-shared/nn/model';

export const MODELS = join(import.meta.dirname, '../../fixtures/models');

export function fixture(name: string, companions: string[] = []): ModelSource {
  const folder = join(MODELS, name, '..');
  return {
    name,
    bytes: new Uint8Array(readFileSync(join(MODELS, name))),
    companions: new Map(companions.map((c) => [c, new Uint8Array(readFileSync(join(folder, c)))])),
  };
}

export const expected = JSON.parse(readFileSync(join(MODELS, 'expected.json'), 'utf8')) as Record<string, { rows: number[][]; outputs: number[][] }>;

/** The network's outputs for raw rows (numeric inputs only): scaling, layers, and a regression output's unscaling. */
export function predictRows(model: ModelFile, rows: readonly (readonly number[])[]): number[][] {
  const net = modelToNetwork(model);
  const width = model.inputs.reduce((t, s) => t + inputWidth(s), 0);
  const input = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    let at = 0;
    model.inputs.forEach((s, k) => {
      if (s.categories) {
        for (let c = 0; c < s.categories.length; c++) input[r * width + at++] = row[k] === c ? 1 : 0;
      } else input[r * width + at++] = s.scale ? (row[k] - s.scale.mean) / s.scale.std : row[k];
    });
  });
  const units = outputSize(net);
  const out = new Float64Array(rows.length * units);
  forwardBatch(net, input, rows.length, out);
  const scale = model.output.task === 'regression' ? model.output.scale : undefined;
  return rows.map((_, r) => Array.from(out.subarray(r * units, (r + 1) * units), (v) => (scale ? v * scale.std + scale.mean : v)));
}

/** Largest |a − b| over two equal-shaped tables. */
export function maxDifference(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let worst = 0;
  a.forEach((row, r) => row.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - b[r][c])))));
  return worst;
}
