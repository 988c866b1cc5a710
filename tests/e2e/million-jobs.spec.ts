/**
 * Jobs on a generated 1,000,000-row file (issue 7's quality bar): predicting and training run in main's
 * workers while the renderer stays responsive. The worst main-thread task is measured with a long-task
 * observer and, below its 50 ms threshold too, from a Chromium trace (task-trace.ts); both are REPORTED (test
 * output and tests/artifacts/perf.json), not asserted: speed is compared in
 * benchmarks. What is asserted is behaviour a freeze or a broken view would break: a labelled 10,000-row
 * sample, metrics, the dashboard's progress, and the page answering clicks while the job runs.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { observeLongTasks, openApp, openDatasetByPath, repoRoot, reportPerf, screenshot, setTrainingField } from './helpers';
import { traceMainThreadTasks } from './task-trace';

const file = resolve(repoRoot, '.tmp/e2e/inspect-million.csv');

/** a,b,y for 1,000,000 rows: a = (i mod 1000)/100, b = (i mod 37)/10, y = 2a − b + (i mod 7)/10. */
async function writeMillionRows(): Promise<void> {
  if (existsSync(file) && statSync(file).size > 10_000_000) return;
  mkdirSync(resolve(file, '..'), { recursive: true });
  const out = createWriteStream(file);
  out.write('a,b,y\n');
  for (let start = 0; start < 1_000_000; start += 10_000) {
    let chunk = '';
    for (let i = start; i < start + 10_000; i++) {
      const a = (i % 1000) / 100;
      const b = (i % 37) / 10;
      chunk += `${a},${b},${2 * a - b + (i % 7) / 10}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

test.beforeAll(writeMillionRows);

async function openMillion(page: Page): Promise<string[]> {
  const errors = await openApp(page);
  await openDatasetByPath(page, file);
  await expect(page.getByTestId('dataset-shape')).toHaveText('1,000,000 rows × 3 columns', { timeout: 60_000 });
  await page.getByLabel('Target (what to predict)').selectOption('y');
  return errors;
}

/** Clicks the Network tab and back to `tab` while a job runs: a frozen page would miss the timeout. */
async function clickAroundWhileBusy(page: Page, tab: string): Promise<void> {
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

test('predicting 1,000,000 rows: a labelled 10,000-row sample, metrics, and the page keeps answering', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = await openMillion(page);
  const started = Date.now();
  const { value: figures, tasks } = await traceMainThreadTasks(page, () => observeLongTasks(page, async () => {
    await page.getByRole('tab', { name: 'Predictions' }).click();
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText(/Predicting|Ready/);
    await clickAroundWhileBusy(page, 'Predictions');
    await expect(page.getByTestId('sample-label')).toContainText('showing 10,000 of 1,000,000 rows', { timeout: 120_000 });
    await expect(page.getByTestId('prediction-charts').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('prediction-charts').locator('[data-metric="r2"]').first()).toHaveText(/\d/);
    await page.waitForTimeout(500); // the charts' first draws
  }));
  reportPerf('predict-1M-rows', { ...figures, ...tasks, wallSeconds: (Date.now() - started) / 1000 });
  await screenshot(page, 'inspect-predictions-million');
  expect(errors).toEqual([]);
});

test('training on 1,000,000 rows: batches and epochs arrive on the dashboard, and the page keeps answering', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = await openMillion(page);
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '2');
  const started = Date.now();
  const { value: figures, tasks } = await traceMainThreadTasks(page, () => observeLongTasks(page, async () => {
    // An epoch may pass in well under a second: a mutation observer notes the batch progress whenever it shows.
    await page.evaluate(() => {
      const w = window as unknown as { __batchSeen: string | null };
      w.__batchSeen = null;
      new MutationObserver((_, obs) => {
        const bar = document.querySelector('progress[aria-label="Batches in this epoch"]');
        const text = bar?.parentElement?.textContent?.match(/batch \d+ of \d+/)?.[0] ?? null;
        if (bar && text) {
          w.__batchSeen = text;
          obs.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await dash.getByRole('button', { name: 'Train' }).click();
    await clickAroundWhileBusy(page, 'Training');
    await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 200_000 });
    await expect(dash).toContainText(/Epoch 2 of 2/);
    await page.waitForTimeout(500);
  }));
  // Inside an epoch of 800,000 training rows, the batches showed (job-batch events).
  expect(await page.evaluate(() => (window as unknown as { __batchSeen: string | null }).__batchSeen)).toMatch(/^batch \d+ of \d+$/);
  reportPerf('train-1M-rows', { ...figures, ...tasks, epochs: 2, wallSeconds: (Date.now() - started) / 1000 });
  await screenshot(page, 'inspect-training-million');
  expect(errors).toEqual([]);
});
