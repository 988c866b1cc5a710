import { describe, expect, it } from 'vitest';
import { ByteBuffer } from '../../../../src-main/services/export/cells';
import { NumberTexts } from '../../../../src-main/services/export/number-texts';
import { formatNumber } from '../../../../src-shared/data/number-text';
import { seeded } from '../../workers/reference';

/** Doubles of every kind: ±0, NaN, ±Infinity, subnormals, extremes, integers past 2^53, 1e21 and up, long fractions. */
function awkwardDoubles(count: number, seed: number): Float64Array {
  const rand = seeded(seed);
  const special = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e21, -1e21, 999999999999999900000, 1e-7, -1.2345678901234567e-6, 2 ** 53 + 2, 0.1 + 0.2];
  const bits = new DataView(new ArrayBuffer(8));
  return Float64Array.from({ length: count }, (_, k) => {
    if (k < special.length) return special[k];
    if (k % 3 === 0) {
      // Any bit pattern: every exponent, subnormals included.
      bits.setUint32(0, Math.floor(rand() * 2 ** 32));
      bits.setUint32(4, Math.floor(rand() * 2 ** 32));
      return bits.getFloat64(0);
    }
    return (rand() - 0.5) * 10 ** Math.floor(rand() * 50 - 25);
  });
}

describe('NumberTexts (numbers formatted ahead on a worker)', () => {
  it('gives, for every row and column, exactly formatNumber’s text, also after its ring of blocks wraps around', async () => {
    const rows = 300_000; // about 37 blocks of 8192 rows: the 16-block ring wraps twice
    const columns = [awkwardDoubles(rows, 1), awkwardDoubles(rows, 2)];
    const texts = NumberTexts.start(columns, rows);
    expect(texts).not.toBeNull();
    const out = new ByteBuffer(64);
    const decoder = new TextDecoder();
    let mismatches = 0;
    let fromWorker = 0;
    for (let r = 0; r < rows; r++) {
      if (r % 8192 === 0) {
        // Wait for the worker to write this block (it may skip block 0, which copy() enters at once).
        for (let waited = 0; r > 0 && !texts!.hasRow(r) && waited < 10_000; waited += 5) await new Promise((done) => setTimeout(done, 5));
      }
      for (let q = 0; q < 2; q++) {
        out.length = 0;
        if (!texts!.copy(out, r, q)) continue; // not written by the worker: the caller formats it
        fromWorker++;
        if (decoder.decode(out.bytes.subarray(0, out.length)) !== formatNumber(columns[q][r])) mismatches++;
      }
    }
    expect(await texts!.finished).toBe(true);
    texts!.stop();
    expect(mismatches).toBe(0);
    expect(fromWorker).toBeGreaterThanOrEqual(2 * (rows - 8192));
  });

  it('formats numbers as Number#toString does, −0 with its sign, NaN as empty', () => {
    const values = awkwardDoubles(200_000, 3);
    let mismatches = 0;
    for (const x of values) {
      const expected = Number.isNaN(x) ? '' : Object.is(x, -0) ? '-0' : x.toString();
      if (formatNumber(x) !== expected || (!Number.isNaN(x) && !Object.is(Number(formatNumber(x)), x))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
