import { describe, expect, it } from 'vitest';
import { formatCount, formatExact, formatOperand, formatRounded, formatTick } from '../../../src-renderer/lib/inspect/format';
import { atLeastSpan } from '../../../src-renderer/lib/inspect/interactions/heat-colour';

describe('number formatting', () => {
  it('exact form reads back as the same double', () => {
    for (const x of [1.2382242525694254, 0.1 + 0.2, -1e-300, 5e-324, 123456789.123]) expect(Number(formatExact(x))).toBe(x);
  });

  it('shows an axis tick within a thousandth of the span of 0 as 0, others rounded', () => {
    expect(formatTick(6.274e-6, 0.9727)).toBe('0');
    expect(formatTick(0.4864, 0.9727)).toBe('0.4864');
    expect(formatTick(6.274e-6, 1e-5)).toBe('6.274e−6');
    expect(formatTick(-3e-7, 2)).toBe('0');
    // a tiny span: ticks half a span apart still differ
    const [lo, mid, hi] = [0.093012, 0.0930215, 0.093031].map((t) => formatTick(t, 0.093031 - 0.093012));
    expect(new Set([lo, mid, hi]).size).toBe(3);
    // a flat line's range is widened to a thousandth of its size, about its middle; a real one is kept
    const flat = atLeastSpan([0.0930001, 0.0930014], 1e-3);
    expect(flat[1] - flat[0]).toBeCloseTo(0.0930014e-3, 12);
    expect((flat[0] + flat[1]) / 2).toBeCloseTo(0.09300075, 12);
    expect(atLeastSpan([3.157, 37.87], 1e-3)).toEqual([3.157, 37.87]);
    const flatTicks = flat.map((t) => formatTick(t, flat[1] - flat[0]));
    expect(flatTicks.every((t) => t.length <= 8) && flatTicks[0] !== flatTicks[1]).toBe(true);
  });

  it('rounds to significant digits and drops trailing zeros', () => {
    expect(formatRounded(1.2382242525694254)).toBe('1.238');
    expect(formatRounded(5)).toBe('5');
    expect(formatRounded(2.5, 4)).toBe('2.5');
    expect(formatRounded(-0.75)).toBe('−0.75');
    expect(formatRounded(0.000012346)).toBe('1.235e−5');
    expect(formatRounded(2.5e7)).toBe('2.5e7');
    expect(formatRounded(-0)).toBe('0');
    expect(formatRounded(13929.47)).toBe('13,930');
    expect(formatRounded(-28801.5, 3)).toBe('−28,800');
  });

  it('names non-finite values instead of printing garbage', () => {
    expect(formatRounded(NaN)).toBe('NaN');
    expect(formatRounded(-Infinity)).toBe('−∞');
  });

  it('parenthesises negative operands only', () => {
    expect(formatOperand(-1)).toBe('(−1)');
    expect(formatOperand(3)).toBe('3');
    expect(formatOperand(-0.123456, 2)).toBe('(−0.12)');
  });

  it('writes counts with thousands separators as toLocaleString does in the test machine’s locale (en-US)', () => {
    for (const n of [0, 7, 999, 1000, 25088, 784, 123456, 1000000, 9007199254740991]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(formatCount(-1234567)).toBe('−1,234,567');
    expect(formatCount(1.5)).toBe('1.5');
  });
});
