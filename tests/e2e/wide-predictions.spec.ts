/**
 * A wide classifier (784 inputs, 10 classes: the tour's generated case, 4,000 rows): the Predictions view shows the
 * network's predictions first and says it is fitting the linear baseline, whose L-BFGS fit over rows × 784 × 10 is
 * most of the time, then adds the baseline's column. Reports how long each took (not asserted).
 * Screenshots: tests/artifacts/wide-predictions-first.png, wide-predictions-baseline.png.
 */
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { openApp, openDatasetByPath, repoRoot, reportPerf, screenshot } from './helpers';
import { wideCase } from '../../scripts/tour-data.mjs';

test('a 784-input, 10-class model: the network’s predictions show before the linear baseline is fitted', async ({ page }) => {
  test.setTimeout(240_000);
  const wide = await wideCase(resolve(repoRoot, '.tmp/e2e/wide-predictions'), 4_000);
  const errors = await openApp(page);
  await openDatasetByPath(page, wide.csv);
  await expect(page.getByTestId('dataset-shape')).toHaveText('4,000 rows × 785 columns', { timeout: 120_000 });
  await page.locator('input[aria-label="Model file"]').setInputFiles(wide.model);
  const started = Date.now();
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const busy = page.getByTestId('predictions-busy');
  await expect(busy).toHaveText('Fitting the linear baseline on 4,000 rows…', { timeout: 120_000 });
  const firstMs = Date.now() - started;
  // the network's own metrics and confusion matrix are there while the baseline is fitted
  await expect(page.getByRole('columnheader', { name: 'Network' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Linear baseline' })).toHaveCount(0);
  await screenshot(page, 'wide-predictions-first');
  await expect(busy).toHaveCount(0, { timeout: 180_000 });
  await expect(page.getByRole('columnheader', { name: 'Linear baseline' })).toBeVisible();
  reportPerf('wide predictions (4,000 × 784, 10 classes)', { 'network shown after ms': firstMs, 'baseline shown after ms': Date.now() - started });
  await screenshot(page, 'wide-predictions-baseline');
  expect(errors).toEqual([]);
});
