// The benches' one seeded PRNG (no Math.random in this project). Plain JavaScript so benches run by plain node
// (csv.mjs, predict-e2e.mjs) can use it as well as the ones that load TypeScript through tsx. Its sequence names
// the cached generated files (bench/lib/data.mjs), so changing it regenerates them.

/** mulberry32: a seeded stream of uniform doubles in [0, 1); t = a += 0x6d2b79f5, two xorshift-multiply rounds, /2^32. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
