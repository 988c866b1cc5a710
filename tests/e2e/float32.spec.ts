/**
 * The float32 mode in the builder (issue 16): the checkbox sets the prediction arithmetic, the summary table says
 * it, and the model saved from the workspace records "arithmetic": "float32".
 */
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { datasetsDir, openApp, screenshot, uploadDataset } from './helpers';

test('diabetes.csv: "Predict in float32" shows float32 in the summary, predicts every row, and unticking it returns to float64', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, resolve(datasetsDir, 'diabetes.csv'));
  await expect(page.getByTestId('dataset-shape')).toHaveText('442 rows × 11 columns');
  await page.getByLabel('Target (what to predict)').selectOption('progression');
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByTestId('arithmetic')).toHaveText('float64');
  await page.getByTestId('float32').check();
  await expect(page.getByTestId('arithmetic')).toHaveText('float32');
  await screenshot(page, 'builder-float32');
  // the app's predict job runs the model's float32 arithmetic over every row
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  await expect(charts.getByTestId('sample-label')).toContainText('all 442 rows');
  await expect(charts.locator('[data-metric="r2"]').first()).toHaveText(/^[−-]?\d/);
  await screenshot(page, 'predictions-float32');
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByTestId('float32').uncheck();
  await expect(page.getByTestId('arithmetic')).toHaveText('float64');
  expect(errors).toEqual([]);
});
