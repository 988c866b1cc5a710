#!/usr/bin/env node
/**
 * The UI thread on 1,000,000 rows (issue 16: no renderer long task over 50 ms while loading, training or
 * predicting): the built app in browser mode (`node out/main/web.js`, as tests/e2e runs it) in Debian's
 * Chromium, driven by Playwright. A PerformanceObserver('longtask') installed before the page's own scripts
 * records every main-thread task of 50 ms or more; each is put in the phase it started in:
 *   load     "Open path…" on the bench's 1,000,000 × 11 CSV until the dataset's shape shows
 *   train    one epoch (Train, until the summary shows)
 *   predict  the Predictions tab until its 10,000-row sample, metrics and charts show
 * The page's own scripts (V8 compiling them) before the first phase are not counted. Prints, per phase, the
 * longest task, the count over 50 ms, the most CPU time one task took (from a light Chromium trace: on a busy
 * machine a task can last long only because the renderer waited for a core) and the phase's seconds; --profile also prints where the renderer's
 * main thread spent its time in each phase (a CPU profile's top functions), and --trace what ran inside each task
 * of 50 ms or more (a Chromium trace). A measurement, never a test.
 *
 * Usage: node bench/long-tasks.mjs [--rows N] [--epochs N] [--json] [--profile] [--trace] [--screenshots DIR]
 * (`npm run build` first). bench/run.mjs runs it as its long-task rows.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startWebApp } from '../scripts/web-process.mjs';
import { ensureCsv } from './lib/data.mjs';

const root = resolve(import.meta.dirname, '..');
/** Debian's binary (the /usr/bin/chromium wrapper prints noise), as tests/e2e/playwright.config.ts; CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
export const PHASES = ['load', 'train', 'predict'];

/** Records every long task (start and duration, page clock) from before the app's first script runs. */
function observeLongTasks() {
  const w = /** @type {any} */ (window);
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** The page's clock now, and a user-timing mark `dense-lab:<name>` in the trace at the same moment. */
const pageNow = (page, name = 'mark') => page.evaluate((n) => {
  performance.mark(`dense-lab:${n}`);
  return performance.now();
}, name);

/**
 * One run: resolves with { phases: { load|train|predict: { longestMs, over50, seconds } }, profile? }.
 * `log` gets progress lines; a step that does not finish in its time throws, naming the step.
 */
export async function measureLongTasks({ csvPath, rows, epochs = 1, profile = false, trace = false, screenshots = null, log = () => {} }) {
  if (!existsSync(resolve(root, 'out/main/web.js'))) throw new Error('out/main/web.js is missing: run `npm run build` first');
  if (!CHROMIUM) throw new Error('no Chromium (Debian: apt-get install chromium; or set CHROMIUM_PATH)');
  const app = await startWebApp(root);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(observeLongTasks);
    await page.goto(app.url);
    await page.getByRole('tab', { name: 'Data' }).waitFor();
    await page.waitForTimeout(500);
    const session = profile ? await page.context().newCDPSession(page) : null;
    if (session) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 500 });
    }
    const top = {};
    const profiles = [];
    // Always a light trace: each task's CPU time (a task can be long only because this busy machine ran
    // something else meanwhile); with --trace also what ran inside the long ones.
    await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', ...(trace ? ['devtools.timeline'] : [])] });
    const marks = { start: await pageNow(page) };
    const step = async (name, fn) => {
      if (session) await session.send('Profiler.start');
      try {
        await fn();
      } catch (e) {
        throw new Error(`${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
      if (session) {
        const p = (await session.send('Profiler.stop')).profile;
        profiles.push(p);
        top[name] = topFunctions(p);
      }
    };
    const shape = `${rows.toLocaleString('en-US')} rows × 11 columns`;
    log(`load ${csvPath} …`);
    await step('load', async () => {
      await page.getByRole('button', { name: 'Open path…' }).click();
      await page.getByLabel('Path of a CSV file on the machine running Dense Lab').fill(csvPath);
      marks.load = await pageNow(page, 'load');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByTestId('dataset-shape').filter({ hasText: shape }).waitFor({ timeout: 180_000 });
      await page.waitForTimeout(1000); // the Data view's first draws after the load
    });
    if (screenshots) await page.screenshot({ path: resolve(screenshots, 'long-tasks-load.png') });
    marks.train = await pageNow(page, 'train');
    log(`train ${epochs} epoch(s) …`);
    await step('train', async () => {
      await page.getByLabel('Target (what to predict)').selectOption('y');
      await page.getByRole('tab', { name: 'Training' }).click();
      const dash = page.getByTestId('training-dashboard');
      await dash.getByLabel('Epochs').fill(String(epochs));
      await dash.getByLabel('Epochs').press('Enter');
      await dash.getByRole('button', { name: 'Train' }).click();
      await page.getByTestId('training-summary').waitFor({ timeout: 600_000 });
      await page.waitForTimeout(1000);
    });
    if (screenshots) await page.screenshot({ path: resolve(screenshots, 'long-tasks-train.png') });
    marks.predict = await pageNow(page, 'predict');
    log('predict …');
    await step('predict', async () => {
      await page.getByRole('tab', { name: 'Predictions' }).click();
      await page.getByTestId('sample-label').filter({ hasText: `of ${rows.toLocaleString('en-US')} rows` }).waitFor({ timeout: 300_000 });
      await page.getByTestId('prediction-charts').locator('canvas').first().waitFor();
      await page.waitForTimeout(1000);
    });
    if (screenshots) await page.screenshot({ path: resolve(screenshots, 'long-tasks-predict.png') });
    marks.end = await pageNow(page, 'end');
    const tasks = await page.evaluate(() => /** @type {any} */ (window).__longTasks);
    const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
    const cpu = mainThreadCpu(events);
    const phases = {};
    const bounds = [marks.load, marks.train, marks.predict, marks.end];
    PHASES.forEach((name, k) => {
      const inPhase = tasks.filter((t) => t.start >= bounds[k] && t.start < bounds[k + 1]).map((t) => t.duration);
      phases[name] = {
        longestMs: Math.round(Math.max(0, ...inPhase)),
        over50: inPhase.filter((d) => d > 50).length,
        longestCpuMs: cpu ? Math.round(cpu(name, ['train', 'predict', 'end'][k])) : null,
        seconds: (bounds[k + 1] - bounds[k]) / 1000,
      };
    });
    const inside = trace ? longestTaskContents(events, profiles) : null;
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    return { phases, ...(session ? { profile: top } : {}), ...(inside ? { inside } : {}) };
  } finally {
    await browser.close();
    await app.stop();
  }
}

/** The renderer's main thread(s): "pid:tid" keys of the trace's CrRendererMain threads. */
function rendererMains(events) {
  return new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
}

/**
 * From the trace: (from, to) → the most CPU time (ms) one main-thread task took between the marks
 * dense-lab:<from> and dense-lab:<to>; null when the trace has no CPU times or marks.
 */
function mainThreadCpu(events) {
  const mains = rendererMains(events);
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.tdur !== undefined && mains.has(`${e.pid}:${e.tid}`));
  const mark = (n) => events.find((e) => e.name === `dense-lab:${n}`)?.ts;
  if (tasks.length === 0 || mark('end') === undefined) return null;
  return (from, to) => Math.max(0, ...tasks.filter((t) => t.ts >= mark(from) && t.ts < mark(to)).map((t) => t.tdur / 1000));
}

/**
 * The renderer main thread's tasks of 50 ms or more (or 20 ms of CPU) in a Chromium trace, longest first, each with what ran inside
 * it for 3 ms or more (trace event name, and the script's function and place for calls): what to fix.
 */
function longestTaskContents(events, profiles) {
  const mains = rendererMains(events);
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`));
  // Long by the clock, or by CPU time (20 ms and more: what a quieter machine would still feel).
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur >= 50_000 || e.tdur >= 20_000)).sort((a, b) => b.dur - a.dur).slice(0, 6);
  return tasks.map((t) => {
    const parts = onMain
      .filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur >= 3000 && e.name !== 'ThreadControllerImpl::RunTask')
      .map((e) => {
        const d = e.args?.data ?? {};
        const where = d.functionName || d.url ? ` ${d.functionName ?? ''} ${String(d.url ?? '').split('/').pop()}:${d.lineNumber ?? ''}` : '';
        return `${(e.dur / 1000).toFixed(1)} ms ${e.name}${where}`;
      });
    // With --profile too: the functions sampled inside the task (trace and profile share the monotonic clock, µs).
    const self = new Map();
    for (const p of profiles) {
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      let at = p.startTime;
      p.samples.forEach((id, i) => {
        at += p.timeDeltas[i];
        if (at < t.ts || at > t.ts + t.dur) return;
        const f = byId.get(id).callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + p.timeDeltas[i] / 1000);
      });
    }
    const sampled = [...self].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, ms]) => `${ms.toFixed(1)} ms ${k}`);
    const cpu = t.tdur !== undefined ? ` (${(t.tdur / 1000).toFixed(1)} ms of it on the CPU)` : '';
    return `task ${(t.dur / 1000).toFixed(1)} ms${cpu}: ${parts.slice(0, 12).join('; ')}${sampled.length ? `\n   sampled: ${sampled.join('; ')}` : ''}`;
  });
}

/** Self time by function (ms) over a phase's profile: where the renderer's main thread went. */
function topFunctions(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${k}`);
}

async function main() {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  const rows = Number(arg('rows', '1000000'));
  const json = process.argv.includes('--json');
  const screenshots = arg('screenshots', null);
  if (screenshots) mkdirSync(screenshots, { recursive: true });
  const log = (line) => process.stderr.write(`long-tasks: ${line}\n`);
  const csv = await ensureCsv(rows, log);
  const r = await measureLongTasks({ csvPath: csv.path, rows, epochs: Number(arg('epochs', '1')), profile: process.argv.includes('--profile'), trace: process.argv.includes('--trace'), screenshots, log });
  if (json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  console.table(Object.fromEntries(PHASES.map((p) => [p, { 'longest task ms': r.phases[p].longestMs, 'tasks over 50 ms': r.phases[p].over50, 'most CPU in one task ms': r.phases[p].longestCpuMs ?? 'n/a', 'phase s': r.phases[p].seconds.toFixed(1) }])));
  for (const line of r.inside ?? []) console.log(line);
  for (const [phase, lines] of Object.entries(r.profile ?? {})) console.log(`renderer main thread while ${phase}, self time by function:\n${lines.slice(0, 15).join('\n')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
