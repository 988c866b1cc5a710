/**
 * The native bulk reader (native/src/csv-number.h) reads the numbers pandas and numpy write: 16–17 significant
 * digits (String(x) of any double, subnormals and 1.7976931348623157e+308 included) and exponents (`1e-05`,
 * `2.5E+10`), with the bits NumberParser.parse gives (Number() of the text: correctly rounded), never one ulp off,
 * and leaves every other form to the tokenizer (a form JavaScript reads differently, or as text, is never read
 * natively). The loader's result (cells, missing flags, statistics, histograms, warnings) is the same with and
 * without the addon, fed in pieces of any size.
 */
import { describe, expect, it } from 'vitest';
import { CELL_NUMBER, NumberParser } from '../../../src-shared/data/csv/number';
import type { NumericRowScanner } from '../../../src-shared/data/csv/csv-kernels';
import { nativeCsvKernels } from '../../../src-main/native/addon';
import { loadInPieces, nativeDisabled, seeded, wideCells } from './helpers';

const native = nativeCsvKernels();
const scan = native.numericRows as NumericRowScanner;
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);
const bitsOf = (x: number): bigint => new BigUint64Array(new Float64Array([x]).buffer)[0];

/** Hard cases for a decimal → double conversion: halfway and near-halfway ones, the subnormal edge, the largest doubles. */
const HARD: readonly [string, bigint | null][] = [
  ['9007199254740993', 0x4340000000000000n], // halfway: to even, 2^53
  ['9007199254740995', 0x4340000000000002n],
  ['9007199254740993.0000000001', 0x4340000000000001n],
  ['2.2250738585072011e-308', 0x000fffffffffffffn], // the largest subnormal
  ['2.2250738585072012e-308', 0x0010000000000000n], // the smallest normal
  ['2.2250738585072014e-308', 0x0010000000000000n],
  ['4.9406564584124654e-324', 0x0000000000000001n],
  ['5e-324', 0x0000000000000001n],
  ['2.4703282292062328e-324', 0x0000000000000001n], // just above half the smallest subnormal
  ['1.7976931348623157e308', 0x7fefffffffffffffn],
  ['1.7976931348623158e+308', 0x7fefffffffffffffn],
  ['1.00000000000000011102230246251565404236316680908203125', 0x3ff0000000000000n], // exactly halfway: to even
  ['1.00000000000000011102230246251565404236316680908203126', 0x3ff0000000000001n],
  ['0.30000000000000004', 0x3fd3333333333334n],
  ['-1234.5678901234567', null],
  ['1e-05', null],
  ['2.5E+10', null],
  ['1e+22', null],
  ['1e23', null],
  ['8.98846567431158e307', null],
  ['7.2057594037927933e16', null],
  ['-0.0', 0x8000000000000000n],
  ['-0e-05', 0x8000000000000000n],
  ['0e999', 0n],
  ['00012.500e-000003', null],
  ['5.e3', null],
  ['123456789012345678901234567890', null],
  ['0.000000000000000000000000000001234567890123456789', null],
];

/** Forms the native reader must leave to the tokenizer, or read as JavaScript does (e.g. an underflow to ±0). */
const OTHERS = [
  '1e', '1e+', '1E-', 'e5', '.5', '-.5', '+5', '+1e5', '1e5.5', '1e5e5', '1e+-5', '--1', '1d5', '1.5f', '0x1p3', '0x10', 'inf', '-inf', 'Infinity',
  'nan', 'NaN', '1e309', '-1e309', '1.7976931348623159e308', '1e-400', '-1e-400', '2.4703282292062327e-324', '1_000', '1 e5', '1e 5', ' 1e5', '1e5 ',
  '1,5e3', '1.2.3', `1${'0'.repeat(70)}`, `0.${'1'.repeat(70)}`, '1e0000000000000000000000000000000000000000000000000000000000005', '٣',
];

/** Reads `cells` (rows of `cols`) natively: rows read, values and kinds. */
function readNative(cells: readonly string[], cols: number, decimalComma = false) {
  const text = cells.map((c, k) => c + ((k + 1) % cols === 0 ? '\n' : decimalComma ? ';' : ',')).join('');
  const bytes = encode(text);
  const rows = cells.length / cols;
  const vals = new Float64Array(rows * cols).fill(12345);
  const kinds = new Uint8Array(rows * cols).fill(9);
  const out = new Float64Array(1);
  const n = scan(bytes, 0, bytes.length, decimalComma ? 0x3b : 0x2c, decimalComma ? 0x2c : 0x2e, cols, vals, kinds, 0, rows, out);
  return { n, vals, kinds, stop: out[0], length: bytes.length };
}

/** NumberParser.parse on one cell: the tokenizer's reading. */
function readJs(cell: string, decimalComma = false): { kind: number; value: number } {
  const p = new NumberParser(decimalComma);
  const kind = p.parse(encode(cell), 0, encode(cell).length);
  return { kind, value: p.value };
}

describe.skipIf(nativeDisabled)('the native reader of long numbers and exponents', () => {
  it('reads the hard cases with the bits of JavaScript (and of the correctly rounded value), alone and many to a row', () => {
    for (const [cell, bits] of HARD) {
      const js = readJs(cell);
      expect(js.kind, cell).toBe(CELL_NUMBER);
      expect(bitsOf(js.value), cell).toBe(bitsOf(Number(cell)));
      if (bits !== null) expect(bitsOf(js.value), cell).toBe(bits);
      // Alone (the byte-by-byte reader), and 3 rows × many columns (the window reader from the third row).
      for (const cols of [1, 7]) {
        const cells = Array.from({ length: 3 * cols }, () => cell);
        const r = readNative(cells, cols);
        expect(r.n, `${cell} in rows of ${cols}`).toBe(3);
        for (let k = 0; k < cells.length; k++) expect(bitsOf(r.vals[k]), `${cell} #${k}`).toBe(bitsOf(js.value));
        expect(Array.from(r.kinds).every((k) => k === 0)).toBe(true);
      }
      const comma = readNative([cell.replace('.', ','), '1', cell.replace('.', ',')], 3, true);
      expect(comma.n, `${cell} with a decimal comma`).toBe(1);
      expect(bitsOf(comma.vals[2])).toBe(bitsOf(js.value));
    }
  });

  it('reads String(x) and pandas-style cells of random doubles over every magnitude, at any place in a row, with the bits of JavaScript', () => {
    const cells = wideCells(30000, 5);
    for (let k = 0; k < cells.length; k += 5) if (k % 3 === 0) cells[k] = ['1.5', '-2', '0', '37.25', '-0'][k % 5]; // short fields between them
    for (const cols of [1, 5, 12]) {
      const used = cells.slice(0, Math.floor(cells.length / cols) * cols);
      const r = readNative(used, cols);
      expect(r.n).toBe(used.length / cols);
      expect(r.stop).toBe(r.length);
      for (let k = 0; k < used.length; k++) {
        const js = readJs(used[k]);
        if (js.kind !== CELL_NUMBER || bitsOf(r.vals[k]) !== bitsOf(js.value)) expect({ cell: used[k], got: r.vals[k] }).toEqual({ cell: used[k], got: js.value });
      }
    }
    // With a decimal comma.
    const comma = cells.slice(0, 6000).map((c) => c.replace('.', ','));
    const r = readNative(comma, 6, true);
    expect(r.n).toBe(1000);
    for (let k = 0; k < comma.length; k++) if (bitsOf(r.vals[k]) !== bitsOf(readJs(comma[k], true).value)) expect(r.vals[k]).toBe(readJs(comma[k], true).value);
  });

  it('leaves other forms to the tokenizer, or reads them exactly as JavaScript does', () => {
    for (const decimalComma of [false, true]) {
      for (const cell of OTHERS.filter((c) => !c.includes(decimalComma ? ';' : ','))) {
        const js = readJs(cell, decimalComma);
        // Alone (byte by byte) and as the third row's cell (window reader).
        const alone = readNative([cell], 1, decimalComma);
        const third = readNative(['7', '2', '7', '2', '3', cell], 2, decimalComma);
        if (alone.n === 1) {
          expect([cell, js.kind], 'read natively: JavaScript reads a number').toEqual([cell, CELL_NUMBER]);
          expect(bitsOf(alone.vals[0]), cell).toBe(bitsOf(js.value));
        }
        if (third.n === 3) {
          expect([cell, js.kind]).toEqual([cell, CELL_NUMBER]);
          expect(bitsOf(third.vals[5]), cell).toBe(bitsOf(js.value));
        } else {
          expect(third.n, cell).toBe(2);
        }
      }
    }
    // Not vacuous: JavaScript reads some of these as numbers the native reader leaves (a plus sign, a leading point).
    expect(readNative(['+5'], 1).n).toBe(0);
    expect(readNative(['.5'], 1).n).toBe(0);
    expect(readNative(['1e'], 1).n).toBe(0);
    expect(readNative(['1e309'], 1).n).toBe(0);
  });

  it('a field the delimiter cuts is read as the tokenizer cuts it (a delimiter inside an exponent)', () => {
    const out = new Float64Array(1);
    const vals = new Float64Array(8);
    // '+' as the delimiter: `1e` then `5`: text, left to the tokenizer.
    const plus = encode('1e+5+2\n3+4\n');
    expect(scan(plus, 0, plus.length, 0x2b, 0x2e, 2, vals, new Uint8Array(8), 0, 2, out)).toBe(0);
    // 'e' as the delimiter: `1e5` is the fields 1 and 5 (byte by byte, then by windows from the third row).
    const e = encode('1e5\n2e-5\n3.5e1\n0.30000000000000004e7\n');
    expect(scan(e, 0, e.length, 0x65, 0x2e, 2, vals, new Uint8Array(8), 0, 4, out)).toBe(4);
    expect(Array.from(vals)).toEqual([1, 5, 2, -5, 3.5, 1, 0.30000000000000004, 7]);
  });
});


describe.skipIf(nativeDisabled)('a pandas-style file loads the same with and without the addon', () => {
  it('17 digits, exponents and short fields, fed in pieces that cut fields anywhere; with and without rare odd cells', async () => {
    const cols = 6;
    const cells = wideCells(6000 * cols, 9);
    const rand = seeded(10);
    const lines = [Array.from({ length: cols }, (_, c) => `c${c}`).join(',')];
    for (let r = 0; r < 6000; r++) {
      const row = cells.slice(r * cols, (r + 1) * cols);
      if (r % 7 === 3) row[r % cols] = (rand() * 100).toFixed(2);
      if (r % 1500 === 77) row[(r + 1) % cols] = ['1e', 'NA', '1e999', '.5'][(r / 1500) | 0];
      lines.push(row.join(','));
    }
    const text = `${lines.join('\n')}\n`;
    const plain = `${lines.filter((_, r) => (r - 1) % 1500 !== 77).join('\n')}\n`;
    const files: [string, string][] = [
      ['odd cells', text],
      ['plain', plain],
    ];
    for (const piece of [1 << 20, 65536, 4099, 97]) {
      for (const [name, t] of files) {
        const a = await loadInPieces(t, piece, native);
        expect(a, `${name}, pieces of ${piece}`).toEqual(await loadInPieces(t, piece));
        expect(((JSON.parse(a.rest ?? '{}') as { warnings?: unknown[] }).warnings?.length ?? 0) > 0, name).toBe(name === 'odd cells');
      }
    }
  });
});
