/**
 * Dense parts of the layer diagram drawn as SVG paths instead of one element per edge or cell: a 784-input
 * layer's hundreds of edges and cells become a few dozen paths (edges of one sign and stroke width, cells of one
 * sign and shade), which the renderer builds, lays out and restyles in a fraction of the time. What the
 * pointer is on is then found from its position (nearestEdge, compactIndexAt) rather than from the element.
 */
import { edgeWidth, type EdgeRef, type EdgeSelection } from './edges';
import type { NodePos } from './layout';

/** Edges of one sign and one stroke width, as one path's `d`. */
export interface EdgeBucket {
  readonly neg: boolean;
  /** Stroke width in px, rounded to WIDTH_STEP. */
  readonly width: number;
  readonly d: string;
}

/** What the diagram draws of one layer's edges (DiagramEdges.svelte). */
export interface LayerEdges extends EdgeSelection {
  readonly maxAbs: number;
  /** Width factor: many edges at full width would be a solid block. */
  readonly scale: number;
  /** Drawn as buckets (and the focused node's fan as two paths) instead of one line per edge. */
  readonly dense: boolean;
  readonly buckets: readonly EdgeBucket[];
  /** Every bucketed edge as one path, for the pointer. */
  readonly hit: string;
  readonly fan: { readonly pos: string; readonly neg: string } | null;
}

/** Cells of one sign and one shade, as one path's `d`. */
export interface CellBucket {
  readonly neg: boolean;
  /** Fill opacity, rounded to OPACITY_STEP. */
  readonly opacity: number;
  readonly d: string;
}

/** Stroke widths are drawn in steps of 0.05 px (invisible at the diagram's scale). */
export const WIDTH_STEP = 0.05;
/** Cell shades are drawn in steps of 0.02 opacity. */
export const OPACITY_STEP = 0.02;

/** Segment "M x1 y1 L x2 y2" of edge e between columns `from` and `to`. */
function segment(e: EdgeRef, from: readonly NodePos[], to: readonly NodePos[]): string {
  return `M${from[e.from].x} ${from[e.from].y}L${to[e.to].x} ${to[e.to].y}`;
}

/**
 * Edges in one path: a translucent path is composited once, so edges crossing inside it do not darken each
 * other as separate elements do; small paths keep most crossings between paths, so the drawing keeps the look
 * of one element per edge where many converge.
 */
export const EDGES_PER_PATH = 12;

/**
 * Edges grouped by sign and width (`width(e)` rounded to WIDTH_STEP, at least one step), widest first, so the
 * thinner (weaker) edges are drawn over the stronger ones as when each edge was drawn strongest first; a group
 * of more than EDGES_PER_PATH edges is several paths.
 */
export function edgeBuckets(edges: readonly EdgeRef[], from: readonly NodePos[], to: readonly NodePos[], width: (e: EdgeRef) => number): EdgeBucket[] {
  const parts = new Map<number, string[]>();
  for (const e of edges) {
    const steps = Math.max(1, Math.round(width(e) / WIDTH_STEP));
    const key = steps * 2 + (e.w < 0 ? 1 : 0);
    let list = parts.get(key);
    if (!list) parts.set(key, (list = []));
    list.push(segment(e, from, to));
  }
  return [...parts.entries()]
    .sort((a, b) => b[0] - a[0])
    .flatMap(([key, list]) => {
      const neg = key % 2 === 1;
      const w = Math.round((key >> 1) * WIDTH_STEP * 100) / 100;
      const paths: EdgeBucket[] = [];
      for (let k = 0; k < list.length; k += EDGES_PER_PATH) paths.push({ neg, width: w, d: list.slice(k, k + EDGES_PER_PATH).join('') });
      return paths;
    });
}

/**
 * The edge whose segment passes closest to (x, y) (diagram coordinates); on equal distance the one drawn
 * later (on top). Null for no edges.
 */
export function nearestEdge(edges: readonly EdgeRef[], from: readonly NodePos[], to: readonly NodePos[], x: number, y: number): EdgeRef | null {
  let best: EdgeRef | null = null;
  let bestD = Infinity;
  for (const e of edges) {
    const d = segmentDistance2(from[e.from], to[e.to], x, y);
    if (d <= bestD) {
      bestD = d;
      best = e;
    }
  }
  return best;
}

/** Squared distance from (x, y) to the segment a–b: |p − (a + t·(b − a))|² with t clamped to [0, 1]. */
export function segmentDistance2(a: NodePos, b: NodePos, x: number, y: number): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - a.x) * dx + (y - a.y) * dy) / len2)) : 0;
  const px = a.x + t * dx - x;
  const py = a.y + t * dy - y;
  return px * px + py * py;
}

/**
 * Cells of a compact column (14 px wide, 2·size tall, at least 0.6 px) grouped by sign and shade:
 * `opacity(k)` (rounded to OPACITY_STEP; cells rounding to 0 are left out) and `neg(k)` for node k.
 */
export function cellBuckets(nodes: readonly NodePos[], size: number, opacity: (k: number) => number, neg: (k: number) => boolean): CellBucket[] {
  const h = Math.max(size * 2, 0.6);
  const parts = new Map<number, string[]>();
  for (let k = 0; k < nodes.length; k++) {
    const steps = Math.round(opacity(k) / OPACITY_STEP);
    if (!(steps > 0)) continue;
    const key = steps * 2 + (neg(k) ? 1 : 0);
    let list = parts.get(key);
    if (!list) parts.set(key, (list = []));
    list.push(`M${nodes[k].x - 7} ${nodes[k].y - size}h14v${h}h-14z`);
  }
  return [...parts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, list]) => ({ neg: key % 2 === 1, opacity: Math.round((key >> 1) * OPACITY_STEP * 100) / 100, d: list.join('') }));
}

/** Node of a compact column (evenly spaced nodes) at height y: the one whose cell contains y, clamped to the column. */
export function compactIndexAt(nodes: readonly NodePos[], y: number): number {
  if (nodes.length <= 1) return 0;
  const gap = (nodes[nodes.length - 1].y - nodes[0].y) / (nodes.length - 1);
  const k = Math.floor((y - nodes[0].y) / gap + 0.5);
  return Math.min(nodes.length - 1, Math.max(0, k));
}

/**
 * What to draw of a layer's selected edges. Many edges get thinner strokes (a solid block otherwise); above
 * 120 the layer is dense: its edges become buckets plus one pointer path, and the focused unit's incoming
 * edges (`focusTo`) two paths, one per sign, so stepping replaces a few attributes instead of hundreds of elements.
 */
export function layerEdges(sel: EdgeSelection, maxAbs: number, from: readonly NodePos[], to: readonly NodePos[], focusTo: number | null): LayerEdges {
  const n = sel.edges.length;
  const scale = n > 120 ? 0.3 : n > 40 ? 0.6 : 1;
  const dense = n > 120;
  if (!dense) return { ...sel, maxAbs, scale, dense, buckets: [], hit: '', fan: null };
  const isFan = (e: EdgeRef) => e.to === focusTo;
  const rest = sel.edges.filter((e) => !isFan(e));
  const fanPath = (neg: boolean) => sel.edges.filter((e) => isFan(e) && e.w < 0 === neg).map((e) => segment(e, from, to)).join('');
  return {
    ...sel,
    edges: rest,
    maxAbs,
    scale,
    dense,
    buckets: edgeBuckets(rest, from, to, (e) => edgeWidth(e.w, maxAbs) * scale),
    hit: rest.map((e) => segment(e, from, to)).join(''),
    fan: focusTo !== null ? { pos: fanPath(false), neg: fanPath(true) } : null,
  };
}
