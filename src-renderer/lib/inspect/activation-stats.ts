/**
 * Per-unit summaries of hidden activations over a sample of rows (UnitSummary), computed with the
 * engine's forward pass. Main should compute the same over every row; until then the views use a sample.
 */
import type { Network } from '../../../src-shared/nn/model';
import { hiddenActivations } from './representation';
import { histogram } from './sample';
import type { LayerActivationSummary, UnitSummary } from './types';

/** Saturation threshold for |a| (tanh; sigmoid counts a < 0.01 or a > 0.99). */
export const SATURATED = 0.99;

/** One summary per hidden layer (every layer but the last) of `net` for the given network-input rows. */
export function summariseHidden(net: Network, rows: readonly (readonly number[])[]): LayerActivationSummary[] {
  const out: LayerActivationSummary[] = [];
  for (let l = 0; l < net.layers.length - 1; l++) {
    const layer = net.layers[l];
    const a = hiddenActivations(net, rows, l);
    const n = rows.length;
    const sigmoid = layer.activation === 'sigmoid';
    const units: UnitSummary[] = [];
    for (let j = 0; j < layer.units; j++) {
      let zero = 0;
      let sat = 0;
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (let r = 0; r < n; r++) {
        const v = a[r * layer.units + j];
        if (v === 0) zero++;
        // tanh etc.: |a| > 0.99; sigmoid: within 0.01 of 0 or 1.
        if (sigmoid ? v < 1 - SATURATED || v > SATURATED : Math.abs(v) > SATURATED) sat++;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      units.push({ rows: n, zeroRows: zero, saturatedRows: sat, min, max, mean: n > 0 ? sum / n : NaN });
    }
    const h = histogram(a, 30);
    out.push({ layer: l, activation: layer.activation, units, histogram: { edges: h.edges, counts: h.counts } });
  }
  return out;
}
