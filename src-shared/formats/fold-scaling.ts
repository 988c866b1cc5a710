/**
 * For formats without a scaling layer (TF.js Layers): the model's layers with the input scaling folded into
 * the first layer (W'[i] = W[i]/s_i, b' = b − Σ_i m_i·W[i]/s_i) and a regression output's unscaling folded into
 * a linear last layer (W' = W·s, b' = b·s + m), or appended as a 1 → 1 linear layer after a non-linear one.
 * Computed in float64; the exported float32 numbers are these rounded once.
 */
import { inputWidth, type LayerSpec, type ModelFile } from '../model-file/types';

export function layersWithScalingFolded(model: ModelFile): LayerSpec[] {
  const layers = model.layers.map((l) => ({ ...l, kernel: l.kernel.map((row) => [...row]), bias: [...l.bias] }));
  const mean: number[] = [];
  const std: number[] = [];
  for (const s of model.inputs) for (let c = 0; c < inputWidth(s); c++) {
    mean.push(s.scale?.mean ?? 0);
    std.push(s.scale?.std ?? 1);
  }
  const first = layers[0];
  for (let j = 0; j < first.units; j++) {
    let shift = 0;
    for (let i = 0; i < mean.length; i++) shift += (mean[i] * first.kernel[i][j]) / std[i];
    first.bias[j] -= shift;
  }
  for (let i = 0; i < std.length; i++) first.kernel[i] = first.kernel[i].map((w) => w / std[i]);
  const scale = model.output.task === 'regression' ? model.output.scale : undefined;
  if (!scale) return layers;
  const last = layers[layers.length - 1];
  if (last.activation === 'linear') {
    last.kernel = last.kernel.map((row) => row.map((w) => w * scale.std));
    last.bias = last.bias.map((b) => b * scale.std + scale.mean);
    return layers;
  }
  return [...layers, { units: 1, activation: 'linear', kernel: [[scale.std]], bias: [scale.mean] }];
}
