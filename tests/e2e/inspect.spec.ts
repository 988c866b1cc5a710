/**
 * The inspection views in the real app: the course example S1 on the layer diagram (values, step-through,
 * switching the hidden activation, editing a weight), and the activation comparison.
 * Numbers are the course's (course-examples.md), computed in the page by the engine's forwardTrace.
 */
import { expect, test, type Page } from '@playwright/test';
import { observeLongTasks, openApp, openSample, reportPerf, screenshot, setTrainingField } from './helpers';

async function openS1OnDiagram(page: Page): Promise<string[]> {
  const errors = await openApp(page);
  await page.getByRole('button', { name: 'Examples', exact: true }).click();
  await page.getByRole('menuitem', { name: /^S1/ }).click();
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await expect(page.getByTestId('layer-diagram')).toBeVisible();
  return errors;
}

/** The value printed inside node k of column c (0 = inputs, then each layer). */
const node = (page: Page, c: number, k: number) => page.locator(`[data-node="${c}:${k}"] text.val`);

test('S1 on the diagram: hidden values 5 and 1, output 9, step-through reads 2 × 1 + 3 × 1 = 5', async ({ page }) => {
  const errors = await openS1OnDiagram(page);
  await expect(node(page, 0, 0)).toHaveText('2');
  await expect(node(page, 0, 1)).toHaveText('3');
  await expect(node(page, 1, 0)).toHaveText('5');
  await expect(node(page, 1, 1)).toHaveText('1');
  await expect(node(page, 2, 0)).toHaveText('9');
  await screenshot(page, 'inspect-diagram-s1');

  await page.getByRole('button', { name: 'Forward ▶' }).click();
  await expect(page.getByTestId('step-sum')).toHaveText('2 × 1 + 3 × 1 = 5');
  await expect(page.getByTestId('step-activation')).toHaveText('linear(5) = 5');
  // Nodes the forward pass has not reached yet show no value.
  await expect(node(page, 2, 0)).toHaveText('?');
  await page.getByRole('button', { name: 'Forward ▶' }).click();
  await expect(page.getByTestId('step-sum')).toHaveText('2 × (−1) + 3 × 1 = 1');
  await page.getByRole('button', { name: 'Forward ▶' }).click();
  await expect(page.getByTestId('step-sum')).toHaveText('5 × 2 + 1 × (−1) = 9');
  await screenshot(page, 'inspect-diagram-s1-step');
  await page.getByRole('button', { name: '◀ Back' }).click();
  await expect(page.getByTestId('step-sum')).toHaveText('2 × (−1) + 3 × 1 = 1');
  expect(errors).toEqual([]);
});

test('switching the hidden activation to tanh gives 1.2382242525694254, exact on hover', async ({ page }) => {
  const errors = await openS1OnDiagram(page);
  await page.getByTestId('activation-0').selectOption('tanh');
  await expect(node(page, 2, 0)).toHaveText('1.238');
  await page.locator('[data-node="2:0"]').hover();
  await expect(page.getByTestId('tooltip')).toContainText('= 1.2382242525694254');
  await screenshot(page, 'inspect-diagram-s1-tanh');
  expect(errors).toEqual([]);
});

test('editing the output weight 2 → 3 changes the output to 14; bad input is refused, Escape cancels', async ({ page }) => {
  const errors = await openS1OnDiagram(page);
  const edge = page.locator('[data-edge="1:0:0"]');
  await edge.hover();
  await expect(page.getByTestId('tooltip')).toContainText('weight w = 2');
  await edge.click();
  const input = page.getByTestId('edit-input');
  await input.fill('two');
  await input.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a number' })).toBeVisible();
  await expect(node(page, 2, 0)).toHaveText('9');
  await input.press('Escape');
  await expect(input).toHaveCount(0);
  await edge.click();
  await page.getByTestId('edit-input').fill('3');
  await page.getByTestId('edit-input').press('Enter');
  await expect(node(page, 2, 0)).toHaveText('14');
  await screenshot(page, 'inspect-diagram-s1-edited');
  // The edit reached the workspace's model: the Network tab computes the same output.
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByTestId('sample-output')).toHaveText('14');
  expect(errors).toEqual([]);
});

test('keyboard: on a focused node the arrow keys choose an incoming weight, Enter edits it, focus comes back', async ({ page }) => {
  const errors = await openS1OnDiagram(page);
  const output = page.locator('[data-node="2:0"]');
  await output.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('keyboard-edge')).toHaveCount(1);
  await expect(page.getByTestId('tooltip')).toContainText('weight w = 2');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('tooltip')).toContainText('weight w = -1');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('tooltip')).toContainText('weight w = 2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('edit-input')).toBeFocused();
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(node(page, 2, 0)).toHaveText('14');
  await expect(output).toBeFocused();
  // Escape leaves the weights: Enter then edits the node's bias.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('keyboard-edge')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /^Bias of/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await screenshot(page, 'inspect-diagram-keyboard');
  expect(errors).toEqual([]);
});

test('a typed input value re-runs the forward pass', async ({ page }) => {
  const errors = await openS1OnDiagram(page);
  await page.locator('[data-node="0:0"]').click();
  await page.getByTestId('edit-input').fill('−1');
  await page.getByTestId('edit-input').press('Enter');
  // x = [−1, 3]: hidden [2, 4], output 2·2 − 4 = 0
  await expect(node(page, 1, 0)).toHaveText('2');
  await expect(node(page, 1, 1)).toHaveText('4');
  await expect(node(page, 2, 0)).toHaveText('0');
  expect(errors).toEqual([]);
});

test('the activation comparison plots the engine’s functions and shows their values at z', async ({ page }) => {
  const errors = await openS1OnDiagram(page);
  await page.getByRole('tab', { name: 'Activations' }).click();
  const view = page.getByTestId('activation-comparison');
  await expect(view.locator('canvas').first()).toBeVisible();
  await view.getByLabel('z', { exact: true }).fill('1');
  await expect(view.getByRole('row', { name: /^tanh/ })).toContainText('0.7616');
  await expect(view.getByRole('row', { name: /^sigmoid/ })).toContainText('0.7311');
  // Every elementwise function the engine has, softplus and "no activation" included, each with its derivative.
  await expect(view.getByRole('row', { name: /^softplus/ })).toContainText('1.313');
  for (const name of ['linear \\(none\\)', 'relu', 'leaky_relu', 'elu', 'tanh', 'sigmoid', 'softplus']) {
    await expect(view.getByRole('img', { name: new RegExp(`^${name}: f\\(z\\) solid and f′\\(z\\) dashed`) })).toBeVisible();
  }
  await screenshot(page, 'inspect-activations');
  expect(errors).toEqual([]);
});

test('diabetes: train, use the trained model, and see predicted vs actual with R²', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '80');
  await setTrainingField(dash, 'Learning rate', '0');
  await expect(dash.getByRole('alert')).toHaveText('The learning rate must be greater than 0');
  await setTrainingField(dash, 'Learning rate', '0.01');
  await dash.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
  await expect(dash).toContainText(/Epoch \d+ of 80/);
  await expect(page.getByTestId('training-summary')).toContainText(/(ran all epochs|stopped early)/);
  await expect(dash.locator('[data-metric="r2"]').first()).toHaveText(/^0\.\d+$/);
  await screenshot(page, 'inspect-training-diabetes');
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Predictions' }).click();
  const charts = page.getByTestId('prediction-charts');
  // a model trained here opens on its validation rows (a fifth of 442); All shows every row
  await expect(charts.getByTestId('sample-label')).toContainText('all 89 rows');
  await charts.getByTestId('split-choice').getByRole('radio', { name: /^All/ }).click();
  await expect(charts.getByTestId('sample-label')).toContainText('all 442 rows');
  const r2 = charts.locator('[data-metric="r2"]');
  // The network's R², and next to it the linear baseline's (fitted by the predict job over every row).
  await expect(r2).toHaveCount(2);
  await expect(r2.first()).toHaveText(/^0\.\d+$/);
  expect(parseFloat((await r2.first().getAttribute('title')) ?? '')).toBeGreaterThan(0.3);
  expect(parseFloat((await r2.nth(1).getAttribute('title')) ?? '')).toBeGreaterThan(0.4);
  await expect(charts.getByText('Draw the linear baseline')).toBeVisible();
  await expect(charts.locator('canvas').first()).toBeVisible();
  await screenshot(page, 'inspect-predictions-diabetes');
  expect(errors).toEqual([]);
});

test('diabetes: the same network with ReLU and with tanh, side by side on the whole dataset', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Activations' }).click();
  const view = page.getByTestId('activation-comparison');
  await view.getByRole('button', { name: 'Compare on the dataset' }).click();
  const cards = view.getByTestId('variant');
  await expect(cards).toHaveCount(2, { timeout: 30_000 });
  await expect(cards.nth(0)).toContainText('relu');
  await expect(cards.nth(1)).toContainText('tanh');
  for (const k of [0, 1]) {
    await expect(cards.nth(k).locator('[data-metric="mse"]')).toHaveText(/^\d/);
    await expect(cards.nth(k)).toContainText('442 predicted · unit statistics over 442');
  }
  await expect(cards.nth(0)).toContainText(/Dead units.*\d+ of 8/s);
  // Saturation only for the bounded function, dead units only for ReLU.
  await expect(cards.nth(0).getByTestId('saturation')).toHaveCount(0);
  await expect(cards.nth(1)).toContainText(/Saturated \(\|a\| within 1 % of a bound\).*%/s);
  await expect(cards.nth(1).getByTestId('dead-units')).toHaveCount(0);
  await expect(view.getByTestId('comparison-state')).toContainText('Every card is in the same state');
  await screenshot(page, 'inspect-activations-diabetes');
  expect(errors).toEqual([]);
});

test('diabetes: train the architecture once per activation (one job after another) and compare the loss curves; Cancel stops', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  // The variants use the Training tab's settings.
  await page.getByRole('tab', { name: 'Training' }).click();
  const dash = page.getByTestId('training-dashboard');
  await setTrainingField(dash, 'Epochs', '12');
  await page.getByRole('tab', { name: 'Activations' }).click();
  const view = page.getByTestId('activation-comparison');
  await view.getByRole('button', { name: 'Train each' }).click();
  await expect(view.getByTestId('variant-training-progress')).toContainText(/Training [12] of 2/);
  await expect(view.getByTestId('variant-training-progress')).toHaveCount(0, { timeout: 90_000 });
  await expect(view.getByRole('img', { name: 'Loss curves per activation' })).toBeVisible();
  await expect(view.getByRole('button', { name: 'Train each' })).toBeEnabled();
  await screenshot(page, 'inspect-activations-trained');

  // Again, then Cancel: the running job stops and the waiting one never starts.
  await page.getByRole('tab', { name: 'Training' }).click();
  await setTrainingField(dash, 'Epochs', '400');
  await page.getByRole('tab', { name: 'Activations' }).click();
  await view.getByRole('button', { name: 'Train each' }).click();
  await expect(view.getByTestId('variant-training-progress')).toContainText('Training 1 of 2');
  await view.getByTestId('variant-training-progress').getByRole('button', { name: 'Cancel' }).click();
  await expect(view.getByTestId('variant-training-progress')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Ready');
  expect(errors).toEqual([]);
});

for (const [sample, shape, classes] of [
  ['iris', '150 rows × 5 columns', 3],
  ['breast_cancer', '569 rows × 31 columns', 2],
] as const) {
  test(`${sample}: a trained classifier shows its confusion matrix and probabilities`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = await openApp(page);
    await openSample(page, new RegExp(sample, 'i'), shape);
    // The engine's own rule: iris's species has 3 categories; breast_cancer's malignant holds 0 and 1.
    await expect(page.getByTestId('task-reason')).toHaveText(classes === 2 ? "binary: 'malignant' holds 2 distinct whole numbers" : /^multiclass: 'species' holds 3 categories/);
    await page.getByRole('tab', { name: 'Training' }).click();
    const dash = page.getByTestId('training-dashboard');
    await setTrainingField(dash, 'Epochs', '15');
    await dash.getByRole('button', { name: 'Train' }).click();
    await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Use the trained model' }).click();
    await page.getByRole('tab', { name: 'Predictions' }).click();
    const charts = page.getByTestId('prediction-charts');
    await expect(charts.getByTestId('split-choice').getByRole('radio', { name: /^Validation/ })).toHaveAttribute('aria-checked', 'true');
    await charts.getByTestId('split-choice').getByRole('radio', { name: /^All/ }).click();
    const matrix = charts.getByTestId('confusion');
    await expect(matrix.locator('tbody tr')).toHaveCount(classes + 1);
    // Every row is counted once in the matrix.
    const counts = (await matrix.locator('tbody tr td span').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(Number(shape.split(' ')[0]));
    await expect(charts.locator('[data-metric="accuracy"]').first()).toHaveText(/^0\.\d+|^1$/);
    if (classes === 2) {
      await expect(charts.getByRole('img', { name: 'ROC curve' })).toBeVisible();
      const auc = charts.getByTestId('auc');
      await expect(auc).toHaveText(/^0\.\d+|^1$/);
      expect(Number(await auc.getAttribute('title'))).toBeGreaterThan(0.8);
    }
    await screenshot(page, `inspect-predictions-${sample}`);
    expect(errors).toEqual([]);
  });
}

test('the views in the dark theme', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = await openS1OnDiagram(page);
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await page.getByRole('button', { name: 'Forward ▶' }).click();
  await expect(page.getByTestId('step-sum')).toHaveText('2 × 1 + 3 × 1 = 5');
  await screenshot(page, 'inspect-dark-diagram');
  await page.getByRole('tab', { name: 'Activations' }).click();
  await expect(page.getByTestId('activation-comparison').locator('canvas').first()).toBeVisible();
  await screenshot(page, 'inspect-dark-activations');
  // Wait for the load: it shows the Data tab when it finishes, which would undo a Training click made before.
  await openSample(page, /diabetes/i, '442 rows × 11 columns');
  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByTestId('training-dashboard').getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('training-summary')).toBeVisible({ timeout: 50_000 });
  await screenshot(page, 'inspect-dark-training');
  await page.getByRole('button', { name: 'Use the trained model' }).click();
  await page.getByRole('tab', { name: 'Predictions' }).click();
  await expect(page.getByTestId('sample-label')).toContainText('all 89 rows');
  await page.waitForTimeout(300);
  await screenshot(page, 'inspect-dark-predictions');
  expect(errors).toEqual([]);
});

test('views without data say what to do', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByRole('tab', { name: 'Predictions' }).click();
  await expect(page.getByTestId('prediction-charts')).toContainText('Open a dataset and pick a target to see predictions.');
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(page.getByTestId('training-dashboard')).toContainText('Open a dataset and pick a target to train a network.');
  expect(errors).toEqual([]);
});

test('a 784-input network draws compactly with only the focused unit’s strongest edges, and stepping stays responsive', async ({ page }) => {
  const errors = await openApp(page);
  // 784 → 32 relu → 10 softmax with small deterministic weights (an MNIST-sized first layer).
  const w = (i: number, j: number) => Math.sin(i * 7.1 + j * 3.3) * 0.05;
  const model = {
    format: 'dense-lab/model', version: 1,
    inputs: Array.from({ length: 784 }, (_, k) => ({ name: `px${k}` })),
    output: { name: 'digit', task: 'multiclass', classes: Array.from({ length: 10 }, (_, k) => String(k)) },
    layers: [
      { units: 32, activation: 'relu', kernel: Array.from({ length: 784 }, (_, i) => Array.from({ length: 32 }, (_, j) => w(i, j))), bias: new Array(32).fill(0.01) },
      { units: 10, activation: 'softmax', kernel: Array.from({ length: 32 }, (_, i) => Array.from({ length: 10 }, (_, j) => w(i + 1000, j))), bias: new Array(10).fill(0) },
    ],
  };
  await page.getByLabel('Model file').setInputFiles({ name: 'mnist-like.dlmodel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(model)) });
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  const open = await observeLongTasks(page, async () => {
    await page.getByRole('tab', { name: 'Diagram' }).click();
    await expect(page.getByTestId('edge-note-0')).toContainText('click a unit');
  });
  const step = await observeLongTasks(page, async () => {
    for (let k = 0; k < 5; k++) await page.getByRole('button', { name: 'Forward ▶' }).click();
    await expect(page.getByTestId('step-sum')).toContainText('… (772 more terms) + 0.01 = 0.01');
    await expect(page.getByTestId('edge-note-0')).toContainText('top 10 |x·w| → node_4');
  });
  // 25,088 + 320 edges exist; the focused unit's top k are drawn.
  const edges = await page.locator('line.edge, path.edge').count();
  expect(edges).toBeGreaterThan(0);
  expect(edges).toBeLessThanOrEqual(1200);
  // The page still answers clicks: switching tabs works within the normal timeout.
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await expect(page.getByTestId('edge-note-0')).toBeVisible();
  reportPerf('diagram-784-inputs', { edgesDrawn: edges, openLongestTaskMs: open.longestTaskMs, openTasksOver50Ms: open.tasksOver50Ms, stepLongestTaskMs: step.longestTaskMs, stepTasksOver50Ms: step.tasksOver50Ms });
  await screenshot(page, 'inspect-diagram-784');
  expect(errors).toEqual([]);
});
