/**
 * Keyboard, shortcuts, drag and drop, themes, pasted weights: the workspace works without a mouse and in
 * browser mode the same way as in the desktop window.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, screenshot, datasetsDir } from './helpers';

const diabetes = resolve(datasetsDir, 'diabetes.csv');

test('Ctrl+O opens the file picker in browser mode; Tab starts at the toolbar', async ({ page }) => {
  const errors = await openApp(page);
  // Subscribe to the file chooser well before the key press: Playwright enables Chromium's file-chooser
  // interception asynchronously, and a chooser that opens before that is not reported (a CI run timed out
  // here once). The Tab press and focus check below are round trips that let the subscription settle.
  const chooserOpened = page.waitForEvent('filechooser', { timeout: 20_000 });
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Open dataset…' }).first()).toBeFocused();
  await page.keyboard.press('Control+o');
  const chooser = await chooserOpened;
  await chooser.setFiles(diabetes);
  await expect(page.getByTestId('dataset-shape')).toHaveText('442 rows × 11 columns');
  expect(errors).toEqual([]);
});

test('Ctrl+E without a dataset says what to do instead of failing silently', async ({ page }) => {
  const errors = await openApp(page);
  await page.keyboard.press('Control+e');
  await expect(page.getByRole('alert')).toContainText('Open a dataset first');
  await page.getByRole('button', { name: /^Dismiss: Open a dataset first/ }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a CSV dropped onto the window opens', async ({ page }) => {
  const errors = await openApp(page);
  const text = readFileSync(resolve(datasetsDir, 'iris.csv'), 'utf8');
  const transfer = await page.evaluateHandle((csv) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], 'iris.csv', { type: 'text/csv' }));
    return dt;
  }, text);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('dataset-shape')).toHaveText('150 rows × 5 columns');
  await expect(page).toHaveTitle('Dense Lab — iris.csv');
  expect(errors).toEqual([]);
});

test('layers reorder with the keyboard and focus follows the moved layer', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByLabel('Units of layer 1').fill('5');
  await page.getByLabel('Units of layer 2').fill('3');
  await page.getByRole('button', { name: 'Move layer 1 down' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Units of layer 1')).toHaveValue('3');
  await expect(page.getByLabel('Units of layer 2')).toHaveValue('5');
  await expect(page.getByRole('button', { name: 'Move layer 2 up' })).toBeFocused();
  // 2 inputs → 3 → 5: (2·3 + 3) + (3·5 + 5) = 29
  await expect(page.getByTestId('total-params')).toHaveText('29');
  expect(errors).toEqual([]);
});

test('pasted course weights (E4) keep their numbers when the hidden activations become ReLU: output 182', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /Paste weights/ }).click();
  await page.getByLabel("Weights and an input row in the course's notation").fill(
    [
      'input_data = np.array([3, 5])',
      "weights = {'node_0_0': np.array([2, 4]), 'node_0_1': np.array([4, -5]),",
      "           'node_1_0': np.array([-1, 2]), 'node_1_1': np.array([1, 2]),",
      "           'output': np.array([2, 7])}",
    ].join('\n'),
  );
  await page.getByRole('button', { name: 'Load weights' }).click();
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Activation of layer 1').selectOption('relu');
  await page.getByLabel('Activation of layer 2').selectOption('relu');
  await expect(page.getByTestId('sample-output')).toHaveText('182');
  await screenshot(page, 'workspace-pasted-e4');
  expect(errors).toEqual([]);
});

test('a syntax error in pasted weights is shown with its line and column', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /Paste weights/ }).click();
  await page.getByLabel("Weights and an input row in the course's notation").fill("input_data = np.array([2, 3])\nweights = {'node_0': np.array([1, 1)}");
  await page.getByRole('button', { name: 'Load weights' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('line 2');
  expect(errors).toEqual([]);
});

test('the theme follows the system and the toggle overrides it (dark screenshot)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await openApp(page);
  await page.getByTestId('dataset-file-input').setInputFiles(resolve(datasetsDir, 'penguins.csv'));
  await expect(page.getByTestId('dataset-shape')).toHaveText('344 rows × 7 columns');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(21, 24, 29)');
  await screenshot(page, 'workspace-data-penguins-dark');
  await page.getByRole('button', { name: /^Theme: system/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(246, 247, 249)');
  await page.getByRole('button', { name: /^Theme: light/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('tab', { name: 'Network' }).click();
  await screenshot(page, 'workspace-network-penguins-dark');
  // the choice is remembered by main (one server for the whole run): a reload keeps it; put it back to system
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: /^Theme: dark/ }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  expect(errors).toEqual([]);
});

test('Ctrl+E predicts every row (a job) and downloads the predictions CSV in browser mode', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('dataset-file-input').setInputFiles(diabetes);
  await page.getByLabel('Target (what to predict)').selectOption('progression');
  await expect(page.getByTestId('dataset-shape')).toHaveText('442 rows × 11 columns');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
  expect(download.suggestedFilename()).toBe('diabetes-predictions.csv');
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  expect(lines).toHaveLength(443);
  expect(lines[0].startsWith('age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression,')).toBe(true);
  expect(errors).toEqual([]);
});

test('a model saves as a download in browser mode and opens again with the same weights', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^E4/ }).click();
  await expect(page.getByTestId('sample-output')).toHaveText('182');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save model…' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.dlmodel\.json$/);
  const saved = await download.path();

  await page.reload();
  await page.getByRole('tab', { name: 'Data' }).waitFor();
  await page.getByLabel('Model file').setInputFiles(saved);
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('input-size')).toHaveText('2');
  // 2 → 2 → 2 → 1 with biases: 6 + 6 + 3
  await expect(page.getByTestId('total-params')).toHaveText('15');
  expect(errors).toEqual([]);
});

test('a broken model file is refused with the field that is wrong', async ({ page }) => {
  const errors = await openApp(page);
  const broken = {
    format: 'dense-lab/model', version: 1, inputs: [{ name: 'a' }, { name: 'b' }], output: { name: 'y', task: 'regression' },
    layers: [{ units: 1, activation: 'linear', kernel: [[1]], bias: [0] }],
  };
  await page.getByLabel('Model file').setInputFiles({ name: 'broken.dlmodel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const problem = page.getByRole('alert').filter({ hasText: 'Error' });
  await expect(problem).toContainText('broken.dlmodel.json');
  await expect(problem).toContainText('layers[0].kernel');
  expect(errors).toEqual([]);
});

test('menus work from the keyboard: Enter opens, arrows move, Escape returns focus, Enter chooses', async ({ page }) => {
  const errors = await openApp(page);
  const samples = page.getByRole('button', { name: 'Samples', exact: true });
  await samples.focus();
  await page.keyboard.press('Enter');
  const items = page.getByRole('menu', { name: 'Samples' }).getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(samples).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowDown'); // wraps to the first item
  await expect(items.first()).toBeFocused();
  const first = (await items.first().innerText()).split('\n')[0];
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: first })).toBeVisible();
  expect(errors).toEqual([]);
});


test('a one-row, one-column file says "1 row × 1 column"', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('dataset-file-input').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('price\n1.5\n') });
  await expect(page.getByTestId('dataset-shape')).toHaveText('1 row × 1 column');
  expect(errors).toEqual([]);
});
