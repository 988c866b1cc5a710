import { describe, expect, it } from 'vitest';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { applyEdit, networkOf, parseNumberInput, withHiddenActivations } from '../../../src-renderer/lib/inspect/model-edit';
import { s1Model } from './s1-model';

const out = (m: ReturnType<typeof s1Model>) => forwardTrace(networkOf(m), [2, 3]).output[0];

describe('editing a model in place', () => {
  it('S1 gives hidden [5, 1] and output 9 through the engine', () => {
    const t = forwardTrace(networkOf(s1Model()), [2, 3]);
    expect(t.layers[0].a).toEqual([5, 1]);
    expect(t.output).toEqual([9]);
  });

  it('output weight 2 → 3 gives 14, and the original model is untouched', () => {
    const m = s1Model();
    const edited = applyEdit(m, { kind: 'weight', layer: 1, from: 0, to: 0, value: 3 });
    expect(out(edited)).toBe(14);
    expect(out(m)).toBe(9);
  });

  it('switching the hidden activation to tanh gives 2·tanh 5 − tanh 1', () => {
    expect(out(applyEdit(s1Model(), { kind: 'activation', layer: 0, activation: 'tanh' }))).toBe(1.2382242525694254);
  });

  it('a bias edit shifts z by the bias', () => {
    expect(out(applyEdit(s1Model(), { kind: 'bias', layer: 1, unit: 0, value: -4 }))).toBe(5);
  });

  it('refuses edits outside the model', () => {
    expect(() => applyEdit(s1Model(), { kind: 'weight', layer: 1, from: 2, to: 0, value: 1 })).toThrow(RangeError);
    expect(() => applyEdit(s1Model(), { kind: 'bias', layer: 5, unit: 0, value: 1 })).toThrow(RangeError);
  });
});

describe('typed numbers', () => {
  it('accepts decimals, exponents and a typographic minus', () => {
    expect(parseNumberInput(' 3 ')).toEqual({ ok: true, value: 3 });
    expect(parseNumberInput('−1.5e-3')).toEqual({ ok: true, value: -0.0015 });
    expect(parseNumberInput('.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('refuses empty, non-numeric, hex and overflowing text with a message', () => {
    for (const t of ['', 'abc', '0x10', '1_000', '1e400', 'NaN', 'Infinity', '1,5']) {
      const r = parseNumberInput(t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });
});

describe('same network, other hidden activations', () => {
  it('changes only the hidden layers and keeps the weights', () => {
    const m = withHiddenActivations(s1Model('relu'), ['tanh']);
    expect(m.layers.map((l) => l.activation)).toEqual(['tanh', 'linear']);
    expect(m.layers[0].kernel).toEqual(s1Model().layers[0].kernel);
    expect(out(m)).toBe(1.2382242525694254);
    expect(() => withHiddenActivations(s1Model(), [])).toThrow(RangeError);
  });
});
