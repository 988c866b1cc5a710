/**
 * Numbers and names (issue 12 §5): one formatter (digits that fit, a typographic minus, years not grouped, counts
 * grouped), tabular figures in tables, plurals right for one, and no name clipped without its full text as a tooltip.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, screenshot, uploadDataset } from './helpers';
import { tempDir } from './view-fixtures';

const LONG = 'systolic_blood_pressure_measured_in_the_morning_before_breakfast_mmHg';

/** A small file: a long column name, a year column, a column of tiny negative numbers and a target. */
function numbersCase(): string {
  const dir = tempDir('numbers');
  const lines = [`${LONG},year,drift,outcome`];
  for (let r = 0; r < 40; r++) lines.push(`${120 + (r % 9)},${1990 + (r % 30)},${(-0.0000123 * (r + 1)).toPrecision(6)},${(r * 0.37) % 5}`);
  const path = join(dir, 'numbers.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Every element matched by `selector` whose text does not fit: its text and title (expected to be the full text). */
async function clipped(page: Page, selector: string): Promise<{ text: string; title: string | null }[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => ({ text: e.textContent ?? '', title: e.getAttribute('title') })),
  );
}

test('names that do not fit keep their full text as a tooltip; numbers read in one format with tabular figures', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, numbersCase());
  await expect(page.getByTestId('dataset-shape')).toHaveText('40 rows × 4 columns');
  await page.getByLabel('Target (what to predict)').selectOption('outcome');

  // the long name is clipped in the column header and in the input list: both carry it whole as their tooltip
  const cut = [...(await clipped(page, '[role="columnheader"] .name')), ...(await clipped(page, '.check .name'))];
  expect(cut.some((c) => c.text === LONG)).toBe(true);
  for (const c of cut) expect(c.title).toBe(c.text);

  // facts under the headers: a year range stays as years (no grouping), tiny negatives in significant digits with a minus sign
  const header = (name: string) => page.locator('[role="columnheader"]').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
  await expect(header('year').locator('.facts').first()).toHaveText('1990 … 2019');
  await expect(header('drift').locator('.facts').first()).toHaveText('−0.000492 … −0.0000123'.replace('−0.0000123', '−1.23e−5'));
  // the facts that do not fit their header carry their whole text as a tooltip too
  for (const c of await clipped(page, '[role="columnheader"] .facts')) expect(c.title).toBe(c.text);

  // tables and the data grid use tabular figures
  const variant = await page.locator('[role="gridcell"]').first().evaluate((e) => getComputedStyle(e).fontVariantNumeric);
  expect(variant).toBe('tabular-nums');
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const metrics = page.getByTestId('prediction-charts').getByTestId('metrics');
  await expect(metrics).toBeVisible({ timeout: 60_000 });
  expect(await metrics.evaluate((e) => getComputedStyle(e).fontVariantNumeric)).toBe('tabular-nums');
  // the Rows row and the caption: counts in the formatter's words
  await expect(metrics.getByTestId('metrics-rows')).toHaveText('On all rows · 40 rows');
  for (const text of await metrics.locator('td[data-metric]').allTextContents()) expect(text).not.toMatch(/^-|e\+|\d{5,}\.\d/);
  await screenshot(page, 'numbers-names-predictions');
  expect(errors).toEqual([]);
});
