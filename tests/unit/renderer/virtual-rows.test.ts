import { describe, expect, it } from 'vitest';
import { MAX_SPACER_PX, rowWindow } from '../../../src-renderer/lib/data/virtual-rows';

describe('rowWindow', () => {
  it('shows the rows under the viewport plus two spare, with the spacer as tall as all rows when small', () => {
    const w = rowWindow(442, 28, 560, 28 * 100 + 10);
    expect(w.spacer).toBe(442 * 28);
    expect(w.first).toBe(100);
    expect(w.count).toBe(22); // ceil(560 / 28) + 2
    expect(w.top).toBe(2800); // the block starts at row 100 exactly
  });

  it('clips the window at the last row', () => {
    const w = rowWindow(442, 28, 560, 1e9);
    expect(w.first + w.count).toBe(442);
    expect(w.first).toBe(442 - 20);
  });

  it('compresses a 1,000,000-row spacer below the browser limit and still reaches the first and last rows', () => {
    const rows = 1_000_000;
    const top = rowWindow(rows, 28, 700, 0);
    expect(top.spacer).toBe(MAX_SPACER_PX);
    expect(top.first).toBe(0);
    const end = rowWindow(rows, 28, 700, MAX_SPACER_PX - 700);
    expect(end.first + end.count).toBe(rows);
    expect(end.first).toBe(rows - 25); // 700 / 28 rows in view: the last one is row 999,999
  });

  it('maps the middle of the scroll range to the middle of the file when compressed', () => {
    const rows = 1_000_000;
    const mid = rowWindow(rows, 28, 700, (MAX_SPACER_PX - 700) / 2);
    expect(Math.abs(mid.first - (rows - 25) / 2)).toBeLessThan(2);
  });

  it('draws nothing for an empty dataset', () => {
    expect(rowWindow(0, 28, 700, 0).count).toBe(0);
  });
});
