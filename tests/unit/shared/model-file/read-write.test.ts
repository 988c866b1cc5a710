import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkModel, modelToNetwork, networkToLayers, readModelFile } from '../../../../src-shared/model-file/read';
import { writeModelFile } from '../../../../src-shared/model-file/write';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import { AppFailure } from '../../../../src-shared/result';

/** The example from the model file's specification (issue 2), verbatim. */
const SPEC_EXAMPLE = `{"format": "dense-lab/model", "version": 1,
 "inputs": [{"name": "children"}, {"name": "accounts", "scale": {"mean": 2.1, "std": 0.9}}],
 "output": {"name": "transactions", "task": "regression"},
 "layers": [{"units": 2, "activation": "relu", "kernel": [[1, -1], [1, 1]], "bias": [0, 0]},
            {"units": 1, "activation": "linear", "kernel": [[2], [-1]], "bias": [0]}]}`;

const base = () => JSON.parse(SPEC_EXAMPLE) as Record<string, any>;

function readValue(text: string): ModelFile {
  const r = readModelFile(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function readError(model: unknown) {
  const r = readModelFile(typeof model === 'string' ? model : JSON.stringify(model));
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('readModelFile', () => {
  it('reads the specification example', () => {
    const m = readValue(SPEC_EXAMPLE);
    expect(m.inputs).toEqual([{ name: 'children' }, { name: 'accounts', scale: { mean: 2.1, std: 0.9 } }]);
    expect(m.output).toEqual({ name: 'transactions', task: 'regression' });
    expect(m.layers[0]).toEqual({ units: 2, activation: 'relu', kernel: [[1, -1], [1, 1]], bias: [0, 0] });
  });

  it('ignores unknown extra fields but keeps training provenance and precision', () => {
    const m = readValue(JSON.stringify({ ...base(), comment: 'x', precision: 'float32', training: { epochs: 3 } }));
    expect(m).not.toHaveProperty('comment');
    expect(m.precision).toBe('float32');
    expect(m.training).toEqual({ epochs: 3 });
  });

  it('accepts binary as 1 sigmoid unit or 2 softmax units, and multiclass as one softmax unit per class', () => {
    const m = base();
    m.output = { name: 'survived', task: 'binary', classes: ['no', 'yes'] };
    m.layers[1].activation = 'sigmoid';
    expect(readModelFile(JSON.stringify(m)).ok).toBe(true);
    m.layers[1] = { units: 2, activation: 'softmax', kernel: [[1, 2], [3, 4]], bias: [0, 0] };
    expect(readModelFile(JSON.stringify(m)).ok).toBe(true);
    m.output = { name: 'kind', task: 'multiclass', classes: ['a', 'b', 'c'] };
    m.layers[1] = { units: 3, activation: 'softmax', kernel: [[1, 2, 3], [3, 4, 5]], bias: [0, 0, 0] };
    expect(readModelFile(JSON.stringify(m)).ok).toBe(true);
  });

  it('counts one network input per category of a categorical input', () => {
    const m = base();
    m.inputs = [{ name: 'children' }, { name: 'city', categories: ['A', 'B', 'C'] }];
    m.layers[0].kernel = [[1, 1], [1, 1], [1, 1], [1, 1]];
    const file = readValue(JSON.stringify(m));
    expect(modelToNetwork(file).inputSize).toBe(4);
  });

  const cases: [string, (m: Record<string, any>) => unknown, string, string | undefined, RegExp][] = [
    ['a kernel with more rows than the previous layer has units', (m) => (m.layers[1].kernel = [[2], [-1], [0]]), 'model/invalid', 'layers[1].kernel', /^layers\[1\]\.kernel has 3 rows; layer 0 has 2 units$/],
    ['a first kernel whose rows do not match the inputs', (m) => (m.layers[0].kernel = [[1, -1]]), 'model/invalid', 'layers[0].kernel', /has 1 row; the model has 2 inputs/],
    ['a kernel row with the wrong number of values', (m) => (m.layers[0].kernel[1] = [1, 1, 1]), 'model/invalid', 'layers[0].kernel[1]', /has 3 values; layer 0 has 2 units/],
    ['a bias of the wrong length', (m) => (m.layers[0].bias = [0]), 'model/invalid', 'layers[0].bias', /has 1 value; layer 0 has 2 units/],
    ['a weight that is a string', (m) => (m.layers[0].kernel[1][0] = '1'), 'model/invalid', 'layers[0].kernel[1][0]', /must be a number, got "1"/],
    ['a weight that is null', (m) => (m.layers[1].bias[0] = null), 'model/invalid', 'layers[1].bias[0]', /must be a number, got null/],
    ['an unknown activation', (m) => (m.layers[0].activation = 'swish'), 'model/invalid', 'layers[0].activation', /must be one of linear, relu.*got "swish"/],
    ['softmax before the last layer', (m) => (m.layers[0].activation = 'softmax'), 'model/invalid', 'layers[0].activation', /softmax, which is allowed only on the last layer/],
    ['units that are not a positive integer', (m) => (m.layers[0].units = 1.5), 'model/invalid', 'layers[0].units', /positive integer, got 1.5/],
    ['a missing kernel', (m) => delete m.layers[1].kernel, 'model/invalid', 'layers[1].kernel', /must be an array, got missing/],
    ['alpha on an activation that has none', (m) => (m.layers[0].alpha = 0.1), 'model/invalid', 'layers[0].alpha', /only to leaky_relu and elu/],
    ['missing inputs', (m) => delete m.inputs, 'model/invalid', 'inputs', /inputs must be an array, got missing/],
    ['no inputs', (m) => (m.inputs = []), 'model/invalid', 'inputs', /inputs is empty/],
    ['an input without a name', (m) => (m.inputs[1] = { scale: { mean: 0, std: 1 } }), 'model/invalid', 'inputs[1].name', /non-empty string, got missing/],
    ['a repeated input name', (m) => (m.inputs[1].name = 'children'), 'model/invalid', 'inputs[1].name', /repeats "children" \(also inputs\[0\]\)/],
    ['a zero std', (m) => (m.inputs[1].scale.std = 0), 'model/invalid', 'inputs[1].scale.std', /greater than 0/],
    ['both scale and categories', (m) => (m.inputs[1].categories = ['a', 'b']), 'model/invalid', 'inputs[1]', /both scale and categories/],
    ['a categorical input whose width does not match the kernel', (m) => (m.inputs[1] = { name: 'city', categories: ['A', 'B'] }), 'model/invalid', 'layers[0].kernel', /has 2 rows; the inputs feed 3 values/],
    ['an unknown task', (m) => (m.output.task = 'ranking'), 'model/invalid', 'output.task', /one of regression, binary, multiclass, got "ranking"/],
    ['classes on a regression output', (m) => (m.output.classes = ['a', 'b']), 'model/invalid', 'output.classes', /only for binary and multiclass/],
    ['a binary output without classes', (m) => (m.output = { name: 'y', task: 'binary' }), 'model/invalid', 'output.classes', /missing; a binary output needs its class labels/],
    ['a binary output with three classes', (m) => (m.output = { name: 'y', task: 'binary', classes: ['a', 'b', 'c'] }), 'model/invalid', 'output.classes', /has 3 labels; a binary output has exactly 2/],
    ['a binary output on a linear unit', (m) => (m.output = { name: 'y', task: 'binary', classes: ['a', 'b'] }), 'model/invalid', 'layers[1]', /has 1 linear unit; a binary output needs 1 sigmoid unit or 2 softmax units/],
    ['more classes than output units', (m) => { m.output = { name: 'y', task: 'multiclass', classes: ['a', 'b', 'c'] }; m.layers[1] = { units: 2, activation: 'softmax', kernel: [[1, 2], [3, 4]], bias: [0, 0] }; }, 'model/invalid', 'layers[1]', /has 2 softmax units; a multiclass output with 3 classes needs 3 softmax units/],
    ['a regression output with two units', (m) => (m.layers[1] = { units: 2, activation: 'linear', kernel: [[1, 2], [3, 4]], bias: [0, 0] }), 'model/invalid', 'layers[1].units', /regression output .* needs 1/],
    ['softmax on a regression output', (m) => (m.layers[1].activation = 'softmax'), 'model/invalid', 'layers[1].activation', /softmax; a regression output is one number/],
    ['a repeated class label', (m) => { m.output = { name: 'y', task: 'binary', classes: ['a', 'a'] }; m.layers[1].activation = 'sigmoid'; }, 'model/invalid', 'output.classes[1]', /repeats "a"/],
    ['another format', (m) => (m.format = 'keras/h5'), 'model/unknown-format', 'format', /not a Dense Lab model file: its "format" is another format, expected "dense-lab\/model"/],
    ['a missing format', (m) => delete m.format, 'model/unknown-format', 'format', /it has no "format" field/],
    ['a newer version', (m) => (m.version = 2), 'model/newer-version', 'version', /version 2, written by a newer Dense Lab; this one reads version 1/],
    ['a version that is not an integer', (m) => (m.version = '1'), 'model/invalid', 'version', /positive integer, got "1"/],
    ['an unknown precision', (m) => (m.precision = 'float16'), 'model/invalid', 'precision', /float64.*float32/],
  ];

  it.each(cases)('refuses %s, saying what and where', (_name, mutate, kind, path, message) => {
    const m = base();
    mutate(m);
    const e = readError(m);
    expect(e.kind).toBe(kind);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it('refuses a weight that overflows float64 (1e400 parses to Infinity)', () => {
    const e = readError(SPEC_EXAMPLE.replace('[[2], [-1]]', '[[2], [-1e400]]'));
    expect(e.path).toBe('layers[1].kernel[1][0]');
    expect(e.message).toMatch(/out of range \(-Infinity\)/);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const e = readError('{\n  "format": "dense-lab/model",\n  "version": 1,,\n}');
    expect(e.kind).toBe('model/not-json');
    expect(e.line).toBe(3);
    expect(e.column).toBe(16);
    expect(e.message).toMatch(/^not valid JSON at line 3, column 16/);
  });

  it('never repeats any of the text of a file that is not a model file (it may be any file the user can read)', () => {
    const secret = 'root:x:0:0:s3cr3t-hunter2';
    for (const text of [secret, `{"a": ${secret}}`, `{"format": "${secret}"}`, `"${secret}"`, `{"format": 1, "k": "${secret}"`, `[${secret}`]) {
      const e = readError(text);
      expect(e.message).not.toMatch(/s3cr3t|hunter|root/);
    }
    expect(readError(secret).message).toBe('not valid JSON: an unexpected character');
    expect(readError('{"a": 1').message).toMatch(/^not valid JSON.*: (the text ends before the JSON value is complete|expected ',' or '}' after property value)$/i);
  });

  it('refuses JSON that is not an object', () => {
    expect(readError('[1, 2]').kind).toBe('model/unknown-format');
    expect(readError('null').message).toMatch(/JSON object, got null/);
  });

  it('validates parsed objects the same way through checkModel', () => {
    expect(checkModel(base()).ok).toBe(true);
    const r = checkModel({ ...base(), version: 9 });
    expect(!r.ok && r.error.kind).toBe('model/newer-version');
  });
});

describe('writeModelFile', () => {
  it('writes text that reads back to the same model, byte-identical when written again', () => {
    const m = readValue(JSON.stringify({ ...base(), precision: 'float64', training: { optimizer: 'adam', history: [1.5, 0.25] } }));
    const text = writeModelFile(m);
    const again = readValue(text);
    expect(again).toEqual(m);
    expect(writeModelFile(again)).toBe(text);
  });

  it('lays the file out readably, one kernel row per line, keys in a fixed order', () => {
    const text = writeModelFile(readValue(SPEC_EXAMPLE));
    expect(text).toBe(`{
  "format": "dense-lab/model",
  "version": 1,
  "inputs": [
    {"name": "children"},
    {"name": "accounts", "scale": {"mean": 2.1, "std": 0.9}}
  ],
  "output": {"name": "transactions", "task": "regression"},
  "layers": [
    {
      "units": 2,
      "activation": "relu",
      "kernel": [
        [1, -1],
        [1, 1]
      ],
      "bias": [0, 0]
    },
    {
      "units": 1,
      "activation": "linear",
      "kernel": [
        [2],
        [-1]
      ],
      "bias": [0]
    }
  ]
}
`);
  });

  it('round-trips every float64 bit for bit, −0 and subnormals included', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 4, maxLength: 4 }), fc.double({ noNaN: true, noDefaultInfinity: true }), (w, b) => {
        const spec = readValue(SPEC_EXAMPLE);
        const model: ModelFile = { ...spec, layers: [{ ...spec.layers[0], kernel: [[w[0], w[1]], [w[2], w[3]]] }, { ...spec.layers[1], bias: [b] }] };
        const back = readValue(writeModelFile(model));
        const got = [...back.layers[0].kernel.flat(), back.layers[1].bias[0]];
        [...w, b].forEach((v, k) => expect(Object.is(got[k], v)).toBe(true));
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(writeModelFile({ ...readValue(SPEC_EXAMPLE), layers: [{ units: 2, activation: 'relu', kernel: [[-0, 5e-324], [1.7976931348623157e308, 0.1]], bias: [0, 0] }, readValue(SPEC_EXAMPLE).layers[1]] })).toContain('[-0, 5e-324]');
  });

  it('refuses to write a NaN weight, naming where it is', () => {
    const m = readValue(SPEC_EXAMPLE);
    const bad = { ...m, layers: [m.layers[0], { ...m.layers[1], bias: [NaN] }] };
    expect(() => writeModelFile(bad)).toThrow(AppFailure);
    expect(() => writeModelFile(bad)).toThrow(/layers\[1\]\.bias\[0\] is NaN/);
  });
});

describe('modelToNetwork and networkToLayers', () => {
  it('flatten kernel[i][j] to kernel[i·units + j] and back unchanged', () => {
    const m = base();
    m.layers[0].kernel = [[1, 2], [3, 4]];
    m.layers[0].bias = [0.5, -0.5];
    const file = readValue(JSON.stringify(m));
    const net = modelToNetwork(file);
    expect(net.inputSize).toBe(2);
    expect(Array.from(net.layers[0].kernel)).toEqual([1, 2, 3, 4]);
    expect(Array.from(net.layers[0].bias)).toEqual([0.5, -0.5]);
    expect(net.layers[1]).toMatchObject({ inputs: 2, units: 1, activation: 'linear' });
    expect(networkToLayers(net)).toEqual(file.layers);
  });

  it('carry alpha through', () => {
    const m = base();
    m.layers[0].activation = 'leaky_relu';
    m.layers[0].alpha = 0.1;
    const net = modelToNetwork(readValue(JSON.stringify(m)));
    expect(net.layers[0].alpha).toBe(0.1);
    expect(networkToLayers(net)[0].alpha).toBe(0.1);
  });
});
