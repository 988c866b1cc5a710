// Numbers in text and categorical columns keep their text as written (zip codes, ids); numeric columns
// stay numbers, bit for bit the same as before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writtenAsString } from '../../../../../src-shared/data/csv/load-cells';
import { loadFromChunks } from '../../../../../src-shared/data/csv/load';
import { previewRows } from '../../../../../src-shared/data/preview';
import type { Dataset } from '../../../../../src-shared/data/dataset';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

async function load(text: string, reread = true): Promise<Dataset> {
  const bytes = utf8(text);
  const chunks = async function* () {
    yield bytes;
  };
  const r = await loadFromChunks(bytes, bytes.length, chunks(), reread ? { reread: chunks } : {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const column = (d: Dataset, name: string) => d.columns.findIndex((c) => c.name === name);
const cells = (d: Dataset, name: string) => previewRows(d, 0, d.rows).map((row) => row[column(d, name)]);

describe('writtenAsString: when a number’s text is exactly what String(value) gives', () => {
  it('is never true for a text String() would write differently (property over number-like texts)', () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const text = fc.tuple(fc.constantFrom('', '-', '+', ' '), digits(1, 18), fc.option(digits(0, 12)), fc.option(fc.integer({ min: -30, max: 30 }))).map(
      ([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`,
    );
    fc.assert(
      fc.property(text, (t) => {
        const bytes = utf8(t);
        const value = Number(t);
        if (writtenAsString(bytes, 0, bytes.length, value, false)) expect(String(value)).toBe(t);
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('is true for the plain forms (so they need no kept text) and false for the others', () => {
    const plain = (t: string, comma = false) => writtenAsString(utf8(t), 0, t.length, Number(t.replace(',', '.')), comma);
    for (const t of ['0', '7', '-7', '123', '0.5', '-0.25', '3.14159', '0.000001']) expect(plain(t), t).toBe(true);
    for (const t of ['01', '007', '1.50', '1.', '.5', '1e3', '+1', '-0', ' 1', '0.0000001', '1234567890123456']) expect(plain(t), t).toBe(false);
    // With decimal commas only whole numbers are plain: '1.234' means 1234 there.
    expect(plain('12', true)).toBe(true);
    expect(writtenAsString(utf8('1.234'), 0, 5, 1234, true)).toBe(false);
  });
});

describe('loading: number texts in text and categorical columns', () => {
  it("keeps 01, 007, 1.50 and 1e3 as written in a text column (the preview shows '01', not '1')", async () => {
    const d = await load('code,v\n01,1\n007,2\nA1,3\n1.50,4\n1e3,5\n01,6\n 42 ,7\n');
    expect(d.columns[0].type).toBe('text');
    expect(cells(d, 'code')).toEqual(['01', '007', 'A1', '1.50', '1e3', '01', '42']);
    expect(d.numberTextsLost).toBeUndefined();
  });

  it('keeps them in a categorical column too, where 01 and 1 are different categories', async () => {
    const rows = ['01', '1', 'B', '01', '1', 'B', '01', '1', 'B', '02'];
    const d = await load(`grade,v\n${rows.map((g, k) => `${g},${k}`).join('\n')}\n`);
    expect(d.columns[0].type).toBe('categorical');
    expect(d.columns[0].categories).toEqual(['01', '1', '02', 'B']);
    expect(cells(d, 'grade')).toEqual(rows);
  });

  it('numeric columns stay numbers, the same float64s as Number() of the text, also when the column keeps texts', async () => {
    // 'v' has one text cell in 40 (≤ 5 %): numeric, the text cell missing, and its numbers went through the kept-text path.
    const texts = Array.from({ length: 40 }, (_, k) => (k === 7 ? 'oops' : ['01', '1.50', '2.250', '1e3', '0.1', '-0', '+3', '0.0000001'][k % 8]));
    const d = await load(`v,w\n${texts.map((t, k) => `${t},${t === 'oops' ? 0 : t}`).join('\n')}\n`);
    for (const name of ['v', 'w']) {
      const c = column(d, name);
      expect(d.columns[c].type).toBe('numeric');
      texts.forEach((t, r) => {
        const i = r * d.cols + c;
        if (t === 'oops' && name === 'v') expect(d.missing[i]).toBe(1);
        else expect(Object.is(d.values[i], Number(t === 'oops' ? 0 : t)), `${name} row ${r} '${t}'`).toBe(true);
      });
    }
  });

  it('a column whose first text comes after the sniffed sample is read again to keep the earlier numbers’ text', async () => {
    // 300 rows of zip codes written as numbers (beyond the sniff's 200 records), then text zip codes.
    const zips = Array.from({ length: 600 }, (_, k) => (k < 300 ? String(k + 1).padStart(5, '0') : `Z${k}`));
    const text = `zip,v\n${zips.map((z, k) => `${z},${k}`).join('\n')}\n`;
    const again = await load(text);
    expect(again.columns[0].type).toBe('text');
    expect(cells(again, 'zip')).toEqual(zips);
    expect(again.numberTextsLost).toBeUndefined();
    expect(again.warnings).toEqual([]);
    // Without a way to read again: the numbers show as numbers, and the dataset and a warning say so.
    const once = await load(text, false);
    expect(once.numberTextsLost).toEqual([0]);
    expect(cells(once, 'zip')[0]).toBe('1');
    expect(once.warnings).toEqual([expect.objectContaining({ column: 'zip', message: expect.stringContaining("300 numbers before this column's first text") })]);
  });
});
