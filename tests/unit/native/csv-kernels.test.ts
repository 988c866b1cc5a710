/**
 * The CSV loader's native kernels (native/src/csv-binding.cpp, src-shared/data/csv/csv-kernels.ts) give the
 * loader's JavaScript result bit for bit: the same cells, missing flags, column statistics, histograms,
 * warnings and errors, on generated files mixing plain numbers (long mantissas and exponents among them, which
 * the bulk path reads with from_chars: csv-wide-numbers.test.ts) with everything it must leave to the tokenizer
 * (quotes, spaces, blank lines, CRLF and lone CR, short and long rows, text, missing tokens), fed in pieces of any size.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CsvKernels } from '../../../src-shared/data/csv/csv-kernels';
import { ChunkReader } from '../../../src-shared/data/csv/chunk-reader';
import { allocateCells } from '../../../src-shared/data/csv/load-cells';
import { loadNativeAddon, nativeCsvKernels } from '../../../src-main/native/addon';
import { loadInPieces, nativeDisabled } from './helpers';

const native = nativeCsvKernels();


const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Mostly cells the bulk path reads, some it must leave to the tokenizer. */
const cell = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.constantFrom('', '-'), digits(1, 9), fc.option(digits(0, 8))).map(([s, i, f]) => `${s}${i}${f === null ? '' : `.${f}`}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', '-'), digits(14, 20), digits(0, 25)).map(([s, i, f]) => `${s}${i}.${f}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'NA', ' 1.5', '2 ', '"3"', '1e5', '+4', '.5', '-', '#N/A', 'inf', 'abc', '1,5', '-0', '0.0000000000000000000001234') },
);
const lineEnd = fc.oneof({ weight: 8, arbitrary: fc.constant('\n') }, { weight: 2, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constantFrom('\r', '\n\n') });

const file = fc.integer({ min: 1, max: 6 }).chain((cols) =>
  fc.tuple(
    fc.constant(cols),
    fc.array(fc.tuple(fc.array(cell, { minLength: cols, maxLength: cols }), fc.integer({ min: -1, max: 20 }), lineEnd), { minLength: 1, maxLength: 60 }),
    fc.integer({ min: 1, max: 64 }),
  ),
);

describe('native CSV kernels', () => {
  it('are built into the addon, or absent with DENSE_LAB_NO_NATIVE=1 (then the loader reads everything in JavaScript)', () => {
    expect(loadNativeAddon().ok).toBe(!nativeDisabled);
    expect(Object.keys(native).sort()).toEqual(nativeDisabled ? [] : ['blockStats', 'histogram', 'numericRows']);
  });

  it('property: a file loads to the same bytes, columns, warnings and errors with and without them', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ([cols, rows, piece]) => {
        const header = Array.from({ length: cols }, (_, c) => `c${c}`).join(',');
        // A row's field count changes now and then (-1: as generated; else cut or extended by one).
        const body = rows
          .map(([cells, change, end]) => {
            const fields = change === 0 && cells.length > 1 ? cells.slice(0, -1) : change === 1 ? [...cells, '7'] : cells;
            return fields.join(',') + end;
          })
          .join('');
        const text = `${header}\n${body}`;
        const [a, b] = [await loadInPieces(text, piece, native), await loadInPieces(text, piece)];
        expect(a, text).toEqual(b);
      }),
      { numRuns: 400 },
    );
  });

  it('property: plain numeric files of many rows (the bulk path end to end) load the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 5000 }), fc.boolean(), async (cols, n, piece, crlf) => {
        let seed = cols * 7919 + n;
        const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
        const lines = [Array.from({ length: cols }, (_, c) => `x${c}`).join(',')];
        for (let r = 0; r < n; r++) lines.push(Array.from({ length: cols }, () => ((rand() - 0.4) * 10 ** Math.floor(rand() * 6)).toFixed(Math.floor(rand() * 8))).join(','));
        const text = lines.join(crlf ? '\r\n' : '\n') + (rand() < 0.5 ? '\n' : '');
        expect(await loadInPieces(text, piece, native)).toEqual(await loadInPieces(text, piece));
      }),
      { numRuns: 60 },
    );
  });

  it('the bulk path stops at a region end: the reader grows its buffers as the tokenizer does', () => {
    const text = new TextEncoder().encode(`a,b\n${Array.from({ length: 500 }, (_, r) => `${r}.5,-${r}`).join('\n')}\n`);
    const outcome = (scan?: CsvKernels['numericRows']) => {
      const [vals, kinds] = allocateCells(40) as [Float64Array, Uint8Array];
      const reader = new ChunkReader(
        { delimiter: ',', segment: { names: ['a', 'b'], header: true, decimal: '.', tokenEncoding: 'utf-8', skipRecords: 1 }, region: { vals, kinds, offset: 0, capacity: 40 }, fileStart: 'utf-8', last: true, firstLine: 1 },
        scan,
      );
      reader.feed(text);
      const o = reader.end();
      if (!o.ok) throw new Error('failed');
      return { rows: o.segment.rows, lines: o.segment.lines, inRegion: o.segment.inRegion, cells: Array.from(o.segment.vals.subarray(o.segment.offset, o.segment.offset + o.segment.rows * 2)) };
    };
    const withNative = outcome(native.numericRows);
    expect(withNative).toEqual(outcome());
    expect(withNative.rows).toBe(500);
    expect(withNative.inRegion).toBe(false);
  });

  it('refuses bad arguments with a RangeError instead of writing out of bounds (native builds)', () => {
    if (nativeDisabled) {
      expect(native.numericRows).toBeUndefined();
      return;
    }
    const scan = native.numericRows as NonNullable<CsvKernels['numericRows']>;
    const bytes = new TextEncoder().encode('1,2\n');
    expect(() => scan(bytes, 0, 99, 44, 46, 2, new Float64Array(4), new Uint8Array(4), 0, 1, new Float64Array(1))).toThrow(RangeError);
    expect(() => scan(bytes, 0, 4, 44, 46, 2, new Float64Array(4), new Uint8Array(4), 9, 1, new Float64Array(1))).toThrow(RangeError);
    // maxRows beyond the room left is cut to it.
    const vals = new Float64Array(2);
    const out = new Float64Array(1);
    expect(scan(new TextEncoder().encode('1,2\n3,4\n'), 0, 8, 44, 46, 2, vals, new Uint8Array(2), 0, 10, out)).toBe(1);
    expect([...vals, out[0]]).toEqual([1, 2, 4]);
  });
});
