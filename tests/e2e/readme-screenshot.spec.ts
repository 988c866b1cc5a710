/**
 * The README's picture: diabetes loaded, a network trained, the Predictions tab, light theme, 1400 × 880.
 * Written to tests/artifacts/readme-screenshot.png on every run (so a change in the look shows up there);
 * docs/screenshot.png is that file, copied by hand when the look changed on purpose.
 */
import { expect, test } from '@playwright/test';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { artifactsDir, openApp, openSample, screenshot, setTrainingField } from './helpers';

test('README screenshot: diabetes trained, predictions in the light theme', async ({ page }) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ colorScheme: 'light' });
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '120');
  await setTrainingField(dash, 'Learning rate', '0.01');
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  await expect(charts.locator('[data-metric="r2"]')).toHaveCount(2);
  await expect(charts.getByRole('img')).toHaveCount(3);
  await charts.getByLabel('Input column').selectOption('bmi'); // the input the target follows most clearly
  await expect(charts.getByRole('img', { name: 'Prediction against bmi' })).toBeVisible();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(800); // the charts' entry animations
  await screenshot(page, 'readme-screenshot');
  expect(statSync(resolve(artifactsDir, 'readme-screenshot.png')).size).toBeGreaterThan(20_000);
  expect(errors).toEqual([]);
});
