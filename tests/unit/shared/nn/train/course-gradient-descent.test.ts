/** The course's chapter-2 exercises (E5–E9 of shared/course-examples.md), through the training engine. */
import { describe, expect, it } from 'vitest';
import { createWorkspace, lossAndGradients, forwardKeep } from '../../../../../src-shared/nn/backward';
import { applyUpdate, createOptimizerState, optimizerSettings } from '../../../../../src-shared/nn/optimizers';
import { lossSum } from '../../../../../src-shared/nn/losses';
import { forwardBatch } from '../../../../../src-shared/nn/forward';
import { layerFromNodes, net } from './helpers';

function mseOf(weights0: number[][], output: number[], rows: number[][], targets: number[]) {
  const network = net([layerFromNodes(weights0, 'relu'), layerFromNodes([output], 'relu')]);
  const x = Float64Array.from(rows.flat());
  const pred = new Float64Array(rows.length);
  forwardBatch(network, x, rows.length, pred);
  const ws = createWorkspace(network, rows.length);
  const out = forwardKeep(network, ws, x, 0, rows.length);
  const mse = lossSum('mse', ws.z[1], out, targets, rows.length, 1) / rows.length;
  return { pred: Array.from(pred), mse };
}

describe('course chapter 2 through the engine', () => {
  it('E5: prediction 9, error 6; zeroing node_1 input 1 or the output weight 1 gives error 0', () => {
    const base = mseOf([[2, 1], [1, 2]], [1, 1], [[0, 3]], [3]);
    expect(base.pred).toEqual([9]);
    expect(base.pred[0] - 3).toBe(6);
    expect(mseOf([[2, 1], [1, 0]], [1, 1], [[0, 3]], [3]).pred[0] - 3).toBe(0);
    expect(mseOf([[2, 1], [1, 2]], [1, 0], [[0, 3]], [3]).pred[0] - 3).toBe(0);
  });

  it('E6: predictions [9, 9, 0, 12] and [9.75, 10, 0, 14]; MSE 37.5 and 49.890625', () => {
    const rows = [[0, 3], [1, 2], [-1, -2], [4, 0]];
    const targets = [1, 3, 5, 7];
    const first = mseOf([[2, 1], [1, 2]], [1, 1], rows, targets);
    expect(first.pred).toEqual([9, 9, 0, 12]);
    expect(first.mse).toBe(37.5);
    const second = mseOf([[2, 1], [1, 1.5]], [1, 1.5], rows, targets);
    expect(second.pred).toEqual([9.75, 10, 0, 14]);
    expect(second.mse).toBe(49.890625);
  });

  const e7 = () => net([layerFromNodes([[0, 2, 1]], 'linear')]);
  const x = Float64Array.of(1, 2, 3);
  const target = Float64Array.of(0);

  it('E7: prediction 7, squared error 49, slope 2·x·error = [14, 28, 42]', () => {
    const network = e7();
    const ws = createWorkspace(network, 1);
    const loss = lossAndGradients(network, ws, 'mse', x, 0, target, 0, 1);
    expect(ws.a[0][0]).toBe(7);
    expect(loss).toBe(49);
    expect(Array.from(ws.gradKernel[0])).toEqual([14, 28, 42]);
  });

  it('E8: one SGD step of 0.01 gives weights [−0.14, 1.72, 0.5800000000000001] and prediction 5.04', () => {
    const network = e7();
    const ws = createWorkspace(network, 1);
    lossAndGradients(network, ws, 'mse', x, 0, target, 0, 1);
    const kernel = network.layers[0].kernel;
    applyUpdate(optimizerSettings('sgd', { learningRate: 0.01 }), createOptimizerState([kernel]), [kernel], [ws.gradKernel[0]]);
    expect(Array.from(kernel)).toEqual([-0.14, 1.72, 0.5800000000000001]);
    const out = new Float64Array(1);
    forwardBatch(network, x, 1, out);
    expect(out[0]).toBe(5.04);
  });

  it('E9: 20 steps of 0.01 record MSE 25.401600000000002 first and 9.627110070005501e-05 last, to the last digit', () => {
    const network = e7();
    const ws = createWorkspace(network, 1);
    const kernel = network.layers[0].kernel;
    const sgd = optimizerSettings('sgd');
    expect(sgd.learningRate).toBe(0.01);
    const state = createOptimizerState([kernel]);
    const history: number[] = [];
    for (let step = 0; step < 20; step++) {
      lossAndGradients(network, ws, 'mse', x, 0, target, 0, 1);
      applyUpdate(sgd, state, [kernel], [ws.gradKernel[0]]);
      const out = forwardKeep(network, ws, x, 0, 1);
      history.push(lossSum('mse', ws.z[0], out, target, 1, 1));
    }
    expect(history[0]).toBe(25.401600000000002);
    expect(history[19]).toBe(9.627110070005501e-5);
    expect(Array.from(kernel)).toEqual([-0.49929915830232185, 1.001401683395356, -0.4978974749069655]);
  });
});
