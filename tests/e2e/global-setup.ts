/**
 * Starts the real bridge server from the build (`node out/main/web.js --port 0 --no-open`), reads the
 * URL with this run's token from its first line, and hands it to the specs as DENSE_LAB_URL. The
 * returned function (Playwright's teardown) stops exactly the process started here.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './helpers';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const web = resolve(repoRoot, 'out/main/web.js');
  if (!existsSync(web) || !existsSync(resolve(repoRoot, 'out/renderer/index.html'))) {
    throw new Error('The app is not built: run `npm run build` first (npm run test:e2e does).');
  }
  mkdirSync(resolve(repoRoot, 'tests/artifacts'), { recursive: true });
  const child = spawn(process.execPath, [web, '--port', '0', '--no-open'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web.js printed no URL within 15 s. stderr: ${stderr}`)), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web.js exited with code ${code} before printing its URL. stderr: ${stderr}`));
    });
  });
  process.env.DENSE_LAB_URL = url;
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
