/**
 * How a network re-represents the rows: a hidden layer's activations for a seeded sample of usable rows, projected
 * onto their first two principal components (pca.ts, deterministic signs), with each row's target for colour.
 * Run with the weights of an earlier epoch (`layers`), the same rows show how the representation formed.
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
