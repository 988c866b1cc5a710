import { describe, expect, it } from 'vitest';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { networkOf } from '../../../src-renderer/lib/inspect/model-edit';
import { activationText, stepOrder, stepText } from '../../../src-renderer/lib/inspect/step-text';
import { s1Model } from './s1-model';

function s1Step(layer: number, unit: number, model = s1Model(), x = [2, 3], sig?: number) {
  const net = networkOf(model);
  const trace = forwardTrace(net, x);
  return stepText(trace, net.layers[layer], { layer, unit }, 'n', { sig });
}

describe('step-through text', () => {
  it('writes node_0 of S1 as the course slide does', () => {
    const t = s1Step(0, 0);
    expect(t.sum).toBe('2 × 1 + 3 × 1 = 5');
    expect(t.activation).toBe('linear(5) = 5');
  });

  it('puts negative operands in parentheses with a typographic minus', () => {
    expect(s1Step(0, 1).sum).toBe('2 × (−1) + 3 × 1 = 1');
    expect(s1Step(1, 0).sum).toBe('5 × 2 + 1 × (−1) = 9');
  });

  it('names the activation and shows f(z) from the trace', () => {
    expect(s1Step(0, 0, s1Model('relu')).activation).toBe('relu(5) = 5');
    expect(s1Step(0, 1, s1Model('relu'), [-2, -3]).activation).toBe('relu(−1) = 0');
    expect(s1Step(1, 0, s1Model('tanh')).sum).toBe(`${Math.tanh(5)} × 2 + ${Math.tanh(1)} × (−1) = 1.2382242525694254`);
  });

  it('rounds to the requested significant digits when asked', () => {
    expect(s1Step(1, 0, s1Model('tanh'), [2, 3], 4).sum).toBe('0.9999 × 2 + 0.7616 × (−1) = 1.238');
  });

  it('appends the bias only when it is non-zero', () => {
    const m = s1Model();
    const withBias = { ...m, layers: [{ ...m.layers[0], bias: [0.5, -2] }, m.layers[1]] };
    expect(s1Step(0, 0, withBias).sum).toBe('2 × 1 + 3 × 1 + 0.5 = 5.5');
    expect(s1Step(0, 1, withBias).sum).toBe('2 × (−1) + 3 × 1 + (−2) = −1');
    expect(s1Step(0, 0, withBias).words).toContain('add the bias');
    expect(s1Step(0, 0).words).not.toContain('bias');
  });

  it('summarises long sums after maxTerms terms', () => {
    const inputs = Array.from({ length: 20 }, (_, i) => ({ name: `p${i}` }));
    const model = {
      ...s1Model(),
      inputs,
      layers: [{ units: 1, activation: 'linear' as const, kernel: inputs.map(() => [1]), bias: [0] }],
    };
    const net = networkOf(model);
    const trace = forwardTrace(net, inputs.map(() => 1));
    const t = stepText(trace, net.layers[0], { layer: 0, unit: 0 }, 'y', { maxTerms: 3 });
    expect(t.sum).toBe('1 × 1 + 1 × 1 + 1 × 1 + … (17 more terms) = 20');
  });

  it('visits nodes layer by layer, node by node', () => {
    expect(stepOrder([2, 1])).toEqual([
      { layer: 0, unit: 0 },
      { layer: 0, unit: 1 },
      { layer: 1, unit: 0 },
    ]);
  });

  it('describes softmax as a whole-layer operation', () => {
    expect(activationText('softmax', 1, 0.25)).toBe('softmax: e^1 / Σ e^z = 0.25');
  });
});
