/**
 * A file of the app's own (the settings, a workspace, a store of runs) that cannot be read as what it
 * should be is moved aside, never overwritten or dropped: renamed beside itself with the time in its name,
 * so the user (or support) still has every byte, and the app starts afresh. The caller shows the message.
 */
import { renameSync } from 'node:fs';
import { fileError } from './plain-errors';

/** `settings.json` → `settings.json.corrupt-2026-12-07T14-05-09Z`. */
export function asideName(file: string, now: Date): string {
  return `${file}.corrupt-${now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}`;
}

/** What became of a corrupt file: where it is now (null if it could not be moved), and a sentence saying so. */
export interface KeptAside {
  readonly aside: string | null;
  readonly message: string;
}

/**
 * Move `file` (a `what`, unreadable because `why`) aside; `then` says what the app does instead (default: starts afresh). If it cannot be moved, the caller must not write
 * over it: the message says it was left in place.
 */
export function keepAside(file: string, what: string, why: string, now: Date = new Date(), then?: string): KeptAside {
  const aside = asideName(file, now);
  try {
    renameSync(file, aside);
    return { aside, message: `The ${what} ${file} could not be read (${why}); it was kept as ${aside} and ${then ?? (what === 'settings file' ? 'default settings are used' : 'a new one is started')}.` };
  } catch (e) {
    const moving = fileError(e, 'move', file).message.replace(/\.$/, '');
    return { aside: null, message: `The ${what} ${file} could not be read (${why}) nor moved aside (${moving}); it is left as it is and nothing will be saved over it.` };
  }
}
