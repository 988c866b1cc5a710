// Spreadsheet error values (#DIV/0!, #N/A …) in a numeric column are missing values, counted in one
// warning per column that says how many, which and where; the column stays numeric.
import { describe, expect, it } from 'vitest';
import { previewRows } from '../../../../../src-shared/data/preview';
import { loadText } from './load-text';

const ERRORS = ['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!'];

describe('spreadsheet error values', () => {
  it('every one of Excel’s errors is missing, the column numeric, one warning with the count and lines', async () => {
    // 7 errors among 14 rows: half the column, far more than the 5 % of text a numeric column tolerates.
    const rows = ERRORS.flatMap((e, i) => [`${i},${e}`, `${i},${i * 1.5}`]);
    const d = await loadText(`id,ratio\n${rows.join('\n')}\n`);
    const c = d.columns[1];
    expect(c.type).toBe('numeric');
    expect(c.missing).toBe(7);
    expect(c.mean).toBeCloseTo((0 + 1.5 + 3 + 4.5 + 6 + 7.5 + 9) / 7, 12);
    const w = d.warnings.filter((x) => x.column === 'ratio');
    expect(w).toHaveLength(1);
    expect(w[0].line).toBe(2);
    expect(w[0].message).toBe(`7 spreadsheet error values (${ERRORS.join(', ')}) read as missing, on lines 2, 4, 6, 8, 10 and 2 more`);
    expect(previewRows(d, 0, 2).map((r) => r[1])).toEqual([null, 0]);
  });

  it('one error: a singular sentence; surrounding spaces and quotes do not matter', async () => {
    const d = await loadText('a;b\n1;2,5\n2;" #DIV/0! "\n3;4,5\n');
    expect(d.columns[1].type).toBe('numeric');
    expect(d.warnings.map((w) => w.message)).toContain('1 spreadsheet error value (#DIV/0!) read as missing, on line 3');
  });

  it('a column of nothing but errors is empty, and says so', async () => {
    const d = await loadText('a,b\n1,#REF!\n2,#REF!\n');
    expect(d.columns[1].type).toBe('empty');
    expect(d.warnings.some((w) => w.message.startsWith('2 spreadsheet error values (#REF!)'))).toBe(true);
  });

  it('text like "#1" or "#DIV/0" (no "!") stays text', async () => {
    const d = await loadText('a,b\n1,#1\n2,#DIV/0\n3,#2\n');
    expect(d.columns[1].type).not.toBe('numeric');
    expect(d.columns[1].missing).toBe(0);
  });
});
