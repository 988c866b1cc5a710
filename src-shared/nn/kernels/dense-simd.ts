/**
 * The dense-layer kernel as WebAssembly SIMD (f64x2), generated for one register tile shape.
 *
 * Layout ("row groups"): activations are stored G = 2·rowVectors rows at a time, feature-major inside a
 * group: value (row r of group g, feature i) sits at byte  base + g·groupStride + (i·G + r)·8.  So one v128
 * load gives feature i of two consecutive rows, and the layer's output lands directly in the same layout
 * for the next layer. Weights are packed into panels of U units: panel p holds, for i = 0 … inputs−1, the
 * U weights w[i, pU … pU+U−1] side by side (zero-padded past the last unit).
 *
 * Each SIMD lane is one (row, unit) pair with its own accumulator, summed in the engine's order:
 * acc = 0; for i ascending: acc = acc + x_i·w_ij (separate mul and add, never fused); z = acc + b_j.
 * Only the work is spread over lanes, never one sum, so results equal the scalar loop bit for bit.
 */
import { buildModule, Code, I32, V128, type FunctionDef } from './wasm-binary';

/** Register tile: rowVectors·2 rows × units, i.e. rowVectors·units f64x2 accumulators. */
export interface TileShape {
  /** f64x2 vectors per row group: the group holds 2·rowVectors rows. */
  readonly rowVectors: number;
  /** Units per weight panel (splatted one at a time). */
  readonly units: number;
}

/** 4 rows × 4 units: 8 accumulators + 2 inputs + 1 splat + 1 product fit x64's 16 vector registers. */
export const DEFAULT_TILE: TileShape = { rowVectors: 2, units: 4 };

/** Rows per group for a tile shape. */
export function groupRows(tile: TileShape): number {
  return tile.rowVectors * 2;
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
      c.get(xg).get(P_INPUTS).i32(G * 8).i32Mul().i32Add().set(xEnd);
      c.block();
      c.get(P_INPUTS).i32(0).i32Eq().brIf(0);
      c.loop(); // inputs, ascending: one step of every accumulator's sum
      {
        for (let r = 0; r < R; r++) c.get(xp).v128Load(r * 16).set(xv(r));
        for (let u = 0; u < U; u++) {
          c.get(wp).v128Load64Splat(u * 8).set(s);
          for (let r = 0; r < R; r++) {
            c.get(acc(u, r)).get(xv(r)).get(s).f64x2Mul().f64x2Add().set(acc(u, r));
          }
        }
        c.get(xp).i32(G * 8).i32Add().tee(xp);
        c.get(wp).i32(U * 8).i32Add().set(wp);
        c.get(xEnd).i32LtU().brIf(0);
      }
      c.end();
      c.end();
      for (let u = 0; u < U; u++) {
        c.get(bp).v128Load64Splat(u * 8).set(s);
        for (let r = 0; r < R; r++) {
          c.get(og);
          c.get(acc(u, r)).get(s).f64x2Add();
          // pmax(z, 0) = z < 0 ? 0 : z: the engine's relu, keeping NaN and −0 as they are.
          if (relu) c.get(zero).f64x2Pmax();
          c.v128Store((u * G + r * 2) * 8);
        }
      }
      c.get(xg).get(P_X_STRIDE).i32Add().set(xg);
      c.get(og).get(P_OUT_STRIDE).i32Add().set(og);
      c.get(g).i32(1).i32Add().tee(g);
      c.get(P_GROUPS).i32LtU().brIf(0);
    }
    c.end();
    c.get(panelW).get(P_INPUTS).i32(U * 8).i32Mul().i32Add().set(panelW);
    c.get(bp).i32(U * 8).i32Add().set(bp);
    c.get(panelOut).i32(U * G * 8).i32Add().set(panelOut);
    c.get(p).i32(1).i32Add().tee(p);
    c.get(P_PANELS).i32LtU().brIf(0);
  }
  c.end();
  c.end();
  return { locals: [...new Array<number>(i32Locals).fill(I32), ...new Array<number>(v128Locals).fill(V128)], body: c };
}

/**
 * Body of pack(src, inputs, groups, dst): rows stored row-major at src (inputs f64 each) rewritten into
 * row-group layout at dst, two features of two rows per shuffle. Values are moved, never changed.
 */
function packBody(tile: TileShape): { locals: number[]; body: Code } {
  const G = groupRows(tile);
  const [SRC, INPUTS, GROUPS, DST] = [0, 1, 2, 3];
  const g = 4;
  const rowBytes = 5;
  const groupSrc = 6;
  const out = 7;
  const pairEnd = 8;
  const row = (r: number) => 9 + r;
  const va = 9 + G;
  const vb = va + 1;
  // Lanes 0 of a and b, then lanes 1 of a and b (i8x16.shuffle byte indices; b's bytes are 16–31).
  const LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
  const c = new Code();
  c.block();
  c.get(GROUPS).i32(0).i32Eq().brIf(0);
  c.get(INPUTS).i32(8).i32Mul().set(rowBytes);
  c.get(SRC).set(groupSrc);
  c.get(DST).set(out);
  c.i32(0).set(g);
  c.loop();
  {
    for (let r = 0; r < G; r++) c.get(groupSrc).get(rowBytes).i32(r).i32Mul().i32Add().set(row(r));
    c.get(groupSrc).get(INPUTS).i32(1).i32ShrU().i32(16).i32Mul().i32Add().set(pairEnd);
    c.block();
    c.get(INPUTS).i32(2).i32LtU().brIf(0);
    c.loop();
    {
      for (let rv = 0; rv < tile.rowVectors; rv++) {
        c.get(row(2 * rv)).v128Load(0).set(va);
        c.get(row(2 * rv + 1)).v128Load(0).set(vb);
        c.get(out).get(va).get(vb).i8x16Shuffle(LOW).v128Store(2 * rv * 8);
        c.get(out).get(va).get(vb).i8x16Shuffle(HIGH).v128Store((G + 2 * rv) * 8);
      }
      for (let r = 0; r < G; r++) c.get(row(r)).i32(16).i32Add().set(row(r));
      c.get(out).i32(2 * G * 8).i32Add().set(out);
      c.get(row(0)).get(pairEnd).i32LtU().brIf(0);
    }
    c.end();
    c.end();
    c.get(INPUTS).i32(1).i32And().if();
    for (let r = 0; r < G; r++) c.get(out).get(row(r)).f64Load(0).f64Store(r * 8);
    c.get(out).i32(G * 8).i32Add().set(out);
    c.end();
    c.get(groupSrc).get(rowBytes).i32(G).i32Mul().i32Add().set(groupSrc);
    c.get(g).i32(1).i32Add().tee(g);
    c.get(GROUPS).i32LtU().brIf(0);
  }
  c.end();
  c.end();
  return { locals: [...new Array<number>(5 + G).fill(I32), V128, V128], body: c };
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
