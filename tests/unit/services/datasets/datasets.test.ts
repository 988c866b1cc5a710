// Every dataset in samples/ (real ones, and the generated bank_transactions.csv) loads with the shape its README states, the expected column
// types, and exactly the numbers a naive reader (split on commas, Number()) gets from these simple files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src-main/services/datasets';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const dir = resolve(repoRoot, 'samples');

/** rows × cols per file, from the README's table. */
const shapes = [...readFileSync(resolve(dir, 'README.md'), 'utf8').matchAll(/^\| (\S+\.csv) \| (\d+) × (\d+) \|/gm)].map((m) => ({
  file: m[1],
  rows: Number(m[2]),
  cols: Number(m[3]),
}));

/** How these files write a missing value (penguins.csv has one '.' in `sex`). */
const MISSING_CELLS = new Set(['', '.']);

/** Columns that are not numeric (everything else must be). */
const nonNumeric: Record<string, Record<string, string>> = {
  'iris.csv': { species: 'categorical' },
  'penguins.csv': { species: 'categorical', island: 'categorical', sex: 'categorical' },
  'seattle_weather.csv': { date: 'date', weather: 'categorical' },
  'bank_transactions.csv': { retired: 'categorical' },
};

describe('the real datasets (samples/)', () => {
  it('lists every dataset in the README table', () => expect(shapes.length).toBeGreaterThanOrEqual(8));

  for (const { file, rows, cols } of shapes) {
    it(`${file}: ${rows} × ${cols}, column types, and the same numbers as a naive reader`, async () => {
      const result = await loadDataset(resolve(dir, file));
      expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
      if (!result.ok) return;
      const d = result.value;
      expect([d.rows, d.cols]).toEqual([rows, cols]);
      expect(d.header).toBe(true);
      expect(d.delimiter).toBe(',');
      expect(d.values.length).toBe(rows * cols);
      const special = nonNumeric[file] ?? {};
      for (const c of d.columns) expect(c.type, c.name).toBe(special[c.name] ?? 'numeric');

      const lines = readFileSync(resolve(dir, file), 'utf8').split(/\r?\n/).filter((l) => l !== '');
      expect(lines[0].split(',')).toEqual(d.columns.map((c) => c.name));
      const mismatches: string[] = [];
      const check = (ok: boolean, what: () => string): void => {
        if (!ok && mismatches.length < 5) mismatches.push(what());
      };
      for (let r = 0; r < rows; r++) {
        const cells = lines[r + 1].split(',');
        for (let c = 0; c < cols; c++) {
          const i = r * cols + c;
          const column = d.columns[c];
          const where = () => `row ${r} ${column.name} '${cells[c]}': got ${d.values[i]} missing=${d.missing[i]}`;
          if (MISSING_CELLS.has(cells[c])) {
            check(d.missing[i] === 1 && Number.isNaN(d.values[i]), where);
            continue;
          }
          check(d.missing[i] === 0, where);
          if (column.type === 'numeric') check(d.values[i] === Number(cells[c]), where);
          else if (column.type === 'categorical') check(column.categories?.[d.values[i]] === cells[c], where);
          else if (column.type === 'date') check(d.values[i] === Date.parse(`${cells[c]}T00:00:00Z`), where);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('penguins: missing values are counted, flagged and NaN, and categories are counted', async () => {
    const result = await loadDataset(resolve(dir, 'penguins.csv'));
    if (!result.ok) throw new Error(result.error.message);
    const d = result.value;
    const byName = Object.fromEntries(d.columns.map((c) => [c.name, c]));
    expect(byName.sex.missing).toBe(11);
    expect(byName.sex.categories).toEqual(['FEMALE', 'MALE']);
    expect(byName.body_mass_g.missing).toBeGreaterThan(0);
    expect(byName.species.categories).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(byName.species.categoryCounts?.reduce((a, b) => a + b, 0)).toBe(d.rows - byName.species.missing);
    expect(byName.body_mass_g.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(d.rows - byName.body_mass_g.missing);
  });

  it('seattle_weather: the date column spans 2012-01-01 … 2015-12-31', async () => {
    const result = await loadDataset(resolve(dir, 'seattle_weather.csv'));
    if (!result.ok) throw new Error(result.error.message);
    const date = result.value.columns[0];
    expect(date.type).toBe('date');
    expect(date.min).toBe(Date.UTC(2012, 0, 1));
    expect(date.max).toBe(Date.UTC(2015, 11, 31));
  });
});
