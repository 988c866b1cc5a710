/** Test helper: small hand-made model files whose partial dependence and interactions can be worked out by hand. */
import { MODEL_FORMAT, MODEL_VERSION, type InputSpec, type LayerSpec, type ModelFile, type OutputSpec } from '../../../../src-shared/model-file/types';

export function modelFile(inputs: InputSpec[], layers: LayerSpec[], output: OutputSpec = { name: 'y', task: 'regression' }): ModelFile {
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs, output, layers };
}

/** y = Σ w_i x_i + b as one linear layer. */
export function linearModel(inputs: InputSpec[], weights: number[], bias: number, output?: OutputSpec): ModelFile {
  return modelFile(inputs, [{ units: 1, activation: 'linear', kernel: weights.map((w) => [w]), bias: [bias] }], output);
}
