/**
 * forwardBatch as register-tiled plain JavaScript: the fallback where WebAssembly SIMD is missing.
 *
 * Tiles of 2 rows × 4 units keep 8 accumulators in registers while i streams over a contiguous weight
 * panel (panels.ts). Each accumulator is one (row, unit) sum in the engine's order — acc = 0;
 * acc += x_i·w_ij for i ascending; z = acc + b_j — so results equal forwardBatch bit for bit.
 */
import { activateRows } from '../activations';
import type { Network } from '../model';
import { packBias, packPanels, paddedUnits } from './panels';

const U = 4;

/** Rows pushed through all layers together. */
const BLOCK_ROWS = 128;

/**
 * z[zOff + r·padded + j] = Σ_i x[xOff + r·xStride + i]·w_ij + b_j for n rows and every padded unit j.
 * w: panels of 4 units (packPanels), b: padded bias.
 */
function denseTiled(
  x: Float64Array, xOff: number, xStride: number, n: number, inputs: number,
  w: Float64Array, b: Float64Array, padded: number, z: Float64Array, zOff: number,
): void {
  const panels = padded / U;
  let r = 0;
  for (; r + 1 < n; r += 2) {
    const x0 = xOff + r * xStride;
    const x1 = x0 + xStride;
    const z0 = zOff + r * padded;
    const z1 = z0 + padded;
    for (let p = 0; p < panels; p++) {
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let k = p * inputs * U;
      for (let i = 0; i < inputs; i++, k += U) {
        const w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3];
        const v0 = x[x0 + i], v1 = x[x1 + i];
        a00 += v0 * w0; a01 += v0 * w1; a02 += v0 * w2; a03 += v0 * w3;
        a10 += v1 * w0; a11 += v1 * w1; a12 += v1 * w2; a13 += v1 * w3;
      }
      const j = p * U;
      z[z0 + j] = a00 + b[j]; z[z0 + j + 1] = a01 + b[j + 1]; z[z0 + j + 2] = a02 + b[j + 2]; z[z0 + j + 3] = a03 + b[j + 3];
      z[z1 + j] = a10 + b[j]; z[z1 + j + 1] = a11 + b[j + 1]; z[z1 + j + 2] = a12 + b[j + 2]; z[z1 + j + 3] = a13 + b[j + 3];
    }
  }
  for (; r < n; r++) {
    const x0 = xOff + r * xStride;
    const z0 = zOff + r * padded;
    for (let p = 0; p < panels; p++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      let k = p * inputs * U;
      for (let i = 0; i < inputs; i++, k += U) {
        const v = x[x0 + i];
        a0 += v * w[k]; a1 += v * w[k + 1]; a2 += v * w[k + 2]; a3 += v * w[k + 3];
      }
      const j = p * U;
      z[z0 + j] = a0 + b[j]; z[z0 + j + 1] = a1 + b[j + 1]; z[z0 + j + 2] = a2 + b[j + 2]; z[z0 + j + 3] = a3 + b[j + 3];
    }
  }
}

/** A forward pass of one network with its weights packed once. */
export interface JsForward {
  run(input: Float64Array, rows: number, output: Float64Array): void;
}

/** Pack `net` for the tiled JavaScript kernel. */
export function createJsForward(net: Network): JsForward {
  const layers = net.layers;
  const padded = layers.map((layer) => paddedUnits(layer.units, U));
  const w = layers.map((layer, l) => {
    const panels = new Float64Array(layer.inputs * padded[l]);
    packPanels(layer, U, panels);
    return panels;
  });
  const b = layers.map((layer, l) => {
    const bias = new Float64Array(padded[l]);
    packBias(layer, U, bias);
    return bias;
  });
  const width = Math.max(...padded);
  const scratch = [new Float64Array(BLOCK_ROWS * width), new Float64Array(BLOCK_ROWS * width)];
  const last = layers.length - 1;
  const outUnits = layers[last].units;

  function run(input: Float64Array, rows: number, output: Float64Array): void {
    for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, rows - r0);
      let src = input;
      let srcOff = r0 * net.inputSize;
      let srcStride = net.inputSize;
      for (let l = 0; l <= last; l++) {
        const layer = layers[l];
        const dst = scratch[l & 1];
        denseTiled(src, srcOff, srcStride, n, layer.inputs, w[l], b[l], padded[l], dst, 0);
        if (l < last) {
          if (layer.activation === 'softmax') activateRowsStrided(layer, dst, n, padded[l]);
          else activateRows(layer.activation, layer.alpha, dst, 0, 1, n * padded[l]);
        }
        src = dst;
        srcOff = 0;
        srcStride = padded[l];
      }
      for (let r = 0; r < n; r++) {
        const from = r * padded[last];
        const to = (r0 + r) * outUnits;
        for (let j = 0; j < outUnits; j++) output[to + j] = src[from + j];
      }
      activateRows(layers[last].activation, layers[last].alpha, output, r0 * outUnits, n, outUnits);
    }
  }

  return { run };
}

/** softmax of each row's real units in a buffer whose rows are `stride` apart. */
function activateRowsStrided(layer: Network['layers'][number], buf: Float64Array, n: number, stride: number): void {
  for (let r = 0; r < n; r++) activateRows(layer.activation, layer.alpha, buf, r * stride, 1, layer.units);
}
