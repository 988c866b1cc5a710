// The parallel loader gives exactly what the single-threaded loader gives: the same cells bit for bit,
// missing flags, column metadata, warnings (with their lines) and errors (with their lines), on the
// sample and awkward-CSV corpora and on generated awkward files split at every byte.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvWorkerPool, loadDataset, type LoadedDataset, type ParallelOptions } from '../../../../src-main/services/datasets';
import type { ParallelReport } from '../../../../src-main/services/datasets/parallel-load';
import type { Result } from '../../../../src-shared/result';
import { seeded } from '../../workers/reference';
import { badCsvDir, datasetsDir } from '../../../fixtures/paths';
import { essence } from './load-essence';

const repoRoot = resolve(import.meta.dirname, '../../../..');
/** Inside the repository: the bundled samples and the awkward-CSV fixtures (tests/fixtures/paths.ts). */
const fixtureDirs: Record<string, string> = { datasets: datasetsDir, 'bad-csv': badCsvDir };
const pool = new CsvWorkerPool(2);
const scratch = mkdtempSync(join(tmpdir(), 'dense-lab-parallel-'));

afterAll(async () => {
  await pool.close();
  rmSync(scratch, { recursive: true, force: true });
});


/** Load `path` on one thread and in parallel with each set of split offsets; return the reports. */
async function expectSameEverySplit(path: string, splits: readonly (readonly number[])[]): Promise<ParallelReport[]> {
  const single = essence(await loadDataset(path, { parallel: false }));
  const reports: ParallelReport[] = [];
  for (const offsets of splits) {
    const parallel: ParallelOptions = { minBytes: 0, offsets, onReport: (r) => reports.push(r) };
    const got = essence(await loadDataset(path, { pool, parallel }));
    expect(got, `${path} split after ${offsets.join(', ')}`).toEqual(single);
  }
  return reports;
}

/** Every single split offset in [0, size), and pairs of offsets a stride apart. */
function allSplits(size: number, stride: number): number[][] {
  const out: number[][] = [];
  for (let p = 0; p < size; p++) out.push([p]);
  for (let p = 0; p < size; p += stride) out.push([p, p + stride, p + 2 * stride]);
  return out;
}

function write(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}


describe('parallel loading equals single-threaded loading', () => {
  it('on every file of samples/, in 2, 3 and 5 chunks, finished on the workers or on this thread', async () => {
    const dir = fixtureDirs['datasets'];
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const reports: ParallelReport[] = [];
      for (const chunks of [2, 3, 5]) {
        const path = resolve(dir, f);
        const single = essence(await loadDataset(path, { parallel: false }));
        for (const finishOn of ['workers', 'main'] as const) {
          const got = essence(await loadDataset(path, { pool, parallel: { minBytes: 0, chunks, finishOn, onReport: (r) => reports.push(r) } }));
          expect(got, `${f} in ${chunks} chunks, finished on ${finishOn}`).toEqual(single);
        }
      }
      // These files have no quoted line ends: every split is used, none falls back.
      expect(reports.every((r) => r.fallback === undefined && r.chunks > 1), `${f}: ${JSON.stringify(reports)}`).toBe(true);
    }
  });

  it('on every file of tests/fixtures/bad-csv, split at every byte', async () => {
    const dir = fixtureDirs['bad-csv'];
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv') || f.endsWith('.tsv'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const path = resolve(dir, f);
      const size = (await import('node:fs')).statSync(path).size;
      await expectSameEverySplit(path, allSplits(size, Math.max(3, Math.floor(size / 7))));
    }
  });

  it('with quoted line ends (\\n, \\r\\n, \\r) near and across every split, falling back only where a chunk starts inside quotes', async () => {
    const rows = [
      'id,label,score,note',
      '1,"two\nlines",1.5,plain',
      '2,"a ""quoted"" word, and a comma",2.25,"x"',
      '3,"crlf\r\ninside",-3,"y\rz"',
      '4,plain,4e2,"\n\n\n"',
      '5,"",5.5,end',
      '6,"last\nrow",6,"q"',
    ];
    const path = write('quoted.csv', rows.join('\n') + '\n');
    const reports = await expectSameEverySplit(path, allSplits(rows.join('\n').length + 1, 9));
    expect(reports.some((r) => r.fallback?.includes('inside a quoted field'))).toBe(true);
    expect(reports.some((r) => r.fallback === undefined && r.chunks > 1)).toBe(true);
  });

  it('starts chunks between plain lines when it can, so quoted line ends rarely cost the parallel read', async () => {
    const lines = ['id,note,value'];
    for (let r = 0; r < 90; r++) lines.push(r % 3 === 0 ? `${r},"note ${r}\nwith a second line, and a comma",${r / 4}` : `${r},plain ${r},${r / 4}`);
    const text = lines.join('\n') + '\n';
    const path = write('mostly-plain.csv', text);
    const splits: number[][] = [];
    // Every offset up to 200 bytes before the end, so that two plain lines follow it.
    for (let p = 0; p < text.length - 200; p += 2) splits.push([p]);
    const reports = await expectSameEverySplit(path, splits);
    expect(reports.length).toBe(splits.length);
    expect(reports.every((r) => r.fallback === undefined && r.chunks === 2), JSON.stringify(reports.find((r) => r.fallback))).toBe(true);
  });

  it('with CRLF line ends, blank lines, lone CR line ends and a trailing delimiter', async () => {
    const crlf = write('crlf.csv', 'a,b,c,\r\n1,2,3,\r\n\r\n4,5,6,\r\n7,,9,\r\n\r\n\r\n10,11,12,\r\n');
    await expectSameEverySplit(crlf, allSplits(60, 7));
    const mixed = write('lone-cr.csv', 'a,b\r1,2\r3,4\n5,6\r\n7,8\r9,10\n\n11,12\r13,14');
    await expectSameEverySplit(mixed, allSplits(55, 5));
  });

  it('with warnings spread over the chunks: text in a numeric column, non-finite values, short rows (first 5, then a count)', async () => {
    const rnd = seeded(7);
    const lines = ['x,y,z,w'];
    for (let r = 0; r < 400; r++) {
      const x = r % 37 === 5 ? 'oops' + (r % 3) : (rnd() * 100 - 50).toFixed(3);
      const y = r % 41 === 3 ? 'inf' : r % 43 === 1 ? 'NA' : String(Math.floor(rnd() * 1000));
      const z = ['red', 'green', 'blue', 'violet'][Math.floor(rnd() * 4)];
      lines.push(r % 29 === 11 ? `${x},${y},${z}` : `${x},${y},${z},${r % 50 === 7 ? ' 1e400' : (rnd() * 10).toPrecision(4)}`);
    }
    const text = lines.join('\n') + '\n';
    const path = write('warnings.csv', text);
    const splits: number[][] = [];
    for (let p = 0; p < text.length; p += 97) splits.push([p], [p, p + 1500], [p, p + 3000, p + 6000]);
    const reports = await expectSameEverySplit(path, splits);
    expect(reports.every((r) => r.fallback === undefined)).toBe(true);
    const single = await loadDataset(path, { parallel: false });
    expect(single.ok && single.value.warnings.length).toBeGreaterThan(10);
  });

  it('with text and categories first seen in later chunks, and numbers in a text column', async () => {
    const lines = ['kind,city,n'];
    for (let r = 0; r < 300; r++) lines.push(`${r < 150 ? 'a' : r < 250 ? 'b' : r % 2 ? '7' : 'c'},city${(r * 7919) % 97},${r}`);
    const text = lines.join('\n') + '\n';
    await expectSameEverySplit(write('categories.csv', text), Array.from({ length: 60 }, (_, k) => [k * 71, k * 71 + 900]));
  });

  it('with errors: a ragged row and an unterminated quote name the same line as a single pass', async () => {
    const body = Array.from({ length: 80 }, (_, r) => `${r},${r * 2},${r * 3}`);
    const ragged = [...body.slice(0, 60), '60,120,180,240', ...body.slice(61)];
    const ragPath = write('ragged.csv', 'a,b,c\n' + ragged.join('\n') + '\n');
    const single = await loadDataset(ragPath, { parallel: false });
    expect(!single.ok && single.error.line).toBe(62);
    const reports = await expectSameEverySplit(ragPath, Array.from({ length: 50 }, (_, k) => [k * 20]));
    // Most splits put the bad row in the second chunk: its error is found there and read again from its true line.
    expect(reports.filter((r) => r.fallback === undefined && r.chunks === 2).length).toBeGreaterThan(30);
    const open = write('open-quote.csv', 'a,b,c\n' + body.join('\n') + '\n1,"never closes,3\n4,5,6\n');
    await expectSameEverySplit(open, Array.from({ length: 60 }, (_, k) => [k * 15]));
    const tooFew = write('too-few.csv', 'a,b,c,d\n' + body.map((l) => l + ',1').join('\n') + '\n5\n');
    await expectSameEverySplit(tooFew, Array.from({ length: 40 }, (_, k) => [k * 30]));
  });

  it('with a byte-order mark, an Excel sep= line, a decimal comma and bytes that are not UTF-8', async () => {
    const semi = 'sep=;\nh;w;label\n' + Array.from({ length: 60 }, (_, r) => `${r},5;${r % 7},25;t${r % 5}`).join('\n') + '\n';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(semi)]);
    await expectSameEverySplit(write('bom-sep.csv', bom), allSplits(bom.length, 61).filter((_, i) => i % 3 === 0));
    const bad = Buffer.concat([
      Buffer.from('a,b\n' + Array.from({ length: 40 }, (_, r) => `${r},x${r}`).join('\n') + '\n'),
      Buffer.from([0x31, 0x2c, 0xff, 0xfe, 0x0a]),
      Buffer.from(Array.from({ length: 40 }, (_, r) => `${r},y${r}`).join('\n') + '\n'),
    ]);
    await expectSameEverySplit(write('bad-utf8.csv', bad), Array.from({ length: 40 }, (_, k) => [k * 17]));
  });

  it('with comment and title lines above the table, spreadsheet error values and columns in their own number formats', async () => {
    const errors = ['#DIV/0!', '#N/A', '#VALUE!', '#REF!'];
    const lines = ['# station: Davos', 'Hourly report;;;', 'hour;temp;chf;eur'];
    for (let r = 0; r < 300; r++) {
      const temp = r % 23 === 4 ? errors[r % 4] : `${r % 30},${r % 10}`;
      lines.push(`${r};${temp};${r + 1}'${String((r * 7) % 1000).padStart(3, '0')}.25;${r}\u00a0${String(r % 1000).padStart(3, '0')},5`);
    }
    const text = lines.join('\n') + '\n';
    const path = write('preamble-errors-formats.csv', text);
    const single = await loadDataset(path, { parallel: false });
    expect(single.ok && single.value.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'numeric', 'numeric']);
    expect(single.ok && single.value.recordsBeforeData).toBe(3);
    const reports = await expectSameEverySplit(path, Array.from({ length: 80 }, (_, k) => [40 + k * 97, 40 + k * 97 + 3000]));
    expect(reports.filter((r) => r.fallback === undefined).length).toBeGreaterThan(60);
  });

  it('on seeded random tables mixing every kind of cell, split in 2 to 4 chunks', async () => {
    const cells = ['1', '-2.5', '3e5', '"4"', '" 5 "', 'NA', '', 'inf', 'word', '"multi\nline"', '"a,b"', '"q""q"', '1,234.5', '0.1000000000000000055511151231257827', '-0'];
    for (let seed = 1; seed <= 6; seed++) {
      const rnd = seeded(seed);
      const lines = ['c1,c2,c3,c4,c5'];
      const ends = ['\n', '\r\n', '\n\n'];
      let text = lines[0] + '\n';
      for (let r = 0; r < 250; r++) {
        const row = Array.from({ length: 5 }, (_, c) => (c === 0 ? String(r) : cells[Math.floor(rnd() * rnd() * cells.length)]));
        text += row.join(',') + ends[Math.floor(rnd() * ends.length)];
      }
      const path = write(`random-${seed}.csv`, text);
      const n = text.length;
      const splits: number[][] = [];
      for (let k = 0; k < 25; k++) {
        const a = Math.floor(rnd() * n);
        const b = Math.floor(rnd() * n);
        splits.push([a], [Math.min(a, b), Math.max(a, b)], [Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4)]);
      }
      const reports = await expectSameEverySplit(path, splits);
      expect(reports.some((r) => r.fallback === undefined && r.chunks > 1)).toBe(true);
    }
  });

  it('gives the same statistics, bit for bit, with 1, 2 or 3 workers and any split points, on a file of many statistics blocks', async () => {
    // 40 columns: blocks of 1,638 rows, so 7,000 rows are 4 whole blocks and a short one, split anywhere.
    const rand = seeded(2024);
    const header = Array.from({ length: 40 }, (_, c) => `c${c}`);
    const lines = [header.join(',')];
    for (let r = 0; r < 7000; r++) {
      const row = Array.from({ length: 36 }, (_, c) => ((rand() < 0.4 ? -1 : 1) * (1 + rand() * 9) * 10 ** ((c % 7) - 3)).toPrecision(6));
      // Large offset, small spread (means and spreads that summation order would change in the last bits).
      row.push((1e9 + rand()).toFixed(6));
      // Missing cells, and two text cells read as missing (with warnings).
      row.push(r % 17 === 0 ? '' : r === 100 || r === 5000 ? 'oops' : (rand() * 1e-3).toExponential(4));
      row.push(['a', 'b', 'c'][r % 3]);
      row.push(`2020-01-${String(1 + (r % 28)).padStart(2, '0')}`);
      lines.push(row.join(','));
    }
    const text = lines.join('\n') + '\n';
    const path = write('many-blocks.csv', text);
    const single = essence(await loadDataset(path, { parallel: false })) as { columns: { type: string }[] };
    expect(single.columns.slice(36).map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical', 'date']);
    const n = text.length;
    const rnd = seeded(7);
    const splits = [[n >> 1], [n >> 2, (3 * n) >> 2], [n / 3, (2 * n) / 3].map(Math.floor)];
    for (let k = 0; k < 3; k++) splits.push([Math.floor(rnd() * n)], [Math.floor(rnd() * n / 2), Math.floor(n / 2 + (rnd() * n) / 2)]);
    for (const workers of [1, 2, 3]) {
      const sized = new CsvWorkerPool(workers);
      try {
        for (const offsets of splits) {
          for (const finishOn of ['workers', 'main'] as const) {
            const reports: ParallelReport[] = [];
            const got = essence(await loadDataset(path, { pool: sized, parallel: { minBytes: 0, offsets, finishOn, onReport: (r) => reports.push(r) } }));
            const where = `${workers} worker(s), split after ${offsets.join(', ')}, finished on ${finishOn}`;
            expect(reports.map((r) => r.fallback ?? 'parallel'), where).toEqual(['parallel']);
            expect(got, where).toEqual(single);
          }
        }
      } finally {
        await sized.close();
      }
    }
  });

  it('without histograms (histograms: false) gives the same cells, statistics and warnings, only no histogram, finished on the workers or on this thread', async () => {
    const rand = seeded(77);
    const lines = ['x,y,label'];
    for (let r = 0; r < 3000; r++) lines.push(`${(rand() * 100 - 50).toFixed(3)},${r % 7 === 0 ? '' : Math.floor(rand() * 1000)},${['a', 'b', 'c'][r % 3]}`);
    const text = lines.join('\n') + '\n';
    const path = write('no-histograms.csv', text);
    const size = text.length;
    const single = essence(await loadDataset(path, { parallel: false })) as { columns: Record<string, unknown>[] };
    // The reference has histograms to leave out, or this test shows nothing.
    expect(single.columns.filter((c) => c.histogram !== undefined).length).toBe(2);
    const withoutHistograms = { ...single, columns: single.columns.map(({ histogram: _, ...rest }) => rest) };
    for (const finishOn of ['workers', 'main'] as const) {
      for (const offsets of [[size >> 1], [size >> 2, size >> 1, (3 * size) >> 2]]) {
        const reports: ParallelReport[] = [];
        const got = essence(await loadDataset(path, { pool, parallel: { minBytes: 0, offsets, finishOn, histograms: false, onReport: (r) => reports.push(r) } }));
        expect(reports.map((r) => r.fallback ?? 'parallel'), `${finishOn}: read in parallel`).toEqual(['parallel']);
        expect(got, `finished on ${finishOn}, split after ${offsets.join(', ')}`).toEqual(withoutHistograms);
      }
    }
  });

  it('reads files under 8 MiB on one thread without starting workers', async () => {
    const reports: ParallelReport[] = [];
    let started = 0;
    const counting = new CsvWorkerPool(2, () => {
      started++;
      throw new Error('not expected');
    });
    const r = await loadDataset(resolve(fixtureDirs['datasets'], 'flights_200k.csv'), { pool: counting, parallel: { onReport: (x) => reports.push(x) } });
    expect(r.ok).toBe(true);
    expect(started).toBe(0);
    expect(reports).toEqual([]);
  });

  it('falls back to one thread, with the same result, when workers die or cannot start', async () => {
    const path = resolve(fixtureDirs['datasets'], 'flights_200k.csv');
    const want = essence(await loadDataset(path, { parallel: false }));
    const reports: ParallelReport[] = [];
    const dying = new CsvWorkerPool(2, () => new Worker('process.exit(3)', { eval: true }));
    // native: false, since the native reader (which starts no worker) reads this file (its 17-digit times included).
    expect(essence(await loadDataset(path, { pool: dying, parallel: { minBytes: 0, native: false, onReport: (r) => reports.push(r) } }))).toEqual(want);
    await dying.close();
    const broken = new CsvWorkerPool(2, () => {
      throw new Error('no worker here');
    });
    expect(essence(await loadDataset(path, { pool: broken, parallel: { minBytes: 0, native: false, onReport: (r) => reports.push(r) } }))).toEqual(want);
    expect(reports.map((r) => r.fallback)).toEqual(['a worker failed', 'a worker failed']);
  });

  it('reports progress up to the whole file, and a cancel ends in the cancelled error', async () => {
    const path = resolve(fixtureDirs['datasets'], 'flights_200k.csv');
    const seen: number[] = [];
    const r = await loadDataset(path, { pool, parallel: { minBytes: 0, chunks: 3 }, onProgress: (p) => seen.push(p.bytesRead / p.totalBytes) });
    expect(r.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
    const controller = new AbortController();
    const cancelled = await loadDataset(path, {
      pool,
      parallel: { minBytes: 0, chunks: 3 },
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(cancelled.ok).toBe(false);
    expect(!cancelled.ok && cancelled.error.kind).toBe('cancelled');
    // The pool still works after a cancel.
    const again = await loadDataset(path, { pool, parallel: { minBytes: 0, chunks: 2 } });
    expect(essence(again)).toEqual(essence(await loadDataset(path, { parallel: false })));
    // Workers started for one load (no pool given) are stopped after it, and give the same result.
    const own = await loadDataset(path, { parallel: { minBytes: 0 } });
    expect(essence(own)).toEqual(essence(again));
  });
});
