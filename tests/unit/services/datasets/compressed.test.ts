// Compressed downloads (.csv.gz, .csv.zip with one CSV inside) read directly, as the CSV inside them;
// archives that are not one CSV are refused with a sentence saying what they hold and what to do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset, loadDatasetFromBytes } from '../../../../src-main/services/datasets';
import { previewRows } from '../../../../src-shared/data/preview';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-compressed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const CSV = utf8(`x,y,label\n${Array.from({ length: 500 }, (_, i) => `${i},${(i * 0.37).toFixed(2)},${i % 3 === 0 ? 'a' : 'b'}`).join('\n')}\n`);

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function expectSameAsPlain(path: string): Promise<void> {
  const plain = await loadDataset(file('plain.csv', CSV));
  const r = await loadDataset(path);
  expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
  if (!r.ok || !plain.ok) return;
  expect(r.value.rows).toBe(500);
  expect(r.value.columns).toEqual(plain.value.columns);
  expect(previewRows(r.value, 0, 500)).toEqual(previewRows(plain.value, 0, 500));
  // The CSV's bytes stay with the dataset: an export copies the original cells from them.
  expect(r.value.content).toEqual(CSV);
  expect(plain.value.content).toBeUndefined();
}

describe('compressed CSV files', () => {
  it('reads a .csv.gz as the CSV inside', async () => {
    await expectSameAsPlain(file('data.csv.gz', new Uint8Array(gzipSync(CSV))));
  });

  it('reads a .csv.zip with one CSV inside (folders and macOS metadata ignored)', async () => {
    await expectSameAsPlain(file('data.zip', zipSync({ 'data/': {}, 'data/table.csv': CSV, '__MACOSX/data/._table.csv': utf8('x') })));
  });

  it('is recognised by its bytes whatever it is called, and in uploads too', async () => {
    await expectSameAsPlain(file('download.bin', new Uint8Array(gzipSync(CSV))));
    const up = await loadDatasetFromBytes(zipSync({ 'table.csv': CSV }), 'table.zip');
    expect(up.ok && up.value.rows).toBe(500);
  });

  it('refuses an archive of several CSVs, of none, an Excel workbook and a damaged gzip, each with one sentence', async () => {
    const cases: [Uint8Array, string][] = [
      [zipSync({ 'a.csv': CSV, 'b.csv': CSV }), 'is a zip archive with 2 CSV files (a.csv, b.csv): extract the one to open and open it'],
      [zipSync({ 'notes.pdf': utf8('%PDF') }), 'is a zip archive with no CSV file (it holds notes.pdf): extract the one to open and open it'],
      [zipSync({ '[Content_Types].xml': utf8('<x/>'), 'xl/workbook.xml': utf8('<x/>') }), 'is an Excel workbook (.xlsx), not CSV: save it as CSV first'],
      [new Uint8Array(gzipSync(CSV)).subarray(0, 40), 'is a damaged gzip file'],
    ];
    for (const [bytes, message] of cases) {
      const path = file('refused.bin', bytes);
      const r = await loadDataset(path);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.message).toContain(`${path} ${message}`);
      expect(r.error.file).toBe(path);
    }
  });
});
