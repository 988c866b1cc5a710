import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDataset, loadDatasetFromBytes, type LoadedDataset } from '../../../../src-main/services/datasets';
import { loadFromChunks } from '../../../../src-shared/data/csv/load';
import { SNIFF_BYTES } from '../../../../src-shared/data/csv/sniff';
import { previewRows } from '../../../../src-shared/data/preview';
import type { Result } from '../../../../src-shared/result';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const load = (text: string | Uint8Array): Promise<Result<LoadedDataset>> =>
  loadDatasetFromBytes(typeof text === 'string' ? utf8(text) : text, 'test.csv');

async function loaded(text: string | Uint8Array): Promise<LoadedDataset> {
  const r = await load(text);
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r.value;
}

async function refused(text: string | Uint8Array) {
  const r = await load(text);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

const column = (d: LoadedDataset, name: string) => {
  const c = d.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};

const tmp = mkdtempSync(join(tmpdir(), 'dense-lab-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadDataset: what it reads', () => {
  it('reads the same dataset whether the bytes arrive whole or one byte at a time', async () => {
    const text =
      '\ufeffid;"name";score;when;grade\r\n1;"Smith; Anna";1,5;2024-01-02;a\r\n2;"two\r\nlines";NA;2024-02-03;b\r\n' +
      '3;plain;-2,25e1;2024-03-04;a\r\n\r\n4;"say ""hi""";7;2024-04-05;b';
    const bytes = utf8(text);
    const whole = await loadFromChunks(bytes, bytes.length, (async function* () { yield bytes; })());
    const byByte = await loadFromChunks(bytes, bytes.length, (async function* () {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    })());
    if (!whole.ok || !byByte.ok) throw new Error('refused');
    expect(Array.from(byByte.value.values)).toEqual(Array.from(whole.value.values));
    expect(Array.from(byByte.value.missing)).toEqual(Array.from(whole.value.missing));
    expect(byByte.value.columns).toEqual(whole.value.columns);
    const d = whole.value;
    expect([d.rows, d.cols, d.delimiter, d.decimal]).toEqual([4, 5, ';', ',']);
    expect(d.columns.map((c) => c.type)).toEqual(['numeric', 'text', 'numeric', 'date', 'categorical']);
    expect(previewRows(d, 0, 4)).toEqual([
      [1, 'Smith; Anna', 1.5, '2024-01-02', 'a'],
      [2, 'two\r\nlines', null, '2024-02-03', 'b'],
      [3, 'plain', -22.5, '2024-03-04', 'a'],
      [4, 'say "hi"', 7, '2024-04-05', 'b'],
    ]);
  });

  it('property: a table of finite doubles written with String() loads back exactly, in any chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((cols) =>
          fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 20 }),
        ),
        fc.integer({ min: 1, max: 64 }),
        async (table, size) => {
          const cols = table[0].length;
          const text = `${table[0].map((_, c) => `c${c}`).join(',')}\n${table.map((r) => r.join(',')).join('\n')}\n`;
          const bytes = utf8(text);
          const r = await loadFromChunks(bytes.subarray(0, 100), bytes.length, (async function* () {
            for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
          })());
          if (!r.ok) throw new Error(r.error.message);
          expect([r.value.rows, r.value.cols]).toEqual([table.length, cols]);
          expect(Array.from(r.value.values)).toEqual(table.flat().map((x) => Number(String(x))));
          expect(r.value.missing.every((m) => m === 0)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a file larger than the sniffing sample, streamed from disk, with progress up to its size', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i},${(i * 0.37).toFixed(3)},${i % 3 === 0 ? 'x' : 'y'}`);
    const path = join(tmp, 'big.csv');
    writeFileSync(path, `a,b,c\n${rows.join('\n')}\n`);
    const seen: number[] = [];
    const r = await loadDataset(path, { onProgress: (p) => seen.push(p.bytesRead / p.totalBytes) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.bytes).toBeGreaterThan(SNIFF_BYTES);
    expect(r.value.rows).toBe(20000);
    expect(r.value.values[19999 * 3 + 1]).toBe(Number((19999 * 0.37).toFixed(3)));
    expect(column(r.value, 'c').categories).toEqual(['x', 'y']);
    expect(seen.at(-1)).toBe(1);
    expect(r.value.name).toBe('big.csv');
  });

  it('detects a header: a numeric first row is data, named col_1…', async () => {
    const d = await loaded('1,2\n3,4\n');
    expect(d.header).toBe(false);
    expect(d.columns.map((c) => c.name)).toEqual(['col_1', 'col_2']);
    expect(d.rows).toBe(2);
  });

  it('follows an Excel sep= first line and skips it', async () => {
    const d = await loaded('sep=;\r\na;b\r\n1,5;2\r\n3;4\r\n');
    expect([d.delimiter, d.rows, d.firstDataLine, d.recordsBeforeData]).toEqual([';', 2, 3, 2]);
    expect(d.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(d.values[0]).toBe(1.5);
  });

  it('makes duplicate and empty header names distinct', async () => {
    const d = await loaded('a,a,,b,a\n1,2,3,4,5\n');
    expect(d.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'col_3', 'b', 'a_3']);
  });

  it('sniffs tab and pipe delimiters, respecting quotes', async () => {
    expect((await loaded('a\tb\n"x\ty"\t2\n')).delimiter).toBe('\t');
    expect((await loaded('a|b|c\n1|"2,3"|4\n5|6|7\n')).delimiter).toBe('|');
  });

  it('reads thousands separators in quoted comma-file cells', async () => {
    const d = await loaded('item,price\na,"1,234"\nb,"12,345.5"\nc,7\n');
    expect(column(d, 'price').type).toBe('numeric');
    expect([d.values[1], d.values[3], d.values[5]]).toEqual([1234, 12345.5, 7]);
  });

  it('counts missing tokens per column and never reads them as 0', async () => {
    const d = await loaded('x,y\n1,NA\nN/A,2\nn/a,null\nNaN,None\n-,5\n,6\n7,\n');
    expect(column(d, 'x').missing).toBe(5);
    expect(column(d, 'y').missing).toBe(4);
    for (let i = 0; i < d.values.length; i++) expect(d.missing[i] === 1 ? Number.isNaN(d.values[i]) : d.values[i] !== 0).toBe(true);
  });

  it('flags inf and 1e309 as missing with a warning naming line and column', async () => {
    const d = await loaded('a,b\n1,2\ninf,3\n4,1e309\n');
    expect(column(d, 'a').missing).toBe(1);
    expect(column(d, 'b').missing).toBe(1);
    expect(d.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 'a', message: expect.stringContaining('inf') }),
        expect.objectContaining({ line: 4, column: 'b', message: expect.stringContaining('1e309') }),
      ]),
    );
  });

  it('reads a few text cells in a numeric column as missing, each with a warning naming line and column', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i === 10 ? 'oops' : String(i)));
    const d = await loaded(`v\n${rows.join('\n')}\n`);
    expect(column(d, 'v').type).toBe('numeric');
    expect(column(d, 'v').missing).toBe(1);
    expect(d.warnings).toEqual([expect.objectContaining({ line: 12, column: 'v', message: expect.stringContaining("'oops' is not a number") })]);
  });

  it('keeps a column with many text cells as categorical or text rather than dropping them', async () => {
    const d = await loaded('v\n1\n2\nlow\nhigh\nlow\nhigh\n1\n2\n');
    expect(column(d, 'v').type).toBe('categorical');
    expect(column(d, 'v').categories).toEqual(['1', '2', 'high', 'low']);
    expect(column(d, 'v').missing).toBe(0);
  });

  it('tells categorical (few repeated values) from text (mostly distinct values)', async () => {
    const d = await loaded('name,kind\nAnn,a\nBob,b\nCy,a\nDee,b\nEd,a\n');
    expect(column(d, 'name').type).toBe('text');
    expect(column(d, 'name').categories).toEqual(['Ann', 'Bob', 'Cy', 'Dee', 'Ed']);
    expect(column(d, 'kind').type).toBe('categorical');
    expect(column(d, 'kind').categoryCounts).toEqual([3, 2]);
  });

  it('reads dates: ISO with time, month-first and day-first slashes decided per column, dotted', async () => {
    const d = await loaded('iso,us,eu,dot\n2020-01-02T03:04:05Z,01/02/2020,13/02/2020,02.01.2020\n2020-01-03 00:00,12/31/2020,01/12/2020,31.12.2020\n');
    expect(d.columns.map((c) => c.type)).toEqual(['date', 'date', 'date', 'date']);
    expect(Array.from(d.values)).toEqual([
      Date.UTC(2020, 0, 2, 3, 4, 5), Date.UTC(2020, 0, 2), Date.UTC(2020, 1, 13), Date.UTC(2020, 0, 2),
      Date.UTC(2020, 0, 3), Date.UTC(2020, 11, 31), Date.UTC(2020, 11, 1), Date.UTC(2020, 11, 31),
    ]);
  });

  it('calls a column with no values empty', async () => {
    const d = await loaded('a,b\n1,\n2,NA\n');
    expect(column(d, 'b').type).toBe('empty');
    expect(column(d, 'b').missing).toBe(2);
  });

  it('computes min, max, mean and population std, and a histogram that counts every present value', async () => {
    const d = await loaded('x\n2\n4\n4\n4\n5\n5\n7\n9\nNA\n');
    const x = column(d, 'x');
    expect([x.min, x.max, x.mean, x.std]).toEqual([2, 9, 5, 2]);
    expect(x.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(8);
    expect(x.histogram?.edges[0]).toBe(2);
    expect(x.histogram?.edges.at(-1)).toBe(9);
  });

  it('gives a constant column std 0 and a one-bin histogram', async () => {
    const x = column(await loaded('x,y\n3,1\n3,2\n'), 'x');
    expect([x.min, x.max, x.mean, x.std]).toEqual([3, 3, 3, 0]);
    expect(x.histogram).toEqual({ edges: [3, 3], counts: [2] });
  });

  it('reads Windows-1252 bytes with a warning', async () => {
    const bytes = new Uint8Array([...utf8('name,v\ncaf'), 0xe9, ...utf8(',1\nna'), 0xef, ...utf8('ve,2\n')]);
    const d = await loaded(bytes);
    expect(d.encoding).toBe('windows-1252');
    expect(column(d, 'name').categories).toEqual(['café', 'naïve']);
    expect(d.warnings[0].message).toMatch(/Windows-1252/);
  });

  it('warns once, with the line, about invalid UTF-8 after the sniffed start', async () => {
    const n = Math.ceil(SNIFF_BYTES / 6) + 5;
    const start = `name,v\n${'abc,1\n'.repeat(n)}`;
    const bytes = new Uint8Array([...utf8(start), ...utf8('x'), 0xff, ...utf8(',2\ny'), 0xfe, ...utf8(',3\n')]);
    const d = await loaded(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(column(d, 'name').categories).toEqual(['abc', 'x\ufffd', 'y\ufffd']);
    const line = n + 2;
    expect(d.warnings).toEqual([expect.objectContaining({ line, column: 'name', message: expect.stringMatching(/not valid UTF-8/) })]);
  });

  it('reads UTF-16 BE with a BOM', async () => {
    const text = 'a,b\n1,2\n';
    const bytes = new Uint8Array([0xfe, 0xff, ...[...text].flatMap((c) => [0, c.charCodeAt(0)])]);
    const d = await loaded(bytes);
    expect([d.encoding, d.rows, d.cols]).toEqual(['utf-16be', 1, 2]);
  });

  it('recognizes UTF-16 without a BOM by its zero bytes', async () => {
    const text = 'a,b\n1,2\n3,4\n';
    const le = new Uint8Array([...text].flatMap((c) => [c.charCodeAt(0), 0]));
    const be = new Uint8Array([...text].flatMap((c) => [0, c.charCodeAt(0)]));
    expect([(await loaded(le)).encoding, (await loaded(le)).rows]).toEqual(['utf-16le', 2]);
    expect([(await loaded(be)).encoding, (await loaded(be)).values[3]]).toEqual(['utf-16be', 4]);
  });

  it('fills missing trailing fields of a short row as missing, with a warning', async () => {
    const d = await loaded('a,b,c,d\n1,2,3,4\n5,6,7\n8,9,10,11\n');
    expect(d.rows).toBe(3);
    expect(d.missing[4 + 3]).toBe(1);
    expect(d.warnings).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('3 fields') })]);
  });

  it('ignores a trailing delimiter at the end of rows, with a warning', async () => {
    const d = await loaded('a,b\n1,2,\n3,4,\n');
    expect([d.rows, d.cols]).toEqual([2, 2]);
    expect(d.warnings[0].message).toMatch(/trailing delimiter/);
  });
});

describe('loadDataset: refusals name the problem and the line', () => {
  it('refuses a row with too few fields to be a row', async () => {
    const e = await refused('a,b,c,d,e\n1,2,3,4,5\n6\n');
    expect(e).toMatchObject({ kind: 'csv/ragged-row', line: 3 });
    expect(e.message).toMatch(/line 3 has 1 field; the header has 5 columns/);
  });

  it('refuses an unterminated quote, naming the line where it opened', async () => {
    const e = await refused('a,b\n1,2\n3,"unclosed\n4,5\n');
    expect(e).toMatchObject({ kind: 'csv/unterminated-quote', line: 3, column: 2 });
    expect(e.message).toMatch(/line 3/);
  });

  it('refuses NUL bytes, also after the sniffed sample', async () => {
    expect((await refused(new Uint8Array([...utf8('a,b\n1,2\n3,'), 0, ...utf8('\n')]))).kind).toBe('csv/binary');
    const late = `a,b\n${'1,2\n'.repeat(SNIFF_BYTES / 4 + 10)}x\u0000y,3\n`;
    const e = await refused(late);
    expect(e.kind).toBe('csv/binary');
    expect(e.line).toBe(SNIFF_BYTES / 4 + 12);
  });

  it('refuses a file with only blank lines as empty', async () => {
    expect((await refused('\n\r\n  \n')).message).toMatch(/empty/);
  });

  it('refuses a file missing on disk with an io error naming it', async () => {
    const r = await loadDataset(join(tmp, 'nope.csv'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'io/unreadable', file: join(tmp, 'nope.csv') });
  });
});

describe('loadDataset: cancellation', () => {
  it('ends promptly with kind cancelled when the signal aborts mid-load', async () => {
    const bytes = utf8(`a,b\n${'1.5,2.5\n'.repeat(1_000_000)}`);
    const controller = new AbortController();
    let progressEvents = 0;
    const r = await loadDatasetFromBytes(bytes, 'big.csv', {
      signal: controller.signal,
      onProgress: () => {
        progressEvents++;
        controller.abort();
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('cancelled');
    // One progress event, then it stops: the load did not run on to the end of the 8 MB.
    expect(progressEvents).toBe(1);
  });

  it('stops reading a file from disk when cancelled, or at a refused row past the first chunk', async () => {
    const path = join(tmp, 'cancel.csv');
    writeFileSync(path, `a,b\n${'1.5,2.5\n'.repeat(600_000)}`);
    const controller = new AbortController();
    const r = await loadDataset(path, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(!r.ok && r.error.kind).toBe('cancelled');
    const bad = join(tmp, 'bad-late.csv');
    writeFileSync(bad, `a,b\n${'1.5,2.5\n'.repeat(600_000)}1,2,3\n${'1,2\n'.repeat(1000)}`);
    const e = await loadDataset(bad);
    expect(!e.ok && e.error).toMatchObject({ kind: 'csv/ragged-row', line: 600_002, file: bad });
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const path = join(tmp, 'small.csv');
    writeFileSync(path, 'a\n1\n');
    const r = await loadDataset(path, { signal: controller.signal });
    expect(!r.ok && r.error.kind).toBe('cancelled');
  });
});
