import { describe, expect, it } from 'vitest';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import { contributionEdges, unitContributions } from '../../../src-renderer/lib/inspect/unit-contributions';
import { s1Model } from './s1-model';

describe('a unit’s contributions for the shown row', () => {
  const net = modelToNetwork(s1Model());
  const trace = forwardTrace(net, [2, 3]);

  it('S1 output: 5 × 2 = 10 before 1 × (−1) = −1, bias 0, z 9, and the top 1 carries 10/11 of Σ|x·w|', () => {
    const all = unitContributions(net, trace, 1, 0, 10);
    expect(all?.top.map((c) => [c.from, c.x, c.w, c.product])).toEqual([[0, 5, 2, 10], [1, 1, -1, -1]]);
    expect(all).toMatchObject({ bias: 0, z: 9, a: 9, topSum: 9, topShare: 1, total: 2 });
    const one = unitContributions(net, trace, 1, 0, 1);
    expect(one?.top).toHaveLength(1);
    expect(one?.topShare).toBeCloseTo(10 / 11, 15);
  });

  it('ranks by |x·w|, not |w|: node_1 gets 3 × 1 = 3 ahead of 2 × (−1) = −2', () => {
    expect(unitContributions(net, trace, 0, 1, 2)?.top.map((c) => c.product)).toEqual([3, -2]);
  });

  it('a wide layer draws exactly the panel’s top k as edges into the focused unit, and none without a focus', () => {
    expect(contributionEdges(net, trace, 0, 1, 1)).toEqual([{ from: 1, to: 1, w: 1 }]);
    expect(contributionEdges(net, trace, 0, null, 5)).toEqual([]);
  });

  it('an all-zero row ranks by |w| (|x·w| ranks nothing) and says no share instead of a made-up 100 %', () => {
    const zero = forwardTrace(net, [0, 0]);
    const c = unitContributions(net, zero, 0, 1, 1);
    expect(c?.top.map((t) => [t.from, t.w, t.product])).toEqual([[0, -1, -0]]);
    expect(c?.topShare).toBeNaN();
  });

  it('no trace, no panel', () => {
    expect(unitContributions(net, null, 1, 0, 3)).toBeNull();
  });
});
