/**
 * Between the builder's Network (contiguous Float64Arrays) and the model file (nested arrays, the Keras
 * layout kernel[i][j] = weight from input i to unit j), plus the input specs a dataset's choices imply.
 */
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import { datePartSpecs } from '../../../src-shared/data/date-parts';
import { networkToLayers } from '../../../src-shared/model-file/read';
import type { InputSpec, ModelFile, OutputSpec } from '../../../src-shared/model-file/types';
import { MODEL_FORMAT, MODEL_VERSION, inputWidth } from '../../../src-shared/model-file/types';
import type { Network } from '../../../src-shared/nn/model';

/** A model file holding `net`'s weights with the given input and output specs. */
export function modelFromNetwork(net: Network, inputs: readonly InputSpec[], output: OutputSpec): ModelFile {
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs: [...inputs], output, layers: networkToLayers(net) };
}

/** Total network inputs the specs feed (one-hot columns count once per category). */
export function specsWidth(inputs: readonly InputSpec[]): number {
  return inputs.reduce((w, s) => w + inputWidth(s), 0);
}

/**
 * Input specs from the chosen input columns: categorical ones one-hot in their category order, dates as their four
 * parts (year, month, day of week, day of year: src-shared/data/date-parts.ts). With `scale`,
 * numbers are standardised with the column's mean and std over the dataset (x' = (x − mean) / std; std 1 for a
 * constant column), as training does: a hand-built network then sees numbers of the size it expects.
 */
export function specsFromColumns(columns: readonly ColumnInfo[], oneHot: (name: string) => boolean, scale = false): InputSpec[] {
  const specs: InputSpec[] = [];
  for (const c of columns) {
    if (c.type === 'categorical') {
      if (oneHot(c.name) && c.categories && c.categories.length > 0) specs.push({ name: c.name, categories: [...c.categories] });
    } else if (c.type === 'date') {
      specs.push(...datePartSpecs(c, scale));
    } else if (c.type === 'numeric') {
      const fitted = scale && c.mean !== null && Number.isFinite(c.mean);
      specs.push(fitted ? { name: c.name, scale: { mean: c.mean as number, std: c.std !== null && c.std > 0 && Number.isFinite(c.std) ? c.std : 1 } } : { name: c.name });
    }
  }
  return specs;
}

/** Generic input names x1 … xn, for a network built without a dataset. */
export function genericSpecs(n: number): InputSpec[] {
  return Array.from({ length: n }, (_, k) => ({ name: `x${k + 1}` }));
}

/** True when `model`'s weights fit this architecture: same input width and the same units per layer. */
export function weightsFit(model: ModelFile, width: number, units: readonly number[]): boolean {
  if (specsWidth(model.inputs) !== width || model.layers.length !== units.length) return false;
  return model.layers.every((l, k) => l.units === units[k]);
}
