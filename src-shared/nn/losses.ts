/**
 * Losses on a batch of output rows, and their gradient with respect to the output layer's z.
 *
 * Conventions (Keras's): the per-row loss is the mean over output units for mse, mae and binary
 * cross-entropy, and the sum over classes for categorical cross-entropy; a batch's loss is the mean of its
 * rows. Huber (δ = HUBER_DELTA): ℓ = ½d² for |d| ≤ δ, else δ(|d| − ½δ), d = a − y. Cross-entropies are computed from the logits z, never from clamped probabilities, so saturated
 * outputs give a finite loss and a finite gradient:
 *   binary:      ℓ = max(z, 0) − z·y + log1p(e^−|z|)          (= −y log σ(z) − (1−y) log(1−σ(z)))
 *   categorical: ℓ = Σ_k y_k (lse(z) − z_k),  lse(z) = m + log Σ_j e^(z_j − m),  m = max z
 * and the combined gradient of sigmoid + binary and softmax + categorical is (p − y) / N.
 */
import type { ActivationName } from './model';
import { backwardActivation } from './activations';

export const LOSSES = ['mse', 'mae', 'huber', 'binary_crossentropy', 'categorical_crossentropy'] as const;

/** The losses a regression can train with (classification always uses the cross-entropy of its output). */
export const REGRESSION_LOSSES = ['mse', 'mae', 'huber'] as const;
export type RegressionLoss = (typeof REGRESSION_LOSSES)[number];

/** Huber's δ, on the standardized target: Keras's default (1). */
export const HUBER_DELTA = 1;
export type LossName = (typeof LOSSES)[number];

/** The output activation a loss needs, or null when any activation works (mse, mae). */
export function requiredOutputActivation(loss: LossName): ActivationName | null {
  if (loss === 'binary_crossentropy') return 'sigmoid';
  if (loss === 'categorical_crossentropy') return 'softmax';
  return null;
}

/**
 * Sum over `rows` rows of the per-row loss (divide by rows for the batch mean).
 * z and a are the output layer's pre-activations and activations, y the targets, all rows × units from `offset`.
 */
export function lossSum(
  loss: LossName,
  z: ArrayLike<number>,
  a: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
  units: number,
  offset = 0,
  yOffset = offset,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = offset + r * units;
    const t = yOffset + r * units;
    let row = 0;
    switch (loss) {
      case 'mse':
        // ℓ = mean_k (a_k − y_k)²
        for (let k = 0; k < units; k++) {
          const d = a[o + k] - y[t + k];
          row += d * d;
        }
        row /= units;
        break;
      case 'mae':
        // ℓ = mean_k |a_k − y_k|
        for (let k = 0; k < units; k++) row += Math.abs(a[o + k] - y[t + k]);
        row /= units;
        break;
      case 'huber':
        // ℓ = mean_k ½d² (|d| ≤ δ) or δ(|d| − ½δ)
        for (let k = 0; k < units; k++) {
          const d = Math.abs(a[o + k] - y[t + k]);
          row += d <= HUBER_DELTA ? 0.5 * d * d : HUBER_DELTA * (d - 0.5 * HUBER_DELTA);
        }
        row /= units;
        break;
      case 'binary_crossentropy':
        // ℓ = mean_k max(z,0) − z·y + log1p(e^−|z|)
        for (let k = 0; k < units; k++) {
          const zk = z[o + k];
          row += Math.max(zk, 0) - zk * y[t + k] + Math.log1p(Math.exp(-Math.abs(zk)));
        }
        row /= units;
        break;
      case 'categorical_crossentropy': {
        // ℓ = Σ_k y_k (lse(z) − z_k)
        let m = -Infinity;
        for (let k = 0; k < units; k++) if (z[o + k] > m) m = z[o + k];
        let s = 0;
        for (let k = 0; k < units; k++) s += Math.exp(z[o + k] - m);
        const lse = m + Math.log(s);
        for (let k = 0; k < units; k++) {
          const yk = y[t + k];
          if (yk !== 0) row += yk * (lse - z[o + k]);
        }
        break;
      }
    }
    total += row;
  }
  return total;
}

/**
 * Gradient of the batch-mean loss with respect to the output layer's z, written to gradZ (rows × units from 0).
 * `count` is the number of rows the mean is over (normally `rows`).
 * mse: ∂/∂a = 2(a − y)/(units·count); mae: sign(a − y)/(units·count); huber: clamp(a − y, ±δ)/(units·count);
 * then through the activation.
 * sigmoid + binary: (a − y)/(units·count); softmax + categorical: (a·Σy − y)/count.
 */
export function lossGradient(
  loss: LossName,
  activation: ActivationName,
  alpha: number | undefined,
  z: ArrayLike<number>,
  a: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
  units: number,
  count: number,
  gradZ: Float64Array,
  yOffset = 0,
): void {
  const n = rows * units;
  switch (loss) {
    case 'mse': {
      const c = 2 / (units * count);
      for (let k = 0; k < n; k++) gradZ[k] = c * (a[k] - y[yOffset + k]);
      backwardActivation(activation, alpha, z, a, gradZ, gradZ, 0, rows, units);
      return;
    }
    case 'mae': {
      const c = 1 / (units * count);
      for (let k = 0; k < n; k++) {
        const d = a[k] - y[yOffset + k];
        gradZ[k] = d > 0 ? c : d < 0 ? -c : 0;
      }
      backwardActivation(activation, alpha, z, a, gradZ, gradZ, 0, rows, units);
      return;
    }
    case 'huber': {
      const c = 1 / (units * count);
      for (let k = 0; k < n; k++) {
        const d = a[k] - y[yOffset + k];
        gradZ[k] = c * (d > HUBER_DELTA ? HUBER_DELTA : d < -HUBER_DELTA ? -HUBER_DELTA : d);
      }
      backwardActivation(activation, alpha, z, a, gradZ, gradZ, 0, rows, units);
      return;
    }
    case 'binary_crossentropy': {
      const c = 1 / (units * count);
      for (let k = 0; k < n; k++) gradZ[k] = c * (a[k] - y[yOffset + k]);
      return;
    }
    case 'categorical_crossentropy': {
      const c = 1 / count;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        let s = 0;
        for (let k = 0; k < units; k++) s += y[yOffset + o + k];
        for (let k = 0; k < units; k++) gradZ[o + k] = c * (a[o + k] * s - y[yOffset + o + k]);
      }
      return;
    }
  }
}
