/**
 * What the diagram's tooltip says about an edge or a node: names, and every number exact (shortest
 * round-trip), read from the engine's trace and the network's own arrays.
 */
import type { ForwardTrace } from '../../../src-shared/nn/forward';
import type { Network } from '../../../src-shared/nn/model';
import { formatExact } from './format';

/** Edge from node i of column l to node j of column l + 1 (column 0 = inputs). */
export function edgeTooltip(names: readonly (readonly string[])[], net: Network, trace: ForwardTrace | null, l: number, i: number, j: number): string[] {
  const layer = net.layers[l];
  const w = layer.kernel[i * layer.units + j];
  const lines = [`${names[l][i]} → ${names[l + 1][j]}`, `weight w = ${formatExact(w)}`];
  const p = trace?.layers[l].products[i][j];
  if (p !== undefined) lines.push(`${names[l][i]} × w = ${formatExact(p)}`);
  return [...lines, 'Click to edit'];
}

/** Node k of column c: an input's value, or a unit's z, a and bias. */
export function nodeTooltip(names: readonly (readonly string[])[], net: Network, trace: ForwardTrace | null, c: number, k: number): string[] {
  if (c === 0) return [names[0][k], `x = ${trace ? formatExact(trace.input[k]) : '—'}`, 'Click to type a value'];
  const layer = net.layers[c - 1];
  const t = trace?.layers[c - 1];
  return [
    names[c][k],
    `z = ${t ? formatExact(t.z[k]) : '—'}`,
    `a = ${layer.activation}(z) = ${t ? formatExact(t.a[k]) : '—'}`,
    `bias b = ${formatExact(layer.bias[k])}`,
    'Click to edit the bias',
  ];
}
