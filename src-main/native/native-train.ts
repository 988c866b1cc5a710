/**
 * The training step's kernels on the native addon (see addon.ts), in the shape src-shared/nn/train.ts takes
 * (TrainingKernels): the same bits as its WebAssembly and JavaScript paths, so a model trained with them is
 * byte-identical to one trained without. The training worker injects them; src-shared never imports Node.
 */
import type { TrainingKernels } from '../../src-shared/nn/backward';
import type { NativeAddon, NativeVariant } from './addon';

/** The addon's training kernels, on `variant` (default: the fastest this CPU runs). */
export function createNativeTrainingKernels(addon: NativeAddon, variant?: NativeVariant): TrainingKernels {
  const chosen = variant ?? addon.variants()[0] ?? 'scalar';
  if (variant === undefined) {
    // the common case: no variant argument, so each call passes one argument less through Node-API
    return {
      name: `native-${chosen}`,
      gemm: (memory, a, sai, sak, b, c, bias, m, k, n, ld) => addon.gemm(memory, a, sai, sak, b, c, bias, m, k, n, ld),
      transpose: (memory, src, dst, rows, cols) => addon.transpose(memory, src, dst, rows, cols),
      relu: (memory, z, a, count) => addon.relu(memory, z, a, count),
      reluBackward: (memory, z, g, count) => addon.reluBackward(memory, z, g, count),
      adam: (w, g, m, v, alpha, c1, c2, eps) => addon.adam(w, g, m, v, alpha, c1, c2, eps),
    };
  }
  return {
    name: `native-${chosen}`,
    gemm: (memory, a, sai, sak, b, c, bias, m, k, n, ld) => addon.gemm(memory, a, sai, sak, b, c, bias, m, k, n, ld, variant),
    transpose: (memory, src, dst, rows, cols) => addon.transpose(memory, src, dst, rows, cols),
    relu: (memory, z, a, count) => addon.relu(memory, z, a, count, variant),
    reluBackward: (memory, z, g, count) => addon.reluBackward(memory, z, g, count, variant),
    adam: (w, g, m, v, alpha, c1, c2, eps) => addon.adam(w, g, m, v, alpha, c1, c2, eps, variant),
  };
}
