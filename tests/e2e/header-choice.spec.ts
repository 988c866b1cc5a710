/**
 * "First row: header | data": a file whose first row is numbers (years over decimals) is read with that row as
 * the header; the person switches it to data (one more row, columns col_1…) and back, from the control above the
 * table or from the loader's note about line 1, with the keyboard too; choices on columns of the same name return.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, openDatasetByPath, openSample, screenshot, uploadDataset } from './helpers';

/** 2019…2022 over 6 rows of decimals: the loader reads line 1 as a header and notes its doubt. */
function yearsCsv(): string {
  const lines = ['2019,2020,2021,2022'];
  for (let k = 0; k < 6; k++) lines.push([0.5 + k, 1.25 + k, 2.5 + k * 0.75, 3.125 + k * 0.5].join(','));
  return `${lines.join('\n')}\n`;
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-e2e-header-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeYears(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, yearsCsv());
  return path;
}

const shape = (page: Page) => page.getByTestId('dataset-shape');
const choice = (page: Page, file: string) => page.getByRole('group', { name: `First row of ${file}` });

async function expectReading(page: Page, file: string, header: boolean): Promise<void> {
  const group = choice(page, file);
  await expect(group.getByRole('button', { name: 'header', exact: true })).toHaveAttribute('aria-pressed', String(header));
  await expect(group.getByRole('button', { name: 'data', exact: true })).toHaveAttribute('aria-pressed', String(!header));
}

test('an uploaded file with a numeric header row: switch to data (one more row) and back, keeping column choices', async ({ page }) => {
  const errors = await openApp(page);
  await uploadDataset(page, writeYears('years.csv'));
  await expect(shape(page)).toHaveText('6 rows × 4 columns');
  await expectReading(page, 'years.csv', true);
  await expect(page.getByRole('columnheader').filter({ hasText: '2021' })).toHaveCount(1);

  // Choices on the header reading: 2021 is the target, 2019 not an input.
  await page.getByLabel('Target (what to predict)').selectOption('2021');
  await page.getByRole('checkbox', { name: '2019' }).uncheck();

  await choice(page, 'years.csv').getByRole('button', { name: 'data', exact: true }).click();
  await expect(shape(page)).toHaveText('7 rows × 4 columns');
  await expectReading(page, 'years.csv', false);
  await expect(page.getByRole('columnheader').filter({ hasText: 'col_1' })).toHaveCount(1);
  // The former header is now the first row of the table.
  await expect(page.getByRole('row').nth(1)).toContainText('2019');
  await page.getByLabel('Target (what to predict)').selectOption('col_4');
  await screenshot(page, 'header-choice-data-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'header-choice-data-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Back with the keyboard: the header reading comes back with its choices.
  await choice(page, 'years.csv').getByRole('button', { name: 'data', exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(choice(page, 'years.csv').getByRole('button', { name: 'header', exact: true })).toBeFocused();
  await screenshot(page, 'header-choice-focus');
  await page.keyboard.press('Enter');
  await expect(shape(page)).toHaveText('6 rows × 4 columns');
  await expectReading(page, 'years.csv', true);
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('2021');
  await expect(page.getByRole('checkbox', { name: '2019' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: '2020' })).toBeChecked();

  // And the data reading's own target returns with it.
  await choice(page, 'years.csv').getByRole('button', { name: 'data', exact: true }).press('Space');
  await expect(shape(page)).toHaveText('7 rows × 4 columns');
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('col_4');
  expect(errors).toEqual([]);
});

test("the loader's note on line 1 offers the same switch (a file opened by path)", async ({ page }) => {
  const errors = await openApp(page);
  await openDatasetByPath(page, writeYears('by-path.csv'));
  await expect(shape(page)).toHaveText('6 rows × 4 columns');
  const problems = page.getByRole('region', { name: 'Problems found while loading by-path.csv' });
  await expect(problems).toContainText('first row read as a header');
  await expect(problems).toContainText('Is the first row a header?');
  await screenshot(page, 'header-choice-note');
  await problems.getByRole('button', { name: 'Read the first row as data' }).click();
  await expect(shape(page)).toHaveText('7 rows × 4 columns');
  await expectReading(page, 'by-path.csv', false);
  await choice(page, 'by-path.csv').getByRole('button', { name: 'header', exact: true }).click();
  await expect(shape(page)).toHaveText('6 rows × 4 columns');
  await expectReading(page, 'by-path.csv', true);
  expect(errors).toEqual([]);
});

test('an uploaded file deleted since: the switch asks for the file again and the shown reading stays', async ({ page }) => {
  const errors = await openApp(page);
  const path = writeYears('gone.csv');
  await uploadDataset(page, path);
  await expect(shape(page)).toHaveText('6 rows × 4 columns');
  rmSync(path);
  await choice(page, 'gone.csv').getByRole('button', { name: 'data', exact: true }).click();
  const problem = page.getByRole('alert').filter({ hasText: 'could not read gone.csv again' });
  await expect(problem).toContainText('Open the file again');
  await expect(shape(page)).toHaveText('6 rows × 4 columns');
  await expectReading(page, 'gone.csv', true);
  expect(errors).toEqual([]);
});

test('a sample read with its header row as data has one more row, and back', async ({ page }) => {
  const errors = await openApp(page);
  await openSample(page, /^iris\.csv/, '150 rows × 5 columns');
  await choice(page, 'iris.csv').getByRole('button', { name: 'data', exact: true }).click();
  await expect(shape(page)).toHaveText('151 rows × 5 columns');
  await expect(page.getByRole('columnheader').filter({ hasText: 'col_5' })).toHaveCount(1);
  await choice(page, 'iris.csv').getByRole('button', { name: 'header', exact: true }).click();
  await expect(shape(page)).toHaveText('150 rows × 5 columns');
  await expect(page.getByLabel('Target (what to predict)')).toHaveValue('species');
  expect(errors).toEqual([]);
});

test('a reading that fails (one row read as a header) is reported and the shown reading stays selected', async ({ page }) => {
  const errors = await openApp(page);
  const path = join(dir, 'one-row.csv');
  writeFileSync(path, '1,2,3\n');
  await uploadDataset(page, path);
  await expect(shape(page)).toHaveText('1 row × 3 columns');
  await expectReading(page, 'one-row.csv', false);
  await choice(page, 'one-row.csv').getByRole('button', { name: 'header', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'no data rows' })).toBeVisible();
  await expect(shape(page)).toHaveText('1 row × 3 columns');
  await expectReading(page, 'one-row.csv', false);
  expect(errors).toEqual([]);
});
