import { describe, expect, it } from 'vitest';
import { array, bytes, filePath, id, integer, none, nullable, number, object, oneOf, optional, string } from '../../../src-shared/api/validate';

const errorAt = (r: { ok: boolean; error?: { kind: string; path?: string; message: string } }) => {
  expect(r.ok).toBe(false);
  expect(r.error?.kind).toBe('api/invalid-argument');
  return r.error!;
};

describe('argument validators', () => {
  it('object refuses unknown keys, naming the key', () => {
    const v = object({ a: integer() });
    expect(errorAt(v({ a: 1, b: 2 }, 'args')).path).toBe('args.b');
  });

  it('object drops absent optional keys and keeps present ones', () => {
    const v = object({ a: integer(), b: optional(string()) });
    expect(v({ a: 1 }, 'args')).toEqual({ ok: true, value: { a: 1 } });
    expect(v({ a: 1, b: 'x' }, 'args')).toEqual({ ok: true, value: { a: 1, b: 'x' } });
    expect(errorAt(v({ a: 1, b: 3 }, 'args')).path).toBe('args.b');
  });

  it('object ignores inherited properties and refuses arrays, null and bytes', () => {
    const v = object({ a: optional(integer()) });
    expect(v(Object.create({ a: 'inherited' }), 'args')).toEqual({ ok: true, value: {} });
    for (const bad of [[], null, new Uint8Array(2), 'x']) expect(errorAt(v(bad, 'args')).path).toBe('args');
  });

  it('numbers must be finite and in range; integers whole', () => {
    expect(errorAt(number()(NaN, 'x')).message).toContain('finite');
    expect(errorAt(number()(Infinity, 'x')).message).toContain('finite');
    expect(errorAt(number({ min: 0, max: 1 })(1.5, 'x')).message).toContain('between 0 and 1');
    expect(errorAt(integer()(1.5, 'x')).message).toContain('integer');
    expect(errorAt(integer()('3', 'x')).message).toContain('integer');
    expect(integer({ min: 0 })(0, 'x')).toEqual({ ok: true, value: 0 });
  });

  it('arrays check every item and name the bad index', () => {
    expect(errorAt(array(integer())([1, 2, 'three'], 'args.xs')).path).toBe('args.xs[2]');
    expect(errorAt(array(integer(), { maxLength: 2 })([1, 2, 3], 'args.xs')).message).toContain('at most 2');
  });

  it('ids are short and safe; paths are non-empty without NUL', () => {
    expect(id('d12', 'x').ok).toBe(true);
    for (const bad of ['', '../x', 'a b', 'x'.repeat(65), 5]) expect(id(bad, 'x').ok).toBe(false);
    expect(filePath('/tmp/a.csv', 'p').ok).toBe(true);
    expect(filePath('', 'p').ok).toBe(false);
    expect(filePath('a\u0000b', 'p').ok).toBe(false);
  });

  it('oneOf lists the choices; nullable lets null through; bytes need a Uint8Array within the limit', () => {
    expect(errorAt(oneOf(['a', 'b'] as const)('c', 'k')).message).toContain("'a', 'b'");
    expect(nullable(integer())(null, 'k')).toEqual({ ok: true, value: null });
    expect(bytes(3)(new Uint8Array(3), 'b').ok).toBe(true);
    expect(errorAt(bytes(3)(new Uint8Array(4), 'b')).message).toContain('at most 3 bytes');
    expect(errorAt(bytes(3)([1, 2], 'b')).message).toContain('Uint8Array');
  });

  it('none accepts undefined or an empty object only', () => {
    expect(none(undefined, 'args').ok).toBe(true);
    expect(none({}, 'args').ok).toBe(true);
    expect(errorAt(none({ x: 1 }, 'args')).path).toBe('args.x');
  });

  it('messages quote short strings and only describe long ones', () => {
    expect(errorAt(integer()('abc', 'n')).message).toContain('"abc"');
    expect(errorAt(integer()('z'.repeat(500), 'n')).message).toContain('a string of 500 characters');
  });
});
