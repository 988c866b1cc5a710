/** The Electron suite (started by tests/electron/run.mjs, which first checks that an Electron binary exists). */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
});
