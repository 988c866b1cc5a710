// Streaming predict reads plain numeric records in bulk (the loader's native reader, csv-kernels.ts) and tells
// the loader's warning reader only how many there were (stream-warnings.ts): the warnings, which come from the
// unusual records between them, and the bytes are still the in-memory path's, at batch sizes that cut the runs of
// plain records anywhere.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictFileToCsv } from '../../../../src-main/services/predict';
import { nativeCsvKernels } from '../../../../src-main/native/addon';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import type { NumericRowScanner } from '../../../../src-shared/data/csv/csv-kernels';
import { pythonRepr, seeded } from '../../native/helpers';

let pool: ForwardPool;
let dir: string;
beforeAll(() => {
  pool = new ForwardPool({ size: 2 });
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-stream-bulk-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Numeric inputs a, b, c, d (e is not an input). */
function model(): ModelFile {
  return {
    format: 'dense-lab/model',
    version: 1,
    inputs: ['a', 'b', 'c', 'd'].map((name, i) => ({ name, scale: { mean: 0.5 * i, std: 2 }, impute: 0.25 })),
    output: { name: 'y', task: 'regression', scale: { mean: 1, std: 3 } },
    layers: [{ units: 1, activation: 'linear', kernel: [[0.1], [-0.2], [0.3], [0.05]], bias: [0.125] }],
  };
}

async function compare(name: string, text: string | Buffer): Promise<string[]> {
  const dataPath = join(dir, name);
  writeFileSync(dataPath, text);
  const modelPath = join(dir, 'bulk.dlmodel.json');
  writeFileSync(modelPath, JSON.stringify(model()));
  const memory = await predictFileToCsv({ modelPath, dataPath, pool, outPath: join(dir, 'memory.csv'), stream: false });
  if (!memory.ok) throw new Error(`${name} in memory: ${memory.error.message}`);
  const expected = readFileSync(join(dir, 'memory.csv'));
  for (const chunkBytes of [97, 4096, 1 << 20]) {
    const streamed = await predictFileToCsv({ modelPath, dataPath, pool, outPath: join(dir, 'stream.csv'), stream: true, streamChunkBytes: chunkBytes });
    if (!streamed.ok) throw new Error(`${name} streamed (${chunkBytes} bytes a batch): ${streamed.error.message}`);
    expect(readFileSync(join(dir, 'stream.csv')).equals(expected), `${name}, ${chunkBytes} bytes a batch`).toBe(true);
    expect([streamed.value.rows, streamed.value.emptyRows, streamed.value.missingInputRows]).toEqual([memory.value.rows, memory.value.emptyRows, memory.value.missingInputRows]);
    expect(streamed.value.warnings, `${name}, ${chunkBytes} bytes a batch`).toEqual(memory.value.warnings);
  }
  return memory.value.warnings.map((w) => w.message);
}

/** Rows of plain numbers, with `odd(r)` (when it gives one) in their place now and then. */
function rows(count: number, odd: (r: number) => string | null): string {
  const lines = ['a,b,c,d,e'];
  for (let r = 0; r < count; r++) lines.push(odd(r) ?? `${(r % 17) / 4},${-r},${(r * 7) % 1000}.125,${r % 3},${r / 8}`);
  return `${lines.join('\n')}\n`;
}

describe('predict --stream: plain numeric records in bulk, unusual ones between them', () => {
  it('the native bulk reader is there (else the streaming path reads field by field, as the other tests check)', () => {
    expect(typeof nativeCsvKernels().numericRows).toBe('function');
  });

  it('missing cells, short rows, a trailing delimiter, ±Infinity and CRLF between plain records: same bytes, same warnings', async () => {
    const text = rows(20_000, (r) =>
      r % 997 === 5 ? `,${r},1,2,3` : r % 1511 === 7 ? `1,2,3,4` : r === 4321 ? `1,2,3,4,5,` : r % 2333 === 9 ? `inf,1,2,3,4` : r % 1733 === 1 ? `1,2,NA,4,5\r` : null,
    );
    const messages = await compare('plain-mixed.csv', text);
    // Not vacuous: the warnings count on the rows read in bulk (shares of missing cells, the first lines).
    expect(messages.join('\n')).toMatch(/missing/);
    expect(messages.length).toBeGreaterThan(2);
  }, 120_000);

  it('text and bad UTF-8 in a numeric column after many plain records (the warning reader then reads every field)', async () => {
    // Column b's one text cell comes last: it is 'not a number' only counted against every number before it, those read in bulk too.
    const text = rows(15_000, (r) => (r === 14_995 ? `1,oops,3,4,5` : r % 1201 === 3 ? `,,,,` : r === 14_990 ? `1,2,3,4,#DIV/0!` : null));
    const at = text.lastIndexOf('\n', text.length - 60) + 1;
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0x33, 0x2c, 0x34, 0x2c, 0x78, 0xff, 0x0a]), Buffer.from(text.slice(at))]);
    const messages = await compare('text-late.csv', bytes);
    expect(messages.join('\n')).toMatch(/not valid UTF-8/);
    expect(messages).toContain("'oops' is not a number; read as missing");
  }, 120_000);
  it('a file written like pandas (17 significant digits, exponents) is read in bulk, with the in-memory bytes and warnings', async () => {
    const rand = seeded(8);
    const text = rows(12_000, (r) => {
      const cells = Array.from({ length: 5 }, (_, c) => pythonRepr((rand() - 0.4) * 10 ** (Math.floor(rand() * 30) - 15) * (c === 3 ? 1e-6 : 1)));
      if (r % 2011 === 5) cells[1] = 'NA';
      if (r === 7777) cells[2] = '1e999';
      return cells.join(',');
    });
    const kernels = nativeCsvKernels() as { numericRows?: NumericRowScanner };
    const scan = kernels.numericRows as NumericRowScanner;
    let bulkRows = 0;
    kernels.numericRows = (...args) => {
      const n = scan(...args);
      bulkRows += n;
      return n;
    };
    try {
      await compare('pandas.csv', text);
    } finally {
      kernels.numericRows = scan;
    }
    // Most rows went through the bulk reader (in the in-memory load and the streamed runs in batches of more than a row).
    expect(bulkRows).toBeGreaterThan(2 * 11_000);
  }, 120_000);
});
