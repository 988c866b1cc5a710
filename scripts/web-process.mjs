/**
 * Starts the built browser-mode app (`node out/main/web.js --port 0 --no-open`) and reads the URL with this
 * run's token from its first line. Used by the e2e global setup and by `npm run tour`; `stop` ends exactly
 * the process started here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Answers `{ url, stop, dataDir }` once web.js printed its URL (rejects with its stderr if it exits or stays silent for
 * `timeoutMs`). `dataDir` (where runs are kept): a fresh temporary folder unless given (removed by `stop`), so tools
 * never write the user's. `args`: more flags for web.js (e.g. `--write-dir DIR`, `--stream-min-bytes N`).
 */
export async function startWebApp(root, timeoutMs = 15_000, given = undefined, args = []) {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'dense-lab-data-'));
  const child = spawn(process.execPath, [resolve(root, 'out/main/web.js'), '--port', '0', '--no-open', '--data-dir', dataDir, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const url = await new Promise((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web.js printed no URL within ${timeoutMs / 1000} s. stderr: ${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
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
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (given === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop, dataDir };
}
