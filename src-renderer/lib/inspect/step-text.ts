/**
 * The step-through's words and numbers for one node, written like the course's forward-propagation
 * slides: "2 × 1 + 3 × 1 = 5" then "relu(5) = 5". Built from a ForwardTrace (the engine's own numbers),
 * never recomputed here: the products and z are read from the trace.
 */
import type { ForwardTrace } from '../../../src-shared/nn/forward';
import type { ActivationName } from '../../../src-shared/nn/model';
import { formatOperand, formatValue } from './format';

/** One node of the forward pass, in the order the step-through visits them. */
export interface StepPosition {
  /** Index into net.layers (0 = first hidden layer, or the output layer of a network with no hidden layer). */
  readonly layer: number;
  readonly unit: number;
}

/** What the step-through shows at one node. */
export interface StepText {
  readonly title: string;
  readonly words: string;
  /** The multiply–add: "2 × 1 + 3 × 1 = 5" (bias appended as "+ b" only when non-zero). */
  readonly sum: string;
  /** The activation: "relu(5) = 5"; linear layers read "linear(5) = 5". */
  readonly activation: string;
}

export interface StepTextOptions {
  /** Significant digits for the numbers; undefined = exact (shortest round-trip). */
  readonly sig?: number;
  /** At most this many terms are written out; the rest are summarised as "+ … (n more terms)". */
  readonly maxTerms?: number;
}

/** Every node in forward order: layer by layer, node by node. */
export function stepOrder(units: readonly number[]): StepPosition[] {
  const out: StepPosition[] = [];
  units.forEach((n, layer) => {
    for (let unit = 0; unit < n; unit++) out.push({ layer, unit });
  });
  return out;
}

/** The node's inputs × weights sum, from the trace: x_i·w_ij terms in input order, then "+ b" if b ≠ 0. */
export function sumText(
  trace: ForwardTrace,
  weights: (i: number) => number,
  bias: number,
  pos: StepPosition,
  opts: StepTextOptions = {},
): string {
  const x = pos.layer === 0 ? trace.input : trace.layers[pos.layer - 1].a;
  const z = trace.layers[pos.layer].z[pos.unit];
  const maxTerms = opts.maxTerms ?? 12;
  const shown = Math.min(x.length, maxTerms);
  const terms: string[] = [];
  for (let i = 0; i < shown; i++) terms.push(`${formatOperand(x[i], opts.sig)} × ${formatOperand(weights(i), opts.sig)}`);
  if (x.length > shown) terms.push(`… (${x.length - shown} more terms)`);
  if (bias !== 0) terms.push(formatOperand(bias, opts.sig));
  const lhs = terms.length === 0 ? '0' : terms.join(' + ');
  return `${lhs} = ${formatValue(z, opts.sig)}`;
}

/** "relu(5) = 5", "tanh(5) = 0.9999"; softmax is over the whole layer, so it names the layer's sum. */
export function activationText(name: ActivationName, z: number, a: number, opts: StepTextOptions = {}): string {
  if (name === 'softmax') return `softmax: e^${formatOperand(z, opts.sig)} / Σ e^z = ${formatValue(a, opts.sig)}`;
  return `${name}(${formatValue(z, opts.sig)}) = ${formatValue(a, opts.sig)}`;
}

/** Everything the step-through shows at `pos`: a title, the rule in words, the sum and the activation. */
export function stepText(
  trace: ForwardTrace,
  layer: { readonly inputs: number; readonly units: number; readonly kernel: ArrayLike<number>; readonly bias: ArrayLike<number>; readonly activation: ActivationName },
  pos: StepPosition,
  nodeName: string,
  opts: StepTextOptions = {},
): StepText {
  const { units, kernel } = layer;
  const b = layer.bias[pos.unit];
  const z = trace.layers[pos.layer].z[pos.unit];
  const a = trace.layers[pos.layer].a[pos.unit];
  const isOutput = pos.layer === trace.layers.length - 1;
  const where = isOutput ? 'output' : `hidden layer ${pos.layer + 1}`;
  const biasWords = b !== 0 ? ', add the bias' : '';
  return {
    title: `${nodeName} (${where})`,
    words: `Multiply each value coming in by its weight and add them up${biasWords}: z = ${formatValue(z, opts.sig)}. Then apply ${layer.activation}: a = ${formatValue(a, opts.sig)}.`,
    sum: sumText(trace, (i) => kernel[i * units + pos.unit], b, pos, opts),
    activation: activationText(layer.activation, z, a, opts),
  };
}
