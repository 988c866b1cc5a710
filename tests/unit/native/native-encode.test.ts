import { describe, expect, it } from 'vitest';
import { encodeRows, planEncoding, type EncodePlan } from '../../../src-shared/data/encode';
import type { ColumnInfo, DatasetMatrix } from '../../../src-shared/data/dataset';
import type { InputSpec } from '../../../src-shared/model-file/types';
import { loadNativeAddon, type NativeAddon } from '../../../src-main/native/addon';
import { createNativeEncoder } from '../../../src-main/native/native-forward';
import { firstDifference, nativeDisabled, seeded } from './helpers';

const load = loadNativeAddon();

describe('the native addon here', () => {
  it(nativeDisabled ? 'is off (DENSE_LAB_NO_NATIVE=1): the WebAssembly path is what runs' : 'encodes natively (npm ci built it)', () => {
    expect(load.ok).toBe(!nativeDisabled);
  });
});

function numericColumns(cols: number): ColumnInfo[] {
  return Array.from({ length: cols }, (_, k) => ({ name: `c${k}`, type: 'numeric', missing: 0, min: -1, max: 1, mean: 0, std: 1 }) as ColumnInfo);
}

/** A matrix of random values with some cells flagged missing, NaN, ±Infinity and −0. */
function matrix(rand: () => number, rows: number, cols: number, holes: number): DatasetMatrix {
  const values = Float64Array.from({ length: rows * cols }, () => rand() * 20 - 10);
  const missing = new Uint8Array(rows * cols);
  const specials = [NaN, Infinity, -Infinity, -0, 0, 1e308, -5e-324];
  for (let h = 0; h < holes; h++) {
    const cell = Math.floor(rand() * rows * cols);
    if (rand() < 0.5) missing[cell] = 1;
    else values[cell] = specials[Math.floor(rand() * specials.length)];
  }
  return { rows, cols, values, missing };
}

/** encodeRows and the native encoder on the same rows: same values (bits) and same statuses. */
function compare(addon: NativeAddon, plan: EncodePlan, m: DatasetMatrix, variant: NonNullable<Parameters<typeof createNativeEncoder>[2]>, start = 0, end = m.rows): void {
  const native = createNativeEncoder(addon, plan, variant);
  expect(native).toBeDefined();
  const want = new Float64Array((end - start) * plan.width).fill(7);
  const got = new Float64Array((end - start) * plan.width).fill(-7);
  const wantStatus = new Uint8Array(m.rows);
  const gotStatus = new Uint8Array(m.rows);
  const wantOk = encodeRows(plan, m, start, end, want, wantStatus);
  const gotOk = native!(m, start, end, got, gotStatus);
  expect(gotOk).toBe(wantOk);
  expect(firstDifference(got, want)).toBe(-1);
  expect(Array.from(gotStatus)).toEqual(Array.from(wantStatus));
  // into a Float32Array: the same values rounded to float32 (Math.fround), the same statuses
  const got32 = new Float32Array((end - start) * plan.width).fill(-7);
  const status32 = new Uint8Array(m.rows);
  expect(native!(m, start, end, got32, status32)).toBe(wantOk);
  expect(firstDifference(Float64Array.from(got32), want.map(Math.fround))).toBe(-1);
  expect(Array.from(status32)).toEqual(Array.from(wantStatus));
}

if (load.ok) {
  const addon = load.addon;
  const variants = addon.variants();

  describe('createNativeEncoder (encodeRows natively, for numeric inputs)', () => {
    const widths = [1, 3, 7, 8, 9, 16, 17, 31, 784];

    it.each(variants)('gives encodeRows\'s bits and statuses: scaled, unscaled, imputed, odd widths, special values (variant %s)', (variant) => {
      const rand = seeded(16);
      for (const width of widths) {
        const cols = width + 3;
        const m = matrix(rand, 23, cols, Math.ceil(23 * cols * 0.02));
        // inputs are columns 2 … width + 1 (contiguous): every third scaled, every fifth imputed
        const specs: InputSpec[] = Array.from({ length: width }, (_, k) => ({
          name: `c${k + 2}`,
          ...(k % 3 !== 1 ? { scale: { mean: rand() - 0.5, std: k % 7 === 0 ? -(0.5 + rand()) : 0.5 + rand() } } : {}),
          ...(k % 5 === 2 ? { impute: rand() * 4 - 2 } : {}),
        }));
        const plan = planEncoding(specs, numericColumns(cols));
        if (!plan.ok) throw new Error(plan.error.message);
        compare(addon, plan.value, m, variant);
        compare(addon, plan.value, m, variant, 5, 6); // one row
        compare(addon, plan.value, m, variant, 9, 9); // none
      }
    });

    it.each(variants)('gives encodeRows\'s bits when no input is scaled (v taken as it is), and for mean −0 / std 1 (not) (variant %s)', (variant) => {
      const rand = seeded(18);
      for (const width of widths) {
        const cols = width + 1;
        const m = matrix(rand, 29, cols, Math.ceil(29 * cols * 0.03));
        // every input unscaled, imputed or not (mean 0, std 1 natively: the identity path)
        const plain = planEncoding(Array.from({ length: width }, (_, k) => ({ name: `c${k + 1}`, ...(k % 4 === 3 ? { impute: rand() } : {}) })), numericColumns(cols));
        // an explicit scale of mean 0, std 1 is the identity too; one of mean −0 is not ((−0) − (−0) is +0)
        const unit = planEncoding(Array.from({ length: width }, (_, k) => ({ name: `c${k + 1}`, scale: { mean: 0, std: 1 } })), numericColumns(cols));
        const negZero = planEncoding(Array.from({ length: width }, (_, k) => ({ name: `c${k + 1}`, scale: { mean: k % 2 === 0 ? -0 : 0, std: 1 } })), numericColumns(cols));
        for (const plan of [plain, unit, negZero]) {
          if (!plan.ok) throw new Error(plan.error.message);
          compare(addon, plan.value, m, variant);
          compare(addon, plan.value, m, variant, 3, 4);
        }
      }
    });

    it.each(variants)('handles inputs in another order than the file\'s columns (variant %s)', (variant) => {
      const rand = seeded(17);
      const m = matrix(rand, 40, 12, 20);
      const specs: InputSpec[] = [7, 2, 11, 0, 3, 4, 5, 9, 1].map((c) => ({ name: `c${c}`, scale: { mean: rand(), std: 0.25 + rand() } }));
      const plan = planEncoding(specs, numericColumns(12));
      if (!plan.ok) throw new Error(plan.error.message);
      compare(addon, plan.value, m, variant);
    });

    it('declines a plan with a categorical input (the caller keeps encodeRows)', () => {
      const columns: ColumnInfo[] = [
        { name: 'x', type: 'numeric', missing: 0, min: 0, max: 1, mean: 0, std: 1 } as ColumnInfo,
        { name: 'k', type: 'categorical', missing: 0, categories: ['a', 'b'] } as unknown as ColumnInfo,
      ];
      const plan = planEncoding([{ name: 'x' }, { name: 'k', categories: ['a', 'b'] }], columns);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(createNativeEncoder(addon, plan.value)).toBeUndefined();
    });

    it('refuses arguments that do not fit with a RangeError or TypeError', () => {
      const plan = planEncoding([{ name: 'c0' }, { name: 'c1' }], numericColumns(2));
      if (!plan.ok) throw new Error(plan.error.message);
      const m = matrix(seeded(1), 4, 2, 0);
      const encode = createNativeEncoder(addon, plan.value)!;
      expect(() => encode(m, 0, 4, new Float64Array(7), new Uint8Array(4))).toThrow(RangeError);
      expect(() => encode(m, 0, 5, new Float64Array(10), new Uint8Array(5))).toThrow(RangeError);
      expect(() => encode(m, 3, 2, new Float64Array(8), new Uint8Array(4))).toThrow(RangeError);
      expect(() => encode({ ...m, missing: new Int8Array(8) as unknown as Uint8Array }, 0, 4, new Float64Array(8), new Uint8Array(4))).toThrow(TypeError);
    });
  });
}
