// Dev server for the inspection views' screenshot harness (never part of the production build).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte()],
  server: { port: Number(process.env.HARNESS_PORT ?? 5181), strictPort: true, fs: { allow: [resolve(import.meta.dirname, '../../..')] } },
  logLevel: 'warn',
});
