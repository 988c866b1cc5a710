/**
 * One WebAssembly SIMD kernel for the three matrix products of a training step, on float64 pairs:
 *   C[m×n] = Σ_k A(i,k) · B[k×n]  (+ bias row, added after the sum)
 * with A read through byte strides (A(i,k) at a + i·sai + k·sak), so the same code computes
 *   forward      Z = X W + b     (A = X,  sai = inputs·8, sak = 8,  B = W)
 *   to inputs    G Wᵀ            (A = G,  sai = units·8,  sak = 8,  B = Wᵀ)
 *   kernel grad  Aᵀ G            (A = Aᵀ, sai = 8, sak = inputs·8, B = G)
 * Each output is summed exactly as the JavaScript loops sum it: acc = 0; acc += A(i,k)·B(k,j) for k ascending;
 * then + bias. f64x2 multiply and add round each lane like scalar code (there is no fused multiply-add), so
 * results are bit-identical to the JavaScript path and training is reproducible with or without SIMD.
 * Blocks of 4 rows × 4 columns (8 vector accumulators): m and n must be multiples of 4 (the caller computes any
 * fringe rows and columns with the same scalar sums).
 */
import { buildModule, Code, F64, I32, uleb, V128 } from './kernels/wasm-binary';
import { wasmApi, WASM_PAGE, type WasmMemory } from './kernels/wasm-runtime';

/**
 * gemm(a, sai, sak, b, c, bias, m, k, n, ld): addresses and strides in bytes, m, k, n counts; bias 0 = none.
 * Computes the m × n block C[i, j] (i < m, j < n) of matrices whose rows (B's and C's) are `ld` bytes apart.
 */
export type GemmFunction = (a: number, sai: number, sak: number, b: number, c: number, bias: number, m: number, k: number, n: number, ld: number) => void;

// parameter and local indices
const A = 0, SAI = 1, SAK = 2, B = 3, C = 4, BIAS = 5, M = 6, K = 7, N = 8, LD = 9;
const I0 = 10, J0 = 11, KK = 12, PA0 = 13, PA1 = 14, PA2 = 15, PA3 = 16, PB = 17, PC = 18, ROW = 19;
const ACC = 20; // 8 v128 accumulators: ACC + 2q + h (row q, half h)
const B0 = 28, B1 = 29, X = 30;

function gemmBody(): Code {
  const c = new Code();
  // ROW = bytes per B and C row
  c.get(LD).set(ROW);
  c.i32(0).set(I0);
  c.block().loop(); // i0 loop
  c.get(I0).get(M).i32LtU().i32(0).i32Eq().brIf(1);
  c.i32(0).set(J0);
  c.block().loop(); // j0 loop
  c.get(J0).get(N).i32LtU().i32(0).i32Eq().brIf(1);
  for (let v = 0; v < 8; v++) c.v128Zero().set(ACC + v);
  // PA0 = a + i0·sai; PA1..3 = PA0 + q·sai
  c.get(A).get(I0).get(SAI).i32Mul().i32Add().tee(PA0).get(SAI).i32Add().tee(PA1).get(SAI).i32Add().tee(PA2).get(SAI).i32Add().set(PA3);
  // PB = b + j0·8
  c.get(B).get(J0).i32(8).i32Mul().i32Add().set(PB);
  c.i32(0).set(KK);
  c.block().loop(); // k loop
  c.get(KK).get(K).i32LtU().i32(0).i32Eq().brIf(1);
  c.get(PB).v128Load(0).set(B0);
  c.get(PB).v128Load(16).set(B1);
  [PA0, PA1, PA2, PA3].forEach((pa, q) => {
    c.get(pa).v128Load64Splat(0).set(X);
    c.get(ACC + 2 * q).get(X).get(B0).f64x2Mul().f64x2Add().set(ACC + 2 * q);
    c.get(ACC + 2 * q + 1).get(X).get(B1).f64x2Mul().f64x2Add().set(ACC + 2 * q + 1);
    c.get(pa).get(SAK).i32Add().set(pa);
  });
  c.get(PB).get(ROW).i32Add().set(PB);
  c.get(KK).i32(1).i32Add().set(KK);
  c.br(0).end().end(); // k loop
  // with a bias: acc + bias[j0 .. j0+4) (added after the sum)
  c.get(BIAS).i32(0).i32Ne().if();
  c.get(BIAS).get(J0).i32(8).i32Mul().i32Add().set(PB);
  c.get(PB).v128Load(0).set(B0);
  c.get(PB).v128Load(16).set(B1);
  for (let q = 0; q < 4; q++) {
    c.get(ACC + 2 * q).get(B0).f64x2Add().set(ACC + 2 * q);
    c.get(ACC + 2 * q + 1).get(B1).f64x2Add().set(ACC + 2 * q + 1);
  }
  c.end();
  // PC = c + (i0·n + j0)·8; store four rows
  c.get(C).get(I0).get(ROW).i32Mul().i32Add().get(J0).i32(8).i32Mul().i32Add().set(PC);
  for (let q = 0; q < 4; q++) {
    c.get(PC).get(ACC + 2 * q).v128Store(0);
    c.get(PC).get(ACC + 2 * q + 1).v128Store(16);
    if (q < 3) c.get(PC).get(ROW).i32Add().set(PC);
  }
  c.get(J0).i32(4).i32Add().set(J0);
  c.br(0).end().end(); // j0 loop
  c.get(I0).i32(4).i32Add().set(I0);
  c.br(0).end().end(); // i0 loop
  return c;
}

/**
 * relu(src, dst, bytes): dst = f64x2.pmax(src, 0) = src < 0 ? 0 : src lane by lane (activations.ts's relu: NaN
 * and −0 pass through), over `bytes` (a multiple of 16). Branch-free: in JavaScript the coin-toss signs of a
 * layer's z mispredict a branch every other value.
 */
function reluBody(): Code {
  const SRC = 0, DST = 1, BYTES = 2, AT = 3;
  const c = new Code();
  c.i32(0).set(AT);
  c.block().loop();
  c.get(AT).get(BYTES).i32LtU().i32(0).i32Eq().brIf(1);
  c.get(DST).get(AT).i32Add();
  c.get(SRC).get(AT).i32Add().v128Load(0).v128Zero().f64x2Pmax();
  c.v128Store(0);
  c.get(AT).i32(16).i32Add().set(AT);
  c.br(0).end().end();
  return c;
}

// SIMD instructions Code has no methods for: the prefix 0xfd, then the opcode as LEB128
const simdOp = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
const F64X2_GT = simdOp(0x4a);
const V128_AND = simdOp(0x4e);
const F64X2_SPLAT = simdOp(0x14);
const F64X2_SQRT = simdOp(0xef);
const F64X2_SUB = simdOp(0xf1);
const F64X2_DIV = simdOp(0xf3);

/**
 * adam(w, g, m, v, bytes, alpha, c1, c2, eps): optimizers.ts's Adam loop on f64x2 pairs over `bytes` (a multiple
 * of 16) of four arrays, in the same operations and order (sqrt and division are correctly rounded, as in V8):
 *   m ← m + (g − m)·c1;  v ← v + (g·g − v)·c2;  w ← w − (m·alpha) / (√v + eps)
 */
function adamBody(): Code {
  const W = 0, G = 1, M = 2, V = 3, BYTES = 4, ALPHA = 5, C1 = 6, C2 = 7, EPS = 8;
  const AT = 9, VA = 10, V1 = 11, V2 = 12, VE = 13, GV = 14, MV = 15, VV = 16;
  const c = new Code();
  for (const [from, to] of [[ALPHA, VA], [C1, V1], [C2, V2], [EPS, VE]]) {
    c.get(from);
    c.bytes.push(...F64X2_SPLAT);
    c.set(to);
  }
  const at = (base: number) => c.get(base).get(AT).i32Add();
  c.i32(0).set(AT);
  c.block().loop();
  c.get(AT).get(BYTES).i32LtU().i32(0).i32Eq().brIf(1);
  at(G).v128Load(0).set(GV);
  // m ← m + (g − m)·c1
  at(M).v128Load(0).set(MV);
  c.get(MV).get(GV).get(MV);
  c.bytes.push(...F64X2_SUB);
  c.get(V1).f64x2Mul().f64x2Add().set(MV);
  at(M).get(MV).v128Store(0);
  // v ← v + (g·g − v)·c2
  at(V).v128Load(0).set(VV);
  c.get(VV).get(GV).get(GV).f64x2Mul().get(VV);
  c.bytes.push(...F64X2_SUB);
  c.get(V2).f64x2Mul().f64x2Add().set(VV);
  at(V).get(VV).v128Store(0);
  // w ← w − (m·alpha) / (√v + eps)
  at(W);
  at(W).v128Load(0);
  c.get(MV).get(VA).f64x2Mul();
  c.get(VV);
  c.bytes.push(...F64X2_SQRT);
  c.get(VE).f64x2Add();
  c.bytes.push(...F64X2_DIV, ...F64X2_SUB);
  c.v128Store(0);
  c.get(AT).i32(16).i32Add().set(AT);
  c.br(0).end().end();
  return c;
}

/**
 * reluBackward(z, g, bytes): g = v128.and(f64x2.gt(z, 0), g) = z > 0 ? g : +0 lane by lane (as lossAndGradients
 * applies relu's derivative: a NaN z gives 0), over `bytes` (a multiple of 16). Branch-free, as reluBody.
 */
function reluBackwardBody(): Code {
  const Z = 0, G = 1, BYTES = 2, AT = 3;
  const c = new Code();
  c.i32(0).set(AT);
  c.block().loop();
  c.get(AT).get(BYTES).i32LtU().i32(0).i32Eq().brIf(1);
  c.get(G).get(AT).i32Add();
  c.get(Z).get(AT).i32Add().v128Load(0).v128Zero();
  c.bytes.push(...F64X2_GT);
  c.get(G).get(AT).i32Add().v128Load(0);
  c.bytes.push(...V128_AND);
  c.v128Store(0);
  c.get(AT).i32(16).i32Add().set(AT);
  c.br(0).end().end();
  return c;
}

/** The kernel module's bytes. */
export function gemmModuleBytes(): Uint8Array {
  const locals = [...new Array<number>(ROW - I0 + 1).fill(I32), ...new Array<number>(X - ACC + 1).fill(V128)] as (typeof I32 | typeof V128)[];
  return buildModule([
    { name: 'gemm', params: new Array(10).fill(I32), locals, body: gemmBody() },
    { name: 'relu', params: [I32, I32, I32], locals: [I32], body: reluBody() },
    { name: 'reluBackward', params: [I32, I32, I32], locals: [I32], body: reluBackwardBody() },
    { name: 'adam', params: [I32, I32, I32, I32, I32, F64, F64, F64, F64], locals: [I32, ...new Array<typeof V128>(7).fill(V128)], body: adamBody() },
  ]);
}

/** relu over `bytes` (a multiple of 16) from byte address src to dst (may be src): see reluBody. */
export type ReluFunction = (src: number, dst: number, bytes: number) => void;

/** Adam over `bytes` (a multiple of 16) of w, g, m, v at these byte addresses: see adamBody. */
export type WasmAdamFunction = (w: number, g: number, m: number, v: number, bytes: number, alpha: number, c1: number, c2: number, eps: number) => void;

/** relu's derivative applied in place over `bytes` (a multiple of 16): g = z > 0 ? g : 0 (see reluBackwardBody). */
export type ReluBackwardFunction = (z: number, g: number, bytes: number) => void;

/** Float64 storage for the training workspace inside one WebAssembly memory, with the kernel bound to it. */
export interface WasmArena {
  readonly memory: WasmMemory;
  readonly gemm: GemmFunction;
  readonly relu: ReluFunction;
  readonly reluBackward: ReluBackwardFunction;
  readonly adam: WasmAdamFunction;
  /** A new zeroed Float64Array of `length` in the memory (16-byte aligned). */
  alloc(length: number): Float64Array;
}

/**
 * An arena of `doubles` float64s with the SIMD kernel, or undefined when this host lacks WebAssembly SIMD
 * (or refuses to compile it): the caller then uses the JavaScript loops, with the same results.
 */
export function createWasmArena(doubles: number): WasmArena | undefined {
  const api = wasmApi();
  if (!api) return undefined;
  try {
    const bytes = gemmModuleBytes();
    if (!api.validate(bytes)) return undefined;
    const pages = Math.ceil((doubles * 8 + 64) / WASM_PAGE) + 1;
    const memory = new api.Memory({ initial: pages, maximum: pages });
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    const gemm = instance.exports.gemm as GemmFunction;
    const relu = instance.exports.relu as ReluFunction;
    const reluBackward = instance.exports.reluBackward as ReluBackwardFunction;
    const adam = instance.exports.adam as WasmAdamFunction;
    let next = 16;
    return {
      memory,
      gemm,
      relu,
      reluBackward,
      adam,
      alloc(length: number) {
        const start = next;
        next += Math.ceil((length * 8) / 16) * 16;
        if (next > memory.buffer.byteLength) throw new RangeError('wasm arena: out of memory (a sizing bug)');
        return new Float64Array(memory.buffer, start, length);
      },
    };
  } catch {
    return undefined;
  }
}
