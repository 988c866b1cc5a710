// Build configuration for every bundle Dense Lab ships (read by electron-vite), and the packaging
// configuration (read by scripts/dist.mjs through electron-builder's API).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Configuration } from 'electron-builder';

const root = import.meta.dirname;

/** Entry points of the main-process build: they all land flat in out/main/, so a worker's path is
 * always `out/main/<name>.js` next to whoever starts it (STACK-NOTES: chunks beside entries). */
export const mainEntries = {
  electron: resolve(root, 'src-main/electron/main.ts'),
  cli: resolve(root, 'src-main/cli.ts'),
  web: resolve(root, 'src-main/bridge/web.ts'),
  'forward-worker': resolve(root, 'src-main/workers/forward-worker.ts'),
  'train-worker': resolve(root, 'src-main/workers/train-worker.ts'),
  'csv-worker': resolve(root, 'src-main/workers/csv-worker.ts'),
  'export-worker': resolve(root, 'src-main/workers/export-worker.ts'),
  'analysis-worker': resolve(root, 'src-main/workers/analysis-worker.ts'),
};

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      minify: false,
      sourcemap: true,
      externalizeDeps: true,
      rolldownOptions: {
        input: mainEntries,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});

/** electron-builder configuration (`npm run dist`). */
export const packaging = {
  appId: 'app.denselab.desktop',
  productName: 'Dense Lab',
  directories: { output: 'dist', buildResources: 'build' },
  // The native forward kernel goes beside the bundled workers in out/main (taken from native/build, since a plain
  // electron-vite build empties out/main), and is unpacked: a shared library cannot be loaded from inside
  // app.asar; src-main/native/addon.ts looks in app.asar.unpacked.
  files: ['out/**/*', 'package.json', '!out/**/*.map', '!out/main/*.node', { from: 'native/build/Release', to: 'out/main', filter: ['dense_lab_native.node'] }],
  asarUnpack: ['**/*.node'],
  extraResources: [{ from: 'samples', to: 'samples', filter: ['*.csv', 'README.md'] }],
  linux: { target: ['AppImage', 'deb'], category: 'Science', icon: 'build/icon.png' },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  mac: { target: ['dmg'], category: 'public.app-category.education', icon: 'build/icon.png' },
  // Fuses flipped in the packaged Electron binary, so nobody can turn the installed app into a general
  // Node.js runtime or attach a debugger to it: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS / NODE_EXTRA_CA_CERTS,
  // no --inspect (nor SIGUSR1); app code only from app.asar, checked against its integrity hash (macOS,
  // Windows). Dense Lab needs none of these: its background work runs in worker_threads, not forked processes.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    // Pages come from the app:// protocol (src-main/electron/protocol.ts), never file://.
    grantFileProtocolExtraPrivileges: false,
  },
} satisfies Configuration;
