import { describe, expect, it } from 'vitest';
import { EDGES_PER_PATH, cellBuckets, compactIndexAt, edgeBuckets, layerEdges, nearestEdge, segmentDistance2 } from '../../../src-renderer/lib/inspect/edge-paths';
import { edgeWidth, selectEdges, type EdgeRef } from '../../../src-renderer/lib/inspect/edges';

const from = [{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 0, y: 20 }];
const to = [{ x: 100, y: 0 }, { x: 100, y: 20 }];

/** The segments of a path's `d` ("M x y L x y" repeated), as [x1, y1, x2, y2]. */
function segments(d: string): number[][] {
  return [...d.matchAll(/M(\S+) (\S+)L(\S+) (\S+?)(?=M|$)/g)].map((m) => m.slice(1).map(Number));
}

describe('dense edges as paths', () => {
  it('puts every edge in exactly one bucket of its sign and rounded width, widest first', () => {
    const edges: EdgeRef[] = [
      { from: 0, to: 0, w: 0.5 },
      { from: 1, to: 1, w: -0.5 },
      { from: 2, to: 0, w: 0.51 },
      { from: 2, to: 1, w: 2 },
    ];
    const buckets = edgeBuckets(edges, from, to, (e) => Math.abs(e.w));
    // 0.5 and 0.51 round to the same 0.05 step; the negative 0.5 is its own bucket.
    expect(buckets.map((b) => [b.neg, b.width])).toEqual([[false, 2], [true, 0.5], [false, 0.5]]);
    expect(segments(buckets[2].d)).toEqual([[0, 0, 100, 0], [0, 20, 100, 0]]);
    expect(segments(buckets[1].d)).toEqual([[0, 10, 100, 20]]);
    expect(buckets.flatMap((b) => segments(b.d))).toHaveLength(edges.length);
  });

  it('splits a large group into paths of at most EDGES_PER_PATH edges, every edge drawn once', () => {
    const many: EdgeRef[] = Array.from({ length: 3 * EDGES_PER_PATH + 5 }, (_, k) => ({ from: k % 3, to: k % 2, w: 1 }));
    const buckets = edgeBuckets(many, from, to, () => 1);
    expect(buckets).toHaveLength(4);
    expect(buckets.every((b) => b.width === 1 && !b.neg)).toBe(true);
    expect(buckets.map((b) => segments(b.d).length)).toEqual([EDGES_PER_PATH, EDGES_PER_PATH, EDGES_PER_PATH, 5]);
  });

  it('gives a hair-thin edge one width step rather than none', () => {
    expect(edgeBuckets([{ from: 0, to: 0, w: 1e-9 }], from, to, () => 0.001)[0].width).toBe(0.05);
  });

  it('finds the edge under the pointer from its position, the later one on a tie', () => {
    const edges: EdgeRef[] = [
      { from: 0, to: 0, w: 1 }, // horizontal at y = 0
      { from: 2, to: 1, w: 1 }, // horizontal at y = 20
      { from: 0, to: 1, w: 1 }, // diagonal
    ];
    expect(nearestEdge(edges, from, to, 50, 1)).toBe(edges[0]);
    expect(nearestEdge(edges, from, to, 50, 19)).toBe(edges[1]);
    expect(nearestEdge(edges, from, to, 50, 10)).toBe(edges[2]);
    expect(nearestEdge([edges[0], { from: 0, to: 0, w: 2 }], from, to, 50, 0)?.w).toBe(2);
    expect(nearestEdge([], from, to, 0, 0)).toBeNull();
  });

  it('measures the distance to a segment, not to its line, past the ends', () => {
    expect(segmentDistance2({ x: 0, y: 0 }, { x: 10, y: 0 }, 5, 3)).toBe(9);
    expect(segmentDistance2({ x: 0, y: 0 }, { x: 10, y: 0 }, 13, 4)).toBe(25);
    expect(segmentDistance2({ x: 2, y: 2 }, { x: 2, y: 2 }, 5, 6)).toBe(25);
  });

  it('draws a dense layer as buckets plus the focused unit’s fan, with the same widths as one line per edge', () => {
    const inputs = 3;
    const units = 50;
    const kernel = Float64Array.from({ length: inputs * units }, (_, k) => Math.sin(k * 1.7));
    const cols = (n: number, x: number) => Array.from({ length: n }, (_, k) => ({ x, y: k * 3 }));
    const a = cols(inputs, 0);
    const b = cols(units, 300);
    const sel = selectEdges(kernel, inputs, units, { maxEdges: 400, focusTo: 7 });
    const maxAbs = Math.max(...Array.from(kernel, Math.abs));
    const drawn = layerEdges(sel, maxAbs, a, b, 7);
    expect(drawn.dense).toBe(true);
    expect(drawn.edges).toHaveLength(inputs * units - inputs);
    expect(drawn.edges.some((e) => e.to === 7)).toBe(false);
    expect(segments(drawn.fan!.pos).length + segments(drawn.fan!.neg).length).toBe(inputs);
    expect(segments(drawn.hit)).toHaveLength(drawn.edges.length);
    // Each edge sits in the bucket of its own width (scale 0.3 for a dense layer) to within half a step.
    for (const e of drawn.edges) {
      const seg = [a[e.from].x, a[e.from].y, b[e.to].x, b[e.to].y];
      const bucket = drawn.buckets.find((bk) => segments(bk.d).some((s) => s.join() === seg.join()))!;
      expect(bucket.neg).toBe(e.w < 0);
      expect(Math.abs(bucket.width - edgeWidth(e.w, maxAbs) * 0.3)).toBeLessThanOrEqual(0.025 + 1e-9);
    }
  });

  it('keeps a small layer as single edges', () => {
    const sel = selectEdges([1, -2, 3], 3, 1, { maxEdges: 400 });
    const drawn = layerEdges(sel, 3, from, to, null);
    expect(drawn.dense).toBe(false);
    expect(drawn.edges).toHaveLength(3);
    expect(drawn.buckets).toEqual([]);
    expect(drawn.scale).toBe(1);
  });
});

describe('compact columns as paths', () => {
  const nodes = Array.from({ length: 6 }, (_, k) => ({ x: 50, y: 100 + 4 * (k + 0.5) }));

  it('groups cells by sign and rounded shade and leaves blank cells out', () => {
    const opacity = [0, 0.5, 0.505, 1, 0.5, 0.001];
    const neg = [false, false, false, false, true, false];
    const buckets = cellBuckets(nodes, 2, (k) => opacity[k], (k) => neg[k]);
    expect(buckets.map((b) => [b.neg, b.opacity, (b.d.match(/M/g) ?? []).length])).toEqual([[false, 0.5, 2], [true, 0.5, 1], [false, 1, 1]]);
    expect(buckets[1].d).toBe(`M43 ${nodes[4].y - 2}h14v4h-14z`);
  });

  it('finds the node of a compact column from the height, clamped to the column', () => {
    expect(compactIndexAt(nodes, nodes[3].y)).toBe(3);
    expect(compactIndexAt(nodes, nodes[3].y + 1.9)).toBe(3);
    expect(compactIndexAt(nodes, nodes[3].y + 2.1)).toBe(4);
    expect(compactIndexAt(nodes, 0)).toBe(0);
    expect(compactIndexAt(nodes, 1e6)).toBe(5);
    expect(compactIndexAt([{ x: 0, y: 7 }], 100)).toBe(0);
  });
});
