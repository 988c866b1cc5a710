/** What every spec needs: the app's URL, the shared data, and screenshots into tests/artifacts/. */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

export const repoRoot = resolve(import.meta.dirname, '../..');
/** CI puts shared/ beside the clone. */
export const sharedDir = resolve(repoRoot, '../shared');
export const artifactsDir = resolve(repoRoot, 'tests/artifacts');

/** Opens the app with this run's token; fails the test on any page error or console error. */
export async function openApp(page: Page): Promise<string[]> {
  const url = process.env.DENSE_LAB_URL;
  if (!url) throw new Error('DENSE_LAB_URL is not set: global-setup.ts did not run');
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

/** Saves a full-window screenshot as tests/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(artifactsDir, `${name}.png`) });
}
