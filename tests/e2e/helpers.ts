/** What every spec needs: the app's URL, the shared data, and screenshots into tests/artifacts/. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export const repoRoot = resolve(import.meta.dirname, '../..');
/** The data specs open: all inside the repository (tests/fixtures/paths.ts). */
export { badCsvDir, datasetsDir } from '../fixtures/paths';
export const artifactsDir = resolve(repoRoot, 'tests/artifacts');

/** Opens the app with this run's token; fails the test on any page error or console error. */
export async function openApp(page: Page): Promise<string[]> {
  const url = process.env.DENSE_LAB_URL;
  if (!url) throw new Error('DENSE_LAB_URL is not set: global-setup.ts did not run');
  return openAppAt(page, url);
}

/** Opens the app served at `url` (a bridge a spec started itself); collects page and console errors. */
export async function openAppAt(page: Page, url: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Data' }).waitFor();
  return errors;
}

/** Opens a CSV through the browser's file input (the upload path of browser mode). */
export async function uploadDataset(page: Page, path: string): Promise<void> {
  await page.getByTestId('dataset-file-input').setInputFiles(path);
}

/** Opens a CSV by its path on the machine running main (the "Open path…" dialog). */
export async function openDatasetByPath(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Open path…' }).click();
  await page.getByLabel('Path of a CSV file on the machine running Dense Lab').fill(path);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
}

/** Opens a bundled sample dataset from the Samples menu (the item matching `name`) and waits for its `rows × columns` text. */
export async function openSample(page: Page, name: RegExp, shape: string): Promise<void> {
  await page.getByRole('button', { name: 'Samples', exact: true }).click();
  await page.getByRole('menuitem', { name }).click();
  await expect(page.getByTestId('dataset-shape')).toHaveText(shape);
}

/** Types `value` into the training dashboard's field labelled `label` (Epochs, Learning rate) and presses Enter to apply it. */
export async function setTrainingField(dash: Locator, label: string, value: string): Promise<void> {
  await dash.getByLabel(label).fill(value);
  await dash.getByLabel(label).press('Enter');
}

/** Saves a full-window screenshot as tests/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(artifactsDir, `${name}.png`) });
}

/**
 * Reports measured figures (never asserted: speed is compared in benchmarks, not in tests): printed to the
 * test output and merged into tests/artifacts/perf.json under `name`.
 */
export function reportPerf(name: string, figures: Record<string, number | string>): void {
  const file = resolve(artifactsDir, 'perf.json');
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    all = {};
  }
  all[name] = { ...figures, measuredAt: new Date().toISOString() };
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`[perf] ${name}: ${JSON.stringify(figures)}`);
}

/**
 * Runs `during` with a long-task observer in the page; answers the longest main-thread task (ms) and how
 * many tasks were longer than 50 ms. For reporting only.
 */
export async function observeLongTasks(page: Page, during: () => Promise<void>): Promise<{ longestTaskMs: number; tasksOver50Ms: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __longTaskObserver?: PerformanceObserver };
    w.__longTasks = [];
    w.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    });
    w.__longTaskObserver.observe({ type: 'longtask', buffered: false });
  });
  await during();
  const tasks = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __longTaskObserver?: PerformanceObserver };
    w.__longTaskObserver?.disconnect();
    return w.__longTasks;
  });
  return { longestTaskMs: Math.round(Math.max(0, ...tasks)), tasksOver50Ms: tasks.filter((d) => d > 50).length };
}
