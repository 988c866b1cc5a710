// `npm start`: build, then open the Electron window (or say in one sentence why it cannot).
import { spawnSync, spawn } from 'node:child_process';
import { electronBinary, NO_ELECTRON } from './electron-binary.mjs';

const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--config', 'electron.config.ts'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let binary = electronBinary();
if (!binary) {
  // First start on a machine with internet: fetch the binary the way electron's own install script would.
  console.error('Downloading the Electron binary (first start)…');
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore' });
  binary = electronBinary();
}
if (!binary) {
  console.error(NO_ELECTRON);
  process.exit(1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
