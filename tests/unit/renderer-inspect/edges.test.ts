import { describe, expect, it } from 'vitest';
import { edgeWidth, rankEdges, selectEdges, topAbs } from '../../../src-renderer/lib/inspect/edges';

/** A deterministic pseudo-random kernel (LCG), so the test needs no Math.random. */
function kernel(n: number, seed = 7): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let k = 0; k < n; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[k] = s / 2 ** 32 - 0.5;
  }
  return out;
}

describe('edge summarisation', () => {
  it('draws every edge of a small layer', () => {
    const sel = selectEdges(kernel(6), 2, 3, { maxEdges: 100 });
    expect(sel.summarised).toBe(false);
    expect(sel.edges).toHaveLength(6);
    expect(sel.edges[4]).toEqual({ from: 1, to: 1, w: kernel(6)[4] });
  });

  it('keeps a 784 × 50 layer to the budget plus the focused node, all strongest edges kept', () => {
    const k = kernel(784 * 50);
    const sel = selectEdges(k, 784, 50, { maxEdges: 400, focusTo: 3 });
    expect(sel.summarised).toBe(true);
    expect(sel.total).toBe(39200);
    expect(sel.edges).toHaveLength(400 + 784);
    expect(sel.edges.filter((e) => e.to === 3)).toHaveLength(784);
    // Reference: sort every non-focused edge by |w|; the 400th magnitude is the cut.
    const rest = Array.from(k.keys()).filter((i) => i % 50 !== 3).map((i) => Math.abs(k[i])).sort((a, b) => b - a);
    const cut = rest[399];
    const drawnOthers = sel.edges.filter((e) => e.to !== 3);
    expect(Math.min(...drawnOthers.map((e) => Math.abs(e.w)))).toBe(cut);
  });

  it('includes the focused input’s outgoing edges once', () => {
    const sel = selectEdges(kernel(100 * 40), 100, 40, { maxEdges: 10, focusFrom: 5, focusTo: 2 });
    const keys = sel.edges.map((e) => `${e.from}:${e.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(sel.edges.filter((e) => e.from === 5)).toHaveLength(40);
  });

  it('topAbs orders by magnitude, counts NaN as largest, breaks ties by index', () => {
    expect(topAbs([1, -3, 2, NaN, -2], 5, 3)).toEqual([3, 1, 2]);
    expect(topAbs([1, 2], 2, 0)).toEqual([]);
  });

  it('edge width grows with |w| and stays within 0.75–6 px', () => {
    expect(edgeWidth(0, 2)).toBe(0.75);
    expect(edgeWidth(-2, 2)).toBe(6);
    expect(edgeWidth(1, 2)).toBeGreaterThan(edgeWidth(0.5, 2));
    expect(edgeWidth(5, 0)).toBe(1.5);
  });

  it('topAbs matches sorting every index by magnitude (ties and NaN included), with and without skipping', () => {
    // Values rounded to 0.1 so many magnitudes tie; every 37th is NaN.
    const values = Array.from(kernel(3000), (v, i) => (i % 37 === 5 ? NaN : Math.round(v * 10) / 10));
    const mag = (i: number) => (Number.isNaN(values[i]) ? Infinity : Math.abs(values[i]));
    const reference = (skip: (i: number) => boolean) =>
      Array.from(values.keys()).filter((i) => !skip(i)).sort((a, b) => mag(b) - mag(a) || a - b);
    for (const k of [1, 7, 250, 2999, 5000]) {
      expect(topAbs(values, values.length, k)).toEqual(reference(() => false).slice(0, k));
      const skip = (i: number) => i % 3 === 0;
      expect(topAbs(values, values.length, k, skip)).toEqual(reference(skip).slice(0, k));
    }
  });

  it('a selection from the kernel’s ranking equals one ranking the kernel again, for every focus', () => {
    const inputs = 60;
    const units = 12;
    const k = kernel(inputs * units, 11);
    const ranked = rankEdges(k, inputs, units, 50);
    for (const focusTo of [null, 0, 5, 11]) {
      for (const focusFrom of [null, 0, 33, 59]) {
        const budget = { maxEdges: 50, focusTo, focusFrom };
        expect(selectEdges(k, inputs, units, budget, ranked)).toEqual(selectEdges(k, inputs, units, budget));
      }
    }
  });
});
