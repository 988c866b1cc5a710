// Where the Electron binary is, or null when it is not installed (e.g. no internet at install time).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

export function electronBinary() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? override : null;
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const NO_ELECTRON =
  'The Electron binary is not installed (it is downloaded from GitHub at install time, which failed or was skipped); run `npm run web` to use Dense Lab in your browser instead.';
