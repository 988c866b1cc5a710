/**
 * Runs you can compare, kept across restarts (issue 14 §2): two runs trained on iris are in the runs table after a
 * page reload and after the bridge itself restarts (a new main process over the same data folder); a run deleted is
 * back with Ctrl+Z and gone for good after a restart; a damaged run file is reported by name while the others load;
 * Restore puts a kept run's model into the network. This spec starts its own bridge, so it can restart it.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startWebApp } from '../../scripts/web-process.mjs';
import { openAppAt, repoRoot, screenshot, setTrainingField } from './helpers';

const dataDir = mkdtempSync(join(tmpdir(), 'dense-lab-runs-e2e-'));
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));


const rows = (page: Page) => page.getByTestId('runs-table').locator('tbody tr');

test('runs survive a reload and a restart; delete is undone with Ctrl+Z; a damaged run file is named; Restore loads a run', async ({ page }) => {
  test.setTimeout(120_000);
  let app = await startWebApp(repoRoot, 15_000, dataDir);
  try {
    const errors = await openAppAt(page, app.url);
    await page.getByRole('button', { name: 'Samples', exact: true }).click();
    await page.getByRole('menuitem', { name: /^iris/ }).click();
    await expect(page.getByTestId('dataset-shape')).toHaveText('150 rows × 5 columns');
    await page.getByRole('tab', { name: 'Training' }).click();
    const dash = page.getByTestId('training-dashboard');
    await setTrainingField(dash, 'Epochs', '4');
    await dash.getByRole('button', { name: 'Train' }).click();
    await expect(rows(page)).toHaveCount(1, { timeout: 60_000 });
    await dash.getByRole('textbox', { name: 'Epochs' }).fill('7');
    await dash.getByRole('textbox', { name: 'Epochs' }).press('Enter');
    await dash.getByRole('button', { name: /^Train/ }).click();
    await expect(rows(page)).toHaveCount(2, { timeout: 60_000 });
    const epochs = async () => (await rows(page).locator('td:nth-child(2)').allTextContents()).join(',');
    expect(await epochs()).toBe('4,7');
    // two run files in the data folder's runs/
    expect(readdirSync(join(dataDir, 'runs')).filter((n) => n.startsWith('run-') && n.endsWith('.json'))).toHaveLength(2);

    await page.reload();
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect(rows(page)).toHaveCount(2);
    expect(await epochs()).toBe('4,7');

    // a new main process over the same folder
    await app.stop();
    app = await startWebApp(repoRoot, 15_000, dataDir);
    await page.goto(app.url);
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect(rows(page)).toHaveCount(2);
    expect(await epochs()).toBe('4,7');
    await screenshot(page, 'runs-table-after-restart');

    // delete run 1, undo and redo it with the keyboard (focus outside any text field)
    await page.getByRole('button', { name: 'Delete run 1' }).click();
    await expect(rows(page)).toHaveCount(1);
    await expect(page.getByTestId('runs-table').getByRole('status')).toHaveText('Run 1 deleted. Undo');
    await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo Delete run 1 (Ctrl+Z)');
    await page.getByRole('heading', { name: /^Runs/ }).click();
    await page.keyboard.press('Control+z');
    await expect(rows(page)).toHaveCount(2);
    expect(await epochs()).toBe('4,7');
    await page.keyboard.press('Control+Shift+z');
    await expect(rows(page)).toHaveCount(1);
    expect(await epochs()).toBe('7');

    // damage a copy of a run file: it is reported by its name after the next start, and run 2 still loads
    const damaged = join(dataDir, 'runs', 'run-20260101T000000Z-abcdef.json');
    writeFileSync(damaged, '{"format": "dense-lab-run", "version": 1, "id": ');
    await app.stop();
    app = await startWebApp(repoRoot, 15_000, dataDir);
    await page.goto(app.url);
    // said at start, whichever tab shows
    const problem = page.getByRole('alert').filter({ hasText: 'The run file' });
    await expect(problem).toContainText(`The run file ${damaged} could not be read (it is not valid JSON); it was kept as ${damaged}.corrupt-`);
    await expect(problem).toContainText('and the other runs are listed.');
    expect(readdirSync(join(dataDir, 'runs')).filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect(rows(page)).toHaveCount(1);
    expect(await epochs()).toBe('7');

    // Restore: the kept run's model (read from main) goes into the network
    await page.getByTestId('runs-table').getByRole('button', { name: 'Restore' }).click();
    await expect(page).toHaveTitle('Dense Lab — Run 2');
    await page.getByRole('tab', { name: 'Network' }).click();
    await expect(page.getByTestId('input-size')).toHaveText('4');

    // Export…: the run's model through the export dialog, confirmed by the file's name
    await page.getByRole('tab', { name: 'Training' }).click();
    await page.getByTestId('runs-table').getByRole('button', { name: 'Export…' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const name = (await download).suggestedFilename();
    expect(name).toMatch(/\.onnx$/);
    await expect(page.getByTestId('written-notice')).toContainText(`Downloaded as ${name}`);
    expect(errors).toEqual([]);
  } finally {
    await app.stop();
  }
});
