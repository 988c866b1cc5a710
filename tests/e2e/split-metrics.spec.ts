/**
 * Metrics that say on which rows (issue 12 §4): after training in the app, Predictions shows the validation rows by
 * default (the same validation metrics as the training summary, from main), Train and All on a click, the row count
 * beside every metric; a model not trained here shows All and says why; Export predictions carries a split column.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp, openSample, screenshot, setTrainingField } from './helpers';

/** The exact value (the title: "<exact> over N rows") of metric `key` in column `column` of a metrics table. */
async function exactMetric(table: Locator, key: string, column: number): Promise<string> {
  const title = await table.locator(`td[data-metric="${key}"]`).nth(column).getAttribute('title');
  return (title ?? '').replace(/ over .*$/, '');
}

async function trainDiabetes(page: Page): Promise<void> {
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '5');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('button', { name: 'Use the trained model' }).click({ timeout: 90_000 });
}

test('after training, Predictions shows the validation rows by default, with their count and the summary’s own metrics', async ({ page }) => {
  test.setTimeout(150_000);
  const errors = await openApp(page);
  await trainDiabetes(page);
  const summary = page.getByTestId('training-summary');
  // the summary's columns: Training, Validation, Baseline; its Rows row says how many rows each counts
  const validationRows = Number((await summary.locator('td[data-metric="rows"]').nth(1).textContent())?.replace(/\D/g, ''));
  const trainRows = Number((await summary.locator('td[data-metric="rows"]').nth(0).textContent())?.replace(/\D/g, ''));
  expect(validationRows + trainRows).toBe(442);
  const summaryR2 = await exactMetric(summary, 'r2', 1);
  const summaryTrainMse = await exactMetric(summary, 'mse', 0);
  await summary.scrollIntoViewIfNeeded();
  await screenshot(page, 'split-training-summary');

  await page.getByRole('button', { name: 'See its predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  const chooser = charts.getByTestId('split-choice');
  await expect(chooser.getByRole('radio', { name: /^Validation/ })).toHaveAttribute('aria-checked', 'true', { timeout: 60_000 });
  await expect(chooser.getByRole('radio', { name: /^Test/ })).toBeDisabled();
  await expect(chooser.getByRole('radio', { name: /^Test/ })).toHaveAttribute('title', /without a test file/);
  const metrics = charts.getByTestId('metrics');
  await expect(metrics.getByTestId('metrics-rows')).toHaveText(`On validation · ${validationRows} rows`);
  await expect(charts.getByTestId('chart-rows').first()).toHaveText(`validation · ${validationRows} rows`);
  // the same number as train's own evaluation of its validation rows, to the last digit
  expect(await exactMetric(metrics, 'r2', 0)).toBe(summaryR2);
  await screenshot(page, 'split-predictions-validation');

  await chooser.getByRole('radio', { name: /^Train/ }).click();
  await expect(metrics.getByTestId('metrics-rows')).toHaveText(`On train · ${trainRows} rows`);
  expect(await exactMetric(metrics, 'mse', 0)).toBe(summaryTrainMse);
  await chooser.getByRole('radio', { name: /^All/ }).click();
  await expect(metrics.getByTestId('metrics-rows')).toHaveText('On all rows · 442 rows');
  await expect(charts.getByTestId('split-note')).toHaveCount(0);

  // Export predictions: the split column says which rows trained the network, as train --predictions writes it
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  const [head, ...lines] = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(head.split(',').slice(-2)).toEqual(['prediction', 'split']);
  const sides = lines.map((l) => l.split(',').at(-1));
  expect(sides.filter((s) => s === 'validation')).toHaveLength(validationRows);
  expect(sides.filter((s) => s === 'train')).toHaveLength(trainRows);
  expect(errors).toEqual([]);
});

test('a network not trained in this session shows all rows and says why; its export has no split column', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = await openApp(page);
  await openSample(page, /^iris/, '150 rows × 5 columns');
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  await expect(charts.getByTestId('split-note')).toHaveText(
    'Showing all rows: no validation rows to show, because this model was not trained in this session, so which rows trained it is not known.',
    { timeout: 60_000 },
  );
  await expect(charts.getByTestId('split-choice').getByRole('radio', { name: /^All/ })).toHaveAttribute('aria-checked', 'true');
  await expect(charts.getByTestId('split-choice').getByRole('radio', { name: /^Validation/ })).toBeDisabled();
  await expect(charts.getByTestId('metrics').getByTestId('metrics-rows')).toHaveText('On all rows · 150 rows');
  await expect(charts.getByTestId('chart-rows').first()).toHaveText('all rows · 150 rows');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  const head = readFileSync(await download.path(), 'utf8').split(/\r?\n/)[0];
  expect(head.split(',')).not.toContain('split');
  await screenshot(page, 'split-predictions-untrained');
  expect(errors).toEqual([]);
});
