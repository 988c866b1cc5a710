import { describe, expect, it } from 'vitest';
import { formatNumber, formatReport, pipeTable, rangeText, resultRow, type Report } from '../../../../bench/lib/report.mjs';
import { machineInfo } from '../../../../bench/lib/machine.mjs';

describe('bench result rows', () => {
  it('for rates the ratio is measured / anchor, with medians of the runs', () => {
    const row = resultRow({ id: 'csv', label: 'CSV', unit: 'MB/s', better: 'higher', target: { atLeast: 300 }, runs: [310, 290, 330], anchor: { name: 'pandas', runs: [60, 62, 80] } });
    expect(row.measured).toBe(310);
    expect(row.anchor?.value).toBe(62);
    expect(row.ratio).toBeCloseTo(310 / 62, 12);
    expect(row.pass).toBe(true);
  });

  it('for seconds the ratio is anchor / measured, so above 1 still means faster than the anchor', () => {
    const row = resultRow({ id: 'e2e', label: 'e2e', unit: 's', better: 'lower', target: { vsAnchor: 8 }, runs: [2, 3, 2.5], anchor: { name: 'pandas', runs: [18] } });
    expect(row.ratio).toBeCloseTo(18 / 2.5, 12);
    expect(row.pass).toBe(false);
  });

  it('an at-most target passes at the limit and misses above it', () => {
    const at = resultRow({ id: 't', label: 't', unit: 's', better: 'lower', target: { atMost: 10 }, runs: [10] });
    const above = resultRow({ id: 't', label: 't', unit: 's', better: 'lower', target: { atMost: 10 }, runs: [10.01] });
    expect([at.pass, above.pass]).toEqual([true, false]);
  });

  it('a target of a rate and a lead over the anchor passes only when both hold, and is not judged without the anchor', () => {
    const target = { atLeast: 450, vsAnchor: 1, text: '≥ 450 MB/s, ahead of polars' };
    const row = (runs: number[], anchor: number[] | null) =>
      resultRow({ id: 'csv', label: 'CSV', unit: 'MB/s', better: 'higher', target, runs, anchor: anchor ? { name: 'polars', runs: anchor } : null, anchorSkipped: anchor ? null : 'not installable' });
    expect([row([500], [400]).pass, row([500], [520]).pass, row([440], [300]).pass, row([500], null).pass]).toEqual([true, false, false, null]);
  });

  it('a target on the anchor cannot be judged without the anchor: no ratio, pass is null, the reason kept', () => {
    const row = resultRow({ id: 'x', label: 'x', unit: 's', better: 'lower', target: { vsAnchor: 8 }, runs: [2], anchorSkipped: 'pandas not importable' });
    expect(row.ratio).toBeNull();
    expect(row.pass).toBeNull();
    expect(row.anchorSkipped).toBe('pandas not importable');
  });

  it('a failed measurement has no value, no ratio and no verdict', () => {
    const row = resultRow({ id: 'x', label: 'x', unit: 'MB/s', better: 'higher', target: { atLeast: 300 }, runs: [], anchor: { name: 'pandas', runs: [60] } });
    expect([row.measured, row.ratio, row.pass]).toEqual([null, null, null]);
  });
});

describe('bench formatting', () => {
  it('numbers keep 3 significant figures, large ones are rounded whole', () => {
    expect([formatNumber(0.12345), formatNumber(12.345), formatNumber(123.45), formatNumber(1234.5), formatNumber(70), formatNumber(null)]).toEqual(['0.123', '12.3', '123', '1235', '70', 'n/a']);
  });

  it('the range of the runs is min–max, and a dash for a single run', () => {
    expect(rangeText([3.14159, 1.5, 2])).toBe('1.50–3.14');
    expect(rangeText([7])).toBe('—');
  });

  it('the pipe table pads every column to its widest cell and has a separator row', () => {
    const text = pipeTable(['a', 'bb'], [['long cell', 'x'], ['y', 'z']]);
    expect(text.split('\n')).toEqual(['| a         | bb |', '| --------- | -- |', '| long cell | x  |', '| y         | z  |']);
  });

  it('the report shows machine, each row with target, figures, ratio and verdict, and skipped anchors', () => {
    const report: Report = {
      machine: { ...machineInfo(new Date('2026-01-02T03:04:05Z')), load: 0.5 },
      loadBefore: 0.4,
      runs: 5,
      heavyRuns: 3,
      quick: false,
      seconds: 100,
      rows: [
        resultRow({ id: 'csv', label: 'CSV → matrix', unit: 'MB/s', better: 'higher', target: { atLeast: 300 }, runs: [340, 350, 360], anchor: { name: 'pandas.read_csv', runs: [70] } }),
        resultRow({ id: 'tr', label: 'train', unit: 's/epoch', better: 'lower', target: { atMost: 10 }, runs: [12], anchorSkipped: 'numpy missing' }),
      ],
      anchors: { ran: [], skipped: [{ name: 'torch', reason: 'not installed' }] },
      notes: ['anchor skipped — torch: not installed'],
    };
    const text = formatReport(report);
    expect(text).toContain('2026-01-02T03:04:05.000Z');
    expect(text).toContain('median of 5 runs (heavy rows: 3)');
    expect(text).toMatch(/\| CSV → matrix +\| ≥ 300 MB\/s +\| 350 MB\/s +\| 340–360 +\| pandas\.read_csv 70 MB\/s +\| ×5 +\| pass +\|/);
    expect(text).toMatch(/\| train +\| ≤ 10 s\/epoch +\| 12 s\/epoch +\| — +\| skipped: numpy missing +\| — +\| MISS +\|/);
    expect(text).toContain('- anchor skipped — torch: not installed');
    expect(text).not.toContain('busy');
  });

  it('the JSON form round-trips with rows carrying target, measured, runs, anchor, ratio and pass', () => {
    const row = resultRow({ id: 'csv', label: 'CSV', unit: 'MB/s', better: 'higher', target: { atLeast: 300 }, runs: [200, 220], anchor: { name: 'pandas', runs: [70] } });
    const back = JSON.parse(JSON.stringify(row));
    expect(Object.keys(back).sort()).toEqual(['anchor', 'anchorSkipped', 'better', 'id', 'label', 'measured', 'note', 'pass', 'ratio', 'runs', 'target', 'unit']);
    expect(back.measured).toBe(210);
    expect(back.pass).toBe(false);
  });
});
