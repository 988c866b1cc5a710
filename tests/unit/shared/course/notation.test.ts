import { describe, expect, it } from 'vitest';
import { importCourseNotation, type CourseImportOptions } from '../../../../src-shared/course/notation';
import { forwardTrace } from '../../../../src-shared/nn/forward';
import { modelToNetwork } from '../../../../src-shared/model-file/read';

function imported(text: string, options?: CourseImportOptions) {
  const r = importCourseNotation(text, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function failure(text: string) {
  const r = importCourseNotation(text);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const S1 = `input_data = np.array([2, 3])
weights = {'node_0': np.array([1, 1]), 'node_1': np.array([-1, 1]), 'output': np.array([2, -1])}`;

describe('importCourseNotation', () => {
  it('reads the course example into a model (Keras kernel = transposed node lists) and the input row', () => {
    const r = imported(S1);
    expect(r.input).toEqual([2, 3]);
    expect(r.model.inputs).toEqual([{ name: 'x_0' }, { name: 'x_1' }]);
    expect(r.model.output).toEqual({ name: 'output', task: 'regression' });
    expect(r.model.layers).toEqual([
      { units: 2, activation: 'linear', kernel: [[1, -1], [1, 1]], bias: [0, 0] },
      { units: 1, activation: 'linear', kernel: [[2], [-1]], bias: [0] },
    ]);
    expect(forwardTrace(modelToNetwork(r.model), r.input!).output).toEqual([9]);
  });

  it('lets the caller choose the hidden and output activations', () => {
    const r = imported(S1, { hiddenActivation: 'tanh', outputActivation: 'relu' });
    expect(r.model.layers.map((l) => l.activation)).toEqual(['tanh', 'relu']);
  });

  it('tolerates newlines, trailing commas, comments, double quotes, plain lists, array() and numpy.array()', () => {
    const r = imported(`import numpy as np  # the course's setup
input_data = [2, 3,]
weights = {
    "node_0": array([1, 1],),   # first node
    'node_1': numpy.array([ -1,
                            1 ]),
    'output': [2, -1],
}
print(input_data)
`);
    expect(r.input).toEqual([2, 3]);
    expect(r.model.layers[0].kernel).toEqual([[1, -1], [1, 1]]);
    expect(r.skipped).toEqual(['import numpy as np', 'print(input_data)']);
  });

  it('reads ints, floats, negatives, signs, scientific notation and a typeset minus', () => {
    const r = imported("input_data = np.array([-1.5, 2e-3, .5, +4, 1E2, \u22123])\nweights = {'output': np.array([1, 2, 3, 4, 5, 6])}");
    expect(r.input).toEqual([-1.5, 0.002, 0.5, 4, 100, -3]);
    expect(r.model.layers).toHaveLength(1);
  });

  it('builds several hidden layers from node_<layer>_<i> keys, in any key order', () => {
    const r = imported(`input_data = np.array([3, 5])
weights = {'output': np.array([2, 7]), 'node_1_1': np.array([1, 2]), 'node_0_0': np.array([2, 4]),
           'node_0_1': np.array([4, -5]), 'node_1_0': np.array([-1, 2])}`, { hiddenActivation: 'relu' });
    expect(r.model.layers.map((l) => l.kernel)).toEqual([[[2, 4], [4, -5]], [[-1, 1], [2, 2]], [[2], [7]]]);
    expect(forwardTrace(modelToNetwork(r.model), r.input!).output).toEqual([182]);
  });

  it('works without input_data, taking the input count from the first node', () => {
    const r = imported("weights = {'node_0': [1, 2, 3], 'output': [4]}");
    expect(r.input).toBeUndefined();
    expect(r.model.inputs).toHaveLength(3);
  });

  const errors: [string, string, RegExp][] = [
    ['a node with the wrong number of weights', "input_data = np.array([2, 3])\nweights = {'node_0': np.array([1, 1, 4]), 'output': np.array([2])}", /^line 2, column 12: 'node_0' has 3 weights; it needs 2 because input_data has 2 values in `'node_0': np\.array\(\[1, 1, 4\]\)`$/],
    ['an output with the wrong number of weights', "weights = {'node_0': [1, 1], 'node_1': [1, 1], 'output': [2]}", /'output' has 1 weight; it needs 2 because hidden layer 0 has 2 nodes in `'output': \[2\]`/],
    ['an unknown key', "weights = {'node_0': [1], 'nodes_1': [1], 'output': [1]}", /unknown key 'nodes_1'; expected 'node_<i>', 'node_<layer>_<i>' or 'output' in `'nodes_1'`/],
    ['a missing output', "weights = {'node_0': [1]}", /no 'output' entry/],
    ['a gap in the nodes', "weights = {'node_0': [1], 'node_2': [1], 'output': [1, 1]}", /'node_1' is missing but 'node_2' exists in `'node_2'`/],
    ['a missing hidden layer', "weights = {'node_0_0': [1], 'node_2_0': [1], 'output': [1]}", /hidden layer 1 has no nodes \(expected 'node_1_0'\) but 'node_2_0' exists/],
    ['mixed key styles', "weights = {'node_0': [1], 'node_1_0': [1], 'output': [1]}", /mixes the node_<i> and node_<layer>_<i> key styles; use one of them in `'node_1_0'`/],
    ['a repeated key', "weights = {'node_0': [1], 'node_0': [2], 'output': [1]}", /the key 'node_0' appears twice in `'node_0': \[2\]`/],
    ['a word where a number belongs', 'input_data = np.array([2, x])\nweights = {}', /^line 1, column 27: expected a number in `x`$/],
    ['a missing comma', "input_data = [2 3]\nweights = {'output': [1, 1]}", /line 1, column 17: expected ',' or '\]', found '3' in `3`/],
    ['an unclosed bracket', "weights = {'node_0': np.array([1, 1], 'output': [1]}", /expected ',' or '\]', found ':'|expected '\)'/],
    ['an unterminated string', "weights = {'node_0: [1]}", /unterminated string in `'node_0: \[1\]}`/],
    ['a function other than np.array', "input_data = np.zeros([2])\nweights = {'output': [1, 1]}", /expected np\.array\(\[\.\.\.\]\) or a list, found np\.zeros in `np\.zeros`/],
    ['a nested list', "input_data = np.array([[2, 3]])\nweights = {'output': [1, 1]}", /one flat list of numbers, found a nested list/],
    ['no weights at all', 'input_data = np.array([2, 3])', /no `weights = \{/],
    ['text after a value', "input_data = np.array([2, 3]) * 2\nweights = {'output': [1, 1]}", /unexpected text after the value in `\* 2`/],
    ['an empty input row', "input_data = []\nweights = {'output': []}", /input_data is empty/],
    ['a number out of range', "input_data = [1e999]\nweights = {'output': [1]}", /out of the float64 range in `1e999`/],
  ];

  it.each(errors)('refuses %s, quoting the offending part', (_name, text, message) => {
    const e = failure(text);
    expect(e.kind).toMatch(/^course\//);
    expect(e.message).toMatch(message);
  });

  it('gives the line and column of the problem', () => {
    const e = failure("input_data = [2, 3]\n\nweights = {'node_0': [1, 1],\n  'node_1': [5], 'output': [1, 1]}");
    expect(e.line).toBe(4);
    expect(e.column).toBe(3);
  });

  it('refuses an output activation the model file does not allow for one regression output', () => {
    const r = importCourseNotation(S1, { outputActivation: 'softmax' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/not a valid model/);
  });
});
