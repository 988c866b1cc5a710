import { describe, expect, it } from 'vitest';
import { MATRIX_NUMBERS_MAX, matrixLayout } from '../../../src-renderer/lib/inspect/matrix-layout';

describe('the confusion matrix layout at 2, 10 and 50 classes', () => {
  it('2 classes: counts in wide cells; 10: counts in narrower cells', () => {
    expect(matrixLayout(2)).toEqual({ numbers: true, cell: 64, verticalLabels: false });
    expect(matrixLayout(10)).toEqual({ numbers: true, cell: 44, verticalLabels: false });
  });

  it('beyond 12 classes a compact heatmap whose cells together stay within 640 px (counts on hover)', () => {
    const fifty = matrixLayout(50);
    expect(fifty.numbers).toBe(false);
    expect(fifty.verticalLabels).toBe(true);
    expect(fifty.cell * 50).toBeLessThanOrEqual(640);
    expect(matrixLayout(MATRIX_NUMBERS_MAX + 1).numbers).toBe(false);
    expect(matrixLayout(1000).cell).toBe(8);
  });
});
