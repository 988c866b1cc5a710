import { describe, expect, it } from 'vitest';
import { gflops, median, mergeRounds, spread } from '../../../../bench/lib/stats.mjs';

describe('bench stats', () => {
  it('median of an odd count is the middle value whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([3.5])).toBe(3.5);
  });

  it('median of an even count is the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('median ignores non-finite entries and is NaN when nothing is left', () => {
    expect(median([Number.NaN, 2, Infinity, 4, 6])).toBe(4);
    expect(median([])).toBeNaN();
    expect(median([Number.NaN])).toBeNaN();
  });

  it('median does not reorder the caller’s array', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });

  it('spread is (max − min) / median', () => {
    expect(spread([8, 10, 12])).toBeCloseTo(0.4, 12);
  });

  it('gflops counts rows × flops per row per second in billions', () => {
    // 1,000,000 rows of the course network (2·(10·100 + 100·100 + 100·1) = 22,200 FLOP) in 2 s.
    expect(gflops(1_000_000, 22_200, 2)).toBeCloseTo(11.1, 12);
  });

  it('mergeRounds concatenates each round’s runs in order, keeps the largest peak RSS and the first round’s other fields', () => {
    const merged = mergeRounds([
      { ok: true, seconds: [1, 2], peakRss: 300, workers: 2 },
      { ok: true, seconds: [3], peakRss: 500, workers: 9 },
      { ok: true, seconds: [4], peakRss: 100, workers: 9 },
    ]);
    expect(merged).toEqual({ ok: true, seconds: [1, 2, 3, 4], peakRss: 500, workers: 2 });
  });

  it('mergeRounds fails as a whole when one round failed, with that round’s reason', () => {
    expect(mergeRounds([{ ok: true, seconds: [1] }, { ok: false, reason: 'python3 exited 1' }])).toEqual({ ok: false, reason: 'python3 exited 1' });
    expect(mergeRounds([])).toEqual({ ok: false, reason: 'no rounds ran' });
  });
});
