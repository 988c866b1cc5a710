// A file of 100,000 columns (gene expression data, one-hot exports) loads: its header is far longer than the
// 64 KiB sample that sniffing starts with, and the load warns that training on so many inputs is slow.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset, loadDatasetFromBytes } from '../../../../src-main/services/datasets';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-wide-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `cols` gene columns and a label; row r holds (r + c) mod 10 in gene c. */
function wideFile(cols: number, rows: number): string {
  const lines = [[...Array.from({ length: cols }, (_, c) => `gene_${c}`), 'label'].join(',')];
  for (let r = 0; r < rows; r++) lines.push([...Array.from({ length: cols }, (_, c) => (r + c) % 10), r % 2 === 0 ? 'a' : 'b'].join(','));
  const path = join(dir, `wide-${cols}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The checks for a loaded wide file of `cols` genes and 6 rows. */
function expectWide(result: Awaited<ReturnType<typeof loadDataset>>, cols: number): void {
  expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
  if (!result.ok) return;
  const d = result.value;
  expect([d.rows, d.cols]).toEqual([6, cols + 1]);
  expect(d.columns[0].name).toBe('gene_0');
  expect(d.columns[cols - 1].name).toBe(`gene_${cols - 1}`);
  expect(d.columns[cols].name).toBe('label');
  expect(d.values[3 * d.cols + 12345]).toBe((3 + 12345) % 10);
  expect(d.warnings.map((w) => w.message)).toContain(`${(cols + 1).toLocaleString('en-US')} columns: training a network on thousands of inputs is slow; choose the inputs the model needs`);
}

describe('a wide file', () => {
  it('of 100,000 columns loads from a file, with every column and a warning about training on so many inputs', async () => {
    expectWide(await loadDataset(wideFile(100_000, 6), { parallel: false }), 100_000);
  }, 120_000);

  it('of 20,000 columns (a 200 KB header) loads from bytes (an upload)', async () => {
    expectWide(await loadDatasetFromBytes(readFileSync(wideFile(20_000, 6)), 'wide.csv'), 20_000);
  }, 120_000);
});
