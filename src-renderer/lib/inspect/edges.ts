/**
 * Which edges of a dense layer the diagram draws. Small layers: all of them. Large layers (a 784-input
 * layer has 39,200 edges): the focused node's incoming edges plus the strongest remaining |w|, up to a
 * budget, so the SVG stays a few hundred lines and renders without freezing.
 */

export interface EdgeRef {
  readonly from: number;
  readonly to: number;
  readonly w: number;
}

export interface EdgeSelection {
  readonly edges: EdgeRef[];
  /** All edges of the layer (inputs × units). */
  readonly total: number;
  /** True when some edges are left out. */
  readonly summarised: boolean;
}

export interface EdgeBudget {
  /** At most this many edges per layer (the focused node's incoming edges come on top). */
  readonly maxEdges: number;
  /** Unit of this layer whose incoming edges are always drawn. */
  readonly focusTo?: number | null;
  /** Input of this layer whose outgoing edges are always drawn. */
  readonly focusFrom?: number | null;
}

/**
 * The kernel's strongest |w| indices, enough for any focus: the budget plus one focused unit's and one focused
 * input's edges (inputs + units), which a selection may skip. Depends on the kernel only, so stepping through
 * the nodes reuses it instead of ranking all inputs × units edges again.
 */
export function rankEdges(kernel: ArrayLike<number>, inputs: number, units: number, maxEdges: number): number[] {
  return topAbs(kernel, inputs * units, maxEdges + inputs + units);
}

/**
 * Edges to draw for a kernel (inputs × units, row-major: kernel[i·units + j] = w_ij). `ranked` (from
 * rankEdges with the same budget) gives the same selection without ranking the kernel again.
 */
export function selectEdges(kernel: ArrayLike<number>, inputs: number, units: number, budget: EdgeBudget, ranked?: readonly number[]): EdgeSelection {
  const total = inputs * units;
  const edges: EdgeRef[] = [];
  if (total <= budget.maxEdges) {
    for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) edges.push({ from: i, to: j, w: kernel[i * units + j] });
    return { edges, total, summarised: false };
  }
  const focusTo = budget.focusTo ?? -1;
  const focusFrom = budget.focusFrom ?? -1;
  const isFocus = (i: number, j: number) => j === focusTo || i === focusFrom;
  if (focusTo >= 0 && focusTo < units) for (let i = 0; i < inputs; i++) edges.push({ from: i, to: focusTo, w: kernel[i * units + focusTo] });
  if (focusFrom >= 0 && focusFrom < inputs) {
    for (let j = 0; j < units; j++) if (j !== focusTo) edges.push({ from: focusFrom, to: j, w: kernel[focusFrom * units + j] });
  }
  const skip = (k: number) => isFocus(Math.floor(k / units), k % units);
  // The top maxEdges outside the focus are the first maxEdges of the full ranking outside the focus.
  const rest = ranked ? ranked.filter((k) => !skip(k)).slice(0, budget.maxEdges) : topAbs(kernel, total, budget.maxEdges, skip);
  for (const k of rest) edges.push({ from: Math.floor(k / units), to: k % units, w: kernel[k] });
  return { edges, total, summarised: true };
}

/**
 * Indices of the k largest |kernel[idx]| (ties: lower index first), skipping `skip`; NaN counts as largest
 * so a broken weight is always visible. O(n log k) with a small binary heap over precomputed magnitudes.
 */
export function topAbs(values: ArrayLike<number>, n: number, k: number, skip: (idx: number) => boolean = () => false): number[] {
  if (k <= 0) return [];
  const mag = new Float64Array(n);
  for (let idx = 0; idx < n; idx++) {
    const v = values[idx];
    mag[idx] = Number.isNaN(v) ? Infinity : Math.abs(v);
  }
  // "less" for the min-heap: smaller magnitude, or equal magnitude and larger index (evicted first).
  const less = (a: number, b: number) => mag[a] < mag[b] || (mag[a] === mag[b] && a > b);
  const heap = new Int32Array(Math.min(k, n));
  let size = 0;
  for (let idx = 0; idx < n; idx++) {
    if (size === heap.length && !less(heap[0], idx)) continue; // not larger than the smallest kept
    if (skip(idx)) continue;
    if (size < heap.length) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!less(idx, heap[p])) break;
        heap[c] = heap[p];
        c = p;
      }
      heap[c] = idx;
      continue;
    }
    // Replace the root and sift it down.
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && less(heap[r], heap[l]) ? r : l;
      if (!less(heap[m], idx)) break;
      heap[p] = heap[m];
      p = m;
    }
    heap[p] = idx;
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
}

/** Stroke width for |w| relative to the layer's largest |w|: 0.75 px … 6 px, area-like (square root). */
export function edgeWidth(w: number, maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(w)) return 1.5;
  return 0.75 + 5.25 * Math.sqrt(Math.min(1, Math.abs(w) / maxAbs));
}

/** Largest finite |w| of a kernel (0 for an empty one). */
export function maxAbsWeight(kernel: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < kernel.length; k++) {
    const v = Math.abs(kernel[k]);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}
