import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputExclusion, nameWords, suggestTarget } from '../../../../src-shared/data/column-suggestions';
import { loadText } from './csv/load-text';

const sample = (name: string) => loadText(readFileSync(resolve(__dirname, '../../../../samples', name)));

describe('suggestTarget', () => {
  it('prefers a column named like a target wherever it stands, else the last column', async () => {
    const named = await loadText('Label,a,b\n1,2,3\n0,4,5\n1,6,7\n');
    expect(suggestTarget(named.columns, named.rows)).toEqual({ name: 'Label', why: 'suggested: named like a target' });
    const word = await loadText('SalePrice,rooms\n100,2\n200,3\n150,4\n');
    expect(suggestTarget(word.columns, word.rows)?.name).toBe('SalePrice');
    const plain = await loadText('a,b,c\n1,2,3\n4,5,6\n7,8,9\n');
    expect(suggestTarget(plain.columns, plain.rows)).toEqual({ name: 'c', why: 'suggested: the last column' });
  });
  it('never suggests a date, a row ID or an empty column, and reads words of any case style', async () => {
    const d = await loadText('x,y_pos,when,id\n1,2,2020-01-02,1\n4,5,2020-01-03,2\n7,8,2020-01-04,3\n');
    // y_pos is not "y"; when (a date) and id (a row number) are never suggested: the last usable column is y_pos.
    expect(suggestTarget(d.columns, d.rows)?.name).toBe('y_pos');
    expect(nameWords('targetValue')).toEqual(['target', 'value']);
    expect(nameWords('customer_ID')).toEqual(['customer', 'id']);
  });
  it('suggests the documented target of the bundled samples', async () => {
    const expected: Record<string, string> = { 'iris.csv': 'species', 'penguins.csv': 'species', 'seattle_weather.csv': 'weather', 'diabetes.csv': 'progression', 'cps85_wages.csv': 'wage_per_hour', 'breast_cancer.csv': 'malignant', 'digits.csv': 'digit' };
    for (const [file, target] of Object.entries(expected)) {
      const d = await sample(file);
      expect(suggestTarget(d.columns, d.rows)?.name, file).toBe(target);
    }
  });
});

describe('inputExclusion', () => {
  it("leaves seattle_weather's date out with the reason, and keeps its numbers", async () => {
    const d = await sample('seattle_weather.csv');
    const why = Object.fromEntries(d.columns.map((c) => [c.name, inputExclusion(c, d.rows)?.kind ?? null]));
    expect(why).toMatchObject({ date: 'date', precipitation: null, temp_max: null, wind: null });
    expect(inputExclusion(d.columns[0], d.rows)?.reason).toContain('expand it');
  });
  it('finds row numbers in any order, unique short texts, and long free text; keeps ordinary columns', async () => {
    const n = 120;
    const order = Array.from({ length: n }, (_, k) => (k * 7) % n); // a permutation of 0…119 (7 and 120 are coprime)
    const csv =
      'n,code,note,score,tag,near\n' +
      order
        .map((o, k) => `${o + 1},C${1000 + k},"the customer said item ${k} arrived late and broken, again",${(k * 7) % 5},${k % 3 === 0 ? 'a' : 'b'},${k === 3 ? 1 : o + 1}`)
        .join('\n') +
      '\n';
    const d = await loadText(csv);
    const kind = (name: string) => inputExclusion(d.columns.find((c) => c.name === name)!, d.rows)?.kind ?? null;
    expect(kind('n')).toBe('row-id');
    expect(kind('code')).toBe('row-id');
    expect(kind('note')).toBe('free-text');
    expect(kind('score')).toBeNull();
    expect(kind('tag')).toBeNull();
    // One value repeated breaks the run 1…120: not a row number.
    expect(kind('near')).toBeNull();
  });
  it('keeps 1…n as an input in a small table (the course\'s toy data: x = 0…9, y = 2x + 1)', async () => {
    const d = await loadText('x,y\n' + Array.from({ length: 10 }, (_, k) => `${k},${2 * k + 1}`).join('\n') + '\n');
    expect(inputExclusion(d.columns[0], d.rows)).toBeNull();
  });
  it('takes whole numbers under an ID name as an ID, but not a fraction named id', async () => {
    const d = await loadText('customer_id,idx_ratio,v\n1001,0.5,1\n1007,0.25,2\n1003,0.125,3\n');
    expect(inputExclusion(d.columns[0], d.rows)?.kind).toBe('row-id');
    expect(inputExclusion(d.columns[1], d.rows)).toBeNull();
  });
});
