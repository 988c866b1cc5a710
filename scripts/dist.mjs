// `npm run dist`: build, then package with electron-builder using the config in electron.config.ts.
import { spawnSync } from 'node:child_process';
import { electronBinary, NO_ELECTRON } from './electron-binary.mjs';

const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--config', 'electron.config.ts'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// electron.config.ts is TypeScript: load it through tsx's loader.
const { tsImport } = await import('tsx/esm/api');
const { packaging } = await tsImport('../electron.config.ts', import.meta.url);
const builder = await import('electron-builder');
const electronDist = process.env.ELECTRON_DIST;
if (!electronBinary() && !electronDist) {
  console.error(`${NO_ELECTRON} (To package offline, set ELECTRON_DIST to an unpacked Electron folder.)`);
  process.exit(1);
}
try {
  await builder.build({ config: { ...packaging, ...(electronDist ? { electronDist } : {}) }, publish: 'never', ...parseTargets(process.argv.slice(2)) });
} catch (err) {
  console.error(`dist: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

function parseTargets(args) {
  if (args.includes('--dir')) return { dir: true };
  return {};
}
