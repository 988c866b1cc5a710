/**
 * Every export reads back: export → import gives the same predictions. Float32 formats (ONNX, .keras, TF.js)
 * hold the weights rounded to float32, so a float64 model's predictions come back within float32 precision:
 * here |Δ| ≤ 1e-5·(1 + |y|) for these small networks; a float32 model comes back exactly. The ONNX export also
 * runs in onnxruntime-web (the README's scoring example) and must match Dense Lab's own forward pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { formatById, importModel, EXPORT_FORMATS, type ExportFormatName } from '../../../../src-shared/formats';
import { checkModel } from '../../../../src-shared/model-file/read';
import type { LayerSpec, ModelFile } from '../../../../src-shared/model-file/types';
import { fixture, MODELS, maxDifference, predictRows } from './model-fixtures';

/** Deterministic weights that are not round numbers: w = sin(seed·k). */
function layer(inputs: number, units: number, activation: LayerSpec['activation'], seed: number, alpha?: number): LayerSpec {
  const kernel = Array.from({ length: inputs }, (_, i) => Array.from({ length: units }, (_, j) => Math.sin(seed * (i * units + j + 1)) * 0.8));
  return { units, activation, ...(alpha !== undefined ? { alpha } : {}), kernel, bias: Array.from({ length: units }, (_, j) => Math.cos(seed * (j + 3)) * 0.3) };
}

function valid(model: unknown): ModelFile {
  const r = checkModel(model);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const regression = valid({
  format: 'dense-lab/model',
  version: 1,
  inputs: [{ name: 'sqft', scale: { mean: 1500, std: 420 } }, { name: 'age', scale: { mean: 30, std: 12 } }, { name: 'city', categories: ['a', 'b', 'c'] }],
  output: { name: 'price', task: 'regression', scale: { mean: 250000, std: 80000 } },
  layers: [layer(5, 4, 'leaky_relu', 1.3, 0.1), layer(4, 3, 'elu', 2.1, 0.5), layer(3, 3, 'softplus', 0.7), layer(3, 1, 'linear', 1.9)],
});
const multiclass = valid({
  format: 'dense-lab/model',
  version: 1,
  inputs: [{ name: 'x1' }, { name: 'x2', scale: { mean: -2, std: 3 } }],
  output: { name: 'species', task: 'multiclass', classes: ['setosa', 'versicolor', 'virginica'] },
  layers: [layer(2, 5, 'tanh', 0.9), layer(5, 4, 'relu', 1.7), layer(4, 3, 'softmax', 2.3)],
});
const binary = valid({
  format: 'dense-lab/model',
  version: 1,
  inputs: [{ name: 'a' }, { name: 'b' }],
  output: { name: 'churn', task: 'binary', classes: ['no', 'yes'] },
  layers: [layer(2, 3, 'sigmoid', 1.1), layer(3, 1, 'sigmoid', 0.4)],
});

const rowsFor = (model: ModelFile) =>
  Array.from({ length: 6 }, (_, r) => model.inputs.map((s, k) => (s.categories ? r % s.categories.length : (s.scale?.mean ?? 0) + (s.scale?.std ?? 1) * Math.sin(r * 1.7 + k))));

async function roundTrip(model: ModelFile, format: ExportFormatName): Promise<ModelFile> {
  const writer = formatById(EXPORT_FORMATS[format]);
  const files = await writer!.write!(model, 'exported');
  if (!files.ok) throw new Error(files.error.message);
  const [main, ...rest] = files.value;
  const imported = importModel({ name: main.name, bytes: main.bytes, companions: new Map(rest.map((f) => [f.name, f.bytes])) });
  if (!imported.ok) throw new Error(imported.error.message);
  return imported.value.model;
}

function withinFloat32(a: number[][], b: number[][]): void {
  a.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - b[r][c])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(b[r][c])))));
}

describe('export → import gives the same predictions', () => {
  for (const format of ['onnx', 'keras', 'tfjs'] as ExportFormatName[]) {
    for (const [label, model] of [['regression with scaling and a one-hot input', regression], ['multiclass', multiclass], ['binary', binary]] as const) {
      it(`${format}: ${label}`, async () => {
        const back = await roundTrip(model, format);
        expect(back.inputs.map((s) => s.name)).toEqual(model.inputs.map((s) => s.name));
        expect(back.output).toMatchObject({ name: model.output.name, task: model.output.task });
        expect(back.precision).toBe('float32');
        const rows = rowsFor(model);
        withinFloat32(predictRows(back, rows), predictRows(model, rows));
      });
    }
  }

  it('a float32 model (imported from TF.js, nothing folded) comes back bit-identical through every format', async () => {
    const imported = importModel(fixture('tfjs/model.json', ['group1-shard1of2.bin', 'group1-shard2of2.bin']));
    if (!imported.ok) throw new Error(imported.error.message);
    const model = imported.value.model;
    const rows = rowsFor(model);
    for (const format of ['onnx', 'keras', 'tfjs'] as ExportFormatName[]) {
      const back = await roundTrip(model, format);
      expect(back.layers).toEqual(model.layers);
      expect(maxDifference(predictRows(back, rows), predictRows(model, rows))).toBe(0);
    }
  });

  it('the ONNX export keeps its scaling as graph nodes, a dynamic batch and the model\'s names', async () => {
    const files = await formatById('onnx')!.write!(regression, 'm');
    const { decodeOnnx } = await import('../../../../src-shared/formats/onnx/schema');
    const onnx = decodeOnnx(files.ok ? files.value[0].bytes : new Uint8Array());
    expect(onnx.opsetImport[0].version).toBeGreaterThanOrEqual(13);
    expect(onnx.graph!.node.map((n) => n.opType)).toEqual(['Sub', 'Div', 'Gemm', 'LeakyRelu', 'Gemm', 'Elu', 'Gemm', 'Softplus', 'Gemm', 'Mul', 'Add', 'Identity']);
    expect(onnx.graph!.input[0].type!.tensorType!.shape!.dim![0].dimParam).toBe('batch');
    expect(onnx.graph!.output[0].name).toBe('price');
  });
});

describe('the ONNX export runs in onnxruntime-web on raw column values', () => {
  for (const model of [regression, multiclass, binary]) {
    it(`${model.output.task}: matches Dense Lab's forward pass within float32 precision`, async () => {
      const files = await formatById('onnx')!.write!(model, 'm');
      if (!files.ok) throw new Error(files.error.message);
      ort.env.wasm.numThreads = 1;
      const session = await ort.InferenceSession.create(files.value[0].bytes);
      const rows = rowsFor(model);
      // the network's columns: numbers raw, a categorical input as its one-hot columns
      const columns = rows.map((row) => model.inputs.flatMap((s, k) => (s.categories ? s.categories.map((_, c) => (row[k] === c ? 1 : 0)) : [row[k]])));
      const width = columns[0].length;
      const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(columns.flat()), [rows.length, width]) });
      const out = result[session.outputNames[0]];
      const units = out.dims[1];
      const got = rows.map((_, r) => Array.from((out.data as Float32Array).subarray(r * units, (r + 1) * units), Number));
      withinFloat32(got, predictRows(model, rows));
      await session.release();
    });
  }
});

it('the README fixture list names every fixture file', () => {
  const readme = readFileSync(join(MODELS, 'README.md'), 'utf8');
  for (const name of ['torch-mlp-classifier.onnx', 'keras2-batchnorm.h5', 'flownet-keras3.keras', 'keras205-weights-only.h5', 'tfjs/model.json']) expect(readme).toContain(name);
});
