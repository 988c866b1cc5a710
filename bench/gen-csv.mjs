/**
 * A seeded numeric CSV for the end-to-end benchmark: `rows` × (10 inputs x0…x9 + target y), values with
 * five decimals in [−1, 1), about 92 bytes a row. Written in 4 MB pieces, never held whole in memory.
 */
import { open } from 'node:fs/promises';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Write the benchmark CSV to `path`. */
export async function writeBenchCsv(path, rows, seed = 42) {
  const rand = mulberry32(seed);
  const handle = await open(path, 'w');
  try {
    const header = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'y'].join(',') + '\n';
    let piece = header;
    for (let r = 0; r < rows; r++) {
      let line = '';
      for (let c = 0; c < 11; c++) line += (c ? ',' : '') + (rand() * 2 - 1).toFixed(5);
      piece += line + '\n';
      if (piece.length > 4e6) {
        await handle.write(piece);
        piece = '';
      }
    }
    await handle.write(piece);
  } finally {
    await handle.close();
  }
}
