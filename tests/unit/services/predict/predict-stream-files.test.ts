// Streaming predict meets the files the loader meets: every awkward CSV of tests/fixtures/bad-csv that loads
// (byte-order marks, CRLF, UTF-16, decimal commas, tabs, quoted line breaks, missing tokens, no header …),
// as it is and compressed (.csv.gz, .csv.zip), gives the in-memory path's bytes at several batch sizes; and
// a compressed file that is not one CSV gets the loader's own sentence.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictFileToCsv } from '../../../../src-main/services/predict';
import { loadDataset } from '../../../../src-main/services/datasets';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { Dataset } from '../../../../src-shared/data/dataset';
import type { InputSpec, ModelFile } from '../../../../src-shared/model-file/types';
import { badCsvDir } from '../../../fixtures/paths';

let pool: ForwardPool;
let dir: string;
beforeAll(() => {
  pool = new ForwardPool({ size: 2 });
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-stream-files-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const expectations = JSON.parse(readFileSync(join(badCsvDir, 'expectations.json'), 'utf8')) as { file: string; expect: string }[];
const loading = expectations.filter((e) => e.expect === 'load').map((e) => e.file);

/** A model reading every numeric and categorical column but the last (the last, when that is all there is). */
function modelFor(d: Dataset): ModelFile {
  const usable = d.columns.filter((c) => c.type === 'numeric' || c.type === 'categorical');
  const chosen = usable.length > 1 ? usable.slice(0, -1) : usable;
  const inputs: InputSpec[] = chosen.map((c) => (c.type === 'numeric' ? { name: c.name, scale: { mean: 0.5, std: 2 }, impute: 0.25 } : { name: c.name, categories: [...(c.categories ?? [])] }));
  const width = chosen.reduce((n, c) => n + (c.type === 'numeric' ? 1 : (c.categories ?? []).length), 0);
  return {
    format: 'dense-lab/model',
    version: 1,
    inputs,
    output: { name: 'prediction_of_y', task: 'regression', scale: { mean: 1, std: 3 } },
    layers: [{ units: 1, activation: 'linear', kernel: Array.from({ length: width }, (_, i) => [0.1 * (i + 1) - 0.35]), bias: [0.125] }],
  };
}

async function compare(name: string, bytes: Uint8Array, modelPath: string) {
  const dataPath = join(dir, name);
  writeFileSync(dataPath, bytes);
  const memory = await predictFileToCsv({ modelPath, dataPath, pool, outPath: join(dir, 'memory.csv'), stream: false });
  if (!memory.ok) throw new Error(`${name} in memory: ${memory.error.message}`);
  const expected = readFileSync(join(dir, 'memory.csv'));
  for (const chunkBytes of [1, 13, 1 << 20]) {
    const streamed = await predictFileToCsv({ modelPath, dataPath, pool, outPath: join(dir, 'stream.csv'), stream: true, streamChunkBytes: chunkBytes });
    if (!streamed.ok) throw new Error(`${name} streamed (${chunkBytes} bytes a batch): ${streamed.error.message}`);
    expect(readFileSync(join(dir, 'stream.csv')).equals(expected), `${name}, ${chunkBytes} bytes a batch`).toBe(true);
    expect([streamed.value.rows, streamed.value.emptyRows, streamed.value.streamed]).toEqual([memory.value.rows, memory.value.emptyRows, true]);
    expect(streamed.value.warnings, `${name}, ${chunkBytes} bytes a batch`).toEqual(memory.value.warnings);
    expect(streamed.value.loadWarnings).toBe(memory.value.warnings.length);
  }
  return { bytes: expected, warnings: memory.value.warnings };
}

/** A gzip file whose compressed middle was overwritten: it fails its checks part of the way in. */
function damagedGzip(): Uint8Array {
  const text = Array.from({ length: 5000 }, (_, r) => `${r},${(r * 7) % 13}`).join('\n');
  const gz = gzipSync(`a,b\n${text}\n`);
  gz.fill(0x55, gz.length >> 1, (gz.length >> 1) + 40);
  return gz;
}

describe('predict --stream on the awkward fixtures, plain and compressed', () => {
  it('covers the fixtures that load (the list is not empty)', () => {
    expect(loading.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of loading) {
    it(`${file}: the in-memory bytes as it is, gzip-compressed and zipped`, async () => {
      const bytes = readFileSync(join(badCsvDir, file));
      const loaded = await loadDataset(join(badCsvDir, file));
      if (!loaded.ok) throw new Error(loaded.error.message);
      const modelPath = join(dir, 'model.dlmodel.json');
      writeFileSync(modelPath, JSON.stringify(modelFor(loaded.value)));
      const plain = (await compare(file, bytes, modelPath)).bytes;
      // Each row got its prediction column: the comparison is not of two empty files.
      expect(plain.toString('latin1').split(/\r?\n/)[0]).toMatch(/,prediction$/);
      expect((await compare(`${file}.gz`, gzipSync(bytes), modelPath)).bytes.equals(plain)).toBe(true);
      expect((await compare(`${file}.zip`, zipSync({ [`inner/${file}`]: bytes, 'readme.md': new TextEncoder().encode('about') }), modelPath)).bytes.equals(plain)).toBe(true);
      // A stored (not deflated) entry reads the same.
      expect((await compare(`${file}.stored.zip`, zipSync({ [file]: [bytes, { level: 0 }] }), modelPath)).bytes.equals(plain)).toBe(true);
    }, 60_000);
  }

  it('a file with every kind of load warning: the same warnings, in the same order, streamed (plain and gzipped)', async () => {
    const rows = ['# logger export 2024', 'Station report', 'a,b,c,d,e'];
    for (let r = 0; r < 6000; r++) {
      const a = r % 97 === 5 ? 'n/a?' : r % 89 === 7 ? '#DIV/0!' : r % 83 === 3 ? 'inf' : String(r / 4);
      const b = r % 61 === 9 ? 'oops' : String(r % 7);
      const c = r < 30 ? String(r % 3) : ['x', 'y', 'z', '01'][r % 4];
      const d = r % 131 === 11 ? '' : String((r * 3) % 11);
      // Numbers, then (past the sniffed start) labels: the in-memory path reads the file again keeping their texts.
      const e = r < 4000 ? String(r % 5) : ['lo', 'hi'][r % 2];
      if (r % 71 === 13) rows.push(`${a},${b},${c},${d}`);
      else if (r % 101 === 17) rows.push(`${a},${b},${c},${d},${e},`);
      else rows.push(`${a},${b},${c},${d},${e}`);
    }
    const bytes = Buffer.concat([Buffer.from(rows.slice(0, 5000).join('\n') + '\n'), Buffer.from([0x31, 0x2c, 0x31, 0x2c, 0x78, 0xff, 0x2c, 0x31, 0x2c, 0x31, 0x0a]), Buffer.from(rows.slice(5000).join('\n') + '\n')]);
    const path = join(dir, 'warned.csv');
    writeFileSync(path, bytes);
    const loaded = await loadDataset(path);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const modelPath = join(dir, 'warned.dlmodel.json');
    writeFileSync(modelPath, JSON.stringify(modelFor(loaded.value)));
    const plain = await compare('warned.csv', bytes, modelPath);
    // Not vacuous: titles, short rows, a trailing delimiter, errors, non-finite, text in numbers, bad UTF-8 past the sniffed start.
    const messages = plain.warnings.map((w) => w.message).join('\n');
    for (const m of ['above the table', 'fields; the header', 'extra empty field', 'spreadsheet error', 'not a finite number', 'is not a number', 'not valid UTF-8', 'more short rows']) expect(messages).toContain(m);
    expect(loaded.value.columns[4].type).toBe('categorical');
    expect((await compare('warned.csv.gz', gzipSync(bytes), modelPath)).warnings).toEqual(plain.warnings);
  }, 60_000);

  it('a zip without exactly one CSV, and a damaged gzip file: the loader\'s sentence, nothing written', async () => {
    const modelPath = join(dir, 'model2.dlmodel.json');
    writeFileSync(modelPath, JSON.stringify(modelFor({ columns: [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }] } as unknown as Dataset)));
    const csv = new TextEncoder().encode('a,b\n1,2\n3,4\n');
    const cases: [string, Uint8Array][] = [
      ['two.zip', zipSync({ 'one.csv': csv, 'two.csv': csv })],
      ['none.zip', zipSync({ 'notes.txt.md': csv })],
      ['damaged.csv.gz', damagedGzip()],
    ];
    for (const [name, bytes] of cases) {
      const dataPath = join(dir, name);
      writeFileSync(dataPath, bytes);
      const memory = await predictFileToCsv({ modelPath, dataPath, pool, outPath: join(dir, `${name}.memory.csv`), stream: false });
      const streamed = await predictFileToCsv({ modelPath, dataPath, pool, outPath: join(dir, `${name}.stream.csv`), stream: true });
      expect(memory.ok || streamed.ok, name).toBe(false);
      if (memory.ok || streamed.ok) continue;
      expect(streamed.error.kind, name).toBe(memory.error.kind);
      if (!name.endsWith('.gz')) expect(streamed.error.message, name).toBe(memory.error.message);
      expect(streamed.error.message, name).toContain(dataPath);
    }
  });
});
