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
 * The kernel module's bytes for a tile shape: exports `dense` (z = xW + b) and `denseRelu` (a = relu(z)),
 * both (x, xStride, inputs, w, b, panels, out, outStride, groups), memory imported as env.memory.
 */
export function denseSimdModuleBytes(tile: TileShape = DEFAULT_TILE): Uint8Array {
  const params = new Array<number>(PARAMS).fill(I32) as FunctionDef['params'];
  const fns: FunctionDef[] = [false, true].map((relu) => {
    const { locals, body } = denseBody(tile, relu);
    return { name: relu ? 'denseRelu' : 'dense', params, locals: locals as FunctionDef['locals'], body };
  });
  return buildModule(fns);
}
