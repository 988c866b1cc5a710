// The bench's generated inputs, made once into the OS temp folder and reused while their size and hash match.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFile, writeCsv } from '../predict-e2e.mjs';
import { seeded } from './random.mjs';

/** Where generated files live: `<os.tmpdir()>/dense-lab-bench`, never inside the repository. */
export function benchDir() {
  const dir = join(tmpdir(), 'dense-lab-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function sha256(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The seeded rows × 11 numeric CSV of bench/predict-e2e.mjs (x0…x9, y; about 92 bytes a row): reused when it
 * and its `.meta.json` (rows, seed, bytes, sha256) agree, otherwise written afresh. Resolves with its path and size.
 */
export async function ensureCsv(rows, log = () => {}) {
  const path = join(benchDir(), `e2e-${rows}-rows-seed42.csv`);
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.rows === rows && meta.bytes === statSync(path).size && meta.sha256 === (await sha256(path))) return { path, bytes: meta.bytes };
    log(`${path}: size or hash differs from its meta file, writing it again`);
  }
  log(`generating ${rows.toLocaleString('en-US')} rows into ${path} …`);
  const part = `${path}.part`;
  await writeCsv(part, rows, seeded(42));
  renameSync(part, path);
  const bytes = statSync(path).size;
  writeFileSync(metaPath, JSON.stringify({ rows, seed: 42, bytes, sha256: await sha256(path) }));
  return { path, bytes };
}

/** A seeded model file for `sizes` (10 inputs x0…x9, relu hidden layers, linear output y), written beside the data. */
export function ensureModel(sizes) {
  const path = join(benchDir(), `model-${sizes.join('-')}-seed7.dlmodel.json`);
  writeFileSync(path, JSON.stringify(modelFile(seeded(7), sizes)));
  return path;
}
