/**
 * The element bound of issue 20: on the wide case (784 pixel inputs, a 10-class label, 20,000 rows, with a
 * 784-128-64-10 model, the same generated files as `npm run tour`) no view puts more than 5,000 elements in
 * the DOM — every tab, before and after a training run, and the training dashboard's sub-views.
 */
import { expect, test, type Page } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wideCase } from '../../scripts/tour-data.mjs';
import { openApp, openDatasetByPath, reportPerf, setTrainingField } from './helpers';

const MAX_ELEMENTS = 5000;
const TABS = ['Data', 'Network', 'Diagram', 'Activations', 'Predictions', 'Training'];

const elementCount = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

/** Waits until no job runs and no view says it is predicting. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Ready', { timeout: 240_000 });
  await expect(page.getByRole('tabpanel')).not.toContainText('Predicting…', { timeout: 240_000 });
}

async function everyView(page: Page, when: string, counts: Record<string, number>): Promise<void> {
  for (const tab of TABS) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await settled(page);
    counts[`${when}/${tab}`] = await elementCount(page);
  }
  const subTabs = page.getByTestId('training-dashboard').getByRole('tab');
  for (let k = 0; k < (await subTabs.count()); k += 1) {
    await subTabs.nth(k).click();
    counts[`${when}/Training/${await subTabs.nth(k).innerText()}`] = await elementCount(page);
  }
}

test('no view on the wide case (785 columns, 20,000 rows, 784-128-64-10) holds more than 5,000 elements', async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const wide = await wideCase(join(tmpdir(), 'dense-lab-tour'));
  const errors = await openApp(page);
  const counts: Record<string, number> = {};
  await openDatasetByPath(page, wide.csv);
  await expect(page.getByTestId('dataset-shape')).toHaveText('20,000 rows × 785 columns', { timeout: 240_000 });
  counts['opened/Data'] = await elementCount(page);
  await page.locator('input[aria-label="Model file"]').setInputFiles(wide.model);
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('label');
  await everyView(page, 'model', counts);

  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '1');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('button', { name: 'Use the trained model' }).click({ timeout: 10 * 60_000 });
  await everyView(page, 'trained', counts);

  reportPerf('wide-case element counts', counts);
  const over = Object.entries(counts).filter(([, n]) => n > MAX_ELEMENTS);
  expect(over, `views over ${MAX_ELEMENTS} elements`).toEqual([]);
  expect(Object.keys(counts).length).toBeGreaterThanOrEqual(2 * TABS.length + 1);
  expect(errors).toEqual([]);
});
