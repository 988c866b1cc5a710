/**
 * Forward propagation: batched (fast, for every row of a dataset) and traced (one row, every number kept).
 *
 * Both compute each unit's pre-activation in exactly the same order, with no fused multiply-add and no
 * reassociation:  acc = 0; for i = 0 … inputs−1: acc += x_i · w_ij;  z_j = acc + b_j;  a_j = f(z_j).
 * So forwardBatch and forwardTrace agree bit for bit, and a hand calculation (or numpy's loop) matches.
 */
import { activateRows } from './activations';
import { outputSize, type Network } from './model';

/** Rows pushed through all layers together: small enough for the scratch buffers to stay in cache. */
const BLOCK_ROWS = 64;

/** One layer of a traced forward pass. */
export interface LayerTrace {
  /** Pre-activations z_j = Σ_i x_i·w_ij + b_j. */
  readonly z: number[];
  /** Activations a_j = f(z_j). */
  readonly a: number[];
  /** products[i][j] = x_i · w_ij: each edge's contribution, as summed into z_j. */
  readonly products: number[][];
}

/** Every number of one row's forward pass: what the layer diagram and the step-through show. */
export interface ForwardTrace {
  readonly input: number[];
  readonly layers: LayerTrace[];
  readonly output: number[];
}

function widestLayer(net: Network): number {
  let w = 0;
  for (const layer of net.layers) if (layer.units > w) w = layer.units;
  return w;
}

/**
 * z[zOff + r·units + j] = Σ_i x[xOff + r·inputs + i] · w_ij + b_j for n rows.
 * Loop order streams one kernel row at a time (for i: for j), which keeps the per-j summation order
 * acc = 0; acc += x_i·w_ij (i ascending); z = acc + b_j.
 */
function denseRows(
  x: Float64Array,
  xOff: number,
  n: number,
  inputs: number,
  units: number,
  kernel: Float64Array,
  bias: Float64Array,
  z: Float64Array,
  zOff: number,
): void {
  for (let r = 0; r < n; r++) {
    const xr = xOff + r * inputs;
    const zr = zOff + r * units;
    for (let j = 0; j < units; j++) z[zr + j] = 0;
    for (let i = 0; i < inputs; i++) {
      const xi = x[xr + i];
      const wr = i * units;
      for (let j = 0; j < units; j++) z[zr + j] += xi * kernel[wr + j];
    }
    for (let j = 0; j < units; j++) z[zr + j] += bias[j];
  }
}

/**
 * The network's output for many rows at once.
 * input: rows × net.inputSize, row-major; output: rows × outputSize(net), row-major (written, not read).
 * Allocates two scratch blocks per call, never per row. Throws RangeError if the arrays are too short
 * (a caller's bug, not a user's input problem).
 */
export function forwardBatch(net: Network, input: Float64Array, rows: number, output: Float64Array): void {
  const inputSize = net.inputSize;
  const outSize = outputSize(net);
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`forwardBatch: rows must be a non-negative integer, got ${rows}`);
  if (input.length < rows * inputSize) {
    throw new RangeError(`forwardBatch: input has ${input.length} values; ${rows} rows × ${inputSize} inputs need ${rows * inputSize}`);
  }
  if (output.length < rows * outSize) {
    throw new RangeError(`forwardBatch: output has room for ${output.length} values; ${rows} rows × ${outSize} outputs need ${rows * outSize}`);
  }
  const layers = net.layers;
  if (layers.length === 0) {
    output.set(input.subarray(0, rows * inputSize));
    return;
  }
  const width = widestLayer(net);
  const scratch = [new Float64Array(BLOCK_ROWS * width), new Float64Array(BLOCK_ROWS * width)];
  const last = layers.length - 1;
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, rows - r0);
    let src = input;
    let srcOff = r0 * inputSize;
    for (let l = 0; l <= last; l++) {
      const layer = layers[l];
      const dst = l === last ? output : scratch[l & 1];
      const dstOff = l === last ? r0 * layer.units : 0;
      denseRows(src, srcOff, n, layer.inputs, layer.units, layer.kernel, layer.bias, dst, dstOff);
      activateRows(layer.activation, layer.alpha, dst, dstOff, n, layer.units);
      src = dst;
      srcOff = dstOff;
    }
  }
}

/**
 * One row's forward pass with every intermediate number: per layer z, a and each edge's product x_i·w_ij.
 * Same arithmetic as forwardBatch (bit for bit). Throws RangeError if x has the wrong length.
 */
export function forwardTrace(net: Network, x: ArrayLike<number>): ForwardTrace {
  if (x.length !== net.inputSize) {
    throw new RangeError(`forwardTrace: the network takes ${net.inputSize} inputs, got ${x.length}`);
  }
  const input = Array.from(x);
  let prev: ArrayLike<number> = input;
  const layers: LayerTrace[] = [];
  for (const layer of net.layers) {
    const { inputs, units, kernel, bias } = layer;
    const products: number[][] = [];
    for (let i = 0; i < inputs; i++) {
      const row: number[] = new Array<number>(units);
      for (let j = 0; j < units; j++) row[j] = prev[i] * kernel[i * units + j];
      products.push(row);
    }
    const buf = new Float64Array(units);
    for (let j = 0; j < units; j++) {
      let acc = 0;
      for (let i = 0; i < inputs; i++) acc += products[i][j];
      buf[j] = acc + bias[j];
    }
    const z = Array.from(buf);
    activateRows(layer.activation, layer.alpha, buf, 0, 1, units);
    const a = Array.from(buf);
    layers.push({ z, a, products });
    prev = a;
  }
  return { input, layers, output: layers.length === 0 ? input.slice() : layers[layers.length - 1].a.slice() };
}
