import { describe, expect, it } from 'vitest';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { networkOf } from '../../../src-renderer/lib/inspect/model-edit';
import { groupOf, hiddenActivations, quantileCuts } from '../../../src-renderer/lib/inspect/representation';
import { s1Model } from './s1-model';

describe('rows in the space of hidden units', () => {
  it('gives the same hidden activations as the traced forward pass, bit for bit', () => {
    const net = networkOf(s1Model('tanh'));
    const rows = [[2, 3], [-1, 0.5], [0.1, -7]];
    const h = hiddenActivations(net, rows, 0);
    rows.forEach((r, k) => {
      const a = forwardTrace(net, r).layers[0].a;
      expect([h[2 * k], h[2 * k + 1]]).toEqual(a);
    });
  });

  it('refuses a layer the network does not have', () => {
    expect(() => hiddenActivations(networkOf(s1Model()), [[1, 2]], 2)).toThrow(RangeError);
  });

  it('splits a target into quantile groups for colouring', () => {
    const cuts = quantileCuts([4, 1, 3, 2, NaN], 2);
    expect(cuts).toEqual([3]);
    expect([1, 2, 3, 4].map((v) => groupOf(v, cuts))).toEqual([0, 0, 1, 1]);
    expect(quantileCuts([], 4)).toEqual([]);
  });
});
