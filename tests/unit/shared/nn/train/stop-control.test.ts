import { describe, expect, it } from 'vitest';
import { trainNetwork, type TrainingControl, type TrainLoopOptions, type TrainingRows } from '../../../../../src-shared/nn/train';
import { createNetwork } from '../../../../../src-shared/nn/init';
import { optimizerSettings } from '../../../../../src-shared/nn/optimizers';
import { wobble } from './helpers';

const rows = (n: number, seed: number): TrainingRows => {
  const x = new Float64Array(n).map((_, k) => wobble(seed + k));
  return { x, y: x.map((v) => 2 * v + 0.5), rows: n };
};

// a learning rate so large the validation loss wanders: the best epoch is then not the last one
const options: TrainLoopOptions = {
  loss: 'mse', metric: 'regression', optimizer: optimizerSettings('sgd', { learningRate: 0.9 }), weightDecay: 0, batchSize: 4,
  epochs: 40, seed: 3, shuffle: true, earlyStopping: null, targetStd: 1, reportEveryBatches: 0,
};
const network = () => createNetwork({ inputSize: 1, layers: [{ units: 6, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed: 2 });

/** Stop with `how` at the first batch of epoch `at`. */
function stopAt(at: number, how: TrainingControl) {
  let epochs = 0;
  const net = network();
  const result = trainNetwork(net, rows(40, 0), rows(12, 300), options, { onEpoch: () => epochs++, control: () => (epochs + 1 >= at ? how : 'continue') });
  return { result, net };
}

describe('stopping a run by hand', () => {
  it("'stop' keeps the best epoch's weights, 'stop-last' the last finished epoch's", () => {
    const best = stopAt(12, 'stop');
    const last = stopAt(12, 'stop-last');
    expect(best.result.stopReason).toBe('stopped');
    expect(last.result.history).toHaveLength(11);
    expect(last.result.epochOfWeights).toBe(11);
    expect(best.result.epochOfWeights).toBe(best.result.bestEpoch);
    expect(best.result.bestEpoch).not.toBe(11);
    expect(Array.from(best.net.layers[0].kernel)).not.toEqual(Array.from(last.net.layers[0].kernel));
  });
});
