import { describe, expect, it } from 'vitest';
import type { ChartConfiguration } from 'chart.js';
import { fitLegend, LEGEND_MAX_ENTRIES } from '../../../src-renderer/lib/inspect/charts';

const config = (): ChartConfiguration => ({ type: 'scatter', data: { datasets: [] }, options: { plugins: { legend: { labels: { boxWidth: 12 } } } } });
const legend = (c: ChartConfiguration) => (c.options as { plugins: { legend: { display?: boolean; labels?: object } } }).plugins.legend;

describe('chart legends fit their card at 2, 10 and 50 classes', () => {
  it('up to 12 entries the legend stays as configured', () => {
    for (const n of [2, 10, LEGEND_MAX_ENTRIES]) expect(legend(fitLegend(config(), n)).display).toBeUndefined();
  });

  it('50 entries: the legend is hidden, its other settings kept', () => {
    const c = fitLegend(config(), 50);
    expect(legend(c).display).toBe(false);
    expect(legend(c).labels).toEqual({ boxWidth: 12 });
  });
});
