/**
 * The dense-layer kernel as WebAssembly SIMD (f64x2, or f32x4 for the optional float32 mode), generated
 * for one register tile shape.
 *
 * Layout ("row groups"): activations are stored G = lanes·rowVectors rows at a time, feature-major inside
 * a group: value (row r of group g, feature i) sits at byte  base + g·groupStride + (i·G + r)·E  (E = 8 or
 * 4 bytes). So one v128 load gives feature i of `lanes` consecutive rows, and the layer's output lands
 * directly in the same layout for the next layer. Weights are packed into panels of U units: panel p holds, for i = 0 … inputs−1, the
 * U weights w[i, pU … pU+U−1] side by side (zero-padded past the last unit).
 *
 * Each SIMD lane is one (row, unit) pair with its own accumulator, summed in the engine's order:
 * acc = 0; for i ascending: acc = acc + x_i·w_ij (separate mul and add, never fused); z = acc + b_j.
 * Only the work is spread over lanes, never one sum, so results equal the scalar loop bit for bit.
 */
import { buildModule, Code, I32, V128, type FunctionDef } from './wasm-binary';

/** Register tile: (lanes·rowVectors) rows × units, i.e. rowVectors·units vector accumulators. */
export interface TileShape {
  /** 'f64': f64x2 lanes, exact engine arithmetic; 'f32': f32x4 lanes, every value rounded to float32. */
  readonly precision: 'f64' | 'f32';
  /** Vectors per row group: the group holds lanes·rowVectors rows. */
  readonly rowVectors: number;
  /** Units per weight panel (splatted one at a time). */
  readonly units: number;
}

/**
 * 2 vectors × 4 units: 8 accumulators + 2 inputs + 1 splat + 1 product fit x64's 16 vector registers
 * (measured: 12 accumulators spill and run at half speed).
 */
export const DEFAULT_TILE: TileShape = { precision: 'f64', rowVectors: 2, units: 4 };
export const DEFAULT_TILE_F32: TileShape = { precision: 'f32', rowVectors: 2, units: 4 };

/** Values per v128 for a precision. */
export function lanes(tile: TileShape): number {
  return tile.precision === 'f64' ? 2 : 4;
}

/** Bytes per value. */
export function elementBytes(tile: TileShape): number {
  return tile.precision === 'f64' ? 8 : 4;
}

/** Rows per group for a tile shape. */
export function groupRows(tile: TileShape): number {
  return tile.rowVectors * lanes(tile);
}

// Parameters of both exported functions, in order (all i32, byte addresses and counts).
const P_X = 0; // first row group of the layer's input
const P_X_STRIDE = 1; // bytes from one input row group to the next
const P_INPUTS = 2;
const P_W = 3; // first weight panel
const P_B = 4; // bias, zero-padded to whole panels
const P_PANELS = 5;
const P_OUT = 6;
const P_OUT_STRIDE = 7;
const P_GROUPS = 8;
const PARAMS = 9;

/**
 * Body of dense(x, xStride, inputs, w, b, panels, out, outStride, groups): for every weight panel, for every
 * row group, z = x·W + b over the tile, then (if relu) a = z < 0 ? 0 : z, written to out in group layout.
 */
function denseBody(tile: TileShape, relu: boolean): { locals: number[]; body: Code } {
  const G = groupRows(tile);
  const R = tile.rowVectors;
  const U = tile.units;
  const E = elementBytes(tile);
  const VB = 16; // bytes per vector
  const f64 = tile.precision === 'f64';
  const splat = (c: Code, offset: number) => (f64 ? c.v128Load64Splat(offset) : c.v128Load32Splat(offset));
  const add = (c: Code) => (f64 ? c.f64x2Add() : c.f32x4Add());
  const mul = (c: Code) => (f64 ? c.f64x2Mul() : c.f32x4Mul());
  const pmax = (c: Code) => (f64 ? c.f64x2Pmax() : c.f32x4Pmax());
  let next = PARAMS;
  const p = next++;
  const g = next++;
  const xp = next++;
  const wp = next++;
  const xEnd = next++;
  const panelW = next++;
  const xg = next++;
  const og = next++;
  const bp = next++;
  const panelOut = next++;
  const i32Locals = next - PARAMS;
  const acc = (u: number, r: number) => next + u * R + r;
  const xv = (r: number) => next + U * R + r;
  const s = next + U * R + R;
  const zero = s + 1;
  const v128Locals = U * R + R + 2;

  const c = new Code();
  c.block();
  // Nothing to do without panels or groups; an empty input sum still gives z = b.
  c.get(P_PANELS).i32(0).i32Eq().brIf(0);
  c.get(P_GROUPS).i32(0).i32Eq().brIf(0);
  c.v128Zero().set(zero);
  c.i32(0).set(p);
  c.get(P_W).set(panelW);
  c.get(P_B).set(bp);
  c.get(P_OUT).set(panelOut);
  c.loop(); // panels
  {
    c.i32(0).set(g);
    c.get(P_X).set(xg);
    c.get(panelOut).set(og);
    c.loop(); // row groups
    {
      for (let u = 0; u < U; u++) for (let r = 0; r < R; r++) c.get(zero).set(acc(u, r));
      c.get(xg).set(xp);
      c.get(panelW).set(wp);
      c.get(xg).get(P_INPUTS).i32(G * E).i32Mul().i32Add().set(xEnd);
      c.block();
      c.get(P_INPUTS).i32(0).i32Eq().brIf(0);
      c.loop(); // inputs, ascending: one step of every accumulator's sum
      {
        for (let r = 0; r < R; r++) c.get(xp).v128Load(r * VB).set(xv(r));
        for (let u = 0; u < U; u++) {
          splat(c.get(wp), u * E).set(s);
          for (let r = 0; r < R; r++) {
            add(mul(c.get(acc(u, r)).get(xv(r)).get(s))).set(acc(u, r));
          }
        }
        c.get(xp).i32(G * E).i32Add().tee(xp);
        c.get(wp).i32(U * E).i32Add().set(wp);
        c.get(xEnd).i32LtU().brIf(0);
      }
      c.end();
      c.end();
      for (let u = 0; u < U; u++) {
        splat(c.get(bp), u * E).set(s);
        for (let r = 0; r < R; r++) {
          c.get(og);
          add(c.get(acc(u, r)).get(s));
          // pmax(z, 0) = z < 0 ? 0 : z: the engine's relu, keeping NaN and −0 as they are.
          if (relu) pmax(c.get(zero));
          c.v128Store(u * G * E + r * VB);
        }
      }
      c.get(xg).get(P_X_STRIDE).i32Add().set(xg);
      c.get(og).get(P_OUT_STRIDE).i32Add().set(og);
      c.get(g).i32(1).i32Add().tee(g);
      c.get(P_GROUPS).i32LtU().brIf(0);
    }
    c.end();
    c.get(panelW).get(P_INPUTS).i32(U * E).i32Mul().i32Add().set(panelW);
    c.get(bp).i32(U * E).i32Add().set(bp);
    c.get(panelOut).i32(U * G * E).i32Add().set(panelOut);
    c.get(p).i32(1).i32Add().tee(p);
    c.get(P_PANELS).i32LtU().brIf(0);
  }
  c.end();
  c.end();
  return { locals: [...new Array<number>(i32Locals).fill(I32), ...new Array<number>(v128Locals).fill(V128)], body: c };
}

/** i8x16.shuffle byte indices selecting `laneList` lanes of `size` bytes from (a ‖ b). */
function shuffleBytes(laneList: readonly number[], size: number): number[] {
  return laneList.flatMap((lane) => Array.from({ length: size }, (_v, k) => lane * size + k));
}

/**
 * Body of pack(src, inputs, groups, dst): rows stored row-major at src (inputs values each) rewritten
 * into row-group layout at dst. `lanes` features of `lanes` rows at a time go through an in-register
 * transpose (shuffles); leftover features one by one. Values are moved, never changed.
 */
function packBody(tile: TileShape): { locals: number[]; body: Code } {
  const G = groupRows(tile);
  const L = lanes(tile);
  const E = elementBytes(tile);
  const [SRC, INPUTS, GROUPS, DST] = [0, 1, 2, 3];
  const g = 4;
  const rowBytes = 5;
  const groupSrc = 6;
  const out = 7;
  const blockEnd = 8;
  const rowEnd = 9;
  const row = (r: number) => 10 + r;
  const v = (k: number) => 10 + G + k; // the L loaded rows
  const t = (k: number) => 10 + G + L + k; // f32 only: the 4 half-transposed vectors
  const load = (c: Code, offset: number) => (E === 8 ? c.f64Load(offset) : c.f32Load(offset));
  const store = (c: Code, offset: number) => (E === 8 ? c.f64Store(offset) : c.f32Store(offset));
  const c = new Code();
  c.block();
  c.get(GROUPS).i32(0).i32Eq().brIf(0);
  c.get(INPUTS).i32(E).i32Mul().set(rowBytes);
  c.get(SRC).set(groupSrc);
  c.get(DST).set(out);
  c.i32(0).set(g);
  c.loop();
  {
    for (let r = 0; r < G; r++) c.get(groupSrc).get(rowBytes).i32(r).i32Mul().i32Add().set(row(r));
    // Whole blocks of L features: row 0 stops at groupSrc + ⌊inputs/L⌋·16.
    c.get(groupSrc).get(INPUTS).i32(L === 2 ? 1 : 2).i32ShrU().i32(16).i32Mul().i32Add().set(blockEnd);
    c.get(groupSrc).get(rowBytes).i32Add().set(rowEnd);
    c.block();
    c.get(INPUTS).i32(L).i32LtU().brIf(0);
    c.loop();
    {
      for (let rv = 0; rv < tile.rowVectors; rv++) {
        for (let k = 0; k < L; k++) c.get(row(rv * L + k)).v128Load(0).set(v(k));
        const at = (feature: number) => (feature * G + rv * L) * E;
        if (L === 2) {
          c.get(out).get(v(0)).get(v(1)).i8x16Shuffle(shuffleBytes([0, 2], 8)).v128Store(at(0));
          c.get(out).get(v(0)).get(v(1)).i8x16Shuffle(shuffleBytes([1, 3], 8)).v128Store(at(1));
        } else {
          c.get(v(0)).get(v(1)).i8x16Shuffle(shuffleBytes([0, 4, 1, 5], 4)).set(t(0));
          c.get(v(0)).get(v(1)).i8x16Shuffle(shuffleBytes([2, 6, 3, 7], 4)).set(t(1));
          c.get(v(2)).get(v(3)).i8x16Shuffle(shuffleBytes([0, 4, 1, 5], 4)).set(t(2));
          c.get(v(2)).get(v(3)).i8x16Shuffle(shuffleBytes([2, 6, 3, 7], 4)).set(t(3));
          c.get(out).get(t(0)).get(t(2)).i8x16Shuffle(shuffleBytes([0, 2], 8)).v128Store(at(0));
          c.get(out).get(t(0)).get(t(2)).i8x16Shuffle(shuffleBytes([1, 3], 8)).v128Store(at(1));
          c.get(out).get(t(1)).get(t(3)).i8x16Shuffle(shuffleBytes([0, 2], 8)).v128Store(at(2));
          c.get(out).get(t(1)).get(t(3)).i8x16Shuffle(shuffleBytes([1, 3], 8)).v128Store(at(3));
        }
      }
      for (let r = 0; r < G; r++) c.get(row(r)).i32(16).i32Add().set(row(r));
      c.get(out).i32(L * G * E).i32Add().set(out);
      c.get(row(0)).get(blockEnd).i32LtU().brIf(0);
    }
    c.end();
    c.end();
    // Leftover features (fewer than L), one value per row.
    c.block();
    c.get(row(0)).get(rowEnd).i32Eq().brIf(0);
    c.loop();
    {
      for (let r = 0; r < G; r++) store(load(c.get(out).get(row(r)), 0), r * E);
      for (let r = 0; r < G; r++) c.get(row(r)).i32(E).i32Add().set(row(r));
      c.get(out).i32(G * E).i32Add().set(out);
      c.get(row(0)).get(rowEnd).i32LtU().brIf(0);
    }
    c.end();
    c.end();
    c.get(groupSrc).get(rowBytes).i32(G).i32Mul().i32Add().set(groupSrc);
    c.get(g).i32(1).i32Add().tee(g);
    c.get(GROUPS).i32LtU().brIf(0);
  }
  c.end();
  c.end();
  const vectors = L + (L === 4 ? 4 : 0);
  return { locals: [...new Array<number>(6 + G).fill(I32), ...new Array<number>(vectors).fill(V128)], body: c };
}

/**
 * The kernel module's bytes for a tile shape: exports `dense` (z = xW + b) and `denseRelu` (a = relu(z)),
 * both (x, xStride, inputs, w, b, panels, out, outStride, groups), and `pack` (src, inputs, groups, dst)
 * that turns row-major rows into row groups; memory imported as env.memory.
 */
export function denseSimdModuleBytes(tile: TileShape = DEFAULT_TILE): Uint8Array<ArrayBuffer> {
  const params = new Array<number>(PARAMS).fill(I32) as FunctionDef['params'];
  const fns: FunctionDef[] = [false, true].map((relu) => {
    const { locals, body } = denseBody(tile, relu);
    return { name: relu ? 'denseRelu' : 'dense', params, locals: locals as FunctionDef['locals'], body };
  });
  const pack = packBody(tile);
  fns.push({ name: 'pack', params: [I32, I32, I32, I32], locals: pack.locals as FunctionDef['locals'], body: pack.body });
  return buildModule(fns);
}
