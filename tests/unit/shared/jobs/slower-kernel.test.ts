import { describe, expect, it } from 'vitest';
import { slowerKernel, type KernelUsed } from '../../../../src-shared/jobs/forward';

describe('the kernel a job reports', () => {
  it('is the slowest any worker used, whatever order the workers finish in', () => {
    const pairs: [KernelUsed, KernelUsed, KernelUsed][] = [
      ['native-avx512', 'wasm-simd', 'wasm-simd'],
      ['wasm-simd', 'forwardBatch', 'forwardBatch'],
      ['native-avx2', 'native-avx512', 'native-avx2'],
      ['native-sse2', 'wasm-simd', 'native-sse2'],
      ['js', 'native-scalar', 'js'],
    ];
    for (const [a, b, slower] of pairs) {
      expect(slowerKernel(a, b)).toBe(slower);
      expect(slowerKernel(b, a)).toBe(slower);
    }
  });

  it('is the kernel itself when every worker used the same one', () => {
    expect(slowerKernel('native-avx512', 'native-avx512')).toBe('native-avx512');
  });
});
