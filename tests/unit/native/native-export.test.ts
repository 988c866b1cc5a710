/**
 * The export's native line copy and number text (native/src/export-lines.cpp): every float64 must come out as
 * JavaScript's own String(x) (the export's format, src-shared/data/number-text.ts) and read back as the same
 * float64; exportLines must copy exactly the lines the JavaScript copyLines copies, byte for byte (the whole-file
 * comparisons are in tests/unit/services/export/raw-copy.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNativeAddon } from '../../../src-main/native/addon';
import { exportFunctions, nativeExport, packCells, type NativeExport } from '../../../src-main/native/native-export';
import { formatNumber } from '../../../src-shared/data/number-text';
import { nativeDisabled } from './helpers';

// The built addon, even under DENSE_LAB_NO_NATIVE=1 (which only makes the app ignore it): npm ci builds it here and in CI.
const native = exportFunctions(loadNativeAddon({ env: {} }));

describe('the native export functions', () => {
  it('are in the built addon, and the export uses them unless DENSE_LAB_NO_NATIVE=1', () => {
    expect(native).not.toBeNull();
    expect(nativeExport() === null).toBe(nativeDisabled);
  });
});

describe('native formatNumber', () => {
  const n = native as NativeExport;

  it('writes what String(x) writes, and that reads back as x, for any float64 (fast-check)', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const text = n.formatNumber(x);
        expect(text).toBe(formatNumber(x));
        if (x === x) expect(Object.is(Number(text), x)).toBe(true);
      }),
      { numRuns: 200_000 },
    );
  });

  it('matches String(x) on any bit pattern, and on values of every decimal magnitude', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (bits) => {
        const x = new Float64Array(new BigUint64Array([bits]).buffer)[0];
        expect(n.formatNumber(x)).toBe(formatNumber(x));
      }),
      { numRuns: 200_000 },
    );
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -330, max: 310 }), (m, e) => {
        const x = m * 10 ** e;
        expect(n.formatNumber(x)).toBe(formatNumber(x));
      }),
      { numRuns: 100_000 },
    );
  });

  it('at the edges of each notation and of the float64 range', () => {
    const edges = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308, 1e21, 999999999999999900000, 1e-6, 1e-7, 9.999999999999999e-7, 0.1, 0.2 + 0.1, 1 / 3, 2 ** 53, 2 ** 53 + 2, 123456789012345680000, 1.5, -1.5e-300, 4.35, 0.000001234];
    for (const x of edges) {
      expect(n.formatNumber(x), String(x)).toBe(formatNumber(x));
      for (let k = -3; k <= 3; k++) {
        const near = x * (1 + k * Number.EPSILON);
        expect(n.formatNumber(near), String(near)).toBe(formatNumber(near));
      }
    }
  });
});

describe('native exportLines', () => {
  const n = native as NativeExport;
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  /** exportLines over the whole text into an out of `capacity` bytes, growing it as asked (as CsvExporter does). */
  function run(text: string, cols: number, values: Float64Array, options: { neutralise?: boolean; capacity?: number; rowEnd?: number } = {}) {
    const bytes = enc.encode(text);
    let out = new Uint8Array(options.capacity ?? 1 << 16);
    const result = new Float64Array(5);
    let at = 0;
    let length = 0;
    let row = 0;
    let lines = 0;
    let grown = 0;
    for (;;) {
      n.exportLines(bytes, at, bytes.length, out, length, cols, options.neutralise ?? true, row, options.rowEnd ?? values.length, 0, [values], result);
      [at, length, row] = [result[0], result[1], result[2]];
      lines += result[3];
      if (result[4] === 0) break;
      const bigger = new Uint8Array(out.length * 2);
      bigger.set(out.subarray(0, length));
      out = bigger;
      grown++;
    }
    return { text: dec.decode(out.subarray(0, length)), stoppedAt: at, row, lines, grown };
  }

  it('copies plain lines with their predictions and stops at the first line that needs the tokenizer', () => {
    const values = Float64Array.from([0.5, -0, NaN, 1e21, 2]);
    expect(run('1,-2\n7,8\r\n\n9,+1\n3,=4\n5,6\n', 2, values)).toEqual({ text: '1,-2,0.5\n7,8,-0\n9,+1,\n', stoppedAt: 16, row: 3, lines: 4, grown: 0 });
    // keepFormulas: =4 is copied as it is.
    expect(run('3,=4\n"5",6\n', 2, values, { neutralise: false }).text).toBe('3,=4,0.5\n');
    // A field with a space at an end, a quote, a lone CR, the wrong number of fields, an unfinished line: not copied.
    for (const line of ['1, 2\n', '1 ,2\n', '"1",2\n', '1\r2,3\n', '1,2,3\n', '1,2']) expect(run(line, 2, values).row, JSON.stringify(line)).toBe(0);
    // No more rows than the dataset had: the tokenizer reports the extra one.
    expect(run('1,2\n3,4\n', 2, values, { rowEnd: 1 })).toMatchObject({ text: '1,2,0.5\n', row: 1 });
  });

  it('asks for room for a long line and then copies it whole', () => {
    const long = `${'7'.repeat(5000)},${'x'.repeat(3000)}\n`;
    const r = run(`1,2\n${long}`, 2, Float64Array.from([1, 2]), { capacity: 64 });
    expect(r.grown).toBeGreaterThan(0);
    expect(r.text).toBe(`1,2,1\n${long.slice(0, -1)},2\n`);
  });

  it('writes class cells from packed labels (−1: an empty cell) and refuses bad arguments with a clear error', () => {
    const { cells, starts } = packCells([enc.encode('cat'), enc.encode('"a,b"')]);
    const out = new Uint8Array(256);
    const result = new Float64Array(5);
    const bytes = enc.encode('1\n2\n3\n');
    n.exportLines(bytes, 0, bytes.length, out, 0, 1, true, 0, 3, 0, [[Int32Array.from([1, -1, 0]), cells, starts], Float64Array.from([1, 2, 3])], result);
    expect(dec.decode(out.subarray(0, result[1]))).toBe('1,"a,b",1\n2,,2\n3,cat,3\n');
    expect(() => n.exportLines(bytes, 0, 99, out, 0, 1, true, 0, 3, 0, [], result)).toThrow(RangeError);
    expect(() => n.exportLines(bytes, 0, bytes.length, out, 0, 1, true, 0, 3, 0, [new Float64Array(2)], result)).toThrow(/shorter/);
    expect(() => n.exportLines(bytes, 0, bytes.length, out, 0, 1, true, 0, 3, 0, [new Int32Array(3) as unknown as Float64Array], result)).toThrow(TypeError);
  });
});
