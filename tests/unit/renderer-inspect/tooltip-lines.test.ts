import { describe, expect, it } from 'vitest';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { networkOf } from '../../../src-renderer/lib/inspect/model-edit';
import { allNodeNames } from '../../../src-renderer/lib/inspect/names';
import { edgeTooltip, nodeTooltip } from '../../../src-renderer/lib/inspect/tooltip-lines';
import { s1Model } from './s1-model';

describe('diagram tooltips', () => {
  const model = s1Model('tanh');
  const net = networkOf(model);
  const trace = forwardTrace(net, [2, 3]);
  const names = allNodeNames(model);

  it('give the output of S2 with all its digits', () => {
    expect(nodeTooltip(names, net, trace, 2, 0).slice(0, 3)).toEqual(['y', 'z = 1.2382242525694254', 'a = linear(z) = 1.2382242525694254']);
  });

  it('give an edge’s weight and its product from the trace', () => {
    expect(edgeTooltip(names, net, trace, 1, 1, 0).slice(0, 3)).toEqual(['node_1 → y', 'weight w = -1', `node_1 × w = ${-Math.tanh(1)}`]);
    expect(edgeTooltip(names, net, trace, 0, 0, 1)[0]).toBe('x0 → node_1');
  });

  it('say so when there is no row to trace', () => {
    expect(nodeTooltip(names, net, null, 1, 0)[1]).toBe('z = —');
    expect(nodeTooltip(names, net, null, 0, 1)).toEqual(['x1', 'x = —', 'Click to type a value']);
  });
});
