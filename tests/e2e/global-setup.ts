/**
 * Starts the real bridge server from the build (`node out/main/web.js --port 0 --no-open`), reads the
 * URL with this run's token from its first line, and hands it to the specs as DENSE_LAB_URL. The
 * returned function (Playwright's teardown) stops exactly the process started here.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startWebApp } from '../../scripts/web-process.mjs';
import { repoRoot } from './helpers';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const web = resolve(repoRoot, 'out/main/web.js');
  if (!existsSync(web) || !existsSync(resolve(repoRoot, 'out/renderer/index.html'))) {
    throw new Error('The app is not built: run `npm run build` first (npm run test:e2e does).');
  }
  mkdirSync(resolve(repoRoot, 'tests/artifacts'), { recursive: true });
  const app = await startWebApp(repoRoot);
  process.env.DENSE_LAB_URL = app.url;
  return app.stop;
}
