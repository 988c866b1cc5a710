/** The course's example S1 as a model file: x = [2, 3]; node_0 [1, 1], node_1 [−1, 1]; output [2, −1]. */
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';

export function s1Model(hidden: ActivationName = 'linear'): ModelFile {
  return {
    format: 'dense-lab/model',
    version: 1,
    inputs: [{ name: 'x0' }, { name: 'x1' }],
    output: { name: 'y', task: 'regression' },
    layers: [
      // Keras layout: kernel[i][j] from input i to unit j (the transpose of the course's per-node lists).
      { units: 2, activation: hidden, kernel: [[1, -1], [1, 1]], bias: [0, 0] },
      { units: 1, activation: 'linear', kernel: [[2], [-1]], bias: [0] },
    ],
  };
}
