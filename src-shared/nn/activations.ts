/**
 * Activation functions and their derivatives, by ActivationName.
 *
 * Each elementwise activation is a tiny object pairing f(z) with f'(z). All are safe at large |z|:
 * no exp() is ever taken of a large positive number, so no Infinity/NaN comes from overflow.
 * softmax is not elementwise (it normalizes over a layer's units) and has its own functions.
 *
 * Defaults for alpha follow Keras: LeakyReLU layer alpha 0.3 (Keras 2 `LeakyReLU(alpha=0.3)`, Keras 3
 * `LeakyReLU(negative_slope=0.3)`; note the bare function `keras.activations.leaky_relu` defaults to 0.2),
 * elu alpha 1.0.
 *
 * Derivatives at the kink z = 0 take the left-hand value for relu (0), leaky_relu (alpha) and elu (alpha),
 * as TensorFlow's gradients do for relu and leaky_relu.
 */
import type { ActivationName } from './model';

export type ElementwiseActivationName = Exclude<ActivationName, 'softmax'>;

/** Keras's default alpha per activation (only leaky_relu and elu use one). */
export const DEFAULT_ALPHA = { leaky_relu: 0.3, elu: 1 } as const;

/** The alpha an activation actually uses: the given one, else Keras's default (0 when unused). */
export function activationAlpha(name: ActivationName, alpha?: number): number {
  if (alpha !== undefined) return alpha;
  if (name === 'leaky_relu') return DEFAULT_ALPHA.leaky_relu;
  if (name === 'elu') return DEFAULT_ALPHA.elu;
  return 0;
}

/** f(z) and f'(z) of one elementwise activation. `a` is f(z), passed so derivatives can reuse it. */
export interface ElementwiseActivation {
  readonly f: (z: number, alpha: number) => number;
  readonly df: (z: number, a: number, alpha: number) => number;
}

/** σ(z) = 1 / (1 + e^−z), in the two-branch form that never exponentiates a positive number. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^−|z|), exact-ish and overflow-free. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** The elementwise activations, each f with its derivative. */
export const ELEMENTWISE: Readonly<Record<ElementwiseActivationName, ElementwiseActivation>> = {
  // f(z) = z; f' = 1
  linear: { f: (z) => z, df: () => 1 },
  // f(z) = max(0, z); f' = [z > 0]. Written `z < 0 ? … : z` so a NaN stays NaN instead of becoming 0.
  relu: { f: (z) => (z < 0 ? 0 : z), df: (z) => (z > 0 ? 1 : 0) },
  // f(z) = z if z ≥ 0 else αz; f' = 1 or α
  leaky_relu: { f: (z, alpha) => (z < 0 ? alpha * z : z), df: (z, _a, alpha) => (z > 0 ? 1 : alpha) },
  // f(z) = z if z ≥ 0 else α(e^z − 1); f' = 1 or α·e^z
  elu: { f: (z, alpha) => (z < 0 ? alpha * Math.expm1(z) : z), df: (z, _a, alpha) => (z > 0 ? 1 : alpha * Math.exp(z)) },
  // f(z) = tanh z; f' = 1 − a²
  tanh: { f: (z) => Math.tanh(z), df: (_z, a) => 1 - a * a },
  // f(z) = σ(z); f' = a(1 − a)
  sigmoid: { f: (z) => sigmoid(z), df: (_z, a) => a * (1 - a) },
  // f(z) = log(1 + e^z); f' = σ(z)
  softplus: { f: (z) => softplus(z), df: (z) => sigmoid(z) },
};

/**
 * softmax over one layer's units: a_k = e^(z_k − m) / Σ_j e^(z_j − m), m = max_j z_j.
 * Reads z[offset .. offset+count), writes a[offset .. offset+count); z and a may be the same array.
 * The sum runs in index order.
 */
export function softmaxInto(z: ArrayLike<number>, a: { [i: number]: number }, offset: number, count: number): void {
  let m = -Infinity;
  for (let k = 0; k < count; k++) if (z[offset + k] > m) m = z[offset + k];
  let s = 0;
  for (let k = 0; k < count; k++) {
    const e = Math.exp(z[offset + k] - m);
    a[offset + k] = e;
    s += e;
  }
  for (let k = 0; k < count; k++) a[offset + k] = a[offset + k] / s;
}

/**
 * Apply a layer's activation to `rows` consecutive rows of `units` values in buf[offset ..], in place:
 * a = f(z). Elementwise activations run one tight loop; softmax normalizes each row on its own.
 * This is the one place forwardBatch and forwardTrace turn z into a, so they agree bit for bit.
 */
export function activateRows(
  name: ActivationName,
  alpha: number | undefined,
  buf: Float64Array,
  offset: number,
  rows: number,
  units: number,
): void {
  const end = offset + rows * units;
  const al = activationAlpha(name, alpha);
  switch (name) {
    case 'linear':
      return;
    case 'relu':
      for (let k = offset; k < end; k++) if (buf[k] < 0) buf[k] = 0;
      return;
    case 'leaky_relu':
      for (let k = offset; k < end; k++) if (buf[k] < 0) buf[k] = al * buf[k];
      return;
    case 'elu':
      for (let k = offset; k < end; k++) if (buf[k] < 0) buf[k] = al * Math.expm1(buf[k]);
      return;
    case 'tanh':
      for (let k = offset; k < end; k++) buf[k] = Math.tanh(buf[k]);
      return;
    case 'sigmoid':
      for (let k = offset; k < end; k++) buf[k] = sigmoid(buf[k]);
      return;
    case 'softplus':
      for (let k = offset; k < end; k++) buf[k] = softplus(buf[k]);
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) softmaxInto(buf, buf, offset + r * units, units);
      return;
  }
}

/** a = f(z) for one value of an elementwise activation (softmax needs the whole layer: use softmaxInto). */
export function activate(name: ElementwiseActivationName, z: number, alpha?: number): number {
  return ELEMENTWISE[name].f(z, activationAlpha(name, alpha));
}

/**
 * f'(z) for one value of an elementwise activation, given z and a = f(z).
 * For softmax this is the Jacobian's diagonal ∂a_k/∂z_k = a_k(1 − a_k); use backwardActivation for the full product.
 */
export function derivative(name: ActivationName, z: number, a: number, alpha?: number): number {
  if (name === 'softmax') return a * (1 - a);
  return ELEMENTWISE[name].df(z, a, activationAlpha(name, alpha));
}

/**
 * Backpropagate through one layer's activation for `rows` rows of `units`: gradZ = (∂a/∂z)ᵀ · gradA.
 * Elementwise: gradZ_k = f'(z_k) · gradA_k. softmax: gradZ_k = a_k (gradA_k − Σ_j a_j gradA_j).
 * All arrays share the layout rows × units starting at `offset`.
 */
export function backwardActivation(
  name: ActivationName,
  alpha: number | undefined,
  z: ArrayLike<number>,
  a: ArrayLike<number>,
  gradA: ArrayLike<number>,
  gradZ: { [i: number]: number },
  offset: number,
  rows: number,
  units: number,
): void {
  if (name === 'softmax') {
    for (let r = 0; r < rows; r++) {
      const o = offset + r * units;
      let dot = 0;
      for (let j = 0; j < units; j++) dot += a[o + j] * gradA[o + j];
      for (let k = 0; k < units; k++) gradZ[o + k] = a[o + k] * (gradA[o + k] - dot);
    }
    return;
  }
  const df = ELEMENTWISE[name].df;
  const al = activationAlpha(name, alpha);
  const end = offset + rows * units;
  for (let k = offset; k < end; k++) gradZ[k] = df(z[k], a[k], al) * gradA[k];
}
