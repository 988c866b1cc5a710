/**
 * The tour's generated wide case, as in MNIST courses: a CSV of `rows` rows with a `label` column (10
 * classes, 0–9) and 784 pixel columns `pixel0` … `pixel783` (whole numbers 0–255, mostly 0), plus a
 * 784-128-64-10 model file for it with seeded weights. Deterministic (the engine's seeded generator), so a
 * file already written with the same name is reused. Used by `npm run tour` and the element-bound e2e test.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

export const WIDE_PIXELS = 784;
export const WIDE_CLASSES = 10;

async function createRandom(seed) {
  const random = await tsImport('../src-shared/nn/random.ts', import.meta.url);
  return random.createRandom(seed);
}

/**
 * Writes (or reuses) `dir`/wide_<rows>x785.csv and `dir`/wide_784-128-64-10.dlmodel.json; answers their paths.
 * Each class lights a fixed set of 120 pixels (most of them on in each of its rows) on a background of rare noise.
 */
export async function wideCase(dir, rows = 20_000) {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `wide_${rows}x${WIDE_PIXELS + 1}.csv`);
  const model = join(dir, `wide_${WIDE_PIXELS}-128-64-${WIDE_CLASSES}.dlmodel.json`);
  if (!existsSync(csv)) await writeCsv(csv, rows);
  if (!existsSync(model)) writeFileSync(model, JSON.stringify(await wideModel()));
  return { csv, model, rows };
}

async function writeCsv(path, rows) {
  const random = await createRandom(784);
  const prototypes = Array.from({ length: WIDE_CLASSES }, () => {
    const on = new Uint8Array(WIDE_PIXELS);
    for (let k = 0; k < 120; k += 1) on[random.nextInt(WIDE_PIXELS)] = 1;
    return on;
  });
  const partial = `${path}.part`;
  const out = createWriteStream(partial);
  const header = ['label', ...Array.from({ length: WIDE_PIXELS }, (_, k) => `pixel${k}`)].join(',');
  out.write(`${header}\n`);
  for (let r = 0; r < rows; r += 1) {
    const label = random.nextInt(WIDE_CLASSES);
    const on = prototypes[label];
    const cells = new Array(WIDE_PIXELS + 1);
    cells[0] = label;
    for (let k = 0; k < WIDE_PIXELS; k += 1) {
      const lit = on[k] ? random.nextFloat() < 0.8 : random.nextFloat() < 0.02;
      cells[k + 1] = lit ? 64 + random.nextInt(192) : 0;
    }
    if (!out.write(`${cells.join(',')}\n`)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolveEnd, reject) => out.end((e) => (e ? reject(e) : resolveEnd())));
  renameSync(partial, path);
}

/** A 784-128-64-10 (relu, relu, softmax) model file with Glorot-uniform weights from seed 7, pixels scaled by 1/255. */
async function wideModel() {
  const random = await createRandom(7);
  const sizes = [WIDE_PIXELS, 128, 64, WIDE_CLASSES];
  const activations = ['relu', 'relu', 'softmax'];
  const layers = activations.map((activation, l) => {
    const [n, m] = [sizes[l], sizes[l + 1]];
    const limit = Math.sqrt(6 / (n + m));
    const kernel = Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(random.uniform(-limit, limit) * 1e6) / 1e6));
    return { units: m, activation, kernel, bias: new Array(m).fill(0) };
  });
  return {
    format: 'dense-lab/model',
    version: 1,
    inputs: Array.from({ length: WIDE_PIXELS }, (_, k) => ({ name: `pixel${k}`, scale: { mean: 0, std: 255 } })),
    output: { name: 'label', task: 'multiclass', classes: Array.from({ length: WIDE_CLASSES }, (_, k) => String(k)) },
    layers,
  };
}
