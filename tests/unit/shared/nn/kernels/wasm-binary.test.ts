import { describe, expect, it } from 'vitest';
import { buildModule, Code, I32, sleb, uleb } from '../../../../../src-shared/nn/kernels/wasm-binary';

describe('wasm-binary', () => {
  it('encodes unsigned LEB128 as the spec examples do', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('encodes signed LEB128 with the sign bit in the last byte', () => {
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('builds a module the host validates and runs: both lanes of splat(m[0]) · splat(m[1]) into m[2], m[3]', () => {
    const body = new Code().get(0).get(0).v128Load64Splat(0).get(0).v128Load64Splat(8).f64x2Mul().v128Store(16);
    const bytes = buildModule([{ name: 'f', params: [I32], locals: [], body }]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const m = new Float64Array(memory.buffer, 0, 4);
    m.set([1.5, -3]);
    (instance.exports.f as (at: number) => void)(0);
    expect(Array.from(m)).toEqual([1.5, -3, -4.5, -4.5]);
  });
});
