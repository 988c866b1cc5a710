/**
 * Following training live, and replaying it: weight snapshots arrive while a run trains (the Interactions tab's surface
 * and unit thumbnails and the Diagram follow them), and afterwards the representation's slider replays how the hidden
 * layer's picture formed. On the course's bank-transactions sample (and iris for a classifier). Screenshots of each.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp, openSample, screenshot, setTrainingField } from './helpers';

/** The first canvas of `where` as a data URL: changes when the heatmap is redrawn with other numbers. */
const pixels = (where: Locator) => where.locator('canvas').first().evaluate((c) => (c as HTMLCanvasElement).toDataURL());
/** The scatter's points as text: changes when the projection does. */
const points = (svg: Locator) => svg.evaluate((s) => Array.from(s.querySelectorAll('circle'), (c) => `${c.getAttribute('cx')},${c.getAttribute('cy')}`).join(' '));

async function startLongRun(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await dash.getByLabel('Early stopping').uncheck();
  // slow epochs (one row per batch), so the run lasts while the test looks at it; stopped below
  await setTrainingField(dash, 'Batch size', '1');
  await setTrainingField(dash, 'Epochs', '3000');
  await dash.getByRole('button', { name: 'Train' }).click();
  return dash;
}

test('bank sample: the surface follows training snapshots, the diagram follows, and the replay slider changes the picture', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = await openApp(page);
  await openSample(page, /bank_transactions/i, '1,000 rows × 4 columns');
  const dash = await startLongRun(page);

  await page.getByRole('tab', { name: 'Interactions' }).click();
  const view = page.getByTestId('interactions-view');
  const live = view.getByTestId('surface-live');
  await expect(live).toContainText(/now epoch \d+/, { timeout: 60_000 });
  await expect(view.getByTestId('surface')).toBeVisible();
  await expect(view.getByTestId('unit-thumbnails').locator('canvas').first()).toBeVisible();
  const epochOf = async () => Number(/now epoch (\d+)/.exec((await live.textContent({ timeout: 5000 })) ?? '')?.[1]);
  const firstEpoch = await epochOf();
  const firstSurface = await pixels(view.getByTestId('surface'));
  const firstUnit = await pixels(view.getByTestId('unit-thumbnails'));
  // a newer snapshot redraws the surface and the units while training goes on
  await expect.poll(epochOf, { timeout: 60_000 }).toBeGreaterThan(firstEpoch);
  await expect.poll(() => pixels(view.getByTestId('surface')), { timeout: 30_000 }).not.toBe(firstSurface);
  await expect.poll(() => pixels(view.getByTestId('unit-thumbnails')), { timeout: 30_000 }).not.toBe(firstUnit);
  await view.getByTestId('surface').scrollIntoViewIfNeeded();
  await screenshot(page, 'snapshots-surface-live-bank');

  // the diagram follows the run too (on by default while it is active)
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await expect(page.getByTestId('follow-training')).toContainText(/Showing the weights of epoch \d+/, { timeout: 30_000 });
  await screenshot(page, 'snapshots-diagram-live-bank');
  // and the prediction charts: predicted from a snapshot's weights while the run goes on
  await page.getByRole('tab', { name: 'Predictions' }).click();
  await expect(page.getByTestId('follow-training')).toContainText(/Showing the weights of epoch \d+/, { timeout: 30_000 });
  await expect(page.getByTestId('sample-label')).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'snapshots-predictions-live-bank');

  await page.getByRole('tab', { name: 'Training' }).click();
  await dash.getByRole('button', { name: /Stop/ }).click();
  await expect(page.getByTestId('training-ended')).toContainText(/stopped by you/, { timeout: 30_000 });
  await expect(page.getByTestId('follow-training')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Interactions' }).click();
  const replay = view.getByText(/replay the last training run \((\d+) snapshots, epochs 1–\d+\)/);
  await expect(replay).toBeVisible();
  const kept = Number(/\((\d+) snapshots/.exec((await replay.textContent()) ?? '')?.[1]);
  expect(kept).toBeGreaterThan(2);
  expect(kept).toBeLessThanOrEqual(50);
  await view.getByRole('button', { name: 'Project rows' }).click();
  const pca = view.getByTestId('representation-pca');
  await expect(pca).toBeVisible({ timeout: 60_000 });
  const slider = view.getByLabel('Training snapshot');
  await expect(slider).toHaveAttribute('max', String(kept));
  await expect(view.getByTestId('replay-frame')).toHaveText(/^trained weights \(epoch \d+\)$/);
  const last = await points(pca);
  await pca.scrollIntoViewIfNeeded();
  await screenshot(page, 'snapshots-replay-last-bank');
  await slider.fill('0');
  await expect(view.getByTestId('replay-frame')).toHaveText('epoch 1');
  expect(await points(pca)).not.toBe(last);
  await screenshot(page, 'snapshots-replay-first-bank');
  expect(errors).toEqual([]);
});

test('bank sample after training: the interaction plot of transactions vs balance by retired', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = await openApp(page);
  // the Welcome screen lists the sample with its README description
  await expect(page.getByText('bank_transactions.csv', { exact: true })).toBeVisible();
  await expect(page.getByText(/retired/).first()).toBeVisible();
  await screenshot(page, 'welcome-samples');
  await openSample(page, /bank_transactions/i, '1,000 rows × 4 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByTestId('training-dashboard').getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Interactions' }).click();
  const view = page.getByTestId('interactions-view');
  await view.getByLabel('Feature X').selectOption('balance');
  await view.getByLabel('Group by').selectOption('retired');
  await view.getByRole('button', { name: 'Draw', exact: true }).click();
  await expect(view.getByTestId('dependence-baseline')).toBeVisible({ timeout: 60_000 });
  await expect(view.getByText(/^Baseline: the lines are parallel/)).toBeVisible();
  await expect(view.getByText(/^Network: /)).toHaveText(/^Network: the lines are (clearly|strongly) not parallel/);
  await screenshot(page, 'interactions-dependence-bank');
  await view.getByLabel('Surface X').selectOption('balance');
  await view.getByLabel('Surface Y').selectOption('age');
  await view.getByRole('button', { name: 'Draw surface' }).click();
  await expect(view.getByTestId('surface')).toBeVisible({ timeout: 60_000 });
  await view.getByTestId('surface').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-surface-bank');
  expect(errors).toEqual([]);
});

test('iris: class probabilities by class, and the representation replay of a classifier', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = await openApp(page);
  await openSample(page, /iris/i, '150 rows × 5 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '60');
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Interactions' }).click();
  const view = page.getByTestId('interactions-view');
  await view.getByLabel('Response class').selectOption('virginica');
  await view.getByLabel('Feature X').selectOption('petal_length');
  await view.getByLabel('Group by').selectOption('petal_width');
  await view.getByRole('button', { name: 'Draw', exact: true }).click();
  await expect(view.getByTestId('dependence-network')).toContainText('virginica', { timeout: 60_000 });
  await screenshot(page, 'interactions-dependence-iris');
  await view.getByLabel('Surface X').selectOption('petal_length');
  await view.getByLabel('Surface Y').selectOption('petal_width');
  await view.getByRole('button', { name: 'Draw surface' }).click();
  await expect(view.getByTestId('surface')).toContainText('P(species = virginica)', { timeout: 60_000 });
  await view.getByTestId('surface').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-surface-iris');
  await view.getByRole('button', { name: 'Project rows' }).click();
  await expect(view.getByTestId('representation-pca')).toBeVisible({ timeout: 60_000 });
  await expect(view.getByLabel('Training snapshot')).toBeVisible();
  await view.getByTestId('representation-pca').scrollIntoViewIfNeeded();
  await screenshot(page, 'interactions-representation-iris');
  expect(errors).toEqual([]);
});
