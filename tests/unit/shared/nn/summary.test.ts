import { describe, expect, it } from 'vitest';
import { formatSummary, groupThousands, summarize } from '../../../../src-shared/nn/summary';

const shape = (inputSize: number, ...units: number[]) => ({ inputSize, layers: units.map((u) => ({ units: u })) });

describe('summarize', () => {
  it('counts K1 as Keras does: 10 → 100 → 100 → 1 has 11,301 parameters (9 inputs: 11,201)', () => {
    const s = summarize(shape(10, 100, 100, 1));
    expect(s.rows.map((r) => r.params)).toEqual([1100, 10100, 101]);
    expect(s.totalParams).toBe(11301);
    expect(s.trainableParams).toBe(11301);
    expect(s.nonTrainableParams).toBe(0);
    expect(summarize(shape(9, 100, 100, 1)).totalParams).toBe(11201);
  });

  it.each([
    ['K2 hourly wages', shape(9, 50, 32, 1), 2165],
    ['K3 Titanic', shape(10, 32, 2), 418],
    ['K4 learning-rate comparison', shape(10, 100, 100, 2), 11402],
    ['K5 narrower', shape(10, 10, 10, 2), 242],
    ['K5 wider', shape(10, 100, 100, 2), 11402],
    ['K6 shallow', shape(10, 50, 2), 652],
    ['K6 deeper', shape(10, 50, 50, 50, 2), 5752],
    ['K7 digits', shape(784, 50, 50, 10), 42310],
  ])('counts %s as Keras does', (_name, s, total) => {
    expect(summarize(s).totalParams).toBe(total);
  });

  it('names layers dense, dense_1, dense_2 with output shapes (None, units)', () => {
    const s = summarize(shape(10, 100, 100, 1));
    expect(s.rows.map((r) => `${r.name} (${r.type}) ${r.outputShape}`)).toEqual([
      'dense (Dense) (None, 100)',
      'dense_1 (Dense) (None, 100)',
      'dense_2 (Dense) (None, 1)',
    ]);
  });
});

describe('formatSummary', () => {
  it('prints the Keras table with per-layer counts and grouped totals', () => {
    const text = formatSummary(summarize(shape(10, 100, 100, 1)));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "sequential"');
    expect(text).toMatch(/^ Layer \(type\) +Output Shape +Param #$/m);
    expect(text).toMatch(/^ dense \(Dense\) +\(None, 100\) +1100$/m);
    expect(text).toMatch(/^ dense_1 \(Dense\) +\(None, 100\) +10100$/m);
    expect(text).toMatch(/^ dense_2 \(Dense\) +\(None, 1\) +101$/m);
    expect(text).toContain('Total params: 11,301\n');
    expect(text).toContain('Trainable params: 11,301\n');
    expect(text).toContain('Non-trainable params: 0\n');
    // columns line up: every row's shape starts where the header's does
    const at = lines.find((l) => l.includes('Output Shape'))!.indexOf('Output Shape');
    for (const l of lines.filter((l) => l.includes('(None,'))) expect(l.indexOf('(None,')).toBe(at);
  });

  it('groups thousands without depending on the locale', () => {
    expect([0, 999, 1000, 42310, 1234567].map(groupThousands)).toEqual(['0', '999', '1,000', '42,310', '1,234,567']);
  });
});
