#!/usr/bin/env node
/**
 * `npm run tour`: the project's own screenshot tour. Starts the app in browser mode (the built bridge,
 * `node out/main/web.js --port 0 --no-open`), drives Debian's Chromium with playwright-core through every
 * tab and sub-view for: nothing opened, each course example, each bundled sample (trained with the
 * Training tab's defaults, then "Use the trained model") and a generated wide case (784 inputs, 10
 * classes, 20,000 rows, with a 784-128-64-10 model), then the Interactions tab's sub-views (INTERACTIONS: for the
 * wide case only those whose cost does not grow with the pairs of inputs), and writes one PNG per view plus an index with, per
 * shot, the console errors, the DOM and SVG element counts and the time from the click to the next paint.
 *
 *   npm run tour                       # everything, into tests/artifacts/tour/ (gitignored)
 *   npm run tour -- --only wide,iris   # scenarios whose name contains one of these words
 *   npm run tour -- --out DIR --compare OLD/index.json   # also print the figures of an earlier tour beside these
 *
 * Builds first when out/ is missing or older than the sources. The figures are for reading, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { wideCase } from './tour-data.mjs';
import { startWebApp } from './web-process.mjs';

const root = resolve(import.meta.dirname, '..');
const TABS = ['data', 'network', 'diagram', 'activations', 'predictions', 'training', 'interactions'];

function parseArgs(argv) {
  const args = { out: resolve(root, 'tests/artifacts/tour'), only: null, compare: null };
  for (let k = 0; k < argv.length; k += 1) {
    const flag = argv[k];
    const value = argv[k + 1];
    if (flag === '--out' && value) args.out = resolve(value);
    else if (flag === '--only' && value) args.only = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    else if (flag === '--compare' && value) args.compare = resolve(value);
    else {
      process.stderr.write(`tour: unknown argument ${flag} (use --out DIR, --only a,b, --compare OLD/index.json)\n`);
      process.exit(2);
    }
    k += 1;
  }
  return args;
}

/** Newest modification time of any file under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

function buildIfNeeded() {
  const built = resolve(root, 'out/renderer/index.html');
  const stale = !existsSync(resolve(root, 'out/main/web.js')) || !existsSync(built) || ['src-shared', 'src-main', 'src-renderer'].some((d) => newest(resolve(root, d)) > statSync(built).mtimeMs);
  if (!stale) return;
  console.log('tour: building the app (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('tour: npm run build failed (see above)\n');
    process.exit(1);
  }
}

const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

/** One browser page per scenario, its console errors collected into the shot being taken. */
class Tour {
  constructor(browser, url, out, onScenarioDone) {
    this.browser = browser;
    this.url = url;
    this.out = out;
    this.shots = [];
    this.onScenarioDone = onScenarioDone;
  }

  async scenario(name, body) {
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 880 } });
    const page = await context.newPage();
    this.errors = [];
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    this.page = page;
    this.name = name;
    mkdirSync(join(this.out, name), { recursive: true });
    const started = Date.now();
    try {
      await page.goto(this.url);
      await page.locator('#tab-data').waitFor();
      await body(page);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      console.log(`  ${name}: stopped: ${message}`);
      this.shots.push({ scenario: name, shot: 'FAILED', file: null, errors: [...this.errors, `tour: ${message}`], elements: 0, svgElements: 0, paintMs: null });
    } finally {
      await context.close();
      this.onScenarioDone(this.shots);
    }
    console.log(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /**
   * Clicks `target` in the page (no Playwright round trip inside the measurement) and measures until the
   * frame after the click is painted; `settle` then waits for the view's own work before the counts and PNG.
   */
  async shot(label, target, settle, reveal = false) {
    const page = this.page;
    this.errors = [];
    let paintMs = null;
    if (target) {
      await target.waitFor();
      paintMs = await target.evaluate(
        (el) =>
          new Promise((done) => {
            const t0 = performance.now();
            el.click();
            requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
          }),
      );
    }
    if (settle) await settle(page);
    if (reveal && target) await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.mouse.move(1399, 879); // no hover tooltip left over from an earlier click
    await page.waitForTimeout(250);
    const counts = await page.evaluate(() => ({
      elements: document.getElementsByTagName('*').length,
      svgElements: document.querySelectorAll('svg, svg *').length,
    }));
    const file = join(this.name, `${String(this.shots.filter((s) => s.scenario === this.name).length + 1).padStart(2, '0')}-${label}.png`);
    await page.screenshot({ path: join(this.out, file) });
    this.shots.push({ scenario: this.name, shot: label, file, errors: [...this.errors], ...counts, paintMs: paintMs === null ? null : Math.round(paintMs) });
  }

  /** Every workspace tab, then the training dashboard's sub-views when it has a trained run. */
  async allTabs(page) {
    for (const tab of TABS) await this.shot(tab, page.locator(`#tab-${tab}`), quiet);
    const subTabs = page.locator('[data-testid="training-dashboard"] [role="tab"]');
    for (let k = 0; k < (await subTabs.count()); k += 1) {
      const label = (await subTabs.nth(k).innerText()).toLowerCase().replace(/[^a-z0-9]+/g, '-');
      await this.shot(`training-${label}`, subTabs.nth(k), quiet, true);
    }
  }
}

/**
 * The Interactions tab's sub-views for a sample (by name) and the wide case: the interaction plot (X by G), the H
 * table and heatmap, permutation importance, the two-input surface with its unit thumbnails (and one opened large),
 * and the representation. The wide case (784 inputs) skips H (every pair: 307,000 of them) and importance (one
 * shuffle per input): only the views that stay bounded.
 */
const INTERACTIONS = {
  bank_transactions: { feature: 'balance', by: 'retired', x: 'balance', y: 'age' },
  iris: { responseClass: 'virginica', feature: 'petal_length', by: 'petal_width', x: 'petal_length', y: 'petal_width' },
  // no grouping: a pixel is 0 in most rows, so its quantile groups collapse into one
  wide: { feature: 'pixel300', by: null, x: 'pixel300', y: 'pixel301', bounded: true },
};

async function interactionViews(tour, page, plan) {
  await page.locator('#tab-interactions').click();
  const view = page.getByTestId('interactions-view');
  await view.waitFor();
  const shown = (testid) => async (p) => {
    const v = p.getByTestId('interactions-view');
    // the view, or the analysis's error sentence (then the shot shows that)
    const el = v.getByTestId(testid).or(v.getByRole('alert')).first();
    await el.waitFor({ timeout: 180_000 });
    await quiet(p);
    await el.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  };
  if (plan.responseClass) await view.getByLabel('Response class').selectOption(plan.responseClass);
  await view.getByLabel('Feature X').selectOption(plan.feature);
  if (plan.by) await view.getByLabel('Group by').selectOption(plan.by);
  await tour.shot('interactions-plot', view.getByRole('button', { name: 'Draw', exact: true }), shown('dependence-plots'));
  if (!plan.bounded) {
    await tour.shot('interactions-h', view.getByRole('button', { name: 'Compute H for every pair' }), shown('h-table'));
    await tour.shot('interactions-h-heatmap', null, shown('h-heatmap'));
    await tour.shot('interactions-importance', view.getByRole('button', { name: 'Shuffle each input' }), shown('importance-chart'));
  }
  await view.getByLabel('Surface X').selectOption(plan.x);
  await view.getByLabel('Surface Y').selectOption(plan.y);
  await tour.shot('interactions-surface', view.getByRole('button', { name: 'Draw surface' }), shown('surface'));
  await tour.shot('interactions-units', null, shown('unit-thumbnails'));
  const thumb = view.getByTestId('unit-thumbnails').getByRole('button').first();
  if ((await thumb.count()) > 0) await tour.shot('interactions-unit-large', thumb, shown('surface'));
  await tour.shot('interactions-representation', view.getByRole('button', { name: 'Project rows' }), shown('representation-pca'));
}

/** Waits until nothing says it is working (Predicting…, a job in the status bar), up to 3 minutes. */
async function quiet(page) {
  await page
    .waitForFunction(() => !document.querySelector('.status progress') && !/Predicting…|Loading…/.test(document.querySelector('[role="tabpanel"]')?.textContent ?? ''), null, { timeout: 180_000 })
    .catch(() => {});
}

/** Trains with the Training tab's settings (epochs overridden when given) and loads the result. */
async function trainAndUse(tour, page, epochs) {
  await page.locator('#tab-training').click();
  const dash = page.getByTestId('training-dashboard');
  if (epochs) {
    await dash.getByLabel('Epochs').fill(String(epochs));
    await dash.getByLabel('Epochs').press('Enter');
  }
  await dash.getByRole('button', { name: 'Train', exact: true }).click();
  const use = page.getByRole('button', { name: 'Use the trained model' });
  // The run ends in a model to use, or in an error the dashboard shows (then the tour goes on without it).
  await use.or(dash.getByRole('alert')).first().waitFor({ timeout: 15 * 60_000 });
  if (!(await use.isVisible())) return tour.shot('training-failed', null, quiet);
  await tour.shot('trained', null, quiet);
  await tour.shot('use-trained-model', use, quiet);
}

async function openMenuItem(page, menu, name) {
  await page.getByRole('button', { name: menu, exact: true }).click();
  await page.getByRole('menuitem', { name }).first().click();
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function writeIndex(out, shots, compare) {
  const before = compare && existsSync(compare) ? JSON.parse(readFileSync(compare, 'utf8')).shots : null;
  const find = (s) => before?.find((b) => b.scenario === s.scenario && b.shot === s.shot) ?? null;
  writeFileSync(join(out, 'index.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), shots }, null, 2)}\n`);
  const lines = ['# Dense Lab tour', '', `Measured ${new Date().toISOString()} · ${shots.length} shots · Chromium 1400×880.`, ''];
  if (before) lines.push(`Figures in brackets: ${relative(out, compare)}.`, '');
  for (const scenario of [...new Set(shots.map((s) => s.scenario))]) {
    lines.push(`## ${scenario}`, '', '| shot | elements | SVG elements | click → paint (ms) | console errors |', '| --- | ---: | ---: | ---: | --- |');
    for (const s of shots.filter((x) => x.scenario === scenario)) {
      const b = find(s);
      const was = (now, old) => `${now ?? '—'}${b ? ` (${old ?? '—'})` : ''}`;
      const link = s.file ? `[${s.shot}](${s.file})` : s.shot;
      lines.push(`| ${link} | ${was(s.elements, b?.elements)} | ${was(s.svgElements, b?.svgElements)} | ${was(s.paintMs, b?.paintMs)} | ${s.errors.length === 0 ? '' : s.errors.join('<br>').replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  writeFileSync(join(out, 'index.md'), `${lines.join('\n')}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!chromiumPath) {
    process.stderr.write('tour: no Chromium found (set CHROMIUM_PATH to a Chromium binary)\n');
    process.exit(2);
  }
  buildIfNeeded();
  rmSync(args.out, { recursive: true, force: true });
  mkdirSync(args.out, { recursive: true });
  const wanted = (name) => !args.only || args.only.some((w) => name.toLowerCase().includes(w));
  const app = await startWebApp(root, 30_000);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The index is written after every scenario, so a tour stopped half-way keeps what it saw.
  const tour = new Tour(browser, app.url, args.out, (shots) => writeIndex(args.out, shots, args.compare));
  try {
    const menus = await listMenus(app.url);
    if (wanted('start')) await tour.scenario('start', (page) => tour.allTabs(page));
    for (const example of menus.examples) {
      const name = `example-${example.id}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
      if (!wanted(name)) continue;
      await tour.scenario(name, async (page) => {
        await openMenuItem(page, 'Examples', new RegExp(`^${escape(example.id)}:`));
        await tour.allTabs(page);
      });
    }
    for (const sample of menus.samples) {
      const name = `sample-${sample.name.replace(/\.csv$/, '')}`;
      if (!wanted(name)) continue;
      await tour.scenario(name, async (page) => {
        await openMenuItem(page, 'Samples', new RegExp(`^${escape(sample.name)}`));
        await page.getByTestId('dataset-shape').waitFor({ timeout: 120_000 });
        await quiet(page);
        await trainAndUse(tour, page);
        await tour.allTabs(page);
        const plan = INTERACTIONS[sample.name.replace(/\.csv$/, '')];
        if (plan) await interactionViews(tour, page, plan);
      });
    }
    if (wanted('wide')) {
      const wide = await wideCase(join(tmpdir(), 'dense-lab-tour'));
      await tour.scenario('wide', async (page) => {
        await page.getByRole('button', { name: 'Open path…' }).click();
        await page.getByLabel('Path of a CSV file on the machine running Dense Lab').fill(wide.csv);
        await page.getByRole('button', { name: 'Open', exact: true }).click();
        await page.getByTestId('dataset-shape').waitFor({ timeout: 120_000 });
        await quiet(page);
        await tour.shot('data-opened', null, quiet);
        await page.locator('input[aria-label="Model file"]').setInputFiles(wide.model);
        await quiet(page);
        await tour.shot('model-opened', null, quiet);
        await tour.allTabs(page);
        await trainAndUse(tour, page, 2);
        await tour.allTabs(page);
        await interactionViews(tour, page, INTERACTIONS.wide);
      });
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  writeIndex(args.out, tour.shots, args.compare);
  const errors = tour.shots.reduce((n, s) => n + s.errors.length, 0);
  console.log(`tour: ${tour.shots.length} shots, ${errors} console errors → ${relative(root, join(args.out, 'index.md'))}`);
}

/** The Samples and Examples menus' contents, read through the page's own api (the same lists the menus show). */
async function listMenus(url) {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const read = async (menu) => {
      await page.getByRole('button', { name: menu, exact: true }).click();
      await page.getByRole('menuitem').first().waitFor();
      const labels = await page.getByRole('menuitem').allInnerTexts();
      await page.keyboard.press('Escape');
      return labels.map((l) => l.split('\n')[0].trim());
    };
    const samples = (await read('Samples')).filter((l) => l.endsWith('.csv')).map((name) => ({ name }));
    const examples = (await read('Examples')).filter((l) => l.includes(':')).map((l) => ({ id: l.split(':')[0] }));
    return { samples, examples };
  } finally {
    await browser.close();
  }
}

await main();
