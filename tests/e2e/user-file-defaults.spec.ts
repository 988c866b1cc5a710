/**
 * Defaults for a person's own file (issue 14 §4) and the training results that were CLI-only (§1): a target
 * preselected as a suggestion, columns that cannot be inputs as they are left unticked with the reason, a date
 * expanded into four inputs that trains and predicts, rows with an empty target listed when the target is chosen,
 * cross-validation's mean ± sd after a run, and dropout marked in the diagram and the summary.
 */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, openSample, repoRoot, screenshot, setTrainingField, uploadDataset } from './helpers';

const orders = resolve(repoRoot, 'tests/fixtures/defaults/orders.csv');

test('an own file: the target named like one is suggested, ID, date and free text unticked with why, empty targets listed', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, orders);
  await expect(page.getByTestId('dataset-shape')).toHaveText('16 rows × 6 columns');
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('price');
  await expect(page.getByTestId('target-why')).toContainText('suggested: named like a target');
  const inputs = page.getByRole('group', { name: /Inputs/ });
  for (const name of ['order_id', 'placed', 'note']) await expect(inputs.getByRole('checkbox', { name })).not.toBeChecked();
  for (const name of ['qty', 'region']) await expect(inputs.getByRole('checkbox', { name })).toBeChecked();
  await expect(page.getByTestId('exclusion-order_id')).toContainText('named like an ID, with whole numbers that can differ on every row');
  await expect(page.getByTestId('exclusion-placed')).toContainText('a date: expand it into year, month, day of week and day of year');
  await expect(page.getByTestId('exclusion-note')).toContainText('free text');
  const problems = page.getByRole('alert').filter({ hasText: 'no value in the target' });
  await expect(problems).toContainText("2 of 16 rows have no value in the target 'price' on lines 4, 7; training leaves them out.");
  await screenshot(page, 'defaults-own-file');
  // another target: the problem follows it (qty has a value on every row)
  await page.getByLabel('Target (what to predict)').selectOption('qty');
  await expect(page.getByTestId('target-why')).toHaveCount(0);
  await expect(page.getByText('no value in the target')).toHaveCount(0);
  await expect(inputs.getByRole('checkbox', { name: 'price' })).toBeChecked();
  expect(errors).toEqual([]);
});

test('seattle weather: the date is unticked with its reason; ticked, it trains as four inputs and predicts every row', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /seattle/i, '1,461 rows × 6 columns');
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('weather');
  await expect(page.getByTestId('target-why')).toContainText('suggested: the sample’s target');
  const inputs = page.getByRole('group', { name: /Inputs/ });
  const date = inputs.getByRole('checkbox', { name: 'date' });
  await expect(date).not.toBeChecked();
  await expect(page.getByTestId('exclusion-date')).toContainText('a date');
  await expect(inputs).toContainText('(4 network inputs)');
  await date.check();
  await expect(page.getByTestId('date-parts-date')).toHaveText('→ 4 inputs: year, month, day of week, day of year');
  await expect(inputs).toContainText('(8 network inputs)');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '3');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('training-summary')).toContainText('epochs');
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  // the view opens on the validation rows; every row is under All
  await charts.getByTestId('split-choice').getByRole('radio', { name: /^All/ }).click({ timeout: 60_000 });
  await expect(charts.locator('tr', { hasText: /^Rows/ }).locator('td').first()).toHaveText('1,461', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await expect(page.getByText('date.month', { exact: true }).first()).toBeVisible();
  // the model's date parts read the file's date column: nothing is missing
  await expect(page.getByText(/lacks \d+ of this model/)).toHaveCount(0);
  await screenshot(page, 'defaults-seattle-date-diagram');
  expect(errors).toEqual([]);
});

test('cross-validation shows the network and baseline as mean ± sd over the folds', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /iris/i, '150 rows × 5 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '20');
  await setTrainingField(dash, 'Cross-validation folds', '3');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  const cv = page.getByTestId('cross-validation');
  await expect(cv).toBeVisible({ timeout: 90_000 });
  await expect(cv).toContainText('3-fold cross-validation');
  await expect(page.getByTestId('cv-network-accuracy')).toHaveText(/^0\.\d+ ± 0\.\d+$|^1 ± 0$/);
  await expect(page.getByTestId('cv-baseline-accuracy')).toHaveText(/ ± /);
  await cv.getByText('Folds', { exact: true }).click();
  await expect(cv.getByRole('listitem')).toHaveCount(3);
  await screenshot(page, 'defaults-cross-validation');
  expect(errors).toEqual([]);
});

test('dropout is marked between layers in the diagram and listed in the summary', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '3');
  await setTrainingField(dash, 'Dropout', '0.2');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const mark = page.getByTestId('dropout-mark');
  await expect(mark.first()).toContainText('dropout 0.2');
  await expect(mark.first()).toContainText('training only');
  await screenshot(page, 'defaults-dropout-diagram');
  await page.getByRole('tab', { name: 'Network' }).click();
  const summary = page.getByRole('table', { name: 'Model summary' });
  await expect(summary).toContainText('dropout (Dropout)');
  await expect(summary).toContainText('rate 0.2, training only');
  await screenshot(page, 'defaults-dropout-summary');
  expect(errors).toEqual([]);
});

test('validation rows from a separate file: read like any dataset, checked for the columns, used by the run', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await dash.getByLabel('Validation rows').selectOption('file');
  await expect(dash).toContainText('the rows of another file with the same columns judge the network');
  // without a file the run is refused before it starts, with the reason
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(dash).toContainText('Choose the validation file first');
  // a file without the target is refused by name
  await dash.getByTestId('validation-file-input').setInputFiles(resolve(repoRoot, 'samples/iris.csv'));
  await expect(page.getByRole('alert').filter({ hasText: 'cannot validate this training' })).toContainText("iris.csv cannot validate this training: it has no columns 'progression', 'age', 'sex', 'bmi', 'bp', … (11 in all).");
  await dash.getByTestId('validation-file-input').setInputFiles(resolve(repoRoot, 'samples/diabetes.csv'));
  await expect(dash.getByTestId('validation-file')).toHaveText('diabetes.csv: 442 rows');
  await setTrainingField(dash, 'Epochs', '3');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  const summary = page.getByTestId('training-summary');
  await expect(summary).toBeVisible({ timeout: 90_000 });
  // every row of the training file trains; the 442 rows of the validation file validate
  await expect(summary).toContainText('442 training rows, 442 validation');
  await screenshot(page, 'defaults-validation-file');
  expect(errors).toEqual([]);
});
