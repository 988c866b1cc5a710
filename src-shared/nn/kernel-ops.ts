/**
 * A training step's host-kernel calls, queued and sent in one call (TrainingKernels.ops) where the host offers it,
 * else made one by one: the same operations in the same order either way, so the same bits. Whoever queues must
 * flush() before JavaScript reads or writes what the queued operations touch.
 *
 * Records (Float64Array, byte addresses): [0, a, sai, sak, b, c, bias, m, k, n, ld] gemm, [1, src, dst, rows, cols]
 * transpose, [2, z, a, count] relu, [3, z, g, count] reluBackward (native/src/train-binding.cpp reads them).
 */
import type { GemmFunction } from './backward-wasm';

/** What KernelOps needs of TrainingKernels (backward-workspace.ts), named here so the two files do not import each other. */
export interface OpsHost {
  gemm(memory: ArrayBuffer, ...args: Parameters<GemmFunction>): void;
  transpose(memory: ArrayBuffer, src: number, dst: number, rows: number, cols: number): void;
  relu(memory: ArrayBuffer, z: number, a: number, count: number): void;
  reluBackward(memory: ArrayBuffer, z: number, g: number, count: number): void;
  ops?(memory: ArrayBuffer, list: Float64Array, count: number): void;
  opsAdam?(memory: ArrayBuffer, list: Float64Array, count: number, arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, mirrors?: readonly (Float64Array | null)[]): void;
  adamMany?(arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number): void;
}

/** Records a step queues at most before it flushes by itself (a record is at most 11 values). */
const CAPACITY = 64;

export class KernelOps {
  readonly #kernels: OpsHost;
  readonly #memory: ArrayBuffer;
  readonly #list = new Float64Array(CAPACITY * 11);
  #used = 0;
  #count = 0;

  constructor(kernels: OpsHost, memory: ArrayBuffer) {
    this.#kernels = kernels;
    this.#memory = memory;
  }

  gemm(...args: Parameters<GemmFunction>): void {
    if (!this.#kernels.ops) return this.#kernels.gemm(this.#memory, ...args);
    const [a, sai, sak, b, c, bias, m, k, n, ld] = args;
    const at = this.#start(0, 11);
    const list = this.#list;
    list[at + 1] = a;
    list[at + 2] = sai;
    list[at + 3] = sak;
    list[at + 4] = b;
    list[at + 5] = c;
    list[at + 6] = bias;
    list[at + 7] = m;
    list[at + 8] = k;
    list[at + 9] = n;
    list[at + 10] = ld;
  }

  transpose(src: number, dst: number, rows: number, cols: number): void {
    if (!this.#kernels.ops) return this.#kernels.transpose(this.#memory, src, dst, rows, cols);
    const at = this.#start(1, 5);
    this.#list[at + 1] = src;
    this.#list[at + 2] = dst;
    this.#list[at + 3] = rows;
    this.#list[at + 4] = cols;
  }

  relu(z: number, a: number, count: number): void {
    if (!this.#kernels.ops) return this.#kernels.relu(this.#memory, z, a, count);
    this.#three(2, z, a, count);
  }

  reluBackward(z: number, g: number, count: number): void {
    if (!this.#kernels.ops) return this.#kernels.reluBackward(this.#memory, z, g, count);
    this.#three(3, z, g, count);
  }

  /** Runs what is queued (nothing to do when the host has no ops()). */
  flush(): void {
    if (this.#count === 0) return;
    const count = this.#count;
    this.#count = 0;
    this.#used = 0;
    this.#kernels.ops!(this.#memory, this.#list, count);
  }

  /**
   * Runs what is queued, then Adam on each [w, g, m, v] quadruple of `arrays` (the host's adamMany), each new w also
   * copied into mirrors[q] (when given and not null), in one host call where it has opsAdam. The host needs ops() and
   * adamMany() (or opsAdam) for this.
   */
  flushAdam(arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number, mirrors?: readonly (Float64Array | null)[]): void {
    const host = this.#kernels;
    if (!host.opsAdam) {
      this.flush();
      if (!host.adamMany) throw new Error('KernelOps.flushAdam: the host kernels have neither opsAdam nor adamMany');
      host.adamMany(arrays, alpha, c1, c2, eps);
      mirrors?.forEach((mirror, q) => mirror?.set(arrays[4 * q]));
      return;
    }
    const count = this.#count;
    this.#count = 0;
    this.#used = 0;
    host.opsAdam(this.#memory, this.#list, count, arrays, alpha, c1, c2, eps, mirrors);
  }

  #three(code: number, z: number, other: number, count: number): void {
    const at = this.#start(code, 4);
    this.#list[at + 1] = z;
    this.#list[at + 2] = other;
    this.#list[at + 3] = count;
  }

  /** Room for a record of `size` values starting with `code`; where it starts. */
  #start(code: number, size: number): number {
    if (this.#count === CAPACITY) this.flush();
    const at = this.#used;
    this.#list[at] = code;
    this.#used = at + size;
    this.#count++;
    return at;
  }
}
