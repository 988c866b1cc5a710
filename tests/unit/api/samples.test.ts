import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSamples, plainText } from '../../../src-main/api/samples';

const samples = resolve(import.meta.dirname, '../../../samples');

describe('the samples the welcome screen lists', () => {
  it('describe each file in plain sentences: no markdown, no sources or internal notes', () => {
    const list = listSamples(samples);
    expect(list.map((s) => s.name)).toContain('cps85_wages.csv');
    for (const s of list) {
      expect(s.description, s.name).toMatch(/Predict /);
      expect(s.description, s.name).not.toMatch(/[`*|]|\bnpm\b|checked|README|license|\.csv/i);
    }
    expect(list.find((s) => s.name === 'seattle_weather.csv')).toMatchObject({ target: 'weather', description: expect.stringContaining('daily weather in Seattle') });
  });

  it('plainText drops code ticks, emphasis and link syntax', () => {
    expect(plainText("the course's `hourly_wages.csv` **layout** and [values](https://example.org)")).toBe("the course's hourly_wages.csv layout and values");
  });
});
