import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../src-shared/nn/random';

// Pinned values come from an independent Python implementation of the same algorithm
// (xoshiro128** seeded by splitmix32-mixed words), not from this code.
describe('createRandom', () => {
  it.each([
    [0, [1789933344, 44971166, 2521387044, 3848737593, 1138324114, 749234105]],
    [42, [660444221, 3652823732, 77672526, 910233633, 2297337756, 3786072677]],
    [-1, [2220985655, 211327892, 478719046, 1626051854, 1476280203, 397214968]],
    [2 ** 40 + 7, [157910138, 1797470532, 633781716, 52531860, 2335323465, 2328527367]],
  ])('gives the pinned xoshiro128** sequence for seed %d', (seed, want) => {
    const r = createRandom(seed);
    expect(Array.from({ length: 6 }, () => r.nextUint32())).toEqual(want);
  });

  it('builds 53-bit floats and polar-method normals as pinned', () => {
    const r = createRandom(42);
    expect([r.nextFloat(), r.nextFloat(), r.nextFloat()]).toEqual([0.15377165265745885, 0.018084542542176507, 0.5348906284683476]);
    const n = createRandom(42);
    const want = [0.26752683279886763, 0.5813902645846303, 0.8153199153614247];
    for (const w of want) expect(Math.abs(n.nextNormal() / w - 1)).toBeLessThan(1e-15);
  });

  it('gives independent, reproducible streams per seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('has uniform floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRandom(123);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let k = 0; k < n; k++) {
      const u = r.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sq += u * u;
      bins[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    // chi-squared with 9 degrees of freedom: 99.9th percentile is 27.9
    const chi2 = bins.reduce((t, b) => t + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it('has standard normals with mean 0, variance 1 and about 68.3% within one σ', () => {
    const r = createRandom(99);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let within = 0;
    for (let k = 0; k < n; k++) {
      const x = r.nextNormal();
      sum += x;
      sq += x * x;
      if (Math.abs(x) < 1) within++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.015);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(within / n - 0.6827)).toBeLessThan(0.006);
  });

  it('keeps truncated normals within the limit', () => {
    const r = createRandom(5);
    for (let k = 0; k < 10_000; k++) expect(Math.abs(r.truncatedNormal(3, 2))).toBeLessThanOrEqual(6);
  });

  it('draws integers in range covering every value', () => {
    const r = createRandom(1);
    const seen = new Set<number>();
    for (let k = 0; k < 1000; k++) {
      const v = r.nextInt(7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(2 ** 60)).toThrow(RangeError);
  });
});
