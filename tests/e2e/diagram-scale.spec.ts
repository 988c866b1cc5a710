/**
 * The layer diagram at every scale: the course's S1 reads like the slides (every weight on its edge, every node
 * value); a 784-128-64-10 network draws heat strips, only the clicked unit's top k |x·w| edges, and a bounded DOM;
 * a dataset row shows each input's raw cell and the value the network receives. Timings are printed, never asserted.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, openSample, reportPerf, screenshot } from './helpers';

/** 784 → 128 relu → 64 relu → 10 softmax with small deterministic weights (the MNIST shape). */
function mnistShaped() {
  const w = (i: number, j: number, s: number) => Math.sin(i * 7.1 + j * 3.3 + s) * 0.05;
  const dense = (inputs: number, units: number, activation: string, s: number) => ({
    units, activation,
    kernel: Array.from({ length: inputs }, (_, i) => Array.from({ length: units }, (_, j) => w(i, j, s))),
    bias: new Array(units).fill(0.01),
  });
  return {
    format: 'dense-lab/model', version: 1,
    inputs: Array.from({ length: 784 }, (_, k) => ({ name: `px${k}` })),
    output: { name: 'digit', task: 'multiclass', classes: Array.from({ length: 10 }, (_, k) => String(k)) },
    layers: [dense(784, 128, 'relu', 0), dense(128, 64, 'relu', 1), dense(64, 10, 'softmax', 2)],
  };
}

/** Milliseconds in the page from running `act` until `selector` exists (polled each frame). */
async function timeUntil(page: Page, act: string, selector: string): Promise<number> {
  return page.evaluate(
    async ([actSel, sel]) => {
      const t0 = performance.now();
      const el = document.querySelector(actSel) as HTMLElement;
      const r = el.getBoundingClientRect();
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height * 0.3 }));
      while (!document.querySelector(sel)) await new Promise((res) => requestAnimationFrame(res));
      return performance.now() - t0;
    },
    [act, selector] as const,
  );
}

test('S1 reads like the slides: inputs 2 and 3, hidden 5 and 1, output 9, every edge weight printed; hover is exact', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^S1/ }).click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const diagram = page.getByTestId('layer-diagram');
  const val = (c: number, k: number) => diagram.locator(`[data-node="${c}:${k}"] text.val`);
  await expect(val(0, 0)).toHaveText('2');
  await expect(val(0, 1)).toHaveText('3');
  await expect(val(1, 0)).toHaveText('5');
  await expect(val(1, 1)).toHaveText('1');
  await expect(val(2, 0)).toHaveText('9');
  // Keras layout kernel[i][j]: x0 → node_0 1, x0 → node_1 −1, x1 → node_0 1, x1 → node_1 1; node_0 → y 2, node_1 → y −1.
  const label = (l: number, i: number, j: number) => diagram.locator(`[data-edge-label="${l}:${i}:${j}"]`);
  await expect(label(0, 0, 0)).toHaveText('1');
  await expect(label(0, 1, 0)).toHaveText('1');
  await expect(label(0, 0, 1)).toHaveText('−1');
  await expect(label(0, 1, 1)).toHaveText('1');
  await expect(label(1, 0, 0)).toHaveText('2');
  await expect(label(1, 1, 0)).toHaveText('−1');
  await expect(diagram.getByTestId('edge-label')).toHaveCount(6);
  await diagram.locator('[data-edge="1:0:0"]').hover({ force: true });
  await expect(page.getByTestId('tooltip')).toContainText('weight w = 2');
  await screenshot(page, 'diagram-s1-labels');
  expect(errors).toEqual([]);
});

test('784-128-64-10: heat strips, a bounded DOM, a click opens the unit’s contributions and draws only its top k edges', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByLabel('Model file').setInputFiles({ name: 'mnist-shaped.dlmodel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mnistShaped())) });
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  const openMs = await timeUntil(page, '#tab-diagram', '[data-testid="strip-scale-2"]');
  const diagram = page.getByTestId('layer-diagram');
  await expect(diagram.getByTestId('strip-scale-0')).toBeVisible();
  await expect(diagram.getByTestId('edge-note-0')).toContainText('click a unit');
  const before = await diagram.locator('svg *').count();
  const clickMs = await timeUntil(page, '[data-cells="1"]', '[data-testid="unit-panel"]');
  const panel = page.getByTestId('unit-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('tbody tr')).toHaveCount(10);
  await expect(panel).toContainText('of 784 by |x·w|');
  await expect(diagram.getByTestId('edge-note-0')).toContainText('top 10 |x·w| → node_0_');
  await page.getByTestId('top-k').fill('25');
  await page.getByTestId('top-k').press('Enter');
  await expect(panel.locator('tbody tr')).toHaveCount(25);
  const after = await diagram.locator('svg *').count();
  // The diagram's DOM stays bounded: 784 + 128 + 64 inputs and units and 109,184 weights, a few hundred elements.
  expect(before).toBeLessThanOrEqual(300);
  expect(after).toBeLessThanOrEqual(350);
  reportPerf('diagram-784-128-64-10', { openMs: Math.round(openMs), clickToPanelMs: Math.round(clickMs), svgElementsBefore: before, svgElementsAfterClick: after });
  await screenshot(page, 'diagram-784-128-64-10');
  expect(errors).toEqual([]);
});

test('diabetes: a hand-built network standardises its inputs; a row’s inputs show raw cell → network value', async ({ page }) => {
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByTestId('scale-inputs')).toBeChecked();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  const picker = page.getByTestId('row-picker');
  await picker.getByRole('button', { name: 'First' }).click();
  const caption = page.getByTestId('input-caption').first();
  // age of row 1 is 59; the dataset mean and std standardise it.
  await expect(caption).toContainText(/^59 → 0\.8\d* \(standardised\)$/);
  await picker.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Row number')).toHaveValue('2');
  await expect(caption).toContainText(/^48 → /);
  await screenshot(page, 'diagram-diabetes-row');
  await page.locator('[data-node="1:0"]').click();
  await expect(page.getByTestId('unit-panel')).toContainText('of 10 by |x·w|');
  await screenshot(page, 'diagram-diabetes-unit-panel');
  expect(errors).toEqual([]);
});

test('diabetes: the largest error opens its row in the diagram, from the Predictions tab and from the row picker', async ({ page }) => {
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const worst = page.getByTestId('largest-error');
  await expect(worst).toBeVisible({ timeout: 20_000 });
  const row = Number((await worst.textContent())?.match(/row (\d+)/)?.[1]);
  await worst.click();
  await expect(page.getByRole('tab', { name: 'Diagram' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Row number')).toHaveValue(String(row));
  // The row picker offers the same row.
  await page.getByTestId('row-picker').getByRole('button', { name: 'First' }).click();
  await page.getByTestId('row-picker').getByRole('button', { name: 'Largest error' }).click();
  await expect(page.getByLabel('Row number')).toHaveValue(String(row));
  await page.getByRole('tab', { name: 'Predictions' }).click();
  await expect(page.getByRole('img', { name: /^Predicted against actual/ })).toBeVisible();
  await screenshot(page, 'predictions-diabetes-largest-error');
  expect(errors).toEqual([]);
});
