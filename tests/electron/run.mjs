// `npm run test:electron`: the Electron suite, run only where an Electron binary exists. Without one it
// prints one line saying why and exits 0 (the browser suite covers the same renderer and services).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = electronBinary();
if (!binary) {
  const why = process.env.ELECTRON_EXEC_PATH
    ? `ELECTRON_EXEC_PATH=${process.env.ELECTRON_EXEC_PATH} does not exist`
    : 'the Electron binary is not installed (its download was skipped or failed at npm install)';
  console.log(`Electron tests skipped: ${why}; set ELECTRON_EXEC_PATH to an Electron executable to run them.`);
  process.exit(0);
}
const built = ['out/main/electron.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].every((f) => existsSync(resolve(repoRoot, f)));
if (!built) {
  const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--config', 'electron.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '-c', 'tests/electron/playwright.config.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
process.exit(run.status ?? 1);
