/**
 * Colours for heatmaps. A diverging scale around a centre (orange below, white at the centre, blue above: the
 * inspection views' negative/positive colours, told apart with common colour-vision deficiencies), and a
 * sequential one from white to purple for values from 0 up (H, importance).
 */

/** Linear interpolation between two RGB triples at t ∈ [0, 1], as `rgb(r, g, b)`. */
function mix(a: readonly number[], b: readonly number[], t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * Math.min(1, Math.max(0, t))));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

const WHITE = [247, 247, 247];
const BLUE = [31, 111, 180];
const ORANGE = [210, 105, 30];
const PURPLE = [106, 63, 181];

/** v in [lo, hi] with `centre` white: below orange, above blue (NaN: grey). */
export function divergingColour(v: number, lo: number, hi: number, centre = (lo + hi) / 2): string {
  if (v !== v) return 'rgb(160, 160, 160)';
  if (v >= centre) return mix(WHITE, BLUE, hi > centre ? (v - centre) / (hi - centre) : 0);
  return mix(WHITE, ORANGE, centre > lo ? (centre - v) / (centre - lo) : 0);
}

/** v in [0, max]: white to purple. */
export function sequentialColour(v: number, max: number): string {
  return mix(WHITE, PURPLE, max > 0 ? v / max : 0);
}

/** Smallest and largest finite value of `values` ([0, 1] when there is none, and a unit range around a constant). */
export function finiteRange(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/**
 * `range` widened about its middle to span at least `relative` × its largest magnitude: a line that moves by a
 * millionth (a wide network's flat partial dependence) draws flat instead of filling the chart with noise.
 */
export function atLeastSpan([lo, hi]: [number, number], relative: number): [number, number] {
  const need = relative * Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo >= need) return [lo, hi];
  const mid = (lo + hi) / 2;
  return [mid - need / 2, mid + need / 2];
}
