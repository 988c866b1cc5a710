/**
 * The workspace end to end (issue 6): open a real CSV in browser mode, choose the target, build a
 * network and read its parameter count; see a broken CSV's error with its line; run a course example.
 */
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { openApp, openDatasetByPath, screenshot, badCsvDir, datasetsDir, uploadDataset } from './helpers';

const diabetes = resolve(datasetsDir, 'diabetes.csv');

test('diabetes.csv uploaded: 442 rows × 11 columns, progression as target, 10 → 8 (relu) → 1 has 97 parameters', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, diabetes);

  await expect(page.getByTestId('dataset-shape')).toHaveText('442 rows × 11 columns');
  const grid = page.getByRole('grid', { name: 'Rows of diabetes.csv' });
  await expect(grid.getByRole('columnheader')).toHaveCount(12); // row number + 11 columns
  await expect(grid).toHaveAttribute('aria-rowcount', '443');
  await expect(page).toHaveTitle('Dense Lab — diabetes.csv');

  await page.getByLabel('Target (what to predict)').selectOption('progression');
  await expect(page.getByRole('group', { name: /Inputs/ })).toContainText('10 network inputs');
  await screenshot(page, 'workspace-data-diabetes');

  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByTestId('input-size')).toHaveText('10');
  await page.getByLabel('Units of layer 1').fill('8');
  await page.getByLabel('Activation of layer 1').selectOption('relu');
  await page.getByLabel('Units of layer 2').fill('1');
  await page.getByLabel('Activation of layer 2').selectOption('linear');
  await expect(page.getByTestId('total-params')).toHaveText('97');
  const summary = page.getByRole('table', { name: 'Model summary' });
  await expect(summary.getByRole('row', { name: /dense \(Dense\)/ })).toContainText('88');
  await expect(summary.getByRole('row', { name: /dense_1 \(Dense\)/ })).toContainText('9');
  await screenshot(page, 'workspace-network-diabetes');
  expect(errors).toEqual([]);
});

test('a dataset opens by its path too, and the table fetches rows as it scrolls', async ({ page }) => {
  const errors = await openApp(page);
  await openDatasetByPath(page, diabetes);
  await expect(page.getByTestId('dataset-shape')).toHaveText('442 rows × 11 columns');
  const grid = page.getByRole('grid', { name: 'Rows of diabetes.csv' });
  await expect(grid.getByRole('rowheader', { name: 'Select row 1', exact: true })).toBeVisible();
  const rowsInDom = await grid.getByRole('row').count();
  expect(rowsInDom).toBeLessThan(60); // virtualized: only what is in view (plus the header)
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid.getByRole('rowheader', { name: 'Select row 442', exact: true })).toBeVisible();
  // Row 442 of diabetes.csv is "36,1,19.6,71,250,133.2,97,3,4.5951,92,57".
  const last = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Select row 442', exact: true }) });
  await expect(last.getByRole('gridcell')).toHaveText(['36', '1', '19.6', '71', '250', '133.2', '97', '3', '4.5951', '92', '57']);
  expect(errors).toEqual([]);
});

test('ragged_too_many.csv shows an error naming line 3', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, resolve(badCsvDir, 'ragged_too_many.csv'));
  const problems = page.getByRole('alert').filter({ hasText: 'Error' });
  await expect(problems).toContainText('line 3');
  await screenshot(page, 'workspace-error-ragged');
  expect(errors).toEqual([]);
});

test('the course example S1 (2-2-1, input [2, 3]) gives output 9', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^S1/ }).click();
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('sample-output')).toHaveText('9');
  await expect(page.getByTestId('total-params')).toHaveText('9');
  await screenshot(page, 'workspace-example-s1');
  expect(errors).toEqual([]);
});

test('a file with a few bad cells still opens, listing each problem with its line and column', async ({ page }) => {
  const errors = await openApp(page);
  const rows = ['x,y'];
  for (let i = 1; i <= 1000; i++) rows.push(i === 700 ? `${i},abc` : `${i},${i * 2}`);
  await page.getByTestId('dataset-file-input').setInputFiles({ name: 'one_bad_cell.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await expect(page.getByTestId('dataset-shape')).toHaveText('1,000 rows × 2 columns');
  const problems = page.getByRole('region', { name: 'Problems found while loading one_bad_cell.csv' });
  await expect(problems).toContainText("line 701, column y 'abc' is not a number");
  await expect(page.getByRole('columnheader').filter({ has: page.getByText('y', { exact: true }) })).toContainText('1 missing');
  await problems.getByRole('button', { name: 'line 701, column y' }).click(); // go to the row
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Select row 700', exact: true }) });
  await expect(row).toBeInViewport();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(row.getByRole('gridcell').nth(1)).toHaveAttribute('title', 'missing');
  await screenshot(page, 'workspace-load-warnings');
  expect(errors).toEqual([]);
});

