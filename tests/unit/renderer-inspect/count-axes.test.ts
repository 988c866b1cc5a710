/** Axes that count things (rows per bin, weights per bin, epochs) step by whole numbers: no "1.5" on a count axis. */
import { describe, expect, it } from 'vitest';
import type { ChartConfiguration } from 'chart.js';
import { histogramConfig, linesConfig } from '../../../src-renderer/lib/inspect/charts';
import type { Palette } from '../../../src-renderer/lib/inspect/chart-theme';

const pal: Palette = { fg: '#000', muted: '#666', grid: '#ccc', pos: '#00f', neg: '#f00', accent: '#0a0', surface: '#fff', series: ['#111', '#222'] };
const precision = (c: ChartConfiguration, axis: 'x' | 'y') => (c.options as { scales: Record<string, { ticks: { precision?: number } }> }).scales[axis].ticks.precision;

describe('count axes have whole-number ticks', () => {
  it('a histogram counts on y; its x (a value) keeps fractional ticks', () => {
    const c = histogramConfig(pal, [{ label: 'rows', hist: { edges: [0, 0.5, 1], counts: [1, 2], skipped: 0 }, series: 0 }], { x: 'residual', y: 'rows' });
    expect(precision(c, 'y')).toBe(0);
    expect(precision(c, 'x')).toBeUndefined();
  });

  it('lines: epochs on x and counts on y only when asked (the weight histograms over epochs ask for y)', () => {
    const points = [{ x: -0.25, y: 1 }, { x: 0.25, y: 3 }];
    const weights = linesConfig(pal, [{ label: 'epoch 1', points, series: 0 }], { x: 'w', y: 'count', integerY: true });
    expect([precision(weights, 'x'), precision(weights, 'y')]).toEqual([undefined, 0]);
    const loss = linesConfig(pal, [{ label: 'loss', points, series: 0 }], { x: 'epoch', y: 'loss', integerX: true });
    expect([precision(loss, 'x'), precision(loss, 'y')]).toEqual([0, undefined]);
  });
});
