import { describe, expect, it } from 'vitest';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { summariseHidden } from '../../../src-renderer/lib/inspect/activation-stats';
import { networkOf } from '../../../src-renderer/lib/inspect/model-edit';
import { s1Model } from './s1-model';

describe('hidden-unit summaries', () => {
  it('counts zero rows of ReLU units against the traced forward pass', () => {
    const net = networkOf(s1Model('relu'));
    const rows = [[2, 3], [-2, -3], [1, -5], [0, 0]];
    const [layer] = summariseHidden(net, rows);
    for (let j = 0; j < 2; j++) {
      const a = rows.map((r) => forwardTrace(net, r).layers[0].a[j]);
      expect(layer.units[j].zeroRows).toBe(a.filter((v) => v === 0).length);
      expect(layer.units[j].max).toBe(Math.max(...a));
      expect(layer.units[j].rows).toBe(4);
    }
    expect(layer.histogram.counts.reduce((s, c) => s + c, 0)).toBe(8);
  });

  it('counts tanh activations beyond ±0.99 as saturated', () => {
    const [layer] = summariseHidden(networkOf(s1Model('tanh')), [[2, 3], [0.001, 0.001]]);
    // row 1: z = [5, 1] → tanh 5 saturated, tanh 1 not; row 2: z ≈ 0 → neither.
    expect(layer.units.map((u) => u.saturatedRows)).toEqual([1, 0]);
  });

  it('summarises only hidden layers', () => {
    expect(summariseHidden(networkOf(s1Model()), [[1, 1]])).toHaveLength(1);
  });
});
