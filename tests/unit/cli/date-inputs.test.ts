/**
 * A date column as inputs (year, month, day of week, day of year): trained from the CLI, saved in the model file as
 * one input per part, and read the same way by `predict` (loaded and streamed), `forward --row` and the renderer's row
 * path from the table's display cells — bit for bit. A file whose date column holds a cell that is not a date is
 * refused by name; a typed row whose date is not a date is an empty input (no prediction).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardCommand } from '../../../src-main/cli/forward';
import { predictCommand } from '../../../src-main/cli/predict';
import { trainCommand } from '../../../src-main/cli/train';
import { loadDataset } from '../../../src-main/services/datasets';
import { displayRows } from '../../../src-main/api/rows';
import { pathOfCells } from '../../../src-renderer/lib/network/encode-row';
import { datePartOf } from '../../../src-shared/data/date-parts';
import { parseDate } from '../../../src-shared/data/dates';
import { readModelFile } from '../../../src-shared/model-file/read';
import { writeModelFile } from '../../../src-shared/model-file/write';
import { runCommand } from './run-command';

const seattle = resolve(import.meta.dirname, '../../../samples/seattle_weather.csv');
let dir: string;
let modelPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-date-inputs-'));
  modelPath = join(dir, 'weather.dlmodel.json');
  const r = await runCommand(trainCommand, '--data', seattle, '--target', 'temp_max', '--inputs', 'date,precipitation', '--layers', '8:tanh', '--epochs', '3', '--missing', 'impute-mean', '--out', modelPath, '--json');
  expect(r.code, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('date parts', () => {
  it('are UTC year, month 1–12, ISO weekday 1 (Monday)–7 and day of year 1–366', () => {
    const at = (text: string) => parseDate(text, 'iso') as number;
    expect(['year', 'month', 'weekday', 'yearday'].map((p) => datePartOf(at('2012-01-01'), p as never))).toEqual([2012, 1, 7, 1]);
    expect(datePartOf(at('2016-12-31'), 'yearday')).toBe(366);
    expect(datePartOf(at('2015-12-31T23:59:59'), 'yearday')).toBe(365);
    expect(datePartOf(at('2024-03-04'), 'weekday')).toBe(1);
    expect(datePartOf(NaN, 'month')).toBeNaN();
  });
});

describe('a model with a date input', () => {
  it('saves one input per part, each naming its date column, and reads back the same', () => {
    const text = readFileSync(modelPath, 'utf8');
    const model = readModelFile(text);
    if (!model.ok) throw new Error(model.error.message);
    expect(model.value.inputs.map((s) => s.name)).toEqual(['date.year', 'date.month', 'date.weekday', 'date.yearday', 'precipitation']);
    expect(model.value.inputs[1]).toMatchObject({ date: { column: 'date', part: 'month' }, scale: { mean: expect.any(Number), std: expect.any(Number) } });
    // impute-mean: an empty date takes each part's training mean (a part value, not a date)
    expect(model.value.inputs[1].impute).toBeCloseTo(model.value.inputs[1].scale!.mean, 12);
    expect(writeModelFile(model.value)).toBe(text);
    const bad = readModelFile(text.replace('"part": "month"', '"part": "hour"'));
    expect(bad.ok ? '' : bad.error.message).toMatch(/inputs\[1\]\.date\.part must be one of "year", "month", "weekday", "yearday", got "hour"/);
  });

  it('gives the same prediction through predict (loaded and streamed), forward --row and the renderer row path', async () => {
    const loadedOut = join(dir, 'loaded.csv');
    const streamedOut = join(dir, 'streamed.csv');
    expect((await runCommand(predictCommand, '--model', modelPath, '--data', seattle, '--out', loadedOut)).stderr).toBe('');
    expect((await runCommand(predictCommand, '--model', modelPath, '--data', seattle, '--out', streamedOut, '--stream')).stderr).toBe('');
    const lines = readFileSync(loadedOut, 'utf8').trimEnd().split('\n');
    expect(readFileSync(streamedOut, 'utf8')).toBe(readFileSync(loadedOut, 'utf8'));
    const model = readModelFile(readFileSync(modelPath, 'utf8'));
    const loaded = await loadDataset(seattle);
    if (!model.ok || !loaded.ok) throw new Error('model or data did not load');
    for (const k of [1, 60, 366, 1461]) {
      const written = lines[k].split(',').at(-1);
      const r = await runCommand(forwardCommand, '--model', modelPath, '--data', seattle, '--row', String(k), '--json');
      const doc = JSON.parse(r.stdout) as { prediction: number; inputs: { name: string; raw: unknown }[] };
      expect(String(doc.prediction)).toBe(written);
      expect(doc.inputs[0]).toMatchObject({ name: 'date.year', raw: lines[k].split(',')[0] });
      const shown = pathOfCells(model.value, loaded.value.columns, displayRows(loaded.value, k - 1, 1)[0], k - 1);
      if (!shown.ok) throw new Error(shown.error.message);
      expect(String(shown.value.prediction[0].value)).toBe(written);
    }
  });

  it('refuses a file whose date column holds a cell that is not a date, naming the column; a typed bad date is an empty input', async () => {
    const lines = readFileSync(seattle, 'utf8').split('\n').slice(0, 20);
    lines[5] = lines[5].replace(/^[^,]+/, 'last tuesday');
    const bad = join(dir, 'bad-date.csv');
    writeFileSync(bad, lines.join('\n'));
    const r = await runCommand(predictCommand, '--model', modelPath, '--data', bad, '--out', join(dir, 'bad-out.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Column 'date' holds .*, but the model reads its year as a date/);
    const loaded = await loadDataset(seattle);
    const model = readModelFile(readFileSync(modelPath, 'utf8'));
    if (!model.ok || !loaded.ok) throw new Error('model or data did not load');
    const cells = [...displayRows(loaded.value, 0, 1)[0]];
    cells[0] = '2012-02-30';
    const shown = pathOfCells(model.value, loaded.value.columns, cells, 0);
    if (!shown.ok) throw new Error(shown.error.message);
    // impute-mean model: the empty date reads as each part's training mean, so the row still gets a prediction
    expect(shown.value.inputs[0]).toMatchObject({ raw: null, imputed: model.value.inputs[0].impute });
  });

  it('streams day-first dates only when the loader would read them the same: else one sentence naming the column', async () => {
    const rows = ['date,precipitation,temp_max', '03/01/2012,0.5,10', '04/01/2012,1.5,11', '25/01/2012,0,12'];
    const dayFirst = join(dir, 'day-first.csv');
    writeFileSync(dayFirst, rows.join('\n') + '\n');
    const loaded = await runCommand(predictCommand, '--model', modelPath, '--data', dayFirst, '--out', join(dir, 'df-loaded.csv'));
    expect(loaded.stderr).toBe('');
    const streamed = await runCommand(predictCommand, '--model', modelPath, '--data', dayFirst, '--out', join(dir, 'df-streamed.csv'), '--stream');
    expect(streamed.code).toBe(2);
    expect(streamed.stderr).toMatch(/Column 'date' writes dates day first \(dd\/mm\/yyyy\).*write its dates as yyyy-mm-dd/);
    // month-first (US) dates stream exactly as they load
    const us = join(dir, 'month-first.csv');
    writeFileSync(us, ['date,precipitation,temp_max', '01/03/2012,0.5,10', '01/04/2012,1.5,11', '01/25/2012,0,12'].join('\n') + '\n');
    await runCommand(predictCommand, '--model', modelPath, '--data', us, '--out', join(dir, 'us-loaded.csv'));
    expect((await runCommand(predictCommand, '--model', modelPath, '--data', us, '--out', join(dir, 'us-streamed.csv'), '--stream')).stderr).toBe('');
    expect(readFileSync(join(dir, 'us-streamed.csv'), 'utf8')).toBe(readFileSync(join(dir, 'us-loaded.csv'), 'utf8'));
  });
});
