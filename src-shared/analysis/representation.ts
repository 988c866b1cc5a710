/**
 * How a network re-represents the rows: a hidden layer's activations for a seeded sample of usable rows, projected
 * onto their first two principal components (pca.ts, deterministic signs), with each row's target for colour.
 * Run with the weights of an earlier epoch (`layers`), the same rows show how the representation formed.
 *
 * A replay is one PCA per snapshot (each frame's own best 2-D view, so early frames are not squeezed into the final
 * frame's axes), with signs aligned from the last frame backwards (`alignFrames`): a component whose scores point
 * against the next frame's is flipped, so the replay never mirrors between neighbouring frames and its last frame is
 * exactly the one-off projection of the trained weights.
 */
import type { Dataset } from '../data/dataset';
import { readTarget } from '../jobs/predict-evaluation';
import { modelToNetwork } from '../model-file/read';
import type { LayerSpec, ModelFile } from '../model-file/types';
import { err, ok, type Result } from '../result';
import { usableRows } from './features';
import { layerActivations } from './hidden';
import { pca } from './pca';
import type { ModelResponse } from './response';
import { copyRows, sampleIndices } from './rows';

export interface RepresentationOptions {
  /** Hidden layer, 0-based. */
  readonly layer: number;
  /** Rows projected (default 1000). */
  readonly sample?: number;
  readonly seed?: number;
  /** Weights to use instead of the model's (a training snapshot of the same architecture). */
  readonly layers?: readonly LayerSpec[];
}

export interface Representation {
  readonly layer: number;
  readonly units: number;
  /** rows × 2, row-major: each row's first two principal-component scores. */
  readonly scores: number[];
  readonly varianceRatio: number[];
  /** Per row: the target value, or class index; null when missing. */
  readonly target: (number | null)[];
  readonly rows: number[];
}

/** The 2-D PCA of hidden layer options.layer over a seeded sample of rows (see the file comment). */
export function hiddenRepresentation(response: ModelResponse, model: Pick<ModelFile, 'inputs' | 'output' | 'layers'>, dataset: Dataset, options: RepresentationOptions): Result<Representation> {
  const hiddenLayers = model.layers.length - 1;
  if (!(Number.isInteger(options.layer) && options.layer >= 0 && options.layer < hiddenLayers)) {
    return err({ kind: 'analysis/bad-layer', message: `The model has ${hiddenLayers} hidden layer${hiddenLayers === 1 ? '' : 's'}; there is no hidden layer ${options.layer + 1}.` });
  }
  const net = options.layers ? modelToNetwork({ ...model, layers: options.layers } as ModelFile) : response.net;
  const chosen = sampleIndices(usableRows(response, dataset), options.sample ?? 1000, options.seed ?? 1);
  const { x } = response.encode(copyRows(dataset, chosen));
  const units = net.layers[options.layer].units;
  const a = layerActivations(net, x, chosen.length, options.layer);
  const p = pca(a, chosen.length, units, 2);
  const scores = Array.from({ length: chosen.length * 2 }, (_, i) => (p.k === 2 ? p.scores[i] : i % 2 === 0 ? p.scores[i >> 1] : 0));
  const target = readTarget(dataset, response.output);
  const t = Array.from(chosen, (r) => {
    if (!target.ok) return null;
    const v = target.value.kind === 'number' ? target.value.values[r] : target.value.codes[r];
    return v === v && !(target.value.kind === 'class' && v < 0) ? v : null;
  });
  return ok({ layer: options.layer, units, scores, varianceRatio: Array.from(p.varianceRatio), target: t, rows: Array.from(chosen) });
}

/**
 * Frames of the same rows (oldest first) with each earlier frame's components flipped where they point against the
 * next frame's: PC c of frame i is negated when Σ_r s_i[r,c]·s_{i+1}[r,c] < 0. The last frame is unchanged.
 */
export function alignFrames(frames: readonly Representation[]): Representation[] {
  const out = [...frames];
  for (let i = out.length - 2; i >= 0; i--) {
    const a = out[i];
    const b = out[i + 1];
    if (a.rows.length !== b.rows.length) continue;
    const flip = [0, 1].map((c) => {
      let dot = 0;
      for (let r = 0; r < a.rows.length; r++) dot += a.scores[2 * r + c] * b.scores[2 * r + c];
      return dot < 0;
    });
    if (flip[0] || flip[1]) out[i] = { ...a, scores: a.scores.map((v, k) => (flip[k % 2] ? -v : v)) };
  }
  return out;
}
