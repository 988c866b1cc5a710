/**
 * Files users really have, opened in the real UI: a gzip-compressed station export with comment and title
 * lines above the table, spreadsheet error values and Swiss-formatted numbers loads with every column numeric,
 * and what the loader did is listed as notes (lines skipped, the number format) beside the one problem (the
 * error values read as missing). A Shift_JIS file is read as Japanese text.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openApp, screenshot, uploadDataset } from './helpers';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-e2e-awkward-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stationExport(): string {
  const lines = ['# station: Davos (CH), 1594 m', '# units: degC, CHF', 'Hourly report;;', 'hour;temperature;cost'];
  for (let h = 0; h < 48; h++) lines.push(`${h};${h % 17 === 5 ? '#DIV/0!' : `${(h % 12) - 3},${h % 10}`};${1 + (h % 3)}'${String(100 + h * 7).padStart(3, '0')}.50`);
  return `${lines.join('\n')}\n`;
}

test('a compressed station export with comments, a title, spreadsheet errors and Swiss numbers', async ({ page }) => {
  const errors = await openApp(page);
  const path = join(dir, 'davos.csv.gz');
  writeFileSync(path, gzipSync(stationExport()));
  await uploadDataset(page, path);
  await expect(page.getByTestId('dataset-shape')).toHaveText('48 rows × 3 columns');
  const problems = page.getByRole('region', { name: 'Problems found while loading davos.csv.gz' });
  await expect(problems).toContainText('1 problem while loading.');
  await expect(problems).toContainText('3 spreadsheet error values (#DIV/0!) read as missing');
  await problems.getByRole('button', { name: /Show all/ }).click();
  await expect(problems).toContainText('line 1 a comment above the table, skipped: "# station: Davos (CH), 1594 m"');
  await expect(problems).toContainText('line 3 a title above the table, skipped: "Hourly report"');
  await expect(problems).toContainText("numbers in cost read as written 1'234.5 (apostrophe thousands separator, decimal point)");
  for (const [column, missing] of [['temperature', '3 missing'], ['cost', 'no missing']] as const) {
    const header = page.getByRole('columnheader').filter({ has: page.getByText(column, { exact: true }) });
    await expect(header).toContainText(missing);
    await expect(header).toContainText('num');
  }
  await expect(page.getByRole('columnheader').filter({ hasText: 'cost' })).toContainText('1101 … 3430');
  await screenshot(page, 'awkward-station-export');
  expect(errors).toEqual([]);
});

test('a Shift_JIS file shows its Japanese text, with a note naming the encoding', async ({ page }) => {
  const errors = await openApp(page);
  const path = join(dir, 'sjis.csv');
  // "名前,都市,年齢" and 12 rows "田中{i},東京,{20+i}" in Shift_JIS (Python's str.encode('shift_jis')).
  writeFileSync(path, Buffer.from('lryRTyyTc45zLJROl+4Kk2OShjAsk4yLniwyMAqTY5KGMSyTjIueLDIxCpNjkoYyLJOMi54sMjIKk2OShjMsk4yLniwyMwqTY5KGNCyTjIueLDI0CpNjkoY1LJOMi54sMjUKk2OShjYsk4yLniwyNgqTY5KGNyyTjIueLDI3CpNjkoY4LJOMi54sMjgKk2OShjksk4yLniwyOQqTY5KGMTAsk4yLniwzMAqTY5KGMTEsk4yLniwzMQo=', 'base64'));
  await uploadDataset(page, path);
  await expect(page.getByTestId('dataset-shape')).toHaveText('12 rows × 3 columns');
  await expect(page.getByRole('columnheader').filter({ hasText: '都市' })).toBeVisible();
  await expect(page.getByText('田中0', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problems found while loading sjis.csv' })).toContainText('read as shift_jis (detected)');
  await screenshot(page, 'awkward-shift-jis');
  expect(errors).toEqual([]);
});
