/**
 * Weight panels: a layer's kernel regrouped so a tile of `unitsPerPanel` units reads its weights as one
 * contiguous stream, i ascending. Packed once per network; the values are copied, never changed.
 */
import type { DenseLayer } from '../model';

/** Units of a layer rounded up to whole panels. */
export function paddedUnits(units: number, unitsPerPanel: number): number {
  return Math.ceil(units / unitsPerPanel) * unitsPerPanel;
}

/**
 * panels[(p·inputs + i)·U + u] = kernel[i·units + p·U + u] (0 past the last unit), U = unitsPerPanel.
 * Written into `into` from `offset` (an element index); a Float32Array target rounds each weight to float32.
 */
export function packPanels(layer: DenseLayer, unitsPerPanel: number, into: Float64Array | Float32Array, offset = 0): void {
  const { inputs, units, kernel } = layer;
  const U = unitsPerPanel;
  const padded = paddedUnits(units, U);
  for (let p = 0; p < padded / U; p++) {
    for (let i = 0; i < inputs; i++) {
      const dst = offset + (p * inputs + i) * U;
      for (let u = 0; u < U; u++) {
        const j = p * U + u;
        into[dst + u] = j < units ? kernel[i * units + j] : 0;
      }
    }
  }
}

/** The bias zero-padded to whole panels, written into `into` from `offset`. */
export function packBias(layer: DenseLayer, unitsPerPanel: number, into: Float64Array | Float32Array, offset = 0): void {
  const padded = paddedUnits(layer.units, unitsPerPanel);
  for (let j = 0; j < padded; j++) into[offset + j] = j < layer.units ? layer.bias[j] : 0;
}
