import { describe, expect, it } from 'vitest';
import { machineInfo, machineLine, parseCpuinfo } from '../../../../bench/lib/machine.mjs';

const CPUINFO = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 26
model\t\t: 2
model name\t: AMD EPYC
flags\t\t: fpu sse4_2 avx fma avx2 avx512f avx512ifma
processor\t: 1
model name\t: AMD EPYC
`;

describe('bench machine info', () => {
  it('reads the model name, family and model numbers and the SIMD flags from /proc/cpuinfo text', () => {
    expect(parseCpuinfo(CPUINFO)).toEqual({ model: 'AMD EPYC', family: 26, modelNumber: 2, simd: ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'] });
  });

  it('leaves fields it cannot find empty instead of guessing', () => {
    expect(parseCpuinfo('processor : 0\n')).toEqual({ model: null, family: null, modelNumber: null, simd: [] });
  });

  it('the machine line names CPU, cores, memory and Node version', () => {
    const m = machineInfo(new Date('2026-01-02T03:04:05Z'));
    expect(m.date).toBe('2026-01-02T03:04:05.000Z');
    const line = machineLine(m);
    expect(line).toContain(`${m.cores} cores`);
    expect(line).toContain(`Node ${process.version}`);
    expect(m.cores).toBeGreaterThan(0);
    expect(m.memoryGiB).toBeGreaterThan(0);
  });
});
