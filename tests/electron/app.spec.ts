/**
 * The desktop shell, in a real Electron: the window, its security settings, the preload's api, and the
 * rules that keep the page inside the app. Run by tests/electron/run.mjs (ELECTRON_EXEC_PATH is set there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const repoRoot = resolve(import.meta.dirname, '../..');

let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'dense-lab-electron-'));
  app = await electron.launch({
    executablePath: process.env.ELECTRON_EXEC_PATH,
    args: [repoRoot, `--user-data-dir=${userData}`, ...(process.env.CI ? ['--no-sandbox'] : [])],
    cwd: repoRoot,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  rmSync(userData, { recursive: true, force: true });
});

test('the window is titled Dense Lab and shows the app from app://', async () => {
  await expect(page).toHaveTitle(/Dense Lab/);
  expect(page.url()).toMatch(/^app:\/\/dense-lab\//);
});

test('the window runs sandboxed with context isolation, no Node integration and web security', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    // getLastWebPreferences is real but missing from Electron's typings.
    const contents = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null };
    const p = contents.getLastWebPreferences();
    return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration, webSecurity: p?.webSecurity };
  });
  expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
});

test('the preload exposes api, and getAppInfo answers in electron mode', async () => {
  const info = await page.evaluate(async () => {
    const api = (window as unknown as { api: { getAppInfo(): Promise<{ ok: boolean; value?: { mode: string; name: string } }>; mode: string } }).api;
    return { mode: api.mode, info: await api.getAppInfo() };
  });
  expect(info.mode).toBe('electron');
  expect(info.info).toMatchObject({ ok: true, value: { mode: 'electron', name: 'Dense Lab' } });
});

test('bad arguments come back as a typed error, not an exception', async () => {
  const r = await page.evaluate(() =>
    (window as unknown as { api: { getRows(a: unknown): Promise<unknown> } }).api.getRows({ datasetId: 'd1', start: -5, count: 1 }),
  );
  expect(r).toMatchObject({ ok: false, error: { kind: 'api/invalid-argument', path: 'args.start' } });
});

test('window.open and navigation away from the app are blocked', async () => {
  expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(300);
  expect(page.url()).toMatch(/^app:\/\/dense-lab\//);
  expect(app.windows()).toHaveLength(1);
});

test('the page is served with the CSP', async () => {
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  expect(csp).toContain("script-src 'self'");
});
