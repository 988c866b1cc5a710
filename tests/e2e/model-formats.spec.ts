/**
 * Models in and out in the app (browser mode): opening a Keras HDF5 file through "Open model…" shows what was
 * read (format, producer, layers, what was folded); a convolutional ONNX file is refused with one sentence
 * naming the op; "Export model as…" downloads an ONNX file that reads back with the same layers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { importModel } from '../../src-shared/formats';
import { openApp, repoRoot, screenshot } from './helpers';

const models = resolve(repoRoot, 'tests/unit/fixtures/models');

test('open a Keras .h5 model, see what was read, export it as ONNX', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByLabel('Model file').setInputFiles(resolve(models, 'keras2-batchnorm.h5'));
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  const report = page.getByRole('region', { name: 'Imported model' });
  await expect(report).toContainText('Imported Keras HDF5');
  await expect(report).toContainText('written by keras 2.4.0 (tensorflow), float32 weights');
  await expect(report).toContainText('layer 3 "batch_normalization" (BatchNormalization) folded into layer 2 "dense"');
  await expect(report).toContainText('layer 5 "dropout" (Dropout) dropped: it is the identity at inference');
  await screenshot(page, 'model-import-keras-h5');

  await page.getByRole('button', { name: 'Export model as…' }).click();
  await page.getByLabel(/ONNX/).check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('model.onnx');
  const bytes = new Uint8Array(readFileSync(await file.path()));
  const back = importModel({ name: 'model.onnx', bytes });
  if (!back.ok) throw new Error(`${bytes.length} bytes: ${back.error.message}`);
  expect(back.ok && back.value.model.layers.map((l) => `${l.units} ${l.activation}`)).toEqual(['4 relu', '3 softmax']);
  expect(errors).toEqual([]);
});

test('a convolutional ONNX model is refused with one sentence naming the op', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Model file').setInputFiles(resolve(models, 'torch-conv.onnx'));
  await expect(page.getByText('node 1 "/0/Conv" is Conv: only dense chains can be opened')).toBeVisible();
});
