/**
 * Views at real sizes and in the first minutes of use (issue 20): where the starting network comes from,
 * a course example as a dataset of its own, a model selecting its inputs and target, the Data tab on a
 * 785-column file, confusion matrices at 2, 10 and 50 classes, feedback after "Use the trained model" and
 * readable weight histograms.
 */
import { expect, test, type Page } from '@playwright/test';
import { wideCase } from '../../scripts/tour-data.mjs';
import { openApp, openDatasetByPath, openSample, screenshot, setTrainingField } from './helpers';
import { classesCase, partialPixelsCase, tempDir } from './view-fixtures';

async function openModel(page: Page, path: string): Promise<void> {
  await page.locator('input[aria-label="Model file"]').setInputFiles(path);
}

test('before anything is opened, Network and Diagram say where their network comes from', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('tab', { name: 'Network' }).click();
  const note = 'A starting network, not trained: 2 inputs → 8 relu → 1 linear, weights drawn by glorot_uniform with seed 42.';
  await expect(page.getByTestId('network-source')).toContainText(note);
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await expect(page.getByTestId('network-source')).toContainText(note);
  await expect(page.getByTestId('network-source')).toContainText('Open a dataset, a model or a course example');
  // Once a dataset is open the network is built on its columns: the note goes.
  await openSample(page, /^iris/, '150 rows × 5 columns');
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByTestId('network-source')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a course example is a small dataset: the Data tab lists its rows, Predictions compares the network with the course', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^E3:/ }).click();
  await page.getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByTestId('dataset-shape')).toHaveText('4 rows × 3 columns');
  const grid = page.getByRole('grid', { name: 'Rows of example-E3.csv' });
  await expect(grid.getByRole('row')).toHaveCount(5);
  await expect(grid.getByRole('row').nth(4)).toContainText('148');
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('output');
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  // The course's own numbers are the target: the example's network predicts them exactly.
  await expect(charts.locator('tr', { hasText: /^Rows/ }).locator('td').first()).toHaveText('4', { timeout: 30_000 });
  await expect(charts).not.toContainText('Open a dataset');
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(page.getByTestId('training-dashboard').getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  await screenshot(page, 'views-example-e3-training');
  expect(errors).toEqual([]);
});

test('a CSV then a model: the model selects its inputs and target, and names the inputs the file lacks', async ({ page }) => {
  const errors = await openApp(page);
  const files = partialPixelsCase(tempDir('pixels'), 10, 12);
  await openDatasetByPath(page, files.csv);
  await expect(page.getByTestId('dataset-shape')).toHaveText('60 rows × 12 columns');
  await openModel(page, files.model);
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('label');
  await expect(page.getByRole('group', { name: /Inputs/ })).toContainText('(10 network inputs)');
  const sentence = "pixels.csv lacks 2 of this model's 12 inputs: pixel10, pixel11. Found: 10 inputs, target label.";
  await expect(page.getByRole('alert', { name: 'Problems' })).toContainText(sentence);
  await expect(page.getByTestId('network-source')).toHaveText(sentence);
  // The id column is not one of the model's inputs: it is left out.
  await expect(page.getByRole('checkbox', { name: 'id' })).not.toBeChecked();
  expect(errors).toEqual([]);
});

test('the Data tab on a 785-column file: only the columns in view exist, found by name and sorted', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = await openApp(page);
  const wide = await wideCase(tempDir('wide-data'), 300);
  await openDatasetByPath(page, wide.csv);
  await expect(page.getByTestId('dataset-shape')).toHaveText('300 rows × 785 columns');
  const grid = page.getByRole('grid', { name: /^Rows of wide_/ });
  await expect(grid).toHaveAttribute('aria-colcount', '786');
  const headers = grid.getByRole('columnheader');
  expect(await headers.count()).toBeLessThan(20);
  // Scrolled to the far right, the last column is drawn and the first is gone.
  await grid.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect(headers.filter({ hasText: 'pixel783' })).toHaveCount(1);
  await expect(headers.filter({ hasText: /^NUMlabel/ })).toHaveCount(0);
  expect(await headers.count()).toBeLessThan(20);
  await grid.evaluate((el) => (el.scrollLeft = 0));

  await page.getByLabel('Find a column by name').fill('pixel78');
  await expect(page.getByTestId('columns-shown')).toHaveText('5 of 785 columns');
  await expect(headers).toHaveCount(6); // row number + pixel78, pixel780 … pixel783
  await page.getByLabel('Find a column by name').fill('');
  await page.getByLabel('Sort columns by').selectOption('variance');
  const first = (await headers.nth(1).getAttribute('title')) ?? '';
  expect(first).not.toMatch(/^label /);
  // The sidebar lists a page of columns, with a search of its own.
  const inputs = page.getByRole('group', { name: /Inputs/ });
  expect(await inputs.getByRole('checkbox').count()).toBeLessThanOrEqual(40);
  await inputs.getByLabel('Find an input column by name').fill('pixel783');
  await expect(inputs.getByRole('checkbox')).toHaveCount(1);
  await screenshot(page, 'views-wide-data');
  expect(errors).toEqual([]);
});

for (const classes of [2, 10, 50]) {
  test(`the confusion matrix fits its card at ${classes} classes`, async ({ page }) => {
    test.setTimeout(90_000);
    const errors = await openApp(page);
    const files = classesCase(tempDir(`classes-${classes}`), classes);
    await openDatasetByPath(page, files.csv);
    await expect(page.getByTestId('dataset-shape')).toHaveText('300 rows × 3 columns');
    await openModel(page, files.model);
    await page.getByRole('tab', { name: 'Predictions' }).click();
    const wrap = page.getByTestId('confusion-wrap');
    await expect(wrap).toBeVisible({ timeout: 30_000 });
    await expect(wrap.locator('tbody tr')).toHaveCount(classes === 50 ? 50 : classes + 1);
    const fit = await wrap.evaluate((el) => {
      const card = el.closest('figure')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { overflowX: el.scrollWidth - el.clientWidth, right: box.right - card.right };
    });
    expect(fit.overflowX).toBeLessThanOrEqual(0);
    expect(fit.right).toBeLessThanOrEqual(0);
    if (classes === 50) {
      // Compact: no numbers in the cells, the count on hover.
      await expect(wrap.locator('td span')).toHaveCount(0);
      await expect(wrap.locator('tbody tr').first().locator('td').first()).toHaveAttribute('title', /^\d+ of \d+ rows of class c0 predicted as c0$/);
    }
    await screenshot(page, `views-confusion-${classes}`);
    expect(errors).toEqual([]);
  });
}

test('after training, "Use the trained model" says it is in use, and the weight histograms are readable', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /^iris/, '150 rows × 5 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '5');
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('button', { name: 'Use the trained model' }).click({ timeout: 90_000 });
  await expect(page.getByTestId('trained-model-in-use')).toContainText('The trained model is in use');
  await expect(page.getByRole('button', { name: 'Use the trained model' })).toHaveCount(0);
  const charts = dash.getByRole('img', { name: /^Histogram of layer \d weights/ });
  await expect(charts.first()).toBeVisible();
  for (const box of await charts.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(box.width).toBeGreaterThanOrEqual(400);
    expect(box.height).toBeGreaterThanOrEqual(250);
  }
  await screenshot(page, 'views-trained-in-use');
  await page.getByRole('button', { name: 'See its predictions' }).click();
  await expect(page.getByRole('tab', { name: 'Predictions' })).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});
