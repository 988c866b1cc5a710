/**
 * Preferences and recent files: in a JSON file (Electron's user-data folder), or in memory (browser mode,
 * tests). A damaged or missing file means defaults, never a crash; writes are atomic.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Preferences, RecentFile, ThemePreference } from '../../src-shared/api';
import { writeWholeFileAtomically } from '../services/files/atomic-file';
import type { SettingsHost } from './host';

/** How many recent files are remembered. */
export const MAX_RECENT = 10;

/** Everything the settings file holds (window bounds are the shell's, kept here so there is one file). */
export interface SettingsData {
  preferences: Preferences;
  recent: RecentFile[];
  window?: { width: number; height: number; x?: number; y?: number; maximized?: boolean };
}

const THEMES: readonly ThemePreference[] = ['system', 'light', 'dark'];

export function defaultSettings(): SettingsData {
  return { preferences: { theme: 'system' }, recent: [] };
}

/** Settings from parsed JSON, keeping only well-formed parts (a hand-edited file cannot break the app). */
export function sanitizeSettings(raw: unknown): SettingsData {
  const out = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  const prefs = r.preferences as Record<string, unknown> | undefined;
  if (prefs && THEMES.includes(prefs.theme as ThemePreference)) out.preferences = { theme: prefs.theme as ThemePreference };
  if (Array.isArray(r.recent)) {
    out.recent = r.recent
      .filter((f): f is RecentFile => {
        const x = f as Record<string, unknown>;
        return typeof x?.path === 'string' && typeof x.name === 'string' && (x.kind === 'dataset' || x.kind === 'model') && typeof x.openedAt === 'string';
      })
      .slice(0, MAX_RECENT);
  }
  const w = r.window as Record<string, unknown> | undefined;
  const size = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 200 && v <= 20_000;
  const pos = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 100_000);
  if (w && size(w.width) && size(w.height) && pos(w.x) && pos(w.y)) {
    out.window = { width: w.width as number, height: w.height as number, x: w.x as number | undefined, y: w.y as number | undefined, maximized: w.maximized === true };
  }
  return out;
}

export interface SettingsStore extends SettingsHost {
  data(): SettingsData;
  setWindow(bounds: NonNullable<SettingsData['window']>): Promise<void>;
}

/** A settings store persisted to `file` (null: memory only). `now` gives the time for recent entries. */
export function createSettingsStore(file: string | null, now: () => Date = () => new Date()): SettingsStore {
  let data = defaultSettings();
  if (file) {
    try {
      data = sanitizeSettings(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      data = defaultSettings();
    }
  }
  const save = async () => {
    if (file) await writeWholeFileAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
  };
  return {
    data: () => data,
    getPreferences: () => data.preferences,
    async setPreferences(change) {
      data = { ...data, preferences: { ...data.preferences, ...change } };
      await save();
      return data.preferences;
    },
    listRecent: () => data.recent,
    async addRecent(path, kind) {
      const entry: RecentFile = { path, name: basename(path), kind, openedAt: now().toISOString() };
      data = { ...data, recent: [entry, ...data.recent.filter((f) => f.path !== path)].slice(0, MAX_RECENT) };
      await save();
    },
    async setWindow(bounds) {
      data = { ...data, window: bounds };
      await save();
    },
  };
}
