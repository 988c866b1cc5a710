/**
 * A file at or above the streaming threshold (a tiny one here: `--stream-min-bytes`, on a generated file of a few MB)
 * opens as its first rows with a notice saying so, the views over every row say why they are not shown, and Export
 * predictions runs the streaming path in main as a job with progress, ending with the usual confirmation: the file it
 * writes (into --write-dir, browser mode) has the bytes of `dense-lab predict --stream`. This spec starts its own bridge.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startWebApp } from '../../scripts/web-process.mjs';
import { openDatasetByPath, repoRoot, screenshot } from './helpers';
import { STREAM_MODEL } from '../fixtures/stream-model';

const dir = resolve(repoRoot, '.tmp/e2e/big-file');
const outDir = join(dir, 'out');
const data = join(dir, 'big.csv');
const modelPath = join(dir, 'big.dlmodel.json');
const THRESHOLD = 1_000_000;

const MODEL = STREAM_MODEL;

test.beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // id, x (some empty), colour (one unknown to the model, some empty), a note, y: about 10 MB, more than one streamed batch.
  const colours = ['red', 'green', 'blue', 'cyan', ''];
  const lines = ['id,x,colour,note,y'];
  for (let r = 0; r < 360_000; r++) lines.push(`${r},${r % 31 === 0 ? '' : ((r % 1000) / 125 - 4).toFixed(r % 7)},${colours[r % 5]},${r % 9 === 0 ? '"a, ""quoted"" note"' : 'plain'},${((r * 7) % 500) / 100}`);
  writeFileSync(data, `${lines.join('\n')}\n`);
  writeFileSync(modelPath, JSON.stringify(MODEL));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a file over the threshold opens as its first rows, and Export predictions streams every row to the bytes of predict --stream', async ({ page }) => {
  test.setTimeout(90_000);
  const cliOut = join(dir, 'cli.csv');
  execFileSync(process.execPath, [resolve(repoRoot, 'out/main/cli.js'), 'predict', '--model', modelPath, '--data', data, '--out', cliOut, '--stream'], { cwd: repoRoot, stdio: 'pipe' });
  const app = await startWebApp(repoRoot, 15_000, undefined, ['--write-dir', outDir, '--stream-min-bytes', String(THRESHOLD)]);
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    await page.goto(app.url);
    await page.getByRole('tab', { name: 'Data' }).waitFor();
    await openDatasetByPath(page, data);

    const notice = page.getByTestId('partial-notice');
    const size = statSync(data).size;
    const mb = (size / 1e6).toPrecision(3);
    await expect(notice).toContainText(`big.csv is ${mb} MB: Dense Lab reads it as it predicts, without loading it; the table shows its first`);
    const shape = await page.getByTestId('dataset-shape').textContent();
    const shown = Number(/^first ([\d,]+) rows × 5 columns$/.exec(shape ?? '')?.[1].replaceAll(',', ''));
    expect(shown).toBeGreaterThan(1000);
    expect(shown).toBeLessThan(360_000);
    await expect(page.getByRole('grid', { name: 'Rows of big.csv' }).getByRole('rowheader', { name: 'Select row 1', exact: true })).toBeVisible();
    await screenshot(page, 'big-file-notice');

    // Views over every row say why they are not shown.
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect(page.getByTestId('not-whole')).toHaveText('Training needs every row of big.csv, which is too big to load whole: train on a smaller file with the same columns, then export predictions for this one.');
    await screenshot(page, 'big-file-training');
    await page.getByRole('tab', { name: 'Data' }).click();

    await page.getByLabel('Model file').setInputFiles(modelPath);
    await page.getByRole('button', { name: 'Export predictions…' }).click();
    // The job in the status bar: its label, then bytes of the file read of its size (screenshot only: the run may be quicker than the page).
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect(status.getByText('Predicting every row of big.csv')).toBeVisible();
    await status.getByText(/ MB of [\d.]+ MB$/).waitFor({ timeout: 5_000 }).then(() => screenshot(page, 'big-file-export-progress')).catch(() => undefined);
    const written = page.getByTestId('written-notice');
    const outPath = join(outDir, 'big-predictions.csv');
    await expect(written).toContainText(`Exported the predictions as ${outPath}`, { timeout: 60_000 });
    await screenshot(page, 'big-file-exported');
    expect(readFileSync(outPath).equals(readFileSync(cliOut))).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await app.stop();
  }
});
