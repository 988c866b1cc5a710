/**
 * Test helpers for the native kernel: whether this run expects it (CI builds it at `npm ci`; only
 * DENSE_LAB_NO_NATIVE=1 says otherwise), random networks, and byte comparison of Float64Arrays.
 */
import { ACTIVATIONS, type ActivationName, type Network } from '../../../src-shared/nn/model';
import { seeded } from '../workers/reference';

export { seeded };

/** True when the environment opts out of the native kernel: tests then assert the WebAssembly fallback. */
export const nativeDisabled = process.env.DENSE_LAB_NO_NATIVE === '1';

/** A random network of the given widths; activations cycle from `first` through every ActivationName. */
export function randomNetwork(rand: () => number, sizes: readonly number[], first = 0): Network {
  return {
    inputSize: sizes[0],
    layers: sizes.slice(1).map((units, l) => {
      const inputs = sizes[l];
      const activation: ActivationName = ACTIVATIONS[(first + l) % ACTIVATIONS.length];
      return {
        inputs,
        units,
        activation,
        ...(activation === 'leaky_relu' || activation === 'elu' ? { alpha: 0.05 + rand() } : {}),
        kernel: Float64Array.from({ length: inputs * units }, () => (rand() * 2 - 1) / Math.sqrt(inputs)),
        bias: Float64Array.from({ length: units }, () => rand() - 0.5),
      };
    }),
  };
}

/** rows × width values in [−3, 3). */
export function randomRows(rand: () => number, rows: number, width: number): Float64Array {
  return Float64Array.from({ length: rows * width }, () => rand() * 6 - 3);
}

/**
 * Index of the first value whose bits differ (−0 vs 0 counts), or −1. Any NaN equals any NaN, as with
 * Object.is: JavaScript does not promise to keep a NaN's sign or payload bits (V8 may canonicalize them, and
 * its tiers differ), so they carry no meaning; here the softmax of a NaN row came out 0x7ff8… through the
 * native runner and 0xfff8… through forwardBatch, both from the same JavaScript softmaxInto.
 */
export function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return k;
  return -1;
}
