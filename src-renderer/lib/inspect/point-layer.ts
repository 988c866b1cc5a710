/**
 * Scatter points drawn straight onto a chart's canvas from typed arrays (a chart.js plugin). Chart.js makes an
 * element object per point, resolves its options and draws it as its own path: for a 10,000-point sample that
 * was one 50–90 ms task of the renderer. Here a point costs one fillRect (or arc), so chart.js only draws the
 * axes, the legend and small line datasets. The points ride on their (empty) chart.js datasets as
 * `pointLayer`, so data updates, legend toggling, PNG export and hover (the nearest point, with its values)
 * keep working.
 */
import type { Chart, Plugin } from 'chart.js';
import { formatRounded } from './format';

/** The points of one scatter series, as drawn. */
export interface PointSet {
  readonly label: string;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly color: string;
  readonly shape: 'rect' | 'circle';
  /** chart.js's pointRadius: a circle's radius, or a square of side radius·√2 (chart.js's 'rect'). */
  readonly radius: number;
}

/** The finite (x[i], y[i]) pairs of `rows` (every index when absent), in order, as two typed arrays. */
export function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>, rows?: readonly number[]): { xs: Float64Array; ys: Float64Array } {
  const n = rows ? rows.length : Math.min(x.length, y.length);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let k = 0;
  for (let j = 0; j < n; j++) {
    const i = rows ? rows[j] : j;
    const a = x[i];
    const b = y[i];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      xs[k] = a;
      ys[k] = b;
      k++;
    }
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k) };
}

/** Smallest and largest value over all the arrays, or null when they hold no value. */
export function extent(arrays: readonly ArrayLike<number>[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < min) min = a[i];
      if (a[i] > max) max = a[i];
    }
  }
  return max >= min ? { min, max } : null;
}

/** Index of the point nearest to (px, py) at distance ≤ `radius` (pixels), or −1: argmin (x−px)² + (y−py)². */
export function nearestPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, px: number, py: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - px;
    const dy = ys[i] - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** The PointSet a dataset carries, if any. */
export function pointSetOf(dataset: unknown): PointSet | null {
  return (dataset as { pointLayer?: PointSet } | null)?.pointLayer ?? null;
}

interface Drawn {
  readonly set: PointSet;
  readonly px: Float32Array;
  readonly py: Float32Array;
}

/**
 * A plugin drawing every dataset's `pointLayer` (first dataset on top, as chart.js stacks them), clipped to
 * the chart area. Make one per chart: it remembers that chart's drawn pixels and hovered point.
 */
export function pointLayerPlugin(): Plugin {
  let drawn: (Drawn | null)[] = [];
  let hover: { dataset: number; index: number } | null = null;

  return {
    id: 'denseLabPointLayer',
    afterDatasetsDraw(chart: Chart) {
      const { ctx, chartArea: area } = chart;
      const xScale = chart.scales.x;
      const yScale = chart.scales.y;
      const datasets = chart.data.datasets;
      drawn = datasets.map(() => null);
      if (!xScale || !yScale) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      for (let d = datasets.length - 1; d >= 0; d--) {
        const set = pointSetOf(datasets[d]);
        if (!set || !chart.isDatasetVisible(d)) continue;
        const n = set.xs.length;
        const px = new Float32Array(n);
        const py = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          px[i] = xScale.getPixelForValue(set.xs[i]);
          py[i] = yScale.getPixelForValue(set.ys[i]);
        }
        ctx.fillStyle = set.color;
        if (set.shape === 'rect') {
          const side = set.radius * Math.SQRT2;
          for (let i = 0; i < n; i++) ctx.fillRect(px[i] - side / 2, py[i] - side / 2, side, side);
        } else {
          for (let i = 0; i < n; i++) {
            ctx.beginPath();
            ctx.arc(px[i], py[i], set.radius, 0, 2 * Math.PI);
            ctx.fill();
          }
        }
        drawn[d] = { set, px, py };
      }
      ctx.restore();
    },
    afterDraw(chart: Chart) {
      const h = hover && drawn[hover.dataset];
      if (!hover || !h || hover.index >= h.px.length) return;
      drawHoverLabel(chart, h, hover.index);
    },
    afterEvent(chart: Chart, args: { event: { type: string; x: number | null; y: number | null }; changed?: boolean }) {
      const e = args.event;
      let next: typeof hover = null;
      if (e.type === 'mousemove' && e.x !== null && e.y !== null) {
        // first dataset first: it is drawn on top
        for (let d = 0; d < drawn.length && !next; d++) {
          const h = drawn[d];
          if (!h) continue;
          const i = nearestPoint(h.px, h.py, e.x, e.y, Math.max(4, h.set.radius + 2));
          if (i >= 0) next = { dataset: d, index: i };
        }
      } else if (e.type !== 'mouseout') return;
      if (next?.dataset !== hover?.dataset || next?.index !== hover?.index) {
        hover = next;
        args.changed = true;
      }
    },
  } as Plugin;
}

/** A ring around the hovered point and a label "series: (x, y)", styled like chart.js's tooltip. */
function drawHoverLabel(chart: Chart, h: Drawn, i: number): void {
  const { ctx, chartArea: area } = chart;
  const x = h.px[i];
  const y = h.py[i];
  const text = `${h.set.label}: (${formatRounded(h.set.xs[i])}, ${formatRounded(h.set.ys[i])})`;
  ctx.save();
  ctx.strokeStyle = h.set.color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(x, y, h.set.radius + 3, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.font = '12px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 12;
  const boxH = 22;
  const bx = Math.min(Math.max(area.left, x + 8), area.right - w);
  const by = y - boxH - 8 < area.top ? y + 8 : y - boxH - 8;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.8)';
  ctx.beginPath();
  ctx.roundRect(bx, by, w, boxH, 6);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, bx + 6, by + boxH / 2);
  ctx.restore();
}
