/**
 * Feedback, undo and plain errors (issue 14 §5) in the browser: builder edits, a diagram weight edit and an
 * example loaded over an edited network are undone with Ctrl+Z and redone with Ctrl+Shift+Z / Ctrl+Y (not while
 * typing in a field); saving and exporting end with "Downloaded as NAME" (no folder button in a browser); a missing
 * file reads as a sentence, with the system's code behind "Details".
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, openDatasetByPath, screenshot } from './helpers';

const units = (page: Page, k: number) => page.getByLabel(`Units of layer ${k}`);
/** Moves focus out of any text field (history keys there are the field's own). */
const leaveFields = (page: Page) => page.getByRole('tab', { name: 'Network' }).focus();

test('builder edits and an example loaded over them are undone and redone; a text field keeps its own undo', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: '+ Add layer' }).click();
  await expect(units(page, 3)).toBeVisible();
  // in a text field Ctrl+Z is the browser's own (nothing typed yet): the added layer stays
  await units(page, 3).focus();
  await page.keyboard.press('Control+z');
  await expect(units(page, 3)).toBeVisible();
  await leaveFields(page);
  await page.keyboard.press('Control+z');
  await expect(units(page, 3)).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(units(page, 3)).toBeVisible();

  await units(page, 1).fill('16');
  await leaveFields(page);
  await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo Change the units of layer 1 (Ctrl+Z)');
  await page.keyboard.press('Control+z');
  await expect(units(page, 1)).toHaveValue('8');
  await page.keyboard.press('Control+y');
  await expect(units(page, 1)).toHaveValue('16');

  // an example over the edited network: undo brings the edited network back, redo the example's
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^S1/ }).click();
  await expect(page).toHaveTitle(/S1/);
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(units(page, 3)).toHaveCount(0);
  await expect(units(page, 1)).toHaveValue('2');
  await leaveFields(page);
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /^Undo Load S1/);
  await page.keyboard.press('Control+z');
  await expect(units(page, 1)).toHaveValue('16');
  await expect(units(page, 3)).toBeVisible();
  await page.getByTestId('redo').click();
  await expect(units(page, 1)).toHaveValue('2');
  expect(errors).toEqual([]);
});

test('a weight edited in the diagram is undone and redone', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^S1/ }).click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const output = page.locator('[data-node="2:0"] text.val');
  await expect(output).toHaveText('9');
  await page.locator('[data-edge="1:0:0"]').click();
  await page.getByTestId('edit-input').fill('3');
  await page.getByTestId('edit-input').press('Enter');
  await expect(output).toHaveText('14');
  await page.getByRole('tab', { name: 'Diagram' }).focus();
  await page.keyboard.press('Control+z');
  await expect(output).toHaveText('9');
  await page.keyboard.press('Control+Shift+z');
  await expect(output).toHaveText('14');
  expect(errors).toEqual([]);
});

test('saving and exporting say which file was downloaded; a missing file is a sentence with its code behind Details', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^S1/ }).click();
  const notice = page.getByTestId('written-notice');

  const model = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model…' }).click();
  const saved = await model;
  await expect(notice).toHaveText(`✓ Downloaded as ${saved.suggestedFilename()} ×`);
  expect(saved.suggestedFilename()).toMatch(/\.dlmodel\.json$/);
  await expect(notice.getByRole('button', { name: 'Show in folder' })).toHaveCount(0);

  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export predictions…' }).click();
  const exported = await csv;
  expect(exported.suggestedFilename()).toMatch(/-predictions\.csv$/);
  await expect(notice).toContainText(`Downloaded as ${exported.suggestedFilename()}`);

  await page.getByRole('button', { name: 'Export model as…' }).click();
  const onnx = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(notice).toContainText(`Downloaded as ${(await onnx).suggestedFilename()}`);
  await page.keyboard.press('Escape');

  await openDatasetByPath(page, '/no/such/folder/data.csv');
  const problem = page.getByRole('alert').filter({ hasText: 'no longer exists' });
  await expect(problem).toContainText('The file /no/such/folder/data.csv no longer exists (or never did)');
  await expect(problem.locator('.message .text')).not.toContainText('ENOENT');
  await problem.getByText('Details').click();
  await expect(problem.locator('details')).toContainText(/ENOENT · (open|stat) · \/no\/such\/folder\/data\.csv/);
  await screenshot(page, 'feedback-details');
  expect(errors).toEqual([]);
});
