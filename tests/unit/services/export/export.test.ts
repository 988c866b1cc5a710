import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type LoadedDataset } from '../../../../src-main/services/datasets';
import { exportPredictions, type ByteSink } from '../../../../src-main/services/export';
import { predictionsCsvFromBytes } from '../../../../src-main/services/export/export-predictions';
import { formatNumber } from '../../../../src-main/services/export/cells';
import { needsNeutralising } from '../../../../src-shared/data/formula-cells';
import type { Predictions } from '../../../../src-main/services/predict';
import type { PredictionColumn } from '../../../../src-shared/jobs/prediction-columns';
import { CsvRecordReader } from '../../../../src-shared/data/csv/records';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';
import { seeded } from '../../workers/reference';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const badCsv = resolve(repoRoot, 'tests/fixtures/bad-csv');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-export-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Records of a CSV text as field arrays, read by the loader's own record reader. */
function records(text: string | Uint8Array, delimiter = ',', encoding: 'utf-8' | 'utf-16le' = 'utf-8'): string[][] {
  const reader = new CsvRecordReader({ delimiter, encoding });
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return [...reader.feed(bytes), ...reader.finish()].map((r) => r.fields);
}

async function load(name: string, content: string): Promise<LoadedDataset> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const r = await loadDataset(path);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Predictions with the given columns (rows with NaN / −1 everywhere count as empty). */
function predictionsOf(rows: number, columns: PredictionColumn[]): Predictions {
  const status = new Uint8Array(rows).fill(ROW_STATUS.ok);
  for (const c of columns) {
    for (let r = 0; r < rows; r++) {
      if (c.kind === 'number' ? Number.isNaN(c.values[r]) : c.codes[r] < 0) status[r] = ROW_STATUS.missingInput;
    }
  }
  const empty = status.filter((s) => s !== ROW_STATUS.ok).length;
  return {
    rows,
    task: 'regression',
    output: { name: 'y', task: 'regression' },
    columns,
    status,
    predictedRows: rows - empty,
    emptyRows: empty,
    missingInputRows: empty,
    unknownCategoryRows: 0,
    emptyBy: [],
    seconds: 0,
    workers: 1,
    kernel: 'js',
  };
}

const numbers = (name: string, values: number[]): PredictionColumn => ({ name, kind: 'number', values: Float64Array.from(values) });

describe('exportPredictions: the file it writes', () => {
  it('copies every original cell unchanged (quotes, commas, line breaks, unicode) and appends the predictions', async () => {
    const original = 'name,comment,score\n"Smith, Anna","said ""hi""",3.5\nLee,"two\nlines",4\nPärk ✓,  padded  ,5\n';
    const data = await load('quoted.csv', original);
    const out = join(dir, 'quoted-out.csv');
    const r = await exportPredictions(data, predictionsOf(3, [numbers('prediction', [0.1, -2, 1e21])]), out);
    expect(r.ok).toBe(true);
    const written = records(readFileSync(out, 'utf8'));
    const source = records(original);
    expect(written[0]).toEqual(['name', 'comment', 'score', 'prediction']);
    expect(written.slice(1).map((f) => f.slice(0, 3))).toEqual(source.slice(1));
    expect(written.slice(1).map((f) => f[3])).toEqual(['0.1', '-2', '1e+21']);
    if (r.ok) expect(r.value.rows).toBe(3);
  });

  it('writes numbers that read back to the same float64, and an empty cell for a missing prediction', async () => {
    const rand = seeded(11);
    const values = [0, -0, 5e-324, -1.7976931348623157e308, 0.1 + 0.2, 1 / 3, 123456789012345680000, 1e-7, NaN];
    while (values.length < 200) values.push((rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20));
    const data = await load('ids.csv', 'id\n' + values.map((_, k) => `${k}\n`).join(''));
    const out = join(dir, 'numbers-out.csv');
    const r = await exportPredictions(data, predictionsOf(values.length, [numbers('prediction', values)]), out);
    expect(r.ok).toBe(true);
    const cells = records(readFileSync(out, 'utf8')).slice(1).map((f) => f[1]);
    cells.forEach((cell, k) => {
      if (Number.isNaN(values[k])) expect(cell).toBe('');
      else expect(Object.is(Number(cell), values[k]), `${cell} vs ${values[k]}`).toBe(true);
    });
    expect(cells[1]).toBe('-0');
  });

  it('neutralises cells a spreadsheet would run as formulas, but not plain signed numbers', async () => {
    const cells = ['=1+2', '+A1', '-cmd|calc', '@SUM(A1)', '\tx', '-1.5', '+3', '-2e-3', '-1,234.5', '-', '=', 'ok', '-1+2'];
    const original = 'cell,k\n' + cells.map((c, k) => `"${c}",${k}\n`).join('');
    const data = await load('formulas.csv', original);
    const predictions = predictionsOf(cells.length, [numbers('prediction', cells.map((_, k) => k))]);
    const out = join(dir, 'formulas-out.csv');
    expect((await exportPredictions(data, predictions, out)).ok).toBe(true);
    const got = records(readFileSync(out, 'utf8')).slice(1).map((f) => f[0]);
    expect(got).toEqual(["'=1+2", "'+A1", "'-cmd|calc", "'@SUM(A1)", "'\tx", '-1.5', '+3', '-2e-3', '-1,234.5', '-', '=', 'ok', "'-1+2"]);
    const raw = join(dir, 'formulas-raw.csv');
    expect((await exportPredictions(data, predictions, raw, { keepFormulas: true })).ok).toBe(true);
    expect(records(readFileSync(raw, 'utf8')).slice(1).map((f) => f[0])).toEqual(cells);
  });

  it('neutralises class labels too, and leaves an empty cell for a row without a prediction', async () => {
    const data = await load('classes.csv', 'x\n1\n2\n3\n');
    const predictions = predictionsOf(3, [
      { name: 'predicted_class', kind: 'class', classes: ['=bad', 'good'], codes: Int32Array.from([0, 1, -1]) },
      numbers('probability', [0.25, 0.75, NaN]),
    ]);
    const out = join(dir, 'classes-out.csv');
    expect((await exportPredictions(data, predictions, out)).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe("x,predicted_class,probability\n1,'=bad,0.25\n2,good,0.75\n3,,\n");
  });

  it('includes only the chosen original columns, in the file order, and names an unknown one', async () => {
    const data = await load('pick.csv', 'a,b,c\n1,2,3\n4,5,6\n');
    const predictions = predictionsOf(2, [numbers('prediction', [7, 8])]);
    const out = join(dir, 'pick-out.csv');
    expect((await exportPredictions(data, predictions, out, { columns: ['c', 'a'] })).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('a,c,prediction\n1,3,7\n4,6,8\n');
    expect((await exportPredictions(data, predictions, join(dir, 'none.csv'), { columns: [] })).ok).toBe(true);
    expect(readFileSync(join(dir, 'none.csv'), 'utf8')).toBe('prediction\n7\n8\n');
    const bad = await exportPredictions(data, predictions, join(dir, 'bad.csv'), { columns: ['zz'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ kind: 'export/unknown-column', column: 'zz' });
  });

  it('gives a prediction column a distinct name when the dataset already has one of that name', async () => {
    const data = await load('clash.csv', 'prediction,x\n1,2\n');
    const out = join(dir, 'clash-out.csv');
    expect((await exportPredictions(data, predictionsOf(1, [numbers('prediction', [3])]), out)).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('prediction,x,prediction_2\n1,2,3\n');
  });

  it('writes UTF-8 with commas whatever the input: a semicolon/decimal-comma file keeps its cells as text', async () => {
    const r = await loadDataset(join(badCsv, 'semicolon_decimal_comma.csv'));
    if (!r.ok) throw new Error(r.error.message);
    const out = join(dir, 'semicolon-out.csv');
    expect((await exportPredictions(r.value, predictionsOf(3, [numbers('prediction', [1, 2, 3])]), out)).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('height,weight,prediction\n"1,75","70,5",1\n"1,62",58,2\n"1,80","81,25",3\n');
  });

  it('re-reads a UTF-16 file with its byte-order mark and writes UTF-8', async () => {
    const r = await loadDataset(join(badCsv, 'utf16le_bom.csv'));
    if (!r.ok) throw new Error(r.error.message);
    const out = join(dir, 'utf16-out.csv');
    expect((await exportPredictions(r.value, predictionsOf(r.value.rows, [numbers('prediction', [0.5, 1.5])]), out)).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('a,b,prediction\n1,2,0.5\n3,4,1.5\n');
  });

  it('keeps short rows aligned with empty cells', async () => {
    const data = await load('short.csv', 'a,b,c,d\n1,2,3,4\n5,6,7\n');
    const out = join(dir, 'short-out.csv');
    expect((await exportPredictions(data, predictionsOf(2, [numbers('prediction', [1, 2])]), out)).ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('a,b,c,d,prediction\n1,2,3,4,1\n5,6,7,,2\n');
  });

  it('gives the same text in memory (for a browser download) as in the file', async () => {
    const original = 'name,v\n"a,b",1\n=x,2\n';
    const data = await load('mem.csv', original);
    const predictions = predictionsOf(2, [numbers('prediction', [0.5, NaN])]);
    const out = join(dir, 'mem-out.csv');
    expect((await exportPredictions(data, predictions, out)).ok).toBe(true);
    const text = predictionsCsvFromBytes(data, new TextEncoder().encode(original), predictions);
    expect(text.ok && text.value.csv).toBe(readFileSync(out, 'utf8'));
  });
});

describe('exportPredictions: safety', () => {
  const partsIn = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.part'));

  it('refuses to overwrite the input file, also through a symbolic link', async () => {
    const data = await load('input.csv', 'a\n1\n');
    const before = readFileSync(data.path, 'utf8');
    const link = join(dir, 'link-to-input.csv');
    symlinkSync(data.path, link);
    for (const target of [data.path, link, join(dir, '.', 'input.csv')]) {
      const r = await exportPredictions(data, predictionsOf(1, [numbers('prediction', [1])]), target);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('io/would-overwrite-input');
    }
    expect(readFileSync(data.path, 'utf8')).toBe(before);
  });

  it('refuses a protected file (the model) and a folder as the output', async () => {
    const data = await load('p.csv', 'a\n1\n');
    const model = join(dir, 'model.json');
    writeFileSync(model, '{}');
    const r = await exportPredictions(data, predictionsOf(1, [numbers('prediction', [1])]), model, { protect: [model] });
    expect(!r.ok && r.error.kind).toBe('io/would-overwrite-input');
    const folder = await exportPredictions(data, predictionsOf(1, [numbers('prediction', [1])]), dir);
    expect(!folder.ok && folder.error.kind).toBe('io/is-directory');
  });

  it('an unwritable folder is a clear error and leaves nothing behind', async () => {
    const data = await load('u.csv', 'a\n1\n');
    // root ignores folder permissions; /sys refuses new files even to root.
    let folder = '/sys';
    if (process.getuid?.() !== 0) {
      folder = join(dir, 'readonly');
      mkdirSync(folder);
      chmodSync(folder, 0o555);
    }
    const r = await exportPredictions(data, predictionsOf(1, [numbers('prediction', [1])]), join(folder, 'out.csv'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('io/unwritable');
      expect(r.error.message).toContain('permission denied');
    }
    expect(existsSync(join(folder, 'out.csv'))).toBe(false);
  });

  it('a folder that does not exist is a clear error', async () => {
    const data = await load('n.csv', 'a\n1\n');
    const r = await exportPredictions(data, predictionsOf(1, [numbers('prediction', [1])]), join(dir, 'no', 'such', 'out.csv'));
    expect(!r.ok && r.error.kind).toBe('io/no-folder');
  });

  it('a full disk (writing to /dev/full) is a clear error; no temporary file is left and the target is not created', async () => {
    const folder = join(dir, 'full');
    mkdirSync(folder);
    const data = await load('f.csv', 'a\n' + '1\n'.repeat(5000));
    const toDevFull = async (): Promise<ByteSink> => {
      const handle = await open('/dev/full', 'w');
      return { write: async (b) => void (await handle.write(b)), sync: async () => {}, close: () => handle.close() };
    };
    const r = await exportPredictions(data, predictionsOf(5000, [numbers('prediction', new Array(5000).fill(0.5))]), join(folder, 'out.csv'), { openSink: toDevFull });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('io/disk-full');
      expect(r.error.message).toContain('The disk is full while writing');
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a write that fails half way removes the temporary file and leaves an existing target untouched', async () => {
    const folder = join(dir, 'half');
    mkdirSync(folder);
    const target = join(folder, 'out.csv');
    writeFileSync(target, 'previous export\n');
    const rows = 200_000;
    const data = await load('h.csv', 'a\n' + '123456\n'.repeat(rows));
    let writes = 0;
    let tempSeen = '';
    const failing = async (path: string): Promise<ByteSink> => {
      tempSeen = path;
      const handle = await open(path, 'wx');
      return {
        async write(b) {
          if (++writes === 2) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
          await handle.write(b);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    };
    const r = await exportPredictions(data, predictionsOf(rows, [numbers('prediction', new Array(rows).fill(1.25))]), target, { openSink: failing });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('io/write-failed');
    expect(tempSeen.startsWith(folder)).toBe(true);
    expect(existsSync(tempSeen)).toBe(false);
    expect(partsIn(folder)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('previous export\n');
  });

  it('a cancelled export leaves nothing behind', async () => {
    const folder = join(dir, 'cancel');
    mkdirSync(folder);
    const rows = 300_000;
    const data = await load('c.csv', 'a\n' + '123456789\n'.repeat(rows));
    const controller = new AbortController();
    const r = await exportPredictions(data, predictionsOf(rows, [numbers('prediction', new Array(rows).fill(2))]), join(folder, 'out.csv'), {
      signal: controller.signal,
      onProgress: (done) => done > 0 && controller.abort(),
    });
    expect(!r.ok && r.error.kind).toBe('job/cancelled');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('stops when the source file changed since it was loaded', async () => {
    const data = await load('changed.csv', 'a\n1\n2\n');
    appendFileSync(data.path, '3\n');
    const r = await exportPredictions(data, predictionsOf(2, [numbers('prediction', [1, 2])]), join(dir, 'changed-out.csv'));
    expect(!r.ok && r.error.kind).toBe('export/source-changed');
    expect(existsSync(join(dir, 'changed-out.csv'))).toBe(false);
  });
});

describe('cells', () => {
  it('formats numbers in shortest round-trip form, −0 with its sign, NaN as empty', () => {
    expect([0.1, 100, 1e21, 1e-7, -0, 0, NaN, 2 ** 53 + 2].map(formatNumber)).toEqual(['0.1', '100', '1e+21', '1e-7', '-0', '0', '', '9007199254740994']);
  });

  it('neutralises = + - @ tab and CR followed by something, except signed plain numbers', () => {
    const check = (s: string) => {
      const b = new TextEncoder().encode(s);
      return needsNeutralising(b, 0, b.length);
    };
    expect(['=A1', '+x', '-x', '@x', '\tx', '\rx', '-1+1', '+1)', '-e5'].map(check)).toEqual(new Array(9).fill(true));
    expect(['-1.5', '+3', '-2E+10', '-1 000,5', '-', '=', 'a=b', '1-2', ''].map(check)).toEqual(new Array(9).fill(false));
  });
});
