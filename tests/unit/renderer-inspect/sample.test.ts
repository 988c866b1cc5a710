import { describe, expect, it } from 'vitest';
import { evenSample, hiddenStats, histogram, metricsLabel, percent, sampleLabel } from '../../../src-renderer/lib/inspect/sample';
import type { UnitSummary } from '../../../src-renderer/lib/inspect/types';

describe('chart samples', () => {
  it('keeps every row when there are few', () => {
    expect(evenSample(5, 10)).toEqual([0, 1, 2, 3, 4]);
  });

  it('spreads at most `limit` strictly increasing rows over a large dataset', () => {
    const s = evenSample(1_000_000, 10_000);
    expect(s).toHaveLength(10_000);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(100);
    expect(s[9999]).toBe(999_900);
    expect(s.every((v, k) => k === 0 || v > s[k - 1])).toBe(true);
  });

  it('labels the sample in words', () => {
    expect(sampleLabel(10_000, 1_000_000)).toBe('showing 10,000 of 1,000,000 rows');
    expect(sampleLabel(150, 150)).toBe('all 150 rows');
    expect(sampleLabel(1, 1)).toBe('all 1 row');
  });
});

describe('histogram', () => {
  it('counts values into equal bins, the maximum in the last bin, skipping non-finite values', () => {
    const h = histogram([0, 0.5, 1, 1.5, 2, NaN, Infinity], 2);
    expect(h.edges).toEqual([0, 1, 2]);
    expect(h.counts).toEqual([2, 3]);
    expect(h.skipped).toBe(2);
  });

  it('puts constant values in one bin and ignores values outside a given range', () => {
    expect(histogram([3, 3, 3], 10).counts).toEqual([3]);
    expect(histogram([-1, 0.2, 0.7, 2], 2, { min: 0, max: 1 }).counts).toEqual([1, 1]);
  });

  it('returns no bins for no finite values', () => {
    expect(histogram([NaN], 5).counts).toEqual([]);
  });
});

describe('hidden-unit statistics', () => {
  const unit = (rows: number, zeroRows: number, saturatedRows: number): UnitSummary => ({ rows, zeroRows, saturatedRows, min: 0, max: 1, mean: 0.5 });

  it('counts a unit as dead only when it is zero on every row', () => {
    const s = hiddenStats([{ layer: 0, activation: 'relu', units: [unit(10, 10, 0), unit(10, 9, 0), unit(10, 0, 0)], histogram: { edges: [], counts: [] } }]);
    expect(s.units).toBe(3);
    expect(s.deadUnits).toBe(1);
  });

  it('shares saturated activations over all rows × units of all layers', () => {
    const s = hiddenStats([
      { layer: 0, activation: 'tanh', units: [unit(10, 0, 10), unit(10, 0, 5)], histogram: { edges: [], counts: [] } },
      { layer: 1, activation: 'tanh', units: [unit(10, 0, 0)], histogram: { edges: [], counts: [] } },
    ]);
    expect(s.saturatedShare).toBe(0.5);
    expect(s.mostlySaturatedUnits).toBe(1);
  });

  it('formats shares as percentages', () => {
    expect(percent(0.125)).toBe('12.5%');
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
    expect(percent(NaN)).toBe('—');
  });
});

describe('metrics label', () => {
  it('says whether metrics cover every row or only the sample', () => {
    expect(metricsLabel(442, 442)).toBe('all 442 rows');
    expect(metricsLabel(10_000, 1_000_000)).toBe('the 10,000 sampled rows');
  });
});
