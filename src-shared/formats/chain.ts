/**
 * From a foreign file's chain of layers (or ops) to a Dense Lab model: every format decodes its file into
 * `Step`s, and `buildModel` folds them into dense layers exactly as the issue says — activation layers into
 * the Dense before them, BatchNormalization / Normalization (per-feature affine maps y = s·x + t) into the
 * neighbouring Dense, Dropout / Flatten / Identity dropped (the engine has no Dropout layer: at inference it is
 * the identity) — and refuses anything else with one sentence naming the layer, its position and why.
 * All arithmetic is float64 on the file's numbers (float32 weights are their exact float64 values).
 */
import { checkModel } from '../model-file/read';
import { MODEL_FORMAT, MODEL_VERSION, type InputSpec, type LayerSpec, type ModelFile, type OutputSpec } from '../model-file/types';
import type { ActivationName } from '../nn/model';
import { AppFailure } from '../result';
import type { FormatId, ImportedModel } from './format';

/** Where a step came from, for messages: `layer 3 "dense_1"` (1-based position in the file's list). */
export interface StepOrigin {
  readonly noun: 'layer' | 'node';
  readonly position: number;
  readonly name: string;
  /** The file's class or op name: Dense, BatchNormalization, Gemm … */
  readonly type: string;
}

export type Step = StepOrigin &
  (
    | { readonly kind: 'dense'; readonly inputs: number; readonly units: number; readonly kernel: Float64Array; readonly bias: Float64Array; readonly activation: ActivationName; readonly alpha?: number }
    | { readonly kind: 'activation'; readonly activation: ActivationName; readonly alpha?: number }
    /** y = scale ⊙ x + shift per feature (BatchNormalization in inference form, a mid-chain Normalization). */
    | { readonly kind: 'affine'; readonly scale: Float64Array; readonly shift: Float64Array }
    /** x' = (x − mean) / std: the model's input scaling when it comes first, else an affine map. */
    | { readonly kind: 'normalize'; readonly mean: Float64Array; readonly std: Float64Array }
    /** y = y'·std + mean after the last layer: a regression output's unscaling. */
    | { readonly kind: 'unscale'; readonly mean: number; readonly std: number }
    | { readonly kind: 'identity' }
  );

/** `layer 3 "dense_1"` — how every message names a step. */
export function where(o: StepOrigin): string {
  return `${o.noun} ${o.position} ${JSON.stringify(o.name)}`;
}

/** Refuse the import with one sentence (kind `model/import`). */
export function refuse(message: string): never {
  throw new AppFailure({ kind: 'model/import', message });
}

/** Names and labels the file may carry for its inputs and output (our own exports do); else x1…xn. */
export interface ChainMetadata {
  readonly inputs?: readonly InputSpec[];
  readonly output?: OutputSpec;
}

interface Building {
  inputs: number;
  units: number;
  kernel: Float64Array;
  bias: Float64Array;
  activation: ActivationName;
  alpha?: number;
  /** The Dense's activation came from the file's Dense itself or a folded activation layer. */
  activated: boolean;
  origin: StepOrigin;
}

/** kernel columns j ← s_j·kernel[:, j], bias_j ← s_j·bias_j + t_j (an affine map after a linear Dense). */
function foldAfter(layer: Building, scale: Float64Array, shift: Float64Array): void {
  for (let i = 0; i < layer.inputs; i++) for (let j = 0; j < layer.units; j++) layer.kernel[i * layer.units + j] *= scale[j];
  for (let j = 0; j < layer.units; j++) layer.bias[j] = layer.bias[j] * scale[j] + shift[j];
}

/** Inputs x ← s ⊙ x + t before a Dense: kernel rows i ← s_i·kernel[i, :], bias_j ← bias_j + Σ_i t_i·kernel[i, j]. */
function foldBefore(layer: Building, scale: Float64Array, shift: Float64Array): void {
  for (let j = 0; j < layer.units; j++) {
    let extra = 0;
    for (let i = 0; i < layer.inputs; i++) extra += shift[i] * layer.kernel[i * layer.units + j];
    layer.bias[j] += extra;
  }
  for (let i = 0; i < layer.inputs; i++) for (let j = 0; j < layer.units; j++) layer.kernel[i * layer.units + j] *= scale[i];
}

const affineOf = (mean: Float64Array, std: Float64Array) => ({ scale: std.map((s) => 1 / s), shift: mean.map((m, k) => -m / std[k]) });

/** The output spec a model's last layer implies: 1 sigmoid → binary, softmax → classes, else regression. */
function impliedOutput(last: LayerSpec): OutputSpec {
  if (last.activation === 'sigmoid' && last.units === 1) return { name: 'y', task: 'binary', classes: ['0', '1'] };
  if (last.activation === 'softmax') {
    const classes = Array.from({ length: last.units }, (_, k) => String(k));
    return { name: 'y', task: last.units === 2 ? 'binary' : 'multiclass', classes };
  }
  return { name: 'y', task: 'regression' };
}

function toSpec(b: Building): LayerSpec {
  const kernel: number[][] = [];
  for (let i = 0; i < b.inputs; i++) kernel.push(Array.from(b.kernel.subarray(i * b.units, (i + 1) * b.units)));
  const alpha = b.activation === 'leaky_relu' || b.activation === 'elu' ? { alpha: b.alpha ?? (b.activation === 'elu' ? 1 : 0.3) } : {};
  return { units: b.units, activation: b.activation, ...alpha, kernel, bias: Array.from(b.bias) };
}

/**
 * The inputs with the file's input scaling: numeric input k gets (mean_k, std_k) unless that is the identity
 * (0, 1) and it had none; a one-hot input's positions must be unscaled.
 */
function withInputScale(inputs: readonly InputSpec[], scale: { mean: Float64Array; std: Float64Array }): InputSpec[] {
  let at = 0;
  return inputs.map((spec) => {
    if (spec.categories) {
      for (let c = 0; c < spec.categories.length; c++, at++) {
        if (scale.mean[at] !== 0 || scale.std[at] !== 1) refuse(`the file scales the one-hot input ${JSON.stringify(spec.name)}, which Dense Lab does not do`);
      }
      return spec;
    }
    const mean = scale.mean[at];
    const std = scale.std[at++];
    if (!(std > 0)) refuse(`the file's input scaling divides ${JSON.stringify(spec.name)} by ${std}; it must be a positive number`);
    return mean === 0 && std === 1 && !spec.scale ? spec : { ...spec, scale: { mean, std } };
  });
}

export interface ChainResult {
  readonly layers: LayerSpec[];
  readonly inputScale?: { mean: Float64Array; std: Float64Array };
  readonly outputScale?: { mean: number; std: number };
  readonly folded: string[];
}

/** Fold a chain of steps into dense layers (throws AppFailure `model/import` naming the step it cannot take). */
export function foldChain(steps: readonly Step[]): ChainResult {
  const built: Building[] = [];
  const folded: string[] = [];
  let inputScale: ChainResult['inputScale'];
  let outputScale: ChainResult['outputScale'];
  let pending: { scale: Float64Array; shift: Float64Array; origin: StepOrigin } | undefined;
  const last = () => built[built.length - 1];
  for (const step of steps) {
    if (outputScale && step.kind !== 'identity') refuse(`${where(step)} is ${step.type} after the output's unscaling: only dense chains can be opened`);
    switch (step.kind) {
      case 'identity':
        if (step.type !== 'InputLayer') folded.push(`${where(step)} (${step.type}) dropped: it is the identity at inference`);
        break;
      case 'dense': {
        const width = built.length > 0 ? last().units : pending ? pending.scale.length : step.inputs;
        if (step.inputs !== width) refuse(`${where(step)} is ${step.type} with ${step.inputs} inputs, but the layer before it gives ${width}`);
        const b: Building = { inputs: step.inputs, units: step.units, kernel: Float64Array.from(step.kernel), bias: Float64Array.from(step.bias), activation: step.activation, activated: step.activation !== 'linear', origin: step };
        if (step.alpha !== undefined) b.alpha = step.alpha;
        if (pending) {
          if (pending.scale.length !== step.inputs) refuse(`${where(pending.origin)} (${pending.origin.type}) has ${pending.scale.length} features, but ${where(step)} takes ${step.inputs}`);
          foldBefore(b, pending.scale, pending.shift);
          folded.push(`${where(pending.origin)} (${pending.origin.type}) folded into ${where(step)}`);
          pending = undefined;
        }
        if (built.length > 0 && last().activation === 'softmax') refuse(`${where(last().origin)} has a softmax activation but is not the last layer; softmax is allowed only on the last layer`);
        built.push(b);
        break;
      }
      case 'activation': {
        const b = last();
        if (!b) refuse(`${where(step)} is ${step.type} before any Dense layer: only activations that follow a Dense can be folded`);
        if (pending) refuse(`${where(step)} is ${step.type} after ${where(pending.origin)} (${pending.origin.type}), which follows an activation: it cannot be folded into a Dense`);
        if (step.activation === 'linear') {
          folded.push(`${where(step)} (${step.type}, linear) dropped: it is the identity`);
          break;
        }
        if (b.activated) refuse(`${where(step)} is ${step.type} (${step.activation}) after ${where(b.origin)}, which already has the activation ${b.activation}: two activations in a row cannot be one dense layer`);
        b.activation = step.activation;
        if (step.alpha !== undefined) b.alpha = step.alpha;
        else delete b.alpha;
        b.activated = true;
        folded.push(`${where(step)} (${step.type}, ${step.activation}) folded into ${where(b.origin)}`);
        break;
      }
      case 'normalize':
      case 'affine': {
        if (step.kind === 'normalize' && built.length === 0 && !pending && !inputScale) {
          inputScale = { mean: step.mean, std: step.std };
          folded.push(`${where(step)} (${step.type}) became the inputs' scaling`);
          break;
        }
        const { scale, shift } = step.kind === 'normalize' ? affineOf(step.mean, step.std) : step;
        const b = last();
        if (b && !b.activated && !pending) {
          if (scale.length !== b.units) refuse(`${where(step)} (${step.type}) has ${scale.length} features, but ${where(b.origin)} gives ${b.units}`);
          foldAfter(b, scale, shift);
          folded.push(`${where(step)} (${step.type}) folded into ${where(b.origin)}`);
        } else if (pending) {
          if (scale.length !== pending.scale.length) refuse(`${where(step)} (${step.type}) has ${scale.length} features, but the layer before it gives ${pending.scale.length}`);
          // s2·(s1·x + t1) + t2
          pending = { scale: pending.scale.map((s, k) => s * scale[k]), shift: pending.shift.map((t, k) => t * scale[k] + shift[k]), origin: pending.origin };
        } else pending = { scale, shift, origin: step };
        break;
      }
      case 'unscale': {
        const b = last();
        if (!b || b.units !== 1 || pending) refuse(`${where(step)} is ${step.type} that does not follow a one-unit output layer: only dense chains can be opened`);
        outputScale = { mean: step.mean, std: step.std };
        folded.push(`${where(step)} (${step.type}) became the output's unscaling`);
        break;
      }
    }
  }
  if (pending) refuse(`${where(pending.origin)} is ${pending.origin.type} after the last Dense's activation: it cannot be folded into a Dense`);
  if (built.length === 0) refuse('the file has no Dense layer: only dense chains can be opened');
  return { layers: built.map(toSpec), ...(inputScale ? { inputScale } : {}), ...(outputScale ? { outputScale } : {}), folded };
}

/**
 * The model file for a folded chain: inputs x1…xn (or the file's own names, when it carries ours), the output
 * implied by the last layer, and `precision` the file's. Validated by the model file's own reader, so an
 * import is whole or refused.
 */
export function buildModel(chain: ChainResult, meta: ChainMetadata, source: { format: FormatId; formatLabel: string; producer: string; layers: string[]; precision: 'float32' | 'float64'; fileName: string }): ImportedModel {
  const width = chain.layers[0].kernel.length;
  const last = chain.layers[chain.layers.length - 1];
  let inputs: InputSpec[] = Array.from({ length: width }, (_, k) => ({ name: `x${k + 1}` }));
  if (meta.inputs && meta.inputs.reduce((t, s) => t + (s.categories ? s.categories.length : 1), 0) === width) inputs = meta.inputs.map((s) => ({ ...s }));
  if (chain.inputScale) inputs = withInputScale(inputs, chain.inputScale);
  let output = impliedOutput(last);
  if (meta.output && meta.output.task === output.task && (meta.output.classes?.length ?? 0) === (output.classes?.length ?? 0)) output = { ...meta.output };
  if (chain.outputScale) output = { ...output, scale: chain.outputScale };
  if (output.task === 'regression' && last.units !== 1) {
    refuse(`the last layer has ${last.units} ${last.activation} units; a Dense Lab model has one output (regression), one sigmoid unit (binary) or one softmax unit per class`);
  }
  const training = { imported: { from: source.fileName, format: source.formatLabel, producer: source.producer, folded: chain.folded } };
  const model: ModelFile = { format: MODEL_FORMAT, version: MODEL_VERSION, precision: source.precision, inputs, output, layers: chain.layers, training };
  const checked = checkModel(model);
  if (!checked.ok) refuse(`the imported model is not valid: ${checked.error.message}`);
  return {
    model: checked.value,
    report: { format: source.format, formatLabel: source.formatLabel, producer: source.producer, layers: source.layers, folded: chain.folded, precision: source.precision },
  };
}
