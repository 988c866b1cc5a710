/**
 * The Training tab as a person steers it (issue 14): every setting with its reason, a run with dropout, weight
 * decay and Huber loss that stops early and says so truthfully, and pause / one more epoch / stop keeping the
 * last weights with "Training…" in the status bar. On samples/diabetes.csv with a wide network (256-128 relu).
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, openSample, screenshot, setTrainingField } from './helpers';

async function wideNetwork(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Network' }).click();
  // the default network is one hidden layer and the output layer: add a second hidden layer before the output
  await page.getByRole('button', { name: '+ Add layer' }).click();
  await page.getByLabel('Units of layer 1').fill('256');
  await page.getByLabel('Units of layer 2').fill('128');
  await page.getByRole('tab', { name: 'Training' }).click();
}

test('every setting is offered with a data-based default and why; invalid values are refused with a sentence', async ({ page }) => {
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const panel = page.getByTestId('training-settings');
  for (const label of ['Epochs', 'Batch size', 'Optimizer', 'Learning rate', 'Weight decay (L2)', 'Dropout', 'Loss', 'Validation rows', 'Validation share', 'Early stopping', 'Patience', 'Restore best weights', 'Seed', 'Empty input cells', 'Cross-validation folds']) {
    await expect(panel.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(panel).toContainText("32: Keras's default (12 updates per epoch here)");
  await expect(panel).toContainText('a seeded fifth of the 442 usable rows (about 88) judges the network');
  await expect(panel.getByLabel('Momentum')).toHaveCount(0);
  await panel.getByLabel('Optimizer').selectOption('sgd');
  await expect(panel.getByLabel('Learning rate')).toHaveValue('0.01');
  await expect(panel.getByLabel('Momentum')).toBeVisible();
  await setTrainingField(panel, 'Dropout', '1');
  await expect(panel.getByRole('alert')).toHaveText('The dropout rate must be from 0 to below 1, e.g. 0.2');
  await setTrainingField(panel, 'Dropout', '0.2');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await screenshot(page, 'training-panel-diabetes');
  expect(errors).toEqual([]);
});

test('a wide network with dropout, weight decay and Huber loss stops early and says where and why', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await wideNetwork(page);
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Learning rate', '0.01');
  await setTrainingField(dash, 'Dropout', '0.2');
  await setTrainingField(dash, 'Weight decay (L2)', '0.0001');
  await dash.getByLabel('Loss').selectOption('huber');
  await setTrainingField(dash, 'Patience', '3');
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('training-ended')).toHaveText(/^stopped at epoch (\d+) of 100: validation loss did not improve for 3 epochs; weights of epoch \d+ restored$/);
  await expect(dash.getByLabel('Training progress')).toHaveAttribute('value', '1');
  await screenshot(page, 'training-early-stopped-wide');
  expect(errors).toEqual([]);
});

test('pause, exactly one more epoch, and stop keeping the last weights, with "Training…" in the status bar', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await wideNetwork(page);
  const dash = page.getByTestId('training-dashboard');
  await dash.getByLabel('Early stopping').uncheck();
  await setTrainingField(dash, 'Epochs', '5000');
  await dash.getByRole('button', { name: 'Train' }).click();
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(status).toContainText('Training…');
  await dash.getByRole('button', { name: 'Pause' }).click();
  await expect(dash.getByText('paused', { exact: true })).toBeVisible();
  await expect(status).toContainText('Training…');
  // epochs the worker finished before the pause reached it may still be arriving: wait until the count stands still
  let before = -1;
  for (let seen = Number(await dash.getByTestId('epoch').textContent()); seen !== before; ) {
    before = seen;
    await page.waitForTimeout(500);
    seen = Number(await dash.getByTestId('epoch').textContent());
  }
  await dash.getByRole('button', { name: '+1 epoch' }).click();
  await expect(dash.getByTestId('epoch')).toHaveText(String(before + 1), { timeout: 30_000 });
  await expect(dash.getByText('paused', { exact: true })).toBeVisible();
  await dash.getByLabel('Weights to keep when stopping').selectOption('last');
  await dash.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('training-ended')).toHaveText(/^stopped by you at epoch (\d+) of 5000; kept the weights of epoch \1$/, { timeout: 30_000 });
  await expect(status).not.toContainText('Training…');
  expect(errors).toEqual([]);
});

test('runs are kept to compare: overlaid curves, sortable metrics, restore, and delete with undo', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await wideNetwork(page);
  const dash = page.getByTestId('training-dashboard');
  const runs = page.getByTestId('runs-table');
  // main keeps the runs of earlier specs (this bridge's data folder): count from what is listed
  await expect(runs.locator('[data-loaded="true"]')).toHaveCount(1);
  const n0 = await runs.locator('tbody tr').count();
  await setTrainingField(dash, 'Epochs', '10');
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(runs.locator('tbody tr')).toHaveCount(n0 + 1, { timeout: 60_000 });
  await setTrainingField(dash, 'Dropout', '0.3');
  await setTrainingField(dash, 'Learning rate', '0.01');
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(runs.locator('tbody tr')).toHaveCount(n0 + 2, { timeout: 60_000 });
  await expect(runs.locator(`tbody tr[data-run="${n0 + 2}"]`)).toContainText('256 relu + dropout 0.3, 128 relu + dropout 0.3 · adam 0.01');
  await expect(runs.getByRole('img', { name: 'Validation loss per epoch, one line per run' })).toBeVisible();
  await runs.getByRole('button', { name: /^Val\. R² \/ acc\./ }).click();
  const scores = (await runs.locator('td[data-metric="score"]').allTextContents()).map(Number);
  expect(scores[0]).toBeGreaterThanOrEqual(scores[1]);
  await screenshot(page, 'training-runs-table');
  await runs.locator(`tbody tr[data-run="${n0 + 1}"]`).getByRole('button', { name: 'Restore' }).click();
  await expect(page).toHaveTitle(/diabetes/);
  await page.getByRole('tab', { name: 'Training' }).click();
  await runs.getByRole('button', { name: `Delete run ${n0 + 1}` }).click();
  await expect(runs.locator('tbody tr')).toHaveCount(n0 + 1);
  await runs.getByRole('button', { name: 'Undo' }).click();
  await expect(runs.locator('tbody tr')).toHaveCount(n0 + 2);
  expect(errors).toEqual([]);
});
