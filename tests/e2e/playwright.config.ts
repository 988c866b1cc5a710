/**
 * End-to-end tests: the real renderer in Debian's Chromium against the real services, served by the
 * browser bridge (`node out/main/web.js`, started in global-setup.ts). Browsers are never downloaded.
 * Run with `npm run test:e2e` (builds first). Screenshots go to tests/artifacts/ (gitignored).
 */
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Debian's binary (the /usr/bin/chromium wrapper script prints noise); CHROMIUM_PATH overrides. */
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/e2e',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 880 },
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
