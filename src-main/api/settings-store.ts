/**
 * Preferences and recent files: in a JSON file (Electron's user-data folder), or in memory (browser mode,
 * tests). A missing file means defaults; a damaged one (not JSON, not an object, not a regular file, too
 * large) is kept aside (corrupt-file.ts) and reported through `problem`, never a crash and never written
 * over; writes are atomic.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Preferences, RecentFile, ThemePreference } from '../../src-shared/api';
import { writeWholeFileAtomically } from '../services/files/atomic-file';
import { keepAside } from '../services/files/corrupt-file';
import { readWholeFileSync } from '../services/files/read-whole-file';
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

/** The most a settings file may hold (ten recent files and a window take a few KiB). */
const MAX_SETTINGS_BYTES = 1 << 20;

export interface SettingsStore extends SettingsHost {
  data(): SettingsData;
  /** A sentence for the user when the settings file was damaged (and where it was kept), else null. */
  readonly problem: string | null;
  setWindow(bounds: NonNullable<SettingsData['window']>): Promise<void>;
}

/** A settings store persisted to `file` (null: memory only). `now` gives the time for recent entries. */
export function createSettingsStore(file: string | null, now: () => Date = () => new Date()): SettingsStore {
  let data = defaultSettings();
  let problem: string | null = null;
  let target = file;
  if (file && existsSync(file)) {
    const read = readSettings(file);
    if (read.ok) data = read.data;
    else {
      const kept = keepAside(file, 'settings file', read.why, now());
      problem = kept.message;
      // Not moved: never saved over.
      if (kept.aside === null) target = null;
    }
  }
  const save = async () => {
    if (target) await writeWholeFileAtomically(target, `${JSON.stringify(data, null, 2)}\n`);
  };
  return {
    problem,
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

/** The settings in `file`, or why they cannot be read. */
function readSettings(file: string): { ok: true; data: SettingsData } | { ok: false; why: string } {
  const bytes = readWholeFileSync(file, { maxBytes: MAX_SETTINGS_BYTES, what: 'settings file' });
  if (!bytes.ok) return { ok: false, why: bytes.error.message.replace(/^Cannot read [^:]*: /, '').replace(/\.$/, '') };
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.value));
  } catch {
    return { ok: false, why: 'it is not valid JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, why: 'it is not a JSON object' };
  return { ok: true, data: sanitizeSettings(raw) };
}
