/** Fixed models for the harness: the course's S1, and a 784 → 50 → 10 network with seeded weights. */
import type { ModelFile } from '../../../src-shared/model-file/types';

export function s1(): ModelFile {
  return {
    format: 'dense-lab/model', version: 1,
    inputs: [{ name: 'x0' }, { name: 'x1' }],
    output: { name: 'y', task: 'regression' },
    layers: [
      { units: 2, activation: 'linear', kernel: [[1, -1], [1, 1]], bias: [0, 0] },
      { units: 1, activation: 'linear', kernel: [[2], [-1]], bias: [0] },
    ],
  };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function bigModel(): ModelFile {
  const r = lcg(3);
  const dense = (inputs: number, units: number, activation: 'relu' | 'softmax') => ({
    units, activation,
    kernel: Array.from({ length: inputs }, () => Array.from({ length: units }, () => r() * 0.2)),
    bias: Array.from({ length: units }, () => r() * 0.1),
  });
  return {
    format: 'dense-lab/model', version: 1,
    inputs: Array.from({ length: 784 }, (_, k) => ({ name: `px${k}` })),
    output: { name: 'digit', task: 'multiclass', classes: Array.from({ length: 10 }, (_, k) => String(k)) },
    layers: [dense(784, 50, 'relu'), dense(50, 10, 'softmax')],
  };
}

/** inputs → hidden… → 1, seeded weights, for layouts between S1 and MNIST size. */
export function mediumModel(): ModelFile {
  const r = lcg(5);
  const sizes = [10, 16, 8, 1];
  return {
    format: 'dense-lab/model', version: 1,
    inputs: ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'].map((name) => ({ name })),
    output: { name: 'progression', task: 'regression' },
    layers: sizes.slice(1).map((units, k) => ({
      units, activation: k === sizes.length - 2 ? ('linear' as const) : ('relu' as const),
      kernel: Array.from({ length: sizes[k] }, () => Array.from({ length: units }, () => r())),
      bias: Array.from({ length: units }, () => r() * 0.2),
    })),
  };
}
