/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna), its 128-bit state filled from the
 * seed by a splitmix32-style mixer. Pure integer arithmetic (Math.imul, shifts), so the same seed gives the same
 * sequence on every machine. Normal samples use Marsaglia's polar method, which needs only Math.log and
 * Math.sqrt (sqrt is exact by IEEE 754; log is V8's fdlibm port, identical in Node, Electron and Chromium).
 *
 * The generator's state lives in the object it returns: there is no module-level state and no Math.random.
 */

export interface Random {
  /** The next 32-bit unsigned integer of the xoshiro128** sequence. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number;
  /** A uniform double in [lo, hi): lo + (hi − lo)·u. */
  uniform(lo: number, hi: number): number;
  /** A standard normal sample N(0, 1) (Marsaglia polar method; the pair's second value is discarded). */
  nextNormal(): number;
  /** N(0, std²) redrawn until it falls within ±limit·std (TensorFlow's truncated_normal). */
  truncatedNormal(std: number, limit?: number): number;
  /** An integer in [0, n) without modulo bias. */
  nextInt(n: number): number;
}

const GOLDEN = 0x9e3779b9;

/** A 32-bit avalanche mix (splitmix32 finalizer): z ^= z>>>16; z *= 0x21f0aaad; z ^= z>>>15; z *= 0x735a2d97; z ^= z>>>15. */
function mix32(z: number): number {
  z = (z ^ (z >>> 16)) >>> 0;
  z = Math.imul(z, 0x21f0aaad) >>> 0;
  z = (z ^ (z >>> 15)) >>> 0;
  z = Math.imul(z, 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * A generator for `seed` (any safe integer, negative allowed). Seeding: x = low32(seed) ^ mix32(high bits),
 * then state word k = mix32(x + (k+1)·0x9e3779b9) for k = 0..3 (never all zero, since mix32 is a bijection).
 */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = Number(BigInt.asUintN(32, BigInt(seed)));
  const hi = Number(BigInt.asUintN(32, BigInt(seed) >> 32n));
  const x = (lo ^ mix32(hi)) >>> 0;
  let s0 = mix32((x + GOLDEN) >>> 0);
  let s1 = mix32((x + 2 * GOLDEN) >>> 0);
  let s2 = mix32((x + 3 * GOLDEN) >>> 0);
  let s3 = mix32((x + 4 * GOLDEN) >>> 0);

  // xoshiro128**: result = rotl(s1·5, 7)·9, then the xor-shift state update
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };

  // u = (27 high bits · 2^26 + 26 high bits) / 2^53
  const nextFloat = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  const nextNormal = (): number => {
    for (;;) {
      const u = 2 * nextFloat() - 1;
      const v = 2 * nextFloat() - 1;
      const s = u * u + v * v;
      // x = u · sqrt(−2 ln s / s) for 0 < s < 1
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  };

  return {
    nextUint32,
    nextFloat,
    uniform: (lo, hi) => lo + (hi - lo) * nextFloat(),
    nextNormal,
    truncatedNormal(std, limit = 2) {
      for (;;) {
        const n = nextNormal();
        if (Math.abs(n) <= limit) return n * std;
      }
    },
    nextInt(n) {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`nextInt needs an integer in 1..2^32, got ${n}`);
      // reject the top partial range so every value is equally likely
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const r = nextUint32();
        if (r < limit) return r % n;
      }
    },
  };
}
