/**
 * The Interactions tab in the real app: a network trained on a sample dataset, then the interaction plot (network vs
 * baseline on the same axes), H for every pair (click a pair → its plot), permutation importance, the two-input surface
 * with every hidden unit (a 100-unit layer pages), and the PCA of a hidden layer. Screenshots of each view.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, openSample, screenshot, setTrainingField } from './helpers';

async function trainAndOpen(page: Page, sample: RegExp, shape: string, epochs: string, wide = false): Promise<string[]> {
  const errors = await openApp(page);
  await openSample(page, sample, shape);
  if (wide) {
    // a wide first layer: its 100 units page through the thumbnails
    await page.getByRole('tab', { name: 'Network' }).click();
    await page.getByLabel('Units of layer 1').fill('100');
  }
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', epochs);
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Interactions' }).click();
  await expect(page.getByTestId('interactions-view')).toBeVisible();
  return errors;
}

test('diabetes: interaction plot, H table and heatmap, importance, surface with 100 units paged, representation', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = await trainAndOpen(page, /diabetes/i, '442 rows × 11 columns', '30', true);
  const view = page.getByTestId('interactions-view');
  await view.getByLabel('Feature X').selectOption('bmi');
  await view.getByLabel('Group by').selectOption('sex');
  await view.getByRole('button', { name: 'Draw', exact: true }).click();
  await expect(view.getByTestId('dependence-baseline')).toBeVisible({ timeout: 60_000 });
  await expect(view.getByTestId('dependence-network')).toBeVisible();
  await expect(view.getByText(/^Baseline: the lines are parallel/)).toBeVisible();
  await expect(view.getByText(/^Network: /)).toBeVisible();
  await screenshot(page, 'interactions-dependence-diabetes');

  await view.getByRole('button', { name: 'Compute H for every pair' }).click();
  await expect(view.getByTestId('h-table')).toBeVisible({ timeout: 120_000 });
  await expect(view.getByTestId('h-heatmap')).toBeVisible();
  await expect(view.getByText(/H on 100 of 442 rows/)).toBeVisible();
  // the baseline column of the table: a linear model has H 0 for every pair
  const baselineCells = view.getByTestId('h-table').locator('tbody tr td:nth-child(3)');
  await expect(baselineCells.first()).toHaveText('0.000');
  await view.getByTestId('h-table').locator('tbody tr').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-h-diabetes');
  const first = (await view.getByTestId('h-table').locator('tbody tr td').first().textContent()) ?? '';
  await view.getByTestId('h-table').locator('tbody tr').first().click();
  const [a, b] = first.split(' × ');
  await expect(view.getByTestId('dependence-network')).toContainText(/./, { timeout: 60_000 });
  expect([a, b]).toContain(await view.getByLabel('Feature X').inputValue());

  await view.getByRole('button', { name: 'Shuffle each input' }).click();
  await expect(view.getByTestId('importance-chart')).toBeVisible({ timeout: 60_000 });
  await view.getByTestId('importance-chart').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-importance-diabetes');

  await view.getByLabel('Surface X').selectOption('bmi');
  await view.getByLabel('Surface Y').selectOption('s5');
  await view.getByRole('button', { name: 'Draw surface' }).click();
  await expect(view.getByTestId('surface')).toBeVisible({ timeout: 60_000 });
  await expect(view.getByTestId('unit-thumbnails').locator('canvas')).toHaveCount(16);
  await expect(view.getByText(/page 1 of 7/)).toBeVisible();
  await view.getByTestId('unit-thumbnails').locator('button').first().click();
  await expect(view.getByText(/Layer 1, unit \d+: activation over the same grid/)).toBeVisible();
  await view.getByTestId('surface').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-surface-diabetes');

  await view.getByRole('button', { name: 'Project rows' }).click();
  await expect(view.getByTestId('representation-pca')).toBeVisible({ timeout: 60_000 });
  await expect(view.getByText(/Hidden layer 1 \(100 units\), 442 rows: PC1/)).toBeVisible();
  await view.getByTestId('representation-pca').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-representation-diabetes');
  expect(errors).toEqual([]);
});

test('penguins (species, categories and empty cells): surface of class probability and representation by class', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = await trainAndOpen(page, /penguins/i, '344 rows × 7 columns', '20');
  const view = page.getByTestId('interactions-view');
  await view.getByLabel('Feature X').selectOption('bill_length_mm');
  await view.getByLabel('Group by').selectOption('island');
  await view.getByRole('button', { name: 'Draw', exact: true }).click();
  await expect(view.getByTestId('dependence-baseline')).toBeVisible({ timeout: 60_000 });
  await expect(view.getByTestId('dependence-network')).toContainText('Biscoe');
  await screenshot(page, 'interactions-dependence-penguins');
  await view.getByLabel('Surface X').selectOption('bill_length_mm');
  await view.getByLabel('Surface Y').selectOption('flipper_length_mm');
  await view.getByRole('button', { name: 'Draw surface' }).click();
  await expect(view.getByTestId('surface')).toBeVisible({ timeout: 60_000 });
  await view.getByTestId('surface').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-surface-penguins');
  await view.getByRole('button', { name: 'Project rows' }).click();
  await expect(view.getByTestId('representation-pca')).toBeVisible({ timeout: 60_000 });
  await view.getByTestId('representation-pca').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-representation-penguins');
  expect(errors).toEqual([]);
});
