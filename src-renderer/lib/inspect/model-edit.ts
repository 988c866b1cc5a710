/**
 * In-place edits of a model from the diagram: a weight, a bias, an input value or a layer's activation.
 * Edits make a new ModelFile (the app replaces its model; nothing is mutated) and are validated first.
 */
import type { ActivationName, Network } from '../../../src-shared/nn/model';
import { ACTIVATIONS } from '../../../src-shared/nn/model';
import type { LayerSpec, ModelFile } from '../../../src-shared/model-file/types';

export type ModelEdit =
  | { readonly kind: 'weight'; readonly layer: number; readonly from: number; readonly to: number; readonly value: number }
  | { readonly kind: 'bias'; readonly layer: number; readonly unit: number; readonly value: number }
  | { readonly kind: 'activation'; readonly layer: number; readonly activation: ActivationName };

export type Parsed = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/**
 * A number typed by a person: decimal or exponent form, "−" accepted for "-", surrounding spaces ignored.
 * Refuses empty text, NaN, Infinity and anything Number() would half-accept ("0x10", "1_000", "").
 */
export function parseNumberInput(text: string): Parsed {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return { ok: false, message: 'Type a number, e.g. 0.5 or -2' };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { ok: false, message: `"${text.trim()}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `"${text.trim()}" is too large (the limit is about 1.8e308)` };
  return { ok: true, value };
}

/** The model with one edit applied; throws RangeError for an edit that points outside the model (a caller bug). */
export function applyEdit(model: ModelFile, edit: ModelEdit): ModelFile {
  const layer = model.layers[edit.layer];
  if (!layer) throw new RangeError(`applyEdit: no layer ${edit.layer}`);
  let next: LayerSpec;
  if (edit.kind === 'weight') {
    if (!layer.kernel[edit.from] || edit.to < 0 || edit.to >= layer.units) throw new RangeError(`applyEdit: no weight [${edit.from}][${edit.to}] in layer ${edit.layer}`);
    const kernel = layer.kernel.map((row, i) => (i === edit.from ? row.map((w, j) => (j === edit.to ? edit.value : w)) : row));
    next = { ...layer, kernel };
  } else if (edit.kind === 'bias') {
    if (edit.unit < 0 || edit.unit >= layer.units) throw new RangeError(`applyEdit: no bias ${edit.unit} in layer ${edit.layer}`);
    next = { ...layer, bias: layer.bias.map((b, j) => (j === edit.unit ? edit.value : b)) };
  } else {
    if (!ACTIVATIONS.includes(edit.activation)) throw new RangeError(`applyEdit: unknown activation ${edit.activation}`);
    next = { ...layer, activation: edit.activation };
  }
  return { ...model, layers: model.layers.map((l, k) => (k === edit.layer ? next : l)) };
}

/**
 * The engine's Network for a model file: kernel[i][j] flattened row-major (i·units + j).
 * Stands in for src-shared/model-file/read.ts#modelToNetwork until that exists; same layout.
 */
export function networkOf(model: ModelFile): Network {
  let inputs = 0;
  for (const spec of model.inputs) inputs += spec.categories ? spec.categories.length : 1;
  const inputSize = inputs;
  const layers = model.layers.map((spec) => {
    const units = spec.units;
    const n = inputs;
    const kernel = new Float64Array(n * units);
    for (let i = 0; i < n; i++) for (let j = 0; j < units; j++) kernel[i * units + j] = spec.kernel[i]?.[j] ?? NaN;
    inputs = units;
    return { inputs: n, units, activation: spec.activation, alpha: spec.alpha, kernel, bias: Float64Array.from(spec.bias), ...(spec.dropout !== undefined ? { dropout: spec.dropout } : {}) };
  });
  return { inputSize, layers };
}

/** The same network and weights with other activations on its hidden layers (all but the last layer). */
export function withHiddenActivations(model: ModelFile, activations: readonly ActivationName[]): ModelFile {
  const hidden = model.layers.length - 1;
  if (activations.length !== hidden) throw new RangeError(`withHiddenActivations: ${hidden} hidden layers, ${activations.length} activations given`);
  let m = model;
  activations.forEach((activation, layer) => (m = applyEdit(m, { kind: 'activation', layer, activation })));
  return m;
}
