import { describe, expect, it } from 'vitest';
import type { Chart } from 'chart.js';
import { scatterConfig } from '../../../src-renderer/lib/inspect/charts';
import type { Palette } from '../../../src-renderer/lib/inspect/chart-theme';
import { extent, finitePairs, nearestPoint, pointLayerPlugin, pointSetOf } from '../../../src-renderer/lib/inspect/point-layer';

const pal: Palette = {
  fg: 'rgb(0, 0, 0)', muted: 'rgb(128, 128, 128)', grid: 'rgb(200, 200, 200)', pos: 'rgb(0, 0, 255)', neg: 'rgb(255, 0, 0)',
  accent: 'rgb(0, 128, 0)', surface: 'rgb(255, 255, 255)', series: ['rgb(10, 20, 30)', 'rgb(40, 50, 60)', 'rgb(70, 80, 90)'],
};

describe('point layer data', () => {
  it('keeps the finite pairs of the chosen rows, in order', () => {
    const { xs, ys } = finitePairs([1, NaN, 3, 4, 5], [10, 20, Infinity, 40, 50], [0, 1, 2, 4]);
    expect([...xs]).toEqual([1, 5]);
    expect([...ys]).toEqual([10, 50]);
    expect([...finitePairs([1, 2], [3, 4, 5]).xs]).toEqual([1, 2]);
  });

  it('spans every array, and is null for none', () => {
    expect(extent([new Float64Array([3, -1]), new Float64Array([7])])).toEqual({ min: -1, max: 7 });
    expect(extent([new Float64Array(0)])).toBeNull();
  });

  it('finds the nearest point within the radius only', () => {
    const xs = [0, 10, 20];
    const ys = [0, 0, 0];
    expect(nearestPoint(xs, ys, 11, 1, 4)).toBe(1);
    expect(nearestPoint(xs, ys, 15, 0, 4)).toBe(-1);
  });
});

describe('scatterConfig', () => {
  const actual = [1, 2, 3, 4, NaN];
  const predicted = [1.5, 1, 5, 3, 2];
  const cfg = scatterConfig(pal, [{ label: 'Network', x: actual, y: predicted, series: 0, rows: [0, 1, 2, 3, 4] }], { x: 'actual', y: 'predicted' }, true);
  const datasets = cfg.data.datasets;

  it('hands the finite points to the point layer instead of chart.js elements', () => {
    const set = pointSetOf(datasets[0])!;
    expect(datasets[0].data).toEqual([]);
    expect([...set.xs]).toEqual([1, 2, 3, 4]);
    expect([...set.ys]).toEqual([1.5, 1, 5, 3]);
    expect(set.label).toBe('Network');
    expect(set.shape).toBe('circle');
    expect(cfg.plugins?.length).toBe(1);
  });

  it('draws y = x across the range of both axes and gives the axes the data range', () => {
    expect(datasets[1].label).toBe('y = x (perfect)');
    expect(datasets[1].data).toEqual([{ x: 1, y: 1 }, { x: 5, y: 5 }]);
    const scales = (cfg.options as { scales: Record<string, { suggestedMin?: number; suggestedMax?: number }> }).scales;
    expect([scales.x.suggestedMin, scales.x.suggestedMax]).toEqual([1, 4]);
    expect([scales.y.suggestedMin, scales.y.suggestedMax]).toEqual([1, 5]);
  });

  it('draws thousands of points as small squares', () => {
    const n = 2001;
    const many = scatterConfig(pal, [{ label: 's', x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, (_, i) => i), series: 1 }], { x: 'x', y: 'y' });
    expect(pointSetOf(many.data.datasets[0])?.shape).toBe('rect');
    expect(many.data.datasets).toHaveLength(1);
  });
});

/** A chart with identity scales (pixel = value) and a canvas context that records its calls. */
function fakeChart(datasets: unknown[], hidden: number[] = []) {
  const calls: string[] = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (target, key) => (key in target ? target[key as string] : (...args: unknown[]) => calls.push(`${String(key)}(${args.join(',')})`)),
    set: (target, key, value) => {
      target[key as string] = value;
      if (key === 'fillStyle') calls.push(`fillStyle=${value}`);
      return true;
    },
  });
  const scale = { getPixelForValue: (v: number) => v };
  const chart = {
    ctx, chartArea: { left: 0, top: 0, right: 100, bottom: 100 }, scales: { x: scale, y: scale },
    data: { datasets }, isDatasetVisible: (d: number) => !hidden.includes(d),
  };
  return { chart: chart as unknown as Chart, calls };
}

describe('pointLayerPlugin', () => {
  const sets = scatterConfig(pal, [
    { label: 'A', x: [10, 20], y: [10, 20], series: 0 },
    { label: 'B', x: [30], y: [30], series: 1 },
  ], { x: 'x', y: 'y' }).data.datasets;

  it('draws every point of the visible sets, the first set last (on top)', () => {
    const { chart, calls } = fakeChart(sets);
    const plugin = pointLayerPlugin();
    (plugin.afterDatasetsDraw as (c: Chart) => void)(chart);
    const fills = calls.filter((c) => c.startsWith('fillStyle') || c.startsWith('arc'));
    expect(fills).toEqual([
      `fillStyle=${pointSetOf(sets[1])!.color}`, 'arc(30,30,2.5,0,6.283185307179586)',
      `fillStyle=${pointSetOf(sets[0])!.color}`, 'arc(10,10,2.5,0,6.283185307179586)', 'arc(20,20,2.5,0,6.283185307179586)',
    ]);
  });

  it('leaves out a set hidden from the legend', () => {
    const { chart, calls } = fakeChart(sets, [0]);
    (pointLayerPlugin().afterDatasetsDraw as (c: Chart) => void)(chart);
    expect(calls.filter((c) => c.startsWith('arc'))).toEqual(['arc(30,30,2.5,0,6.283185307179586)']);
  });

  it('marks the point under the mouse for a redraw, and forgets it when the mouse leaves', () => {
    const { chart } = fakeChart(sets);
    const plugin = pointLayerPlugin();
    (plugin.afterDatasetsDraw as (c: Chart) => void)(chart);
    const event = (plugin.afterEvent as (c: Chart, a: { event: { type: string; x: number | null; y: number | null }; changed?: boolean }) => void);
    const over = { event: { type: 'mousemove', x: 21, y: 19 }, changed: false };
    event(chart, over);
    expect(over.changed).toBe(true);
    const still = { event: { type: 'mousemove', x: 20, y: 20 }, changed: false };
    event(chart, still);
    expect(still.changed).toBe(false);
    const out = { event: { type: 'mouseout', x: null, y: null }, changed: false };
    event(chart, out);
    expect(out.changed).toBe(true);
  });
});
