import { describe, expect, it } from 'vitest';
import { modelToNetwork, networkToLayers, readModelFile } from '../../../../src-shared/model-file/read';
import { writeModelFile } from '../../../../src-shared/model-file/write';
import { summarize, formatSummary } from '../../../../src-shared/nn/summary';

const dense = (units: number, rows: number, activation = 'relu') => ({ units, activation, kernel: Array.from({ length: rows }, () => new Array(units).fill(0.5)), bias: new Array(units).fill(0) });
const model = (layers: unknown[]) =>
  JSON.stringify({ format: 'dense-lab/model', version: 1, inputs: [{ name: 'a' }, { name: 'b' }], output: { name: 'y', task: 'regression' }, layers });

describe('a Dropout layer in the model file', () => {
  it('is read into the dense layer before it, written back as a layer of its own, byte for byte', () => {
    const r = readModelFile(model([dense(3, 2), { type: 'dropout', rate: 0.25 }, dense(1, 3, 'linear')]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.layers).toHaveLength(2);
    expect(r.value.layers[0].dropout).toBe(0.25);
    const text = writeModelFile(r.value);
    expect(text).toContain('    },\n    {"type": "dropout", "rate": 0.25},\n    {');
    const again = readModelFile(text);
    expect(again.ok && writeModelFile(again.value)).toBe(text);
  });

  it('goes through the engine network and back', () => {
    const r = readModelFile(model([dense(3, 2), { type: 'dropout', rate: 0.5 }, dense(1, 3, 'linear')]));
    if (!r.ok) throw new Error(r.error.message);
    const net = modelToNetwork(r.value);
    expect(net.layers[0].dropout).toBe(0.5);
    expect(networkToLayers(net)[0].dropout).toBe(0.5);
  });

  const refused: [string, unknown[], string][] = [
    ['first', [{ type: 'dropout', rate: 0.2 }, dense(1, 2, 'linear')], 'layers[0] is a dropout layer; it must come right after a dense layer'],
    ['twice in a row', [dense(3, 2), { type: 'dropout', rate: 0.2 }, { type: 'dropout', rate: 0.2 }, dense(1, 3, 'linear')], 'layers[2] is a dropout layer; it must come right after a dense layer'],
    ['after the output', [dense(1, 2, 'linear'), { type: 'dropout', rate: 0.2 }], 'layers[1] is a dropout layer after the output layer'],
    ['with a rate of 1', [dense(3, 2), { type: 'dropout', rate: 1 }, dense(1, 3, 'linear')], 'layers[1].rate must be from 0 to below 1, got 1'],
  ];
  for (const [what, layers, message] of refused) {
    it(`is refused ${what}, saying where`, () => {
      const r = readModelFile(model(layers));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(message);
    });
  }

  it('shows in the Keras-style summary as a Dropout row with no parameters', () => {
    const s = summarize({ inputSize: 2, layers: [{ units: 3, activation: 'relu', dropout: 0.2 }, { units: 1, activation: 'linear' }] });
    expect(s.rows.map((r) => `${r.name} ${r.type} ${r.params}`)).toEqual(['dense Dense 9', 'dropout Dropout 0', 'dense_1 Dense 4']);
    expect(formatSummary(s)).toContain('dropout (Dropout)');
    expect(s.totalParams).toBe(13);
  });
});
