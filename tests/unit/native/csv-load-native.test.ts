/**
 * csvLoadNumeric and csvHistogramAsync (native/src/csv-parallel.cpp) by themselves: the rows and block statistics of
 * csvNumericRows and csvBlockStats on any number of threads, csvHistogram's counts, each way of stopping (a record
 * that is not plain, no room, a stop asked, a file shorter than said), and arguments refused before any work starts.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddon } from '../../../src-main/native/addon';
import { nativeDisabled, seeded } from './helpers';

const scratch = mkdtempSync(join(tmpdir(), 'dense-lab-csv-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const addon = (loadNativeAddon() as { ok: true; addon: NativeAddon }).addon;
const shared = (n: number) => ({ vals: new Float64Array(new SharedArrayBuffer(n * 8)), kinds: new Uint8Array(new SharedArrayBuffer(n)) });
const status = (threads: number) => new Int32Array(new SharedArrayBuffer(4 * (threads + 1)));

/** A file of `text` open for reading, and its bytes. */
function file(name: string, text: string): { fd: number; bytes: Uint8Array } {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return { fd: openSync(path, 'r'), bytes: new TextEncoder().encode(text) };
}

function rowsText(rows: number, cols: number, seed: number): string {
  const rnd = seeded(seed);
  let text = '';
  for (let r = 0; r < rows; r++) text += Array.from({ length: cols }, () => ((rnd() - 0.4) * 10 ** Math.floor(rnd() * 5)).toFixed(Math.floor(rnd() * 7))).join(',') + '\n';
  return text;
}

describe.skipIf(nativeDisabled || process.platform === 'win32')('csvLoadNumeric and csvHistogramAsync', () => {
  it('write the rows and block statistics of csvNumericRows and csvBlockStats, on 1 to 6 threads', async () => {
    const cols = 3;
    const blockRows = 700;
    const text = rowsText(20000, cols, 3);
    const { fd, bytes } = file('plain.csv', text);
    try {
      const one = shared(30000 * cols);
      const n = addon.csvNumericRows!(bytes, 0, bytes.length, 44, 46, cols, one.vals, one.kinds, 0, 30000, new Float64Array(1));
      expect(n).toBe(20000);
      const expected: number[] = [];
      for (let j = 0; j * blockRows < n; j++) {
        const rows = Math.min(blockRows, n - j * blockRows);
        const out = [0, 0, 0, 0, Infinity, -Infinity].map((x) => new Float64Array(cols).fill(x));
        const at = j * blockRows * cols;
        addon.csvBlockStats!(one.vals.subarray(at), one.kinds.subarray(at), rows * cols, cols, new Uint8Array(cols).fill(2), ...(out as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array]));
        for (const o of out) expected.push(...o);
      }
      for (const threads of [1, 2, 3, 6]) {
        const { vals, kinds } = shared(30000 * cols);
        const r = await addon.csvLoadNumeric!(fd, 0, bytes.length, 44, 46, cols, vals, kinds, 0, threads, blockRows, status(threads));
        expect(r.code).toBe(0);
        expect(r.rows).toBe(20000);
        expect(Buffer.from(vals.buffer, 0, n * cols * 8).equals(Buffer.from(one.vals.buffer, 0, n * cols * 8)), `${threads} threads`).toBe(true);
        expect(Array.from(r.partials)).toEqual(expected);
        const bins = new Int32Array([20, 0, 7]);
        const lo = new Float64Array([-400, 0, -10]);
        const scale = new Float64Array([0.02, 0, 0.5]);
        const counts = new Float64Array(27);
        addon.csvHistogram!(vals, kinds, 0, n, cols, bins, lo, scale, counts);
        expect(Array.from(await addon.csvHistogramAsync!(vals, kinds, n, cols, bins, lo, scale, threads))).toEqual(Array.from(counts));
      }
    } finally {
      closeSync(fd);
    }
  });

  it('answer why they stopped: a record not plain (1), asked to stop (2), a file shorter than said (3), no room (4)', async () => {
    const text = rowsText(30000, 2, 4);
    const odd = file('odd.csv', text.slice(0, 200000) + '1,x\n' + text.slice(200000));
    const plain = file('ok.csv', text);
    try {
      const big = () => shared(40000 * 2);
      const run = async (fd: number, end: number, cells: { vals: Float64Array; kinds: Uint8Array }, stop = status(2)) =>
        (await addon.csvLoadNumeric!(fd, 0, end, 44, 46, 2, cells.vals, cells.kinds, 0, 2, 100, stop)).code;
      expect(await run(odd.fd, odd.bytes.length, big())).toBe(1);
      const asked = status(2);
      asked[0] = 1;
      expect(await run(plain.fd, plain.bytes.length, big(), asked)).toBe(2);
      expect(await run(plain.fd, plain.bytes.length + 5000, big())).toBe(3);
      expect(await run(plain.fd, plain.bytes.length, shared(20000 * 2))).toBe(4);
      expect(await run(plain.fd, plain.bytes.length, big())).toBe(0);
    } finally {
      closeSync(odd.fd);
      closeSync(plain.fd);
    }
  });

  it('refuse arrays that are not on a SharedArrayBuffer, and bad counts, before starting', () => {
    const { vals, kinds } = shared(10);
    expect(() => addon.csvLoadNumeric!(0, 0, 0, 44, 46, 1, new Float64Array(10), kinds, 0, 1, 1, status(1))).toThrow(TypeError);
    expect(() => addon.csvLoadNumeric!(0, 0, 0, 44, 46, 1, vals, kinds, 0, 2, 1, status(1))).toThrow(RangeError);
    expect(() => addon.csvLoadNumeric!(0, 5, 0, 44, 46, 1, vals, kinds, 0, 1, 1, status(1))).toThrow(RangeError);
    expect(() => addon.csvLoadNumeric!(0, 0, 0, 44, 46, 1, vals, kinds, 11, 1, 1, status(1))).toThrow(RangeError);
    expect(() => addon.csvHistogramAsync!(vals, kinds, 11, 1, new Int32Array(1), new Float64Array(1), new Float64Array(1), 1)).toThrow(RangeError);
  });
});
