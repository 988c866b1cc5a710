// Every file in tests/fixtures/bad-csv does what its expectations.json says: one table-driven test per entry.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src-main/services/datasets';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const dir = resolve(repoRoot, 'tests/fixtures/bad-csv');

interface Expectation {
  file: string;
  expect: 'load' | 'error';
  rows?: number;
  cols?: number;
  names?: string[];
  types?: Record<string, string>;
  missing?: Record<string, number>;
  values?: Record<string, (number | string | null)[]>;
  mentions?: string[];
  line?: number;
}

const expectations = JSON.parse(readFileSync(resolve(dir, 'expectations.json'), 'utf8')) as Expectation[];

describe('the awkward CSV corpus (tests/fixtures/bad-csv)', () => {
  it('has expectations to check', () => expect(expectations.length).toBeGreaterThan(5));

  for (const e of expectations) {
    it(`${e.file}: ${e.expect === 'load' ? 'loads as expected' : 'is refused with a message naming the problem'}`, async () => {
      const result = await loadDataset(resolve(dir, e.file));
      if (e.expect === 'error') {
        expect(result.ok, JSON.stringify(result)).toBe(false);
        if (result.ok) return;
        const message = result.error.message.toLowerCase();
        expect(e.mentions?.some((m) => message.includes(m.toLowerCase())), message).toBe(true);
        if (e.line !== undefined) {
          expect(result.error.line).toBe(e.line);
          expect(message).toContain(`line ${e.line}`);
        }
        return;
      }
      expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
      if (!result.ok) return;
      const d = result.value;
      if (e.rows !== undefined) expect(d.rows).toBe(e.rows);
      if (e.cols !== undefined) expect(d.cols).toBe(e.cols);
      if (e.names) expect(d.columns.map((c) => c.name)).toEqual(e.names);
      const col = (name: string): number => {
        const c = d.columns.findIndex((x) => x.name === name);
        expect(c, `column ${name}`).toBeGreaterThanOrEqual(0);
        return c;
      };
      for (const [name, type] of Object.entries(e.types ?? {})) expect(d.columns[col(name)].type, name).toBe(type);
      for (const [name, n] of Object.entries(e.missing ?? {})) {
        const c = col(name);
        expect(d.columns[c].missing, name).toBe(n);
        let flagged = 0;
        for (let r = 0; r < d.rows; r++) {
          if (d.missing[r * d.cols + c] === 1) {
            flagged++;
            expect(d.values[r * d.cols + c]).toBeNaN();
          }
        }
        expect(flagged).toBe(n);
      }
      for (const [name, want] of Object.entries(e.values ?? {})) {
        const c = col(name);
        want.forEach((v, r) => {
          if (v === null) expect(d.missing[r * d.cols + c]).toBe(1);
          else if (typeof v === 'number') expect(d.values[r * d.cols + c], `${name}[${r}]`).toBe(v);
          else expect(d.columns[c].categories?.[d.values[r * d.cols + c]]).toBe(v);
        });
      }
    });
  }
});
