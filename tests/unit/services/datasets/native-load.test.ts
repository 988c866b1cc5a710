// The native reader of plain numeric files (src-main/services/datasets/native-load.ts, native/src/csv-parallel.cpp)
// gives exactly what the usual readers give: the same cells bit for bit, missing flags, column statistics and
// histograms, warnings and lines, on 1 to 5 threads; and at any record it does not read (anywhere in the file,
// at the edges of its chunks, in the start it leaves to the usual reader, in the last record) the load falls back
// to the workers with the same result.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvWorkerPool, loadDataset, type LoadedDataset, type ParallelOptions } from '../../../../src-main/services/datasets';
import type { ParallelReport } from '../../../../src-main/services/datasets/parallel-load';
import type { Result } from '../../../../src-shared/result';
import { seeded } from '../../workers/reference';
import { badCsvDir, datasetsDir } from '../../../fixtures/paths';
import { essence } from './load-essence';
import { nativeDisabled, pythonRepr, wideCells } from '../../native/helpers';

const scratch = mkdtempSync(join(tmpdir(), 'dense-lab-native-load-'));
const workers = new CsvWorkerPool(2);
const pools = new Map<number, CsvWorkerPool>();
/** A pool of `n` workers: the native reader uses as many threads (and starts none of the workers). */
const poolOf = (n: number): CsvWorkerPool => pools.get(n) ?? (pools.set(n, new CsvWorkerPool(n)), pools.get(n) as CsvWorkerPool);

afterAll(async () => {
  await workers.close();
  for (const p of pools.values()) await p.close();
  rmSync(scratch, { recursive: true, force: true });
});


function write(name: string, content: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/**
 * Load `path` by default (the native reader when it applies) on each thread count, and compare with one thread
 * and with the workers (native reader off). The reports of the default loads.
 */
async function expectSame(path: string, threads: readonly number[] = [1, 2, 3, 5], extra: ParallelOptions = {}): Promise<ParallelReport[]> {
  const onWorkers = essence(await loadDataset(path, { pool: workers, parallel: { ...extra, minBytes: 0, native: false } }));
  // One thread always measures histograms: without them, the workers' load is the reference.
  const single = extra.histograms === false ? onWorkers : essence(await loadDataset(path, { parallel: false }));
  expect(onWorkers, `${path} on the workers`).toEqual(single);
  const reports: ParallelReport[] = [];
  for (const n of threads) {
    const got = essence(await loadDataset(path, { pool: poolOf(n), parallel: { ...extra, minBytes: 0, onReport: (r) => reports.push(r) } }));
    expect(got, `${path} on ${n} threads`).toEqual(single);
  }
  return reports;
}

/** A plain numeric table of `rows` rows: values of every length the native reader reads (quick and byte by byte). */
function plainRows(rows: number, cols: number, seed: number, point = '.'): string[] {
  const rnd = seeded(seed);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) {
      const k = Math.floor(rnd() * 20);
      const sign = rnd() < 0.35 ? '-' : '';
      let cell: string;
      if (k < 12) cell = `${sign}${(rnd() * 10 ** Math.floor(rnd() * 4)).toFixed(Math.floor(rnd() * 6))}`;
      else if (k < 14) cell = `${sign}${Math.floor(rnd() * 1e15)}`; // 9 to 16 digits
      else if (k < 16) cell = `${sign}${Math.floor(rnd() * 1e3)}.${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}`; // many decimals (a mantissa below 2^53)
      else if (k < 17) cell = r % 97 === 0 ? '-0' : '0';
      else if (k < 18) cell = `${sign}00${Math.floor(rnd() * 100)}.50`; // leading zeros, trailing zero
      else if (k < 19) cell = `${sign}${Math.floor(rnd() * 99) + 1}.`; // a point and no decimals
      else cell = '9007199254740991';
      row.push(point === ',' ? cell.replace('.', ',') : cell);
    }
    out.push(row.join(point === ',' ? ';' : ','));
  }
  return out;
}

const headerOf = (cols: number, sep = ','): string => Array.from({ length: cols }, (_, c) => `v${c}`).join(sep);

describe.skipIf(nativeDisabled || process.platform === 'win32')('the native reader of plain numeric files', () => {
  it('reads plain files (LF, CRLF, no last line end, decimal comma, tab, BOM, sep= line, no header) as the usual readers do, on 1 to 5 threads', async () => {
    const rows = plainRows(20000, 7, 11);
    const variants: [string, string | Uint8Array][] = [
      ['lf', `${headerOf(7)}\n${rows.join('\n')}\n`],
      ['crlf', `${headerOf(7)}\r\n${rows.join('\r\n')}\r\n`],
      ['no-last-line-end', `${headerOf(7)}\n${rows.join('\n')}`],
      ['crlf-no-last-line-end', `${headerOf(7)}\r\n${rows.join('\r\n')}`],
      ['decimal-comma', `${headerOf(7, ';')}\n${plainRows(20000, 7, 12, ',').join('\n')}\n`],
      ['tab', `${headerOf(7, '\t')}\n${rows.map((r) => r.replaceAll(',', '\t')).join('\n')}\n`],
      ['bom', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`${headerOf(7)}\n${rows.join('\n')}\n`)])],
      ['sep-line', `sep=,\n${headerOf(7)}\n${rows.join('\n')}\n`],
      ['no-header', `${rows.join('\n')}\n`],
      ['one-column', `x\n${plainRows(30000, 1, 13).join('\n')}\n`],
    ];
    for (const [name, text] of variants) {
      const reports = await expectSame(write(`${name}.csv`, text));
      expect(reports.every((r) => r.native === true), `${name}: ${JSON.stringify(reports)}`).toBe(true);
    }
  });

  it('reads files written like pandas (16-17 significant digits, exponents, every magnitude) as the usual readers do, on 1 to 5 threads', async () => {
    const rand = seeded(31);
    const edge = wideCells(20000, 32);
    // Mostly as pandas writes random doubles, some short fields and some of every magnitude and edge (subnormals, 1e308).
    const cell = (k: number): string => (k % 5 === 4 ? edge[k % edge.length] : k % 7 === 3 ? (rand() * 100).toFixed(2) : pythonRepr((rand() - 0.4) * 10 ** (Math.floor(rand() * 12) - 7)));
    let k = 0;
    const table = Array.from({ length: 12000 }, () => Array.from({ length: 7 }, () => cell(k++)));
    const lines = table.map((row) => row.join(','));
    const variants: [string, string][] = [
      ['pandas', `${headerOf(7)}\n${lines.join('\n')}\n`],
      ['pandas-crlf-no-last-line-end', `${headerOf(7)}\r\n${lines.join('\r\n')}`],
      ['pandas-comma', `${headerOf(7, ';')}\n${table.map((row) => row.map((c) => c.replace('.', ',')).join(';')).join('\n')}\n`],
    ];
    for (const [name, text] of variants) {
      const reports = await expectSame(write(`${name}.csv`, text));
      expect(reports.every((r) => r.native === true), `${name}: ${JSON.stringify(reports)}`).toBe(true);
    }
  });

  it('falls back to the workers, with the same result, at any record it does not read: in the start, after it, at chunk edges, last', async () => {
    // ('1e' and '.5': an exponent without digits is text; a leading point a number the native reader leaves.)
    const odd = ['NA', '', '"1.5"', 'abc', '1e', ' 2', '+3', '.5', '0x1f', 'inf', '#N/A'];
    const lines = plainRows(5000, 5, 21);
    const bytesPerRow = lines.reduce((n, l) => n + l.length + 1, 0) / lines.length;
    // Rows in the start the usual reader takes (64 KiB), just after it, around where 2, 3 and 5 threads cut, the last.
    const at = [3, Math.ceil(65536 / bytesPerRow) + 2, 1700, 1730, 2650, 2700, 2750, 3400, 4100, 4999];
    let k = 0;
    const why = new Set<string>();
    for (const row of at) {
      const cell = odd[k++ % odd.length];
      const changed = [...lines];
      changed[row] = changed[row].replace(/^[^,]*/, cell);
      const reports = await expectSame(write(`odd-${row}.csv`, `${headerOf(5)}\n${changed.join('\n')}\n`), [2, 3]);
      expect(reports.some((r) => r.native), `row ${row}: ${cell}`).toBe(false);
      for (const r of reports) why.add(String(r.nativeFallback));
    }
    // Found by the addon's threads (they all stop), in the start, or in the end checked before they start.
    expect([...why].sort()).toEqual([
      'native reader: a record that is not plain numbers',
      'native reader: the end of the file is not plain',
      'native reader: the start of the file is not plain',
    ]);
    // Line ends it does not read: a blank line, a lone CR, a CR in the last record without a line end; a short and a long row.
    const shapes: [string, string][] = [
      ['blank-line', `${headerOf(5)}\n${lines.slice(0, 3000).join('\n')}\n\n${lines.slice(3000).join('\n')}\n`],
      ['lone-cr', `${headerOf(5)}\n${lines.slice(0, 2500).join('\n')}\r${lines.slice(2500).join('\n')}\n`],
      ['last-cr', `${headerOf(5)}\n${lines.join('\n')}\r`],
      ['short-row', `${headerOf(5)}\n${lines.slice(0, 4000).join('\n')}\n1,2\n${lines.slice(4000).join('\n')}\n`],
      ['long-row', `${headerOf(5)}\n${lines.slice(0, 1000).join('\n')}\n1,2,3,4,5,6\n${lines.slice(1000).join('\n')}\n`],
      ['trailing-blank-lines', `${headerOf(5)}\n${lines.join('\n')}\n\n\n`],
      ['footer', `${headerOf(5)}\n${lines.join('\n')}\nTotal,1,2,3,4\n`],
    ];
    for (const [name, text] of shapes) {
      const reports = await expectSame(write(`${name}.csv`, text), [2]);
      expect(reports.some((r) => r.native), name).toBe(false);
    }
  });

  it('gives the same statistics, bit for bit, over many blocks cut anywhere by 1 to 5 threads, with or without histograms', async () => {
    // 40 columns: blocks of 1,638 rows; a large offset with a small spread (sums that summation order would change).
    const rand = seeded(2024);
    const lines = [headerOf(40)];
    for (let r = 0; r < 9000; r++) {
      const row = Array.from({ length: 38 }, (_, c) => ((rand() < 0.4 ? -1 : 1) * (1 + rand() * 9) * 10 ** ((c % 5) - 2)).toFixed(4));
      row.push((1e9 + rand()).toFixed(6), String(r % 3));
      lines.push(row.join(','));
    }
    const path = write('many-blocks.csv', lines.join('\n') + '\n');
    const reports = await expectSame(path);
    expect(reports.every((r) => r.native)).toBe(true);
    const without = await expectSame(path, [2, 3], { histograms: false });
    expect(without.every((r) => r.native)).toBe(true);
    // 150 columns (more than the 64 the statistics keep on the stack): blocks of 436 rows.
    const wide = [headerOf(150), ...plainRows(2500, 150, 77)];
    const wideReports = await expectSame(write('wide.csv', wide.join('\n') + '\n'), [1, 2, 3]);
    expect(wideReports.every((r) => r.native)).toBe(true);
  });

  it('on every file of samples/ and tests/fixtures/bad-csv, as the usual readers', async () => {
    const reports: ParallelReport[] = [];
    for (const dir of [datasetsDir, badCsvDir]) {
      for (const f of readdirSync(dir).filter((n) => /\.(csv|tsv)$/.test(n))) {
        const path = resolve(dir, f);
        const single = essence(await loadDataset(path, { parallel: false }));
        for (const n of [1, 2]) {
          const got = essence(await loadDataset(path, { pool: poolOf(n), parallel: { minBytes: 0, onReport: (r) => reports.push(r) } }));
          expect(got, `${f} on ${n} threads`).toEqual(single);
        }
      }
    }
    // The plain numeric samples bigger than the start read as usual (digits, breast_cancer) take the native path.
    expect(reports.filter((r) => r.native).length).toBeGreaterThanOrEqual(4);
    expect(statSync(resolve(datasetsDir, 'digits.csv')).size).toBeGreaterThan(65536);
  });

  it('stops when the load is cancelled', async () => {
    const path = write('cancel.csv', `${headerOf(6)}\n${plainRows(40000, 6, 5).join('\n')}\n`);
    const controller = new AbortController();
    const loading = loadDataset(path, { pool: poolOf(2), signal: controller.signal, parallel: { minBytes: 0 } });
    controller.abort();
    const r = await loading;
    expect(!r.ok && r.error.kind).toBe('cancelled');
  });
});
