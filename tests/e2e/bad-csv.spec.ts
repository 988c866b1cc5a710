/**
 * The shared corpus of awkward CSV files (tests/fixtures/bad-csv/expectations.json), opened in the real UI:
 * files that must load show their shape, files that must fail show a readable error saying why.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, screenshot, badCsvDir, uploadDataset } from './helpers';

interface Expectation {
  readonly file: string;
  readonly expect: 'load' | 'error';
  readonly rows?: number;
  readonly cols?: number;
  readonly mentions?: string[];
  readonly line?: number;
  readonly missing?: Record<string, number>;
}

const corpus = badCsvDir;
const expectations = JSON.parse(readFileSync(resolve(corpus, 'expectations.json'), 'utf8')) as Expectation[];

for (const e of expectations) {
  test(`${e.file}: ${e.expect === 'load' ? `loads as ${e.rows} rows × ${e.cols} columns` : 'shows why it cannot be opened'}`, async ({ page }) => {
    const errors = await openApp(page);
    await uploadDataset(page, resolve(corpus, e.file));
    if (e.expect === 'load') {
      await expect(page.getByTestId('dataset-shape')).toHaveText(`${e.rows} ${e.rows === 1 ? 'row' : 'rows'} × ${e.cols} ${e.cols === 1 ? 'column' : 'columns'}`);
      for (const [column, count] of Object.entries(e.missing ?? {})) {
        const header = page.getByRole('columnheader').filter({ has: page.getByText(column, { exact: true }) });
        await expect(header).toContainText(`${count} missing`);
      }
    } else {
      const problem = page.getByRole('alert').filter({ hasText: 'Error' });
      await expect(problem).toBeVisible();
      const text = (await problem.innerText()).toLowerCase();
      expect(e.mentions?.some((m) => text.includes(m.toLowerCase())), `"${text}" mentions one of ${e.mentions?.join(', ')}`).toBe(true);
      if (e.line !== undefined) expect(text).toContain(`line ${e.line}`);
      await expect(page.getByTestId('dataset-shape')).toHaveCount(0);
    }
    if (e.file === 'missing_values.csv') await screenshot(page, 'workspace-missing-values');
    expect(errors).toEqual([]);
  });
}
