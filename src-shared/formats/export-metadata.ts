/** What every export carries beside the weights so it reads back with its names: inputs (names, categories, impute), output. */
import type { ModelFile } from '../model-file/types';

export function exportMetadata(model: ModelFile) {
  return {
    inputs: model.inputs.map((s) => ({ name: s.name, ...(s.categories ? { categories: s.categories } : {}), ...(s.impute !== undefined ? { impute: s.impute } : {}) })),
    output: { name: model.output.name, task: model.output.task, ...(model.output.classes ? { classes: model.output.classes } : {}) },
  };
}

/** The network's input columns in order: a numeric input is its name, a one-hot input `name=category` per category. */
export function networkColumns(model: ModelFile): string[] {
  return model.inputs.flatMap((s) => (s.categories ? s.categories.map((c) => `${s.name}=${c}`) : [s.name]));
}
