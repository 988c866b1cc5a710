/**
 * The export's raw line copy (original bytes copied as they are when that is exactly what the
 * field-by-field path writes) must not change a single output byte: every file here is exported both
 * ways and compared byte for byte, with several read sizes so that lines straddle chunk boundaries.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type LoadedDataset } from '../../../../src-main/services/datasets';
import { exportPredictions, prepareExport, type ExportOptions } from '../../../../src-main/services/export';
import { predictionsCsvFromBytes } from '../../../../src-main/services/export/export-predictions';
import type { Predictions } from '../../../../src-main/services/predict';
import type { PredictionColumn } from '../../../../src-shared/jobs/prediction-columns';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';
import { awkwardFiles } from './awkward-files';
import { nativeExport } from '../../../../src-main/native/native-export';
import { seeded } from '../../workers/reference';
import { badCsvDir, datasetsDir } from '../../../fixtures/paths';

/** The native line copy where this machine has built it (CI builds it), and the JavaScript one always. */
const nativeWays = nativeExport() === null ? [false] : [true, false];

const repoRoot = resolve(import.meta.dirname, '../../../..');
/** Inside the repository: the bundled samples and the awkward-CSV fixtures (tests/fixtures/paths.ts). */
const fixtureDirs: Record<string, string> = { datasets: datasetsDir, 'bad-csv': badCsvDir };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-raw-copy-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Awkward prediction values (−0, NaN, extremes, long fractions) and a class column with formula-like labels. */
function predictionsFor(rows: number, seed: number): Predictions {
  const rand = seeded(seed);
  const special = [0, -0, NaN, 5e-324, -1.7976931348623157e308, 1e21, 1e-7, 0.1 + 0.2, 123456789012345680000, -1 / 3];
  const values = Float64Array.from({ length: rows }, (_, r) => (r < special.length ? special[r] : (rand() - 0.5) * 10 ** Math.floor(rand() * 30 - 15)));
  const codes = Int32Array.from({ length: rows }, () => Math.floor(rand() * 4) - 1);
  const columns: PredictionColumn[] = [
    { name: 'prediction', kind: 'number', values },
    { name: 'predicted_class', kind: 'class', classes: ['=bad', 'a,b', 'plain'], codes },
  ];
  const status = new Uint8Array(rows).fill(ROW_STATUS.ok);
  return {
    rows,
    task: 'regression',
    output: { name: 'y', task: 'regression' },
    columns,
    status,
    predictedRows: rows,
    emptyRows: 0,
    missingInputRows: 0,
    unknownCategoryRows: 0,
    emptyBy: [],
    seconds: 0,
    workers: 1,
    kernel: 'js',
  };
}

/** Every file to compare on: the bundled sample datasets, the bad-CSV files that load, and the awkward ones. */
async function sources(): Promise<{ name: string; data: LoadedDataset }[]> {
  const paths: string[] = [];
  for (const folder of ['datasets', 'bad-csv']) {
    for (const f of readdirSync(fixtureDirs[folder]).sort()) if (/\.(csv|tsv)$/.test(f)) paths.push(join(fixtureDirs[folder], f));
  }
  for (const [name, bytes] of awkwardFiles()) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    paths.push(path);
  }
  const loaded: { name: string; data: LoadedDataset }[] = [];
  for (const path of paths) {
    const r = await loadDataset(path, { parallel: false });
    if (r.ok && r.value.rows > 0) loaded.push({ name: path.slice(path.lastIndexOf('/') + 1), data: r.value });
  }
  return loaded;
}

async function exportBytes(data: LoadedDataset, predictions: Predictions, options: ExportOptions, tag: string): Promise<{ bytes: Buffer; copiedRows: number; tailRows: number }> {
  const out = join(dir, `${tag}.out.csv`);
  const r = await exportPredictions(data, predictions, out, options);
  if (!r.ok) throw new Error(`${data.path} (${tag}): ${r.error.message}`);
  return { bytes: readFileSync(out), copiedRows: r.value.copiedRows, tailRows: r.value.tailRows };
}

describe('exportPredictions: raw line copy', () => {
  it('writes the same bytes as the field-by-field path on every sample, bad and awkward file, at any read size', async () => {
    const all = await sources();
    const names = all.map((s) => s.name);
    // The awkward files must all load, or they test nothing.
    for (const name of awkwardFiles().keys()) expect(names, name).toContain(name);
    let copied = 0;
    let tailRows = 0;
    let joinedFiles = 0;
    for (const [k, { name, data }] of all.entries()) {
      const predictions = predictionsFor(data.rows, 100 + k);
      for (const keepFormulas of [false, true]) {
        const reference = await exportBytes(data, predictions, { keepFormulas, rawCopy: false, numberWorker: false, tailWorker: false }, `${k}-ref`);
        expect(reference.copiedRows, name).toBe(0);
        const sizes = data.bytes > 20_000 ? [undefined, 4099] : [undefined, 1, 7, 4096];
        // The line copy in native code (where the addon is built) and in JavaScript.
        for (const native of nativeWays) {
          for (const chunkBytes of sizes) {
            const fast = await exportBytes(data, predictions, { keepFormulas, native, ...(chunkBytes ? { chunkBytes } : {}) }, `${k}-fast`);
            expect(fast.bytes.equals(reference.bytes), `${name}, keepFormulas ${keepFormulas}, native ${native}, chunks of ${chunkBytes ?? 'default'} bytes`).toBe(true);
            copied += fast.copiedRows;
          }
        }
        // The last part on a worker (finished first, so the main thread meets it), whatever the file: natively
        // (forwards, where the addon is built) and in JavaScript (backwards).
        for (const native of nativeWays) {
          const twoThreads = await exportBytes(data, predictions, { keepFormulas, native, tailMinBytes: 0, tailWorker: true, tailFirst: true, chunkBytes: 4096 }, `${k}-tail`);
          expect(twoThreads.bytes.equals(reference.bytes), `${name}, keepFormulas ${keepFormulas}, native ${native}, tail on a worker`).toBe(true);
          tailRows += twoThreads.tailRows;
          joinedFiles += twoThreads.tailRows > 0 ? 1 : 0;
        }
      }
      // In memory (a browser download): the same text both ways.
      const content = new Uint8Array(readFileSync(data.path));
      const slow = predictionsCsvFromBytes(data, content, predictions, { rawCopy: false });
      for (const native of nativeWays) {
        const fast = predictionsCsvFromBytes(data, content, predictions, { chunkBytes: 13, native });
        expect(fast.ok && slow.ok && fast.value.csv === slow.value.csv, `${name} in memory, native ${native}`).toBe(true);
      }
    }
    // The fast path did run (on most rows of the big files).
    expect(copied).toBeGreaterThan(200_000);
    expect(tailRows).toBeGreaterThan(100_000);
    expect(joinedFiles).toBeGreaterThan(20);
  }, 240_000);

  it('copies the plain lines of a numeric file and re-reads only the others', async () => {
    const path = join(dir, 'plain.csv');
    writeFileSync(path, 'a,b\n1,-2\n3,=4\n"5",6\n7,8\r\n9,+1\n');
    const r = await loadDataset(path);
    if (!r.ok) throw new Error(r.error.message);
    const values = Float64Array.from([0.5, -0, NaN, 1e21, 2]);
    const predictions = { ...predictionsFor(5, 1), columns: [{ name: 'p', kind: 'number', values } as PredictionColumn] };
    const out = join(dir, 'plain-out.csv');
    const written = await exportPredictions(r.value, predictions, out);
    // Copied: 1,-2, 7,8 (its \r\n becomes \n) and 9,+1. Re-read: =4 (neutralised), "5" (quotes dropped).
    expect(written.ok && written.value.copiedRows).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe("a,b,p\n1,-2,0.5\n3,'=4,-0\n5,6,\n7,8,1e+21\n9,+1,2\n");
  });

  it('joins the tail worker’s part the same way when the original bytes are in memory (an upload)', async () => {
    const name = 'mixed-lf.csv';
    const bytes = awkwardFiles().get(name)!;
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const r = await loadDataset(path, { parallel: false });
    if (!r.ok) throw new Error(r.error.message);
    const upload = { ...r.value, path: '', content: bytes };
    const predictions = predictionsFor(r.value.rows, 9);
    const reference = await exportPredictions(upload, predictions, join(dir, 'upload-ref.csv'), { rawCopy: false, tailWorker: false, numberWorker: false });
    const twoThreads = await exportPredictions(upload, predictions, join(dir, 'upload-tail.csv'), { tailMinBytes: 0, tailWorker: true, tailFirst: true, chunkBytes: 1000 });
    expect(reference.ok && twoThreads.ok).toBe(true);
    expect(twoThreads.ok && twoThreads.value.tailRows).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'upload-tail.csv')).equals(readFileSync(join(dir, 'upload-ref.csv')))).toBe(true);
  });

  it('skips an Excel sep= line and the header before the data rows', async () => {
    const path = join(dir, 'sep.csv');
    writeFileSync(path, 'sep=;\na;b\n1;2\n3;4\n');
    const r = await loadDataset(path);
    if (!r.ok) throw new Error(r.error.message);
    const out = join(dir, 'sep-out.csv');
    const values = Float64Array.from([7, 8]);
    const written = await exportPredictions(r.value, { ...predictionsFor(2, 1), columns: [{ name: 'p', kind: 'number', values }] }, out);
    expect(written.ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('a,b,p\n1,2,7\n3,4,8\n');
  });

  it('names the same file line for an extra row whether lines before it were copied or not', async () => {
    const path = join(dir, 'extra.csv');
    writeFileSync(path, 'a,b\n1,2\n\n3,4\n');
    const r = await loadDataset(path);
    if (!r.ok) throw new Error(r.error.message);
    const content = new TextEncoder().encode('a,b\n1,2\n\n3,4\n"5",6\n');
    const predictions = predictionsFor(2, 3);
    const slow = predictionsCsvFromBytes(r.value, content, predictions, { rawCopy: false });
    const fast = predictionsCsvFromBytes(r.value, content, predictions);
    expect(!slow.ok && slow.error).toMatchObject({ kind: 'export/source-changed', line: 5 });
    expect(!fast.ok && fast.error).toEqual(!slow.ok && slow.error);
  });

  it('an export prepared ahead (tail worker started, last part read before the predictions exist) writes the same bytes', async () => {
    const all = await sources();
    let tailRows = 0;
    for (const [k, { name, data }] of all.entries()) {
      const predictions = predictionsFor(data.rows, 300 + k);
      const reference = await exportBytes(data, predictions, { rawCopy: false, numberWorker: false, tailWorker: false }, `${k}-prep-ref`);
      const prepared = prepareExport(data, { tailMinBytes: 0, tailWorker: true });
      try {
        const ahead = await exportBytes(data, predictions, { prepared, tailMinBytes: 0, tailWorker: true, tailFirst: true, chunkBytes: 4096 }, `${k}-prep`);
        expect(ahead.bytes.equals(reference.bytes), `${name}, prepared ahead`).toBe(true);
        tailRows += ahead.tailRows;
      } finally {
        prepared.dispose();
      }
    }
    // The prepared worker did export the last part of files (of flights_200k.csv alone: its last 45 % natively,
    // 60 % in JavaScript).
    expect(tailRows).toBeGreaterThan(80_000);
  }, 120_000);

  it('a preparation serves one export of its own dataset only; another dataset or a second export prepares its own', async () => {
    const name = 'mixed-lf.csv';
    const path = join(dir, `prep-${name}`);
    writeFileSync(path, awkwardFiles().get(name)!);
    const first = await loadDataset(path, { parallel: false });
    const second = await loadDataset(path, { parallel: false });
    if (!first.ok || !second.ok) throw new Error('load failed');
    const predictions = predictionsFor(first.value.rows, 11);
    const reference = await exportBytes(first.value, predictions, { rawCopy: false, numberWorker: false, tailWorker: false }, 'prep-once-ref');
    const prepared = prepareExport(first.value, { tailMinBytes: 0, tailWorker: true });
    try {
      // Another dataset object (same file): the preparation is not taken, and stays available.
      const other = await exportBytes(second.value, predictions, { prepared, tailMinBytes: 0, tailWorker: true, tailFirst: true }, 'prep-other');
      expect(other.bytes.equals(reference.bytes)).toBe(true);
      expect(prepared.taken).toBe(false);
      const own = await exportBytes(first.value, predictions, { prepared, tailMinBytes: 0, tailWorker: true, tailFirst: true }, 'prep-own');
      expect(own.bytes.equals(reference.bytes)).toBe(true);
      expect(own.tailRows).toBeGreaterThan(0);
      expect(prepared.taken).toBe(true);
      expect(prepared.take(first.value)).toBeNull();
      // Taken once: a second export with it reads its own last part, same bytes.
      const again = await exportBytes(first.value, predictions, { prepared, tailMinBytes: 0, tailWorker: true, tailFirst: true }, 'prep-again');
      expect(again.bytes.equals(reference.bytes)).toBe(true);
      expect(again.tailRows).toBeGreaterThan(0);
    } finally {
      prepared.dispose();
    }
  });

  it('a cancelled export that took a preparation leaves nothing behind', async () => {
    const path = join(dir, 'prep-cancel.csv');
    const rows = 200_000;
    writeFileSync(path, 'a,b\n' + '1.5,-2.25\n'.repeat(rows));
    const r = await loadDataset(path, { parallel: false });
    if (!r.ok) throw new Error(r.error.message);
    const folder = mkdtempSync(join(dir, 'prep-cancel-'));
    const prepared = prepareExport(r.value, { tailMinBytes: 0, tailWorker: true });
    const controller = new AbortController();
    try {
      const written = await exportPredictions(r.value, predictionsFor(rows, 5), join(folder, 'out.csv'), {
        prepared,
        tailMinBytes: 0,
        chunkBytes: 4096,
        signal: controller.signal,
        onProgress: (done) => done > 0 && controller.abort(),
      });
      expect(!written.ok && written.error.kind).toBe('job/cancelled');
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      prepared.dispose();
    }
  });

  it('prediction columns already on shared memory go to the tail worker as they are, with the same bytes', async () => {
    const name = 'mixed-lf.csv';
    const path = join(dir, `shared-${name}`);
    writeFileSync(path, awkwardFiles().get(name)!);
    const r = await loadDataset(path, { parallel: false });
    if (!r.ok) throw new Error(r.error.message);
    const plain = predictionsFor(r.value.rows, 21);
    const onShared = {
      ...plain,
      columns: plain.columns.map((c): PredictionColumn => {
        if (c.kind === 'number') {
          const values = new Float64Array(new SharedArrayBuffer(c.values.byteLength));
          values.set(c.values);
          return { ...c, values };
        }
        const codes = new Int32Array(new SharedArrayBuffer(c.codes.byteLength));
        codes.set(c.codes);
        return { ...c, codes };
      }),
    };
    const reference = await exportBytes(r.value, plain, { rawCopy: false, numberWorker: false, tailWorker: false }, 'shared-ref');
    const twoThreads = await exportBytes(r.value, onShared, { tailMinBytes: 0, tailWorker: true, tailFirst: true, chunkBytes: 4096 }, 'shared-tail');
    expect(twoThreads.tailRows).toBeGreaterThan(0);
    expect(twoThreads.bytes.equals(reference.bytes)).toBe(true);
  });
});
