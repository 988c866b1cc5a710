/**
 * Test helpers for the native kernel: whether this run expects it (CI builds it at `npm ci`; only
 * DENSE_LAB_NO_NATIVE=1 says otherwise), random networks, and byte comparison of Float64Arrays.
 */
import { ACTIVATIONS, type ActivationName, type Network } from '../../../src-shared/nn/model';
import { seeded } from '../workers/reference';
import { loadFromChunks } from '../../../src-shared/data/csv/load';
import type { CsvKernels } from '../../../src-shared/data/csv/csv-kernels';

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

/** Python's repr of a float (what pandas' to_csv writes): shortest digits, fixed for exponents −4 … 15 (with `.0`), else `d.ddde±XX`. */
export function pythonRepr(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, e] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(e);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const frac = digits.slice(exp + 1);
  return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}.${frac === '' ? '0' : frac}`;
}

/** A double from 64 random bits (NaN and ±Infinity drawn again): every magnitude alike, subnormals included. */
export function randomDouble(rand: () => number): number {
  for (;;) {
    const x = new Float64Array(new Uint32Array([Math.floor(rand() * 2 ** 32), Math.floor(rand() * 2 ** 32)]).buffer)[0];
    if (Number.isFinite(x)) return x;
  }
}

/**
 * `count` cells as String(x) and pandas write doubles, over every magnitude and the edges: random bits (subnormals
 * too), 10^−20 … 10^20, near 2^53, subnormal multiples of 5e−324, near 1.7976931348623157e308, and [−0.5, 0.5).
 */
export function wideCells(count: number, seed: number): string[] {
  const rand = seeded(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const pick = k % 6;
    const sign = rand() < 0.5 ? -1 : 1;
    let x: number;
    if (pick === 0) x = randomDouble(rand);
    else if (pick === 1) x = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
    else if (pick === 2) x = sign * (2 ** 53 + Math.floor(rand() * 64) - 32);
    else if (pick === 3) x = sign * Number.MIN_VALUE * Math.floor(rand() * 2 ** (rand() * 52));
    else if (pick === 4) x = sign * Number.MAX_VALUE * (1 - rand() * 1e-3);
    else x = rand() - 0.5;
    out.push(k % 2 === 0 ? String(x) : pythonRepr(x));
  }
  return out;
}

/**
 * One ArrayBuffer laid out for a training gemm test, in doubles: A (m × k, or k × m read transposed) from 3, B
 * (k × n) one after, the bias (n) two after, C (m × n) one after; gaps so a kernel writing past its end shows.
 * A's strides sai, sak are in doubles. `fill` fills the whole buffer first.
 */
export function gemmLayout(m: number, k: number, n: number, transposed: boolean, fill: (f: Float64Array) => void) {
  const memory = new ArrayBuffer(8 * (m * k + k * n + 2 * m * n + n + 64));
  const f = new Float64Array(memory);
  fill(f);
  const a = 3;
  const [sai, sak] = transposed ? [1, m] : [k, 1];
  const b = a + m * k + 1;
  const bias = b + k * n + 2;
  const c = bias + n + 1;
  return { memory, f, a, sai, sak, b, bias, c };
}

/** acc = 0; acc += A(i, kk)·B(kk, j) for kk ascending; + bias[j]: the documented sum, on element indices. */
export function referenceGemm(f: Float64Array, a: number, sai: number, sak: number, b: number, c: number, bias: number, m: number, k: number, n: number, ld: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let kk = 0; kk < k; kk++) acc += f[a + i * sai + kk * sak] * f[b + kk * ld + j];
      f[c + i * ld + j] = bias >= 0 ? acc + f[bias + j] : acc;
    }
  }
}

/** `text` loaded by the chunk loader fed `piece` bytes at a time (with `kernels`, or the JavaScript path), as comparable strings. */
export async function loadInPieces(text: string, piece: number, kernels?: CsvKernels) {
  const bytes = new TextEncoder().encode(text);
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += piece) yield bytes.slice(at, at + piece);
  }
  const r = await loadFromChunks(bytes, bytes.length, pieces(), { ...(kernels ? { kernels } : {}), reread: pieces });
  if (!r.ok) return { error: r.error };
  const d = r.value;
  return {
    values: Buffer.from(new Uint8Array(d.values.buffer, d.values.byteOffset, d.values.byteLength)).toString('hex'),
    missing: Array.from(d.missing).join(''),
    rest: JSON.stringify({ ...d, values: undefined, missing: undefined }),
  };
}
