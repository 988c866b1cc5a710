/**
 * Keras's model config (the JSON inside `.h5` files' `model_config`, `.keras`'s config.json and TF.js's
 * `modelTopology`), Keras 2 and 3 spellings, to the chain of steps `foldChain` takes. The containers differ
 * only in where the weights are: each passes a `KerasWeights` lookup giving a layer's arrays in Keras's order.
 */
import type { ActivationName } from '../../nn/model';
import { refuse, where, type Step, type StepOrigin } from '../chain';

export interface KerasArray {
  /** The name the file gives it (`dense/kernel:0`, `vars/0`), for messages and for telling gamma from beta. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float64Array;
  readonly dtype: 'float32' | 'float64';
}

/** A layer's weight arrays in the order Keras keeps them (kernel, bias / gamma, beta, moving mean, variance). */
export type KerasWeights = (layerName: string, origin: StepOrigin) => KerasArray[];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface KerasLayer {
  readonly className: string;
  readonly name: string;
  readonly config: JsonObject;
  readonly inbound?: Json;
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The file's model config → class name and the list of layers (Sequential or a Functional single chain). */
export function kerasLayers(root: unknown): { className: string; layers: KerasLayer[] } {
  let top = root as Json;
  if (isObject(top) && isObject(top.model_config)) top = top.model_config; // TF.js converters may wrap it
  if (!isObject(top) || typeof top.class_name !== 'string') refuse('the model config is not a Keras model (no class_name)');
  const className = top.class_name;
  const config = top.config;
  const list = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : undefined;
  if (!list) refuse(`the model config's ${className} has no list of layers; only Sequential and single-chain Functional models can be opened`);
  const layers = list.map((entry, k): KerasLayer => {
    if (!isObject(entry) || typeof entry.class_name !== 'string') refuse(`layer ${k + 1} of the model config is not a Keras layer`);
    const cfg = isObject(entry.config) ? entry.config : {};
    const name = typeof cfg.name === 'string' ? cfg.name : typeof entry.name === 'string' ? entry.name : `layer_${k + 1}`;
    return { className: entry.class_name, name, config: cfg, ...(entry.inbound_nodes !== undefined ? { inbound: entry.inbound_nodes } : {}) };
  });
  if (className !== 'Sequential') checkSingleChain(layers, config as JsonObject);
  return { className, layers };
}

/** Every layer name a Keras 2 or 3 inbound-node structure refers to (Keras 2: [name, node, tensor, {}]; Keras 3: keras_history). */
function inboundNames(v: Json | undefined, out: string[]): string[] {
  if (Array.isArray(v)) {
    if (v.length >= 3 && typeof v[0] === 'string' && typeof v[1] === 'number') out.push(v[0]);
    else v.forEach((x) => inboundNames(x, out));
  } else if (isObject(v)) {
    if (Array.isArray(v.keras_history) && typeof v.keras_history[0] === 'string') out.push(v.keras_history[0]);
    else Object.values(v).forEach((x) => inboundNames(x, out));
  }
  return out;
}

/** A Functional model is accepted when each layer takes exactly the one before it: no branches, no merges. */
function checkSingleChain(layers: readonly KerasLayer[], config: JsonObject): void {
  const ends = (v: Json | undefined) => inboundNames(v, []).length;
  if (ends(config.input_layers) > 1 || ends(config.output_layers) > 1) refuse('the model has several inputs or outputs: only a single chain of layers can be opened');
  layers.forEach((layer, k) => {
    const origin: StepOrigin = { noun: 'layer', position: k + 1, name: layer.name, type: layer.className };
    const from = [...new Set(inboundNames(layer.inbound, []))];
    if (k === 0 || layer.className === 'InputLayer') {
      if (from.length > 0 && k === 0) refuse(`${where(origin)} takes input from ${from.join(', ')}: the layers are not a single chain`);
      return;
    }
    if (from.length !== 1 || from[0] !== layers[k - 1].name) {
      refuse(`${where(origin)} is ${layer.className} taking ${from.length === 0 ? 'no input' : from.join(' and ')}: only a single chain of layers can be opened (no branches or merges)`);
    }
  });
}

const KERAS_ACTIVATIONS: Record<string, ActivationName> = { linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', softplus: 'softplus', elu: 'elu', leaky_relu: 'leaky_relu' };

/** A Keras activation (a string, or Keras 3's serialized function object) → the engine's, with its alpha. */
function activation(v: Json | undefined, origin: StepOrigin): { activation: ActivationName; alpha?: number } {
  const name = typeof v === 'string' ? v : isObject(v) ? (typeof v.config === 'string' ? v.config : String(v.class_name)) : v === undefined || v === null ? 'linear' : String(v);
  const act = KERAS_ACTIVATIONS[name];
  if (!act) refuse(`${where(origin)} is ${origin.type} with the activation ${name}, which Dense Lab's engine does not have (it has ${Object.keys(KERAS_ACTIVATIONS).join(', ')})`);
  // keras.activations.elu defaults alpha 1; keras.activations.leaky_relu negative_slope 0.2
  if (act === 'elu') return { activation: act, alpha: 1 };
  if (act === 'leaky_relu') return { activation: act, alpha: 0.2 };
  return { activation: act };
}

function num(v: Json | undefined, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

const REFUSED: [RegExp, string][] = [
  [/Conv|Pooling|UpSampling|ZeroPadding|Cropping/, 'only dense chains can be opened (convolutions and pooling are not dense layers)'],
  [/LSTM|GRU|RNN|Recurrent|Bidirectional|TimeDistributed/, 'only dense chains can be opened (recurrent layers are not dense layers)'],
  [/Embedding/, 'only dense chains can be opened (embeddings are not dense layers)'],
  [/^(Add|Concatenate|Multiply|Subtract|Average|Maximum|Minimum|Dot)$/, 'only a single chain of layers can be opened (it merges branches)'],
  [/^(Sequential|Functional|Model)$/, 'a nested model cannot be opened; save the inner model on its own'],
];

function refusal(className: string): string {
  for (const [pattern, why] of REFUSED) if (pattern.test(className)) return why;
  return 'only dense chains can be opened (this layer type is not one Dense Lab reads)';
}

/** The layer's array named like `hint` (kernel, gamma …), else the one at `index` in Keras's order. */
function pick(arrays: readonly KerasArray[], hint: string, index: number): KerasArray | undefined {
  return arrays.find((a) => new RegExp(`(^|/)${hint}(:\\d+)?$`).test(a.name)) ?? arrays[index];
}

function dense(layer: KerasLayer, origin: StepOrigin, weights: KerasWeights): Step {
  const arrays = weights(layer.name, origin);
  const useBias = layer.config.use_bias !== false;
  const kernel = pick(arrays, 'kernel', 0);
  if (!kernel || kernel.shape.length !== 2) refuse(`${where(origin)} is Dense but its kernel is ${kernel ? `of shape [${kernel.shape.join(', ')}]` : 'missing from the weights'}`);
  const [inputs, units] = kernel.shape;
  const declared = num(layer.config.units, units);
  if (declared !== units) refuse(`${where(origin)} is Dense with ${declared} units, but its kernel has ${units} columns`);
  let bias: Float64Array = new Float64Array(units);
  if (useBias) {
    const b = pick(arrays, 'bias', 1);
    if (!b || b.values.length !== units) refuse(`${where(origin)} is Dense but its bias is ${b ? `of length ${b.values.length}, not ${units}` : 'missing from the weights'}`);
    bias = b.values;
  }
  return { ...origin, kind: 'dense', inputs, units, kernel: kernel.values, bias: bias as Float64Array, ...activation(layer.config.activation, origin) };
}

function batchNormalization(layer: KerasLayer, origin: StepOrigin, weights: KerasWeights): Step {
  const arrays = weights(layer.name, origin);
  const c = layer.config;
  const axis = Array.isArray(c.axis) ? c.axis : [c.axis ?? -1];
  if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 1)) refuse(`${where(origin)} is BatchNormalization over axis ${JSON.stringify(c.axis)}: only the feature axis of flat rows can be folded`);
  const scaled = c.scale !== false;
  const centered = c.center !== false;
  let k = 0;
  const gamma = scaled ? pick(arrays, 'gamma', k++) : undefined;
  const beta = centered ? pick(arrays, 'beta', k++) : undefined;
  const mean = pick(arrays, 'moving_mean', k++);
  const variance = pick(arrays, 'moving_variance', k++);
  if (!mean || !variance) refuse(`${where(origin)} is BatchNormalization without its moving mean and variance in the weights`);
  const n = mean.values.length;
  if (variance.values.length !== n || (gamma && gamma.values.length !== n) || (beta && beta.values.length !== n)) refuse(`${where(origin)} is BatchNormalization with weights of different lengths`);
  const eps = num(c.epsilon, 1e-3);
  // y = γ·(x − μ)/√(σ² + ε) + β = s·x + t with s = γ/√(σ² + ε), t = β − s·μ
  const scale = new Float64Array(n);
  const shift = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    scale[j] = (gamma ? gamma.values[j] : 1) / Math.sqrt(variance.values[j] + eps);
    shift[j] = (beta ? beta.values[j] : 0) - scale[j] * mean.values[j];
  }
  return { ...origin, kind: 'affine', scale, shift };
}

function normalization(layer: KerasLayer, origin: StepOrigin, weights: KerasWeights): Step {
  const arrays = weights(layer.name, origin);
  const mean = pick(arrays, 'mean', 0);
  const variance = pick(arrays, 'variance', 1);
  if (!mean || !variance || mean.values.length !== variance.values.length) refuse(`${where(origin)} is Normalization without a mean and variance of one length in the weights`);
  if (layer.config.invert === true) {
    // y = mean + x·√variance: a regression output's unscaling (as Dense Lab's own .keras export writes it)
    if (mean.values.length !== 1) refuse(`${where(origin)} is an inverted Normalization of ${mean.values.length} features; only one output can be unscaled`);
    return { ...origin, kind: 'unscale', mean: mean.values[0], std: Math.sqrt(variance.values[0]) };
  }
  // Keras divides by max(√variance, 1e-7)
  return { ...origin, kind: 'normalize', mean: mean.values, std: variance.values.map((v) => Math.max(Math.sqrt(v), 1e-7)) };
}

/** One Keras layer → one step (or a refusal naming it). */
function step(layer: KerasLayer, position: number, weights: KerasWeights): Step {
  const origin: StepOrigin = { noun: 'layer', position, name: layer.name, type: layer.className };
  const c = layer.config;
  switch (layer.className) {
    case 'InputLayer':
    case 'Dropout':
    case 'AlphaDropout':
    case 'GaussianDropout':
    case 'GaussianNoise':
    case 'Flatten':
      return { ...origin, kind: 'identity' };
    case 'Dense':
      return dense(layer, origin, weights);
    case 'Activation':
      return { ...origin, kind: 'activation', ...activation(c.activation, origin) };
    case 'ReLU': {
      if ((c.max_value !== null && c.max_value !== undefined) || num(c.threshold, 0) !== 0) refuse(`${where(origin)} is ReLU with a max_value or threshold, which Dense Lab's engine does not have`);
      const slope = num(c.negative_slope, 0);
      return { ...origin, kind: 'activation', ...(slope === 0 ? { activation: 'relu' } : { activation: 'leaky_relu', alpha: slope }) };
    }
    case 'LeakyReLU':
      return { ...origin, kind: 'activation', activation: 'leaky_relu', alpha: num(c.negative_slope, num(c.alpha, 0.3)) };
    case 'ELU':
      return { ...origin, kind: 'activation', activation: 'elu', alpha: num(c.alpha, 1) };
    case 'Softmax':
      return { ...origin, kind: 'activation', activation: 'softmax' };
    case 'BatchNormalization':
      return batchNormalization(layer, origin, weights);
    case 'Normalization':
      return normalization(layer, origin, weights);
    default:
      return refuse(`${where(origin)} is ${layer.className}: ${refusal(layer.className)}`);
  }
}

/** A Keras layer list → steps; layer positions are 1-based in the file's list. */
export function kerasSteps(layers: readonly KerasLayer[], weights: KerasWeights): Step[] {
  const steps = layers.map((layer, k) => step(layer, k + 1, weights));
  const shape = inputShape(layers[0]);
  const firstDense = steps.findIndex((s) => s.kind === 'dense');
  if (shape && shape.length > 2 && !steps.slice(0, firstDense).some((s) => s.type === 'Flatten')) {
    refuse(`the model's input has shape [${shape.map((d) => d ?? 'None').join(', ')}] and no Flatten before its first Dense: only flat rows can be opened`);
  }
  return steps;
}

function inputShape(layer: KerasLayer | undefined): (number | null)[] | undefined {
  const c = layer?.config;
  const shape = c?.batch_shape ?? c?.batch_input_shape;
  return Array.isArray(shape) ? (shape as (number | null)[]) : undefined;
}

/** One line per layer for the import report: `dense (Dense, 64 units, relu)`. */
export function describeKerasLayers(layers: readonly KerasLayer[]): string[] {
  return layers.map((l) => {
    const act = typeof l.config.activation === 'string' ? `, ${l.config.activation}` : '';
    const units = typeof l.config.units === 'number' ? `, ${l.config.units} units` : '';
    return `${l.name} (${l.className}${units}${act})`;
  });
}
