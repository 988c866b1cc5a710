/**
 * The training step's kernels on the native addon (see addon.ts), in the shape src-shared/nn/train.ts takes
 * (TrainingKernels): the same bits as its WebAssembly and JavaScript paths, so a model trained with them is
 * byte-identical to one trained without. The training worker injects them; src-shared never imports Node.
 */
import { availableParallelism } from 'node:os';
import type { TrainingKernels } from '../../src-shared/nn/backward';
import type { NativeAddon, NativeVariant } from './addon';

/**
 * The variant the training worker should run natively on this CPU, or undefined when the loop's WebAssembly
 * kernel is as fast. Measured on Zen 5, one core, µs per batch of 32 through 10-100-100-1 with Adam (minimum
 * CPU over 12 epochs): avx512 40, avx2 65, sse2 127, scalar 244; WebAssembly SIMD 197.
 */
export function preferredTrainingVariant(addon: NativeAddon): NativeVariant | undefined {
  const best = addon.variants()[0];
  return best !== undefined && best !== 'scalar' ? best : undefined;
}

/** How the native kernels run. */
export interface NativeTrainingOptions {
  /**
   * 2: a training step's large products and Adam split over the training thread and a helper thread of the addon
   * (the same bits; up to two cores busy while training, none once idle; a product carrying Adam's updates, opsAdam,
   * stays on one thread). Default 1. See trainingThreads.
   */
  readonly threads?: 1 | 2;
}

/**
 * The threads a training job uses: 1, unless DENSE_LAB_TRAIN_THREADS=2 asks for the helper thread and the machine
 * has at least two cores (the addon keeps its awake helpers to one fewer than the cores, so trainings running at
 * once do not oversubscribe). Not the default: on a 2-vCPU Zen 4 VM a step of the course network took longer on
 * two threads (about 1.1–2× the wall time, twice the CPU) — the halves of a product and of Adam pay more in cache
 * lines moved between the cores and wake-ups than they save, and a helper preempted by another process stalls the step.
 */
export function trainingThreads(env: Readonly<Record<string, string | undefined>>, cores: number = availableParallelism()): 1 | 2 {
  return env.DENSE_LAB_TRAIN_THREADS === '2' && cores >= 2 ? 2 : 1;
}

/** The addon's training kernels, on `variant` (default: the fastest this CPU runs). */
export function createNativeTrainingKernels(addon: NativeAddon, variant?: NativeVariant, options: NativeTrainingOptions = {}): TrainingKernels {
  const fastest = addon.variants()[0] ?? 'scalar';
  const chosen = variant ?? fastest;
  const threads = options.threads ?? 1;
  if (threads !== 1 && threads !== 2) throw new RangeError(`createNativeTrainingKernels: threads must be 1 or 2, got ${String(threads)}`);
  if (threads === 2) {
    const one = createNativeTrainingKernels(addon, variant);
    return {
      ...one,
      name: `native-${chosen}-2t`,
      ...(addon.opsAdam ? { opsAdam: (memory: ArrayBuffer, list: Float64Array, count: number, arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, mirrors?: readonly (Float64Array | null)[]) => addon.opsAdam!(memory, list, count, arrays, alpha, c1, c2, eps, variant, mirrors, 2) } : {}),
      adamMany: (arrays, alpha, c1, c2, eps) => addon.adamMany(arrays, alpha, c1, c2, eps, variant, 2),
      ops: (memory, list, count) => addon.ops(memory, list, count, variant, 2),
    };
  }
  if (chosen === fastest) {
    // the common case: no variant argument, so each call passes one argument less through Node-API
    return {
      name: `native-${chosen}`,
      gemm: (memory, a, sai, sak, b, c, bias, m, k, n, ld) => addon.gemm(memory, a, sai, sak, b, c, bias, m, k, n, ld),
      transpose: (memory, src, dst, rows, cols) => addon.transpose(memory, src, dst, rows, cols),
      relu: (memory, z, a, count) => addon.relu(memory, z, a, count),
      reluBackward: (memory, z, g, count) => addon.reluBackward(memory, z, g, count),
      adam: (w, g, m, v, alpha, c1, c2, eps) => addon.adam(w, g, m, v, alpha, c1, c2, eps),
      adamMany: (arrays, alpha, c1, c2, eps) => addon.adamMany(arrays, alpha, c1, c2, eps),
      ops: (memory, list, count) => addon.ops(memory, list, count),
      ...(addon.opsAdam ? { opsAdam: (memory, list, count, arrays, alpha, c1, c2, eps, mirrors) => addon.opsAdam!(memory, list, count, arrays, alpha, c1, c2, eps, undefined, mirrors) } : {}),
      gatherRows: (src, width, order, start, n, dst, prefetch) => addon.gatherRows(src, width, order, start, n, dst, prefetch),
    };
  }
  return {
    name: `native-${chosen}`,
    gemm: (memory, a, sai, sak, b, c, bias, m, k, n, ld) => addon.gemm(memory, a, sai, sak, b, c, bias, m, k, n, ld, variant),
    transpose: (memory, src, dst, rows, cols) => addon.transpose(memory, src, dst, rows, cols, variant),
    relu: (memory, z, a, count) => addon.relu(memory, z, a, count, variant),
    reluBackward: (memory, z, g, count) => addon.reluBackward(memory, z, g, count, variant),
    adam: (w, g, m, v, alpha, c1, c2, eps) => addon.adam(w, g, m, v, alpha, c1, c2, eps, variant),
    adamMany: (arrays, alpha, c1, c2, eps) => addon.adamMany(arrays, alpha, c1, c2, eps, variant),
    ops: (memory, list, count) => addon.ops(memory, list, count, variant),
    ...(addon.opsAdam ? { opsAdam: (memory: ArrayBuffer, list: Float64Array, count: number, arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, mirrors?: readonly (Float64Array | null)[]) => addon.opsAdam!(memory, list, count, arrays, alpha, c1, c2, eps, variant, mirrors) } : {}),
    gatherRows: (src, width, order, start, n, dst, prefetch) => addon.gatherRows(src, width, order, start, n, dst, prefetch),
  };
}
