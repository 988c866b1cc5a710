/**
 * Names of the nodes the layer diagram draws, in the user's words: input columns (one-hot columns as
 * "column=category"), hidden units as the course names them (node_0, or node_0_1 with several hidden
 * layers), output(s) after the target (one per class for multiclass).
 */
import type { ModelFile } from '../../../src-shared/model-file/types';

/** One name per network input, in network order. */
export function inputNodeNames(model: ModelFile): string[] {
  const names: string[] = [];
  for (const spec of model.inputs) {
    if (spec.categories) for (const c of spec.categories) names.push(`${spec.name}=${c}`);
    else names.push(spec.name);
  }
  return names;
}

/** One name per output unit: the target, or target=class per class when there are several outputs. */
export function outputNodeNames(model: ModelFile): string[] {
  const last = model.layers[model.layers.length - 1];
  const units = last ? last.units : 0;
  if (units === 1) return [model.output.name];
  const classes = model.output.classes ?? [];
  return Array.from({ length: units }, (_, k) => `${model.output.name}=${classes[k] ?? k}`);
}

/** The course's name of hidden unit j of hidden layer l (0-based): node_j with one hidden layer, else node_l_j. */
export function hiddenNodeName(layer: number, unit: number, hiddenLayers: number): string {
  return hiddenLayers <= 1 ? `node_${unit}` : `node_${layer}_${unit}`;
}

/** Names of every node of every column: inputs, each hidden layer, outputs. */
export function allNodeNames(model: ModelFile, inputNames?: readonly string[], outputNames?: readonly string[]): string[][] {
  const hidden = model.layers.length - 1;
  const cols: string[][] = [inputNames ? [...inputNames] : inputNodeNames(model)];
  for (let l = 0; l < hidden; l++) {
    cols.push(Array.from({ length: model.layers[l].units }, (_, j) => hiddenNodeName(l, j, hidden)));
  }
  if (model.layers.length > 0) cols.push(outputNames ? [...outputNames] : outputNodeNames(model));
  return cols;
}
