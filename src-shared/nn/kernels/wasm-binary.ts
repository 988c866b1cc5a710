/**
 * A minimal WebAssembly binary writer: just the sections and instructions the dense-layer kernel uses.
 *
 * Writing the few bytes ourselves (instead of assembling text with a toolchain) keeps the kernel a pure
 * function of its tile shape, generated at startup in microseconds, with no build step and no committed
 * binary that could drift from its source. Encoding per the WebAssembly core spec, binary format (§5).
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.charCodeAt(0) & 0x7f);
  return [...uleb(out.length), ...out];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * An instruction sequence under construction. Each method appends one instruction and returns this,
 * so a kernel reads top to bottom like its text format.
 */
export class Code {
  readonly bytes: number[] = [];

  private op(...b: number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  get(local: number): this { return this.op(0x20, ...uleb(local)); }
  set(local: number): this { return this.op(0x21, ...uleb(local)); }
  tee(local: number): this { return this.op(0x22, ...uleb(local)); }
  i32(value: number): this { return this.op(0x41, ...sleb(value)); }
  i32Add(): this { return this.op(0x6a); }
  i32Sub(): this { return this.op(0x6b); }
  i32Mul(): this { return this.op(0x6c); }
  i32And(): this { return this.op(0x71); }
  i32ShrU(): this { return this.op(0x76); }
  i32Eq(): this { return this.op(0x46); }
  i32LtU(): this { return this.op(0x49); }
  i32Ne(): this { return this.op(0x47); }
  /** block with no result. */
  block(): this { return this.op(0x02, 0x40); }
  /** loop with no result. */
  loop(): this { return this.op(0x03, 0x40); }
  /** if with no result. */
  if(): this { return this.op(0x04, 0x40); }
  else(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...uleb(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...uleb(depth)); }
  /** v128.load with byte offset (alignment hint 2^3: f64 granularity, the most we promise). */
  v128Load(offset: number): this { return this.simd(0x00, 3, ...uleb(offset)); }
  /** v128.load64_splat: one f64 from memory into both lanes. */
  v128Load64Splat(offset: number): this { return this.simd(0x0a, 3, ...uleb(offset)); }
  /** v128.load32_splat: one f32 from memory into all four lanes. */
  v128Load32Splat(offset: number): this { return this.simd(0x09, 2, ...uleb(offset)); }
  f32Load(offset: number): this { return this.op(0x2a, 2, ...uleb(offset)); }
  f32Store(offset: number): this { return this.op(0x38, 2, ...uleb(offset)); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Mul(): this { return this.simd(0xe6); }
  /** f32x4.pmax(a, b) = a < b ? b : a, lane-wise. */
  f32x4Pmax(): this { return this.simd(0xeb); }
  v128Store(offset: number): this { return this.simd(0x0b, 3, ...uleb(offset)); }
  /** v128.const of all-zero bits (both f64 lanes +0). */
  v128Zero(): this { return this.simd(0x0c, ...new Array<number>(16).fill(0)); }
  f64Load(offset: number): this { return this.op(0x2b, 3, ...uleb(offset)); }
  f64Store(offset: number): this { return this.op(0x39, 3, ...uleb(offset)); }
  /** i8x16.shuffle: result byte k = byte lanes[k] of (a ‖ b). */
  i8x16Shuffle(lanes: readonly number[]): this { return this.simd(0x0d, ...lanes); }
  f64x2Add(): this { return this.simd(0xf0); }
  f64x2Mul(): this { return this.simd(0xf2); }
  /** f64x2.pmax(a, b) = a < b ? b : a, lane-wise. */
  f64x2Pmax(): this { return this.simd(0xf7); }
}

/** One function of the module: its signature, extra locals, body and export name. */
export interface FunctionDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: Code;
}

/**
 * A module that imports its memory as env.memory (so the host sizes it) and exports the given functions,
 * none of which returns a value.
 */
export function buildModule(functions: readonly FunctionDef[]): Uint8Array<ArrayBuffer> {
  const types = vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...uleb(0)]));
  const imports = vec([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, ...uleb(1)]]);
  const funcs = vec(functions.map((_f, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]));
  const bodies = vec(
    functions.map((f) => {
      const locals = vec(f.locals.map((t) => [...uleb(1), t]));
      const body = [...locals, ...f.body.bytes, 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, bodies),
  ]);
}
