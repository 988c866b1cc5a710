// Streaming predict (read, predict and write a batch at a time) writes the same bytes and reports the same
// counts as the in-memory path (load → predict → export), on generated files with small batches forced, so
// quoted fields, CRLF line ends and multi-byte characters fall across batch boundaries.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictFileToCsv, type PredictFileRequest } from '../../../../src-main/services/predict';
import { batchSizes, predictFileStreaming, streamWorkers } from '../../../../src-main/services/predict/predict-stream';
import { ForwardPool } from '../../../../src-main/workers/pool';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import { createRandom } from '../../../../src-shared/nn/random';

let pool: ForwardPool;
let dir: string;
beforeAll(() => {
  pool = new ForwardPool({ size: 2 });
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-predict-stream-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const COLOURS = ['red', 'green', 'blue', 'grün', '01', '1.50'];

/** Inputs x (scaled), z (imputed), colour (categories from the model, one never seen in the data, 'cyan' unknown to it). */
function model(task: 'regression' | 'multiclass'): ModelFile {
  const rand = createRandom(task === 'regression' ? 11 : 12);
  const inputs = 2 + COLOURS.length;
  const units = task === 'regression' ? 1 : 3;
  return {
    format: 'dense-lab/model',
    version: 1,
    inputs: [{ name: 'x', scale: { mean: 0.25, std: 1.5 } }, { name: 'z', impute: 0.5 }, { name: 'colour', categories: [...COLOURS, 'never'] }],
    output: task === 'regression' ? { name: 'y', task, scale: { mean: 3, std: 2 } } : { name: 'y', task, classes: ['a', 'b', 'c'] },
    layers: [
      { units: 5, activation: 'tanh', kernel: Array.from({ length: inputs + 1 }, () => Array.from({ length: 5 }, () => rand.uniform(-1, 1))), bias: [0.1, -0.2, 0.3, 0, 0.05] },
      { units, activation: task === 'regression' ? 'linear' : 'softmax', kernel: Array.from({ length: 5 }, () => Array.from({ length: units }, () => rand.uniform(-1, 1))), bias: new Array<number>(units).fill(0.01) },
    ],
  };
}

/**
 * `rows` rows of id, note (quoted text with commas, quotes and line breaks), x, z (some empty), colour (some
 * unknown, some empty, some numbers written as categories), y; line ends `eol`; short rows now and then.
 */
function csv(rows: number, seed: number, eol: string): string {
  const rand = createRandom(seed);
  const lines = ['id,note,x,z,colour,y'];
  for (let r = 0; r < rows; r++) {
    const note = rand.nextInt(4) === 0 ? `"said ""hi"", then${eol}left, ok"` : rand.nextInt(3) === 0 ? 'plain' : '';
    const x = rand.nextInt(40) === 0 ? '' : rand.uniform(-3, 3).toFixed(rand.nextInt(6));
    const z = rand.nextInt(5) === 0 ? '' : String(rand.nextInt(100) / 8);
    const pick = rand.nextInt(20);
    const colour = pick === 0 ? 'cyan' : pick === 1 ? '' : pick === 2 ? ` "${COLOURS[3]}" ` : COLOURS[pick % COLOURS.length];
    const y = rand.uniform(0, 9).toFixed(3);
    // A short row (its last cell missing) now and then, as the loader reads it.
    lines.push(rand.nextInt(50) === 0 ? [r, note, x, z, colour].join(',') : [r, note, x, z, colour, y].join(','));
  }
  return lines.join(eol) + (seed % 2 === 0 ? eol : '');
}

async function both(data: string, task: 'regression' | 'multiclass', chunkBytes: number, extra: Partial<PredictFileRequest> = {}, bytes?: Uint8Array) {
  const modelPath = join(dir, `${task}.dlmodel.json`);
  writeFileSync(modelPath, JSON.stringify(model(task)));
  const dataPath = join(dir, 'data.csv');
  writeFileSync(dataPath, bytes ?? data);
  const base = { modelPath, dataPath, pool, ...extra };
  const memory = await predictFileToCsv({ ...base, outPath: join(dir, 'memory.csv'), stream: false });
  const streamed = await predictFileToCsv({ ...base, outPath: join(dir, 'stream.csv'), stream: true, streamChunkBytes: chunkBytes });
  return { memory, streamed, read: (name: string) => readFileSync(join(dir, name)) };
}

describe('predict --stream: the same bytes as the in-memory path', () => {
  const cases = [
    { name: 'LF, final line end', rows: 700, seed: 2, eol: '\n' },
    { name: 'CRLF, no final line end', rows: 700, seed: 3, eol: '\r\n' },
    { name: 'CRLF with a final line end', rows: 300, seed: 4, eol: '\r\n' },
  ];
  for (const c of cases) {
    for (const task of ['regression', 'multiclass'] as const) {
      it(`${c.name}, ${task}: every batch size gives the in-memory bytes and counts`, async () => {
        const data = csv(c.rows, c.seed, c.eol);
        for (const chunkBytes of [1, 7, 64, 997, 1 << 20]) {
          const { memory, streamed, read } = await both(data, task, chunkBytes);
          if (!memory.ok) throw new Error(memory.error.message);
          if (!streamed.ok) throw new Error(`${chunkBytes} bytes a batch: ${streamed.error.message}`);
          expect(read('stream.csv').equals(read('memory.csv')), `${chunkBytes} bytes a batch`).toBe(true);
          const counts = (s: typeof memory.value) => [s.rows, s.predictedRows, s.emptyRows, s.missingInputRows, s.unknownCategoryRows, s.emptyBy];
          expect(counts(streamed.value)).toEqual(counts(memory.value));
          // The generated data leaves rows empty for each reason: the comparison is not vacuous.
          expect(memory.value.missingInputRows).toBeGreaterThan(0);
          expect(memory.value.unknownCategoryRows).toBeGreaterThan(0);
        }
      }, 120_000);
    }
  }

  it('a batch larger than the slices it is read and written in (1 MiB, with turns of the event loop between) gives the same bytes', async () => {
    const data = csv(90_000, 6, '\r\n');
    expect(data.length).toBeGreaterThan(3 << 20);
    const { memory, streamed, read } = await both(data, 'multiclass', 8 << 20);
    expect(memory.ok && streamed.ok).toBe(true);
    expect(read('stream.csv').equals(read('memory.csv'))).toBe(true);
  });

  it('batch sizes: the first, then each twice the one before, up to the chunk size', () => {
    const take = (next: () => number, n: number) => Array.from({ length: n }, next);
    expect(take(batchSizes(1, 64), 9)).toEqual([1, 2, 4, 8, 16, 32, 64, 64, 64]);
    expect(take(batchSizes(3, 20), 5)).toEqual([3, 6, 12, 20, 20]);
    expect(take(batchSizes(100, 10), 2)).toEqual([10, 10]);
    expect(take(batchSizes(0, 10), 3)).toEqual([1, 2, 4]);
  });

  it('batches growing from a small first one give the in-memory bytes, read in the batches expected', async () => {
    const data = csv(700, 3, '\r\n');
    const { memory, read } = await both(data, 'multiclass', 64);
    if (!memory.ok) throw new Error(memory.error.message);
    const sizes: number[] = [];
    const run = pool.runForward.bind(pool);
    pool.runForward = ((job, options) => {
      sizes.push(job.matrix.rows);
      return run(job, options);
    }) as typeof pool.runForward;
    try {
      for (const [first, most] of [[1, 64], [7, 997], [100, 4096], [4096, 4096]]) {
        sizes.length = 0;
        const outPath = join(dir, 'grown.csv');
        const r = await predictFileStreaming({ modelPath: join(dir, 'multiclass.dlmodel.json'), dataPath: join(dir, 'data.csv'), outPath, pool }, { chunkBytes: most, firstChunkBytes: first });
        if (!r.ok) throw new Error(`first ${first}, then up to ${most}: ${r.error.message}`);
        expect(read('grown.csv').equals(read('memory.csv')), `first ${first}, then up to ${most}`).toBe(true);
        // one job per read that gave bytes, and one for the rows the file's end completes
        let reads = 0;
        for (let at = 0, next = batchSizes(first, most); at < Buffer.byteLength(data); reads++) at += next();
        expect(sizes.length, `first ${first}, then up to ${most}`).toBe(reads + 1);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(memory.value.rows);
      }
    } finally {
      pool.runForward = run;
    }
  }, 120_000);

  it('a byte-order mark, a chosen subset of columns and kept formulas give the same bytes too', async () => {
    const data = '\ufeff' + csv(200, 6, '\n').replace('plain', '=1+2');
    const { memory, streamed, read } = await both(data, 'regression', 5, { columns: ['note', 'colour'], keepFormulas: true });
    if (!memory.ok || !streamed.ok) throw new Error('a run failed');
    expect(read('stream.csv').equals(read('memory.csv'))).toBe(true);
    expect(read('stream.csv').toString('utf8').split('\n')[0]).toBe('note,colour,prediction');
  });

  it('UTF-16 (with its byte-order mark) and Windows-1252 files give the same bytes, batches splitting their characters', async () => {
    const text = csv(120, 10, '\r\n');
    for (const bytes of [Buffer.from(`\ufeff${text}`, 'utf16le'), Buffer.from(text, 'latin1')]) {
      for (const chunkBytes of [1, 3, 4096]) {
        const { memory, streamed, read } = await both(bytes.toString('latin1'), 'multiclass', chunkBytes, {}, bytes);
        if (!memory.ok || !streamed.ok) throw new Error(`a run failed: ${memory.ok ? '' : memory.error.message} ${streamed.ok ? '' : streamed.error.message}`);
        expect(read('stream.csv').equals(read('memory.csv')), `${chunkBytes} bytes a batch`).toBe(true);
        expect(read('stream.csv').toString('utf8')).toContain('grün');
      }
    }
  });

  it('a semicolon file with decimal commas gives the same bytes', async () => {
    const data = csv(150, 8, '\n')
      .split('\n')
      .map((line) => line.replace(/,/g, ';').replace(/(\d)\.(\d)/g, '$1,$2'))
      .join('\n');
    const { memory, streamed, read } = await both(data, 'regression', 3);
    if (!memory.ok || !streamed.ok) throw new Error(`a run failed: ${memory.ok ? '' : memory.error.message} ${streamed.ok ? '' : streamed.error.message}`);
    expect(read('stream.csv').equals(read('memory.csv'))).toBe(true);
  });

  it('comment lines above the table, spreadsheet errors and Swiss-formatted numbers give the same bytes', async () => {
    const [header, ...rows] = csv(150, 9, '\n').split('\n');
    const swiss = rows.map((line, r) => {
      const cells = line.split(',');
      if (cells.length < 6 || cells[1] !== '' && cells[1] !== 'plain') return line;
      if (cells[2] !== '') cells[2] = `"${(Number(cells[2]) * 1000).toLocaleString('de-CH')}"`;
      if (r % 13 === 4) cells[3] = '#DIV/0!';
      return cells.join(',');
    });
    const data = ['# exported by a station logger', header, ...swiss].join('\n');
    const { memory, streamed, read } = await both(data, 'regression', 5);
    if (!memory.ok || !streamed.ok) throw new Error(`a run failed: ${memory.ok ? '' : memory.error.message} ${streamed.ok ? '' : streamed.error.message}`);
    expect(read('stream.csv').equals(read('memory.csv'))).toBe(true);
    expect(read('memory.csv').toString('utf8')).toMatch(/\d'\d{3}/);
    expect(memory.value.rows).toBe(150);
  });
});

describe('predict --stream: the in-memory path\'s errors, and nothing written', () => {
  it('a streamed run leaves one core to the thread that reads and writes (unless the caller sets the workers)', async () => {
    expect([1, 2, 3, 8].map(streamWorkers)).toEqual([1, 1, 2, 7]);
    const asked: (number | undefined)[] = [];
    const run = pool.runForward.bind(pool);
    pool.runForward = ((job, options) => {
      asked.push(job.maxWorkers);
      return run(job, options);
    }) as typeof pool.runForward;
    try {
      const data = csv(2000, 5, '\n');
      const { streamed } = await both(data, 'regression', 4096);
      expect(streamed.ok).toBe(true);
      expect(asked.length).toBeGreaterThan(2);
      // the in-memory run first (the caller's choice: none), then every streamed batch on pool size − 1
      expect(asked[0]).toBeUndefined();
      expect(new Set(asked.slice(1))).toEqual(new Set([1]));
      asked.length = 0;
      await both(data, 'regression', 4096, { maxWorkers: 2 });
      expect(new Set(asked)).toEqual(new Set([2]));
    } finally {
      pool.runForward = run;
    }
  });

  it('computes on the calling thread only when the caller allows it (the CLI does, the app does not), with the same bytes', async () => {
    let helpCalls = 0;
    const help = pool.help.bind(pool);
    const run = pool.runForward.bind(pool);
    pool.help = ((maxChunks?: number) => {
      helpCalls++;
      return help(maxChunks);
    }) as typeof pool.help;
    // Each batch's result arrives a little late, so the stream always meets a batch still running.
    pool.runForward = ((job, options) => run(job, options).then((r) => new Promise((resolve) => setTimeout(() => resolve(r), 2)))) as typeof pool.runForward;
    try {
      const data = csv(3000, 5, '\n');
      const plain = await both(data, 'regression', 4096);
      expect(plain.streamed.ok).toBe(true);
      expect(helpCalls).toBe(0);
      const allowed = await both(data, 'regression', 4096, { computeHere: true });
      expect(allowed.streamed.ok).toBe(true);
      expect(helpCalls).toBeGreaterThan(0);
      expect(allowed.read('stream.csv').equals(allowed.read('memory.csv'))).toBe(true);
    } finally {
      pool.help = help;
      pool.runForward = run;
    }
  });

  it('a model input the file lacks', async () => {
    const { memory, streamed } = await both('id,x,colour\n1,2,red\n', 'regression', 64);
    expect(memory.ok || streamed.ok).toBe(false);
    if (memory.ok || streamed.ok) return;
    expect(streamed.error).toEqual(memory.error);
  });

  it('a numeric input whose column is mostly text (the whole column is typed at the end)', async () => {
    const rows = Array.from({ length: 60 }, (_, r) => `${r},,${r % 3 === 0 ? 'high' : r},1,red,2`);
    const { memory, streamed } = await both(['id,note,x,z,colour,y', ...rows].join('\n'), 'regression', 16);
    expect(memory.ok || streamed.ok).toBe(false);
    if (memory.ok || streamed.ok) return;
    expect(streamed.error.kind).toBe('predict/wrong-column-type');
    expect(streamed.error).toEqual(memory.error);
  });

  it('a categorical input whose column holds only numbers', async () => {
    const rows = Array.from({ length: 30 }, (_, r) => `${r},,1,1,${r % 4},2`);
    const { memory, streamed } = await both(['id,note,x,z,colour,y', ...rows].join('\n'), 'regression', 16);
    expect(memory.ok || streamed.ok).toBe(false);
    if (memory.ok || streamed.ok) return;
    expect(streamed.error).toEqual(memory.error);
  });

  it('a row with too many fields, a header without rows', async () => {
    const ragged = await both('id,note,x,z,colour,y\n1,,2,3,red,4\n2,,2,3,red,4,5\n', 'regression', 8);
    expect(!ragged.memory.ok && !ragged.streamed.ok && ragged.streamed.error).toEqual(!ragged.memory.ok && ragged.memory.error);
    const empty = await both('id,note,x,z,colour,y\n', 'regression', 8);
    expect(!empty.memory.ok && !empty.streamed.ok && empty.streamed.error.kind).toBe('csv/no-rows');
    expect(!empty.streamed.ok && empty.streamed.error).toEqual(!empty.memory.ok && empty.memory.error);
  });
});

describe('predict --stream: cancelling', () => {
  it('a cancelled run ends with job/cancelled and leaves no file', async () => {
    const modelPath = join(dir, 'cancel.dlmodel.json');
    writeFileSync(modelPath, JSON.stringify(model('regression')));
    const dataPath = join(dir, 'cancel.csv');
    writeFileSync(dataPath, csv(50, 9, '\n'));
    const controller = new AbortController();
    controller.abort();
    const outPath = join(dir, 'cancelled.csv');
    const r = await predictFileToCsv({ modelPath, dataPath, outPath, pool, stream: true, signal: controller.signal });
    expect(!r.ok && r.error.kind).toBe('job/cancelled');
    expect(existsSync(outPath)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
