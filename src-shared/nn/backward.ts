/**
 * Backpropagation on a batch of contiguous rows (the layout forwardBatch uses: rows × inputs, row-major).
 *
 * For a batch X (rows × n₀) and layers l = 1 … L with kernels W_l (n_{l−1} × n_l) and biases b_l:
 *   forward   Z_l = A_{l−1} W_l + b_l,   A_l = f_l(Z_l),   A_0 = X
 *   output    G_L = ∂loss/∂Z_L            (losses.ts: (p − y)/N for the paired cross-entropies)
 *   per layer ∂W_l = A_{l−1}ᵀ G_l,   ∂b_l = Σ_rows G_l,   G_{l−1} = f'_{l−1}(Z_{l−1}) ⊙ (G_l W_lᵀ)
 * Every buffer is allocated once in a workspace for the largest batch; a training step allocates nothing.
 * Forward sums run in the engine's order (acc = 0; acc += x_i·w_ij for i ascending; z = acc + b_j), so the
 * loss seen here is the loss forwardBatch's outputs give.
 */
import { backwardActivation, activateRows } from './activations';
import { outputSize, type Network } from './model';
import { lossGradient, lossSum, type LossName } from './losses';

/** Per-layer buffers for a forward and backward pass of up to `batch` rows. */
export interface BackpropWorkspace {
  readonly batch: number;
  /** Pre-activations per layer, batch × units. */
  readonly z: Float64Array[];
  /** Activations per layer, batch × units. */
  readonly a: Float64Array[];
  /** ∂loss/∂z per layer, batch × units. */
  readonly dz: Float64Array[];
  /** ∂loss/∂kernel per layer (inputs × units), written by backpropagate. */
  readonly gradKernel: Float64Array[];
  /** ∂loss/∂bias per layer (units), written by backpropagate. */
  readonly gradBias: Float64Array[];
}

/** Buffers for forward/backward passes of up to `batch` rows through `net`. */
export function createWorkspace(net: Network, batch: number): BackpropWorkspace {
  const z: Float64Array[] = [];
  const a: Float64Array[] = [];
  const dz: Float64Array[] = [];
  const gradKernel: Float64Array[] = [];
  const gradBias: Float64Array[] = [];
  for (const layer of net.layers) {
    z.push(new Float64Array(batch * layer.units));
    a.push(new Float64Array(batch * layer.units));
    dz.push(new Float64Array(batch * layer.units));
    gradKernel.push(new Float64Array(layer.inputs * layer.units));
    gradBias.push(new Float64Array(layer.units));
  }
  return { batch, z, a, dz, gradKernel, gradBias };
}

/**
 * Z = X W + b for n rows, rows of X from x[xOff …]. Four rows share each kernel load; each z_rj is still
 * summed as acc = 0; acc += x_ri·w_ij (i ascending); z = acc + b_j.
 */
function denseForward(x: Float64Array, xOff: number, n: number, inputs: number, units: number, w: Float64Array, b: Float64Array, z: Float64Array): void {
  z.fill(0, 0, n * units);
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const x0 = xOff + r * inputs;
    const x1 = x0 + inputs;
    const x2 = x1 + inputs;
    const x3 = x2 + inputs;
    const z0 = r * units;
    const z1 = z0 + units;
    const z2 = z1 + units;
    const z3 = z2 + units;
    for (let i = 0; i < inputs; i++) {
      const a0 = x[x0 + i];
      const a1 = x[x1 + i];
      const a2 = x[x2 + i];
      const a3 = x[x3 + i];
      const wr = i * units;
      for (let j = 0; j < units; j++) {
        const wij = w[wr + j];
        z[z0 + j] += a0 * wij;
        z[z1 + j] += a1 * wij;
        z[z2 + j] += a2 * wij;
        z[z3 + j] += a3 * wij;
      }
    }
  }
  for (; r < n; r++) {
    const xr = xOff + r * inputs;
    const zr = r * units;
    for (let i = 0; i < inputs; i++) {
      const xi = x[xr + i];
      const wr = i * units;
      for (let j = 0; j < units; j++) z[zr + j] += xi * w[wr + j];
    }
  }
  for (let q = 0; q < n; q++) {
    const zr = q * units;
    for (let j = 0; j < units; j++) z[zr + j] += b[j];
  }
}

/**
 * Forward pass of `rows` rows (x[xOff …], rows × inputSize) keeping every layer's z and a in the workspace.
 * Returns the output activations (workspace memory: rows × outputSize, valid until the next call).
 */
export function forwardKeep(net: Network, ws: BackpropWorkspace, x: Float64Array, xOff: number, rows: number): Float64Array {
  if (rows > ws.batch) throw new RangeError(`forwardKeep: ${rows} rows exceed the workspace's ${ws.batch}`);
  let src = x;
  let srcOff = xOff;
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l];
    const z = ws.z[l];
    const a = ws.a[l];
    denseForward(src, srcOff, rows, layer.inputs, layer.units, layer.kernel, layer.bias, z);
    a.set(z.subarray(0, rows * layer.units));
    activateRows(layer.activation, layer.alpha, a, 0, rows, layer.units);
    src = a;
    srcOff = 0;
  }
  return net.layers.length === 0 ? x.subarray(xOff, xOff + rows * net.inputSize) : ws.a[net.layers.length - 1];
}

/**
 * Gradients of the batch-mean loss for `rows` rows: runs forwardKeep, then backpropagates into
 * ws.gradKernel / ws.gradBias. y holds the targets (rows × outputSize from yOff). Returns the loss SUM over the rows.
 */
export function lossAndGradients(
  net: Network,
  ws: BackpropWorkspace,
  loss: LossName,
  x: Float64Array,
  xOff: number,
  y: ArrayLike<number>,
  yOff: number,
  rows: number,
): number {
  const L = net.layers.length;
  if (L === 0) throw new RangeError('lossAndGradients: the network has no layers to train');
  forwardKeep(net, ws, x, xOff, rows);
  const last = net.layers[L - 1];
  const units = outputSize(net);
  const total = lossSum(loss, ws.z[L - 1], ws.a[L - 1], y, rows, units, 0, yOff);
  lossGradient(loss, last.activation, last.alpha, ws.z[L - 1], ws.a[L - 1], y, rows, units, rows, ws.dz[L - 1], yOff);
  for (let l = L - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const prev = l === 0 ? x : ws.a[l - 1];
    const prevOff = l === 0 ? xOff : 0;
    layerGradients(prev, prevOff, ws.dz[l], rows, layer.inputs, layer.units, ws.gradKernel[l], ws.gradBias[l]);
    if (l > 0) {
      const below = net.layers[l - 1];
      backToInputs(ws.dz[l], layer.kernel, rows, layer.inputs, layer.units, ws.dz[l - 1]);
      if (below.activation === 'relu') {
        // relu's f'(z) = [z > 0], inlined: this is the hot path of most networks
        const zb = ws.z[l - 1];
        const gb = ws.dz[l - 1];
        const n = rows * below.units;
        for (let k = 0; k < n; k++) if (!(zb[k] > 0)) gb[k] = 0;
      } else {
        backwardActivation(below.activation, below.alpha, ws.z[l - 1], ws.a[l - 1], ws.dz[l - 1], ws.dz[l - 1], 0, rows, below.units);
      }
    }
  }
  return total;
}

/** ∂W = Aᵀ G (inputs × units), ∂b = Σ_rows G, for n rows; A from a[aOff …]. */
function layerGradients(a: Float64Array, aOff: number, g: Float64Array, n: number, inputs: number, units: number, gw: Float64Array, gb: Float64Array): void {
  gw.fill(0);
  gb.fill(0);
  for (let r = 0; r < n; r++) {
    const gr = r * units;
    for (let j = 0; j < units; j++) gb[j] += g[gr + j];
  }
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const a0 = aOff + r * inputs;
    const g0 = r * units;
    const g1 = g0 + units;
    const g2 = g1 + units;
    const g3 = g2 + units;
    for (let i = 0; i < inputs; i++) {
      const v0 = a[a0 + i];
      const v1 = a[a0 + inputs + i];
      const v2 = a[a0 + 2 * inputs + i];
      const v3 = a[a0 + 3 * inputs + i];
      if (v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
      const wr = i * units;
      for (let j = 0; j < units; j++) gw[wr + j] += v0 * g[g0 + j] + v1 * g[g1 + j] + v2 * g[g2 + j] + v3 * g[g3 + j];
    }
  }
  for (; r < n; r++) {
    const ar = aOff + r * inputs;
    const gr = r * units;
    for (let i = 0; i < inputs; i++) {
      const v = a[ar + i];
      const wr = i * units;
      for (let j = 0; j < units; j++) gw[wr + j] += v * g[gr + j];
    }
  }
}

/** G_prev = G Wᵀ: gp[r·inputs + i] = Σ_j g[r·units + j] · w[i·units + j]. */
function backToInputs(g: Float64Array, w: Float64Array, n: number, inputs: number, units: number, gp: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const gr = r * units;
    const pr = r * inputs;
    for (let i = 0; i < inputs; i++) {
      const wr = i * units;
      let acc = 0;
      for (let j = 0; j < units; j++) acc += g[gr + j] * w[wr + j];
      gp[pr + i] = acc;
    }
  }
}
