/**
 * Importing foreign model files: generated ones (torch.onnx.export, onnx.helper, h5py in Keras 2's layout, a
 * two-shard TF.js model; see fixtures/models/README.md) give the predictions their writers computed, and real
 * ones written by Keras are read or refused with one sentence naming the layer.
 */
import { describe, expect, it } from 'vitest';
import { importModel } from '../../../../src-shared/formats';
import { expected, fixture, maxDifference, predictRows } from './model-fixtures';

describe('importing generated model files reproduces their writers\' predictions', () => {
  const cases: [string, string[], number, string][] = [
    // torch computes in float32: its outputs are within float32 rounding of the exact float64 ones
    ['torch-mlp-classifier.onnx', [], 1e-6, 'multiclass'],
    ['torch-mlp-regression.onnx', [], 1e-6, 'regression'],
    // numpy computed these in float64 from the same numbers: only the order of operations differs
    ['torch-view-softmax.onnx', [], 1e-6, 'binary'],
    ['matmul-add-float64.onnx', [], 1e-12, 'regression'],
    ['keras2-batchnorm.h5', [], 1e-12, 'multiclass'],
    ['tfjs/model.json', ['group1-shard1of2.bin', 'group1-shard2of2.bin'], 1e-12, 'binary'],
  ];
  for (const [name, shards, tolerance, task] of cases) {
    it(`${name} (within ${tolerance})`, () => {
      const imported = importModel(fixture(name, shards));
      if (!imported.ok) throw new Error(imported.error.message);
      const { model, report } = imported.value;
      expect(model.output.task).toBe(task);
      const want = expected[name];
      expect(maxDifference(predictRows(model, want.rows), want.outputs)).toBeLessThan(tolerance);
      expect(report.layers.length).toBeGreaterThan(0);
    });
  }

  it('records what was folded and the source precision', () => {
    const imported = importModel(fixture('keras2-batchnorm.h5'));
    if (!imported.ok) throw new Error(imported.error.message);
    const { model, report } = imported.value;
    expect(report.producer).toBe('keras 2.4.0 (tensorflow)');
    expect(model.precision).toBe('float32');
    expect(report.folded).toEqual([
      'layer 3 "batch_normalization" (BatchNormalization) folded into layer 2 "dense"',
      'layer 4 "activation" (Activation, relu) folded into layer 2 "dense"',
      'layer 5 "dropout" (Dropout) dropped: it is the identity at inference',
    ]);
    expect(model.layers.map((l) => `${l.units} ${l.activation}`)).toEqual(['4 relu', '3 softmax']);
    expect(model.inputs.map((s) => s.name)).toEqual(['x1', 'x2', 'x3']);
  });

  it('keeps float32 weights as the exact float64 of the float32 numbers', () => {
    const imported = importModel(fixture('tfjs/model.json', ['group1-shard1of2.bin', 'group1-shard2of2.bin']));
    if (!imported.ok) throw new Error(imported.error.message);
    for (const layer of imported.value.model.layers) for (const v of [...layer.kernel.flat(), ...layer.bias]) expect(Math.fround(v)).toBe(v);
  });

  it('reads float64 ONNX initializers as float64', () => {
    const imported = importModel(fixture('matmul-add-float64.onnx'));
    expect(imported.ok && imported.value.model.precision).toBe('float64');
  });
});

describe('refusals name the layer or op, its position and why', () => {
  const refused = (name: string, shards: string[] = []) => {
    const r = importModel(fixture(name, shards));
    if (r.ok) throw new Error(`${name} was imported`);
    expect(r.error.message).not.toContain('\n');
    return r.error.message;
  };

  it('a convolution', () => expect(refused('torch-conv.onnx')).toMatch(/^node 1 "\/0\/Conv" is Conv: only dense chains can be opened/));
  it('a LogSoftmax output', () => expect(refused('torch-logsoftmax.onnx')).toMatch(/^node 2 "\/1\/LogSoftmax" is LogSoftmax: Dense Lab's engine has no log-softmax output/));
  it('a branching Functional model', () => expect(refused('keras2-functional-add.h5')).toMatch(/^layer 3 "add" is Add taking input_1 and dense: only a single chain/));
  it('a real Keras 2.0.5 weights-only file (save_weights)', () => expect(refused('keras205-weights-only.h5')).toContain('holds weights only'));
  it('a real Keras 3.9.2 .keras with two linear outputs', () => expect(refused('flownet-keras3.keras')).toContain('the last layer has 2 linear units'));
  it('a TF.js model without its shards', () => expect(refused('tfjs/model.json', ['group1-shard1of2.bin'])).toContain('group1-shard2of2.bin, which is missing'));
  it('a TF.js model with a truncated shard', () => {
    const source = fixture('tfjs/model.json', ['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    const shards = new Map(source.companions);
    shards.set('group1-shard2of2.bin', shards.get('group1-shard2of2.bin')!.subarray(0, 30));
    const r = importModel({ ...source, companions: shards });
    expect(!r.ok && r.error.message).toContain('a shard is truncated or missing');
  });
  it('a .keras zip without its weights', async () => {
    const { zipSync, unzipSync } = await import('fflate');
    const entries = unzipSync(fixture('flownet-keras3.keras').bytes);
    delete entries['model.weights.h5'];
    const r = importModel({ name: 'no-weights.keras', bytes: zipSync(entries) });
    expect(!r.ok && r.error.message).toBe('no-weights.keras has no model.weights.h5: a .keras file without its weights cannot be opened');
  });

  for (const name of ['keras2-batchnorm.h5', 'torch-mlp-classifier.onnx', 'flownet-keras3.keras', 'matmul-add-float64.onnx']) {
    it(`truncated copies of ${name} are refused with one line, never a stack trace`, () => {
      const bytes = fixture(name).bytes;
      for (const fraction of [0.1, 0.5, 0.9, 0.99]) {
        const r = importModel({ name, bytes: bytes.subarray(0, Math.floor(bytes.length * fraction)) });
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.kind).toBe('model/import');
          expect(r.error.message).not.toContain('\n');
          expect(r.error.message).not.toMatch(/\bat \w+ \(/);
        }
      }
    });
  }

  it('bytes of no known format', () => {
    const r = importModel({ name: 'notes.txt', bytes: new Uint8Array([1, 2, 3, 4]) });
    expect(!r.ok && r.error.message).toContain('is not a model file Dense Lab can import');
  });
});
