/**
 * The whole loop in browser mode: open diabetes, build 10 → 8 (relu) → 1, train (a job with progress), and
 * the Predictions tab shows a scatter and R² for the trained model over all 442 rows.
 */
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { openApp, screenshot, sharedDir, uploadDataset } from './helpers';

test('train a small network on diabetes, then its predictions show R² over all rows', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, resolve(sharedDir, 'datasets/diabetes.csv'));
  await page.getByLabel('Target (what to predict)').selectOption('progression');
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByLabel('Units of layer 1').fill('8');
  await expect(page.getByTestId('total-params')).toHaveText('97');

  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByLabel('Epochs').fill('20');
  await page.getByLabel('Epochs').blur();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText(/20 epochs/)).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'workspace-training-diabetes');

  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByText('trained on diabetes.csv')).toBeVisible();
  await page.getByRole('tab', { name: 'Predictions' }).click();
  await page.getByRole('button', { name: 'Predict on the dataset' }).click();
  const metrics = page.getByTestId('prediction-charts');
  await expect(metrics).toContainText('R²');
  await expect(metrics).toContainText('all 442 rows');
  await expect(metrics.locator('canvas').first()).toBeVisible();
  await screenshot(page, 'workspace-predictions-diabetes');
  expect(errors).toEqual([]);
});
