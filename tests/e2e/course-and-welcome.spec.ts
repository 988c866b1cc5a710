/**
 * Issue 14 §5: a course example with four input rows shows all four, each through the network next to the course's
 * output; the welcome screen describes the samples in plain sentences (no markdown, no internal notes).
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, screenshot } from './helpers';

/** The samples the app ships: the rows of samples/README.md's table (one per .csv file). */
const SAMPLE_COUNT = readFileSync(resolve(import.meta.dirname, '../../samples/README.md'), 'utf8')
  .split('\n')
  .filter((line) => /^\| [\w-]+\.csv \|/.test(line)).length;

test('the welcome screen describes each sample in plain sentences', async ({ page }) => {
  const errors = await openApp(page);
  const list = page.locator('.samples');
  expect(SAMPLE_COUNT).toBeGreaterThanOrEqual(9);
  await expect(list.getByRole('button')).toHaveCount(SAMPLE_COUNT);
  await expect(list).toContainText('Four years of daily weather in Seattle');
  await expect(list).not.toContainText('`');
  await expect(list).not.toContainText('npm');
  await expect(list).not.toContainText('checked');
  await screenshot(page, 'welcome-samples');
  expect(errors).toEqual([]);
});

test('example E3 lists its four rows with the network output next to the course output', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^E3:/ }).click();
  const rows = page.getByTestId('example-rows');
  await expect(rows.locator('tbody tr')).toHaveCount(4);
  for (const [k, out] of ['52', '63', '0', '148'].entries()) {
    const cells = rows.locator('tbody tr').nth(k).locator('td');
    await expect(cells.nth(2)).toHaveText(out);
    await expect(cells.nth(3)).toHaveText(out);
  }
  await screenshot(page, 'example-e3-rows');
  expect(errors).toEqual([]);
});
