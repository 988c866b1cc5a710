import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, createSettingsStore, sanitizeSettings } from '../../../src-main/api/settings-store';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'dense-lab-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings store', () => {
  it('starts from defaults when the file is missing or damaged', () => {
    const dir = tempDir();
    expect(createSettingsStore(join(dir, 'none.json')).getPreferences()).toEqual({ theme: 'system' });
    writeFileSync(join(dir, 'bad.json'), '{"preferences": {"theme": ');
    expect(createSettingsStore(join(dir, 'bad.json')).listRecent()).toEqual([]);
  });

  it('keeps recent files newest first, without duplicates, at most MAX_RECENT, and survives a restart', async () => {
    const file = join(tempDir(), 'settings.json');
    let t = 0;
    const store = createSettingsStore(file, () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)));
    for (let i = 0; i < MAX_RECENT + 3; i++) await store.addRecent(`/data/f${i}.csv`, 'dataset');
    await store.addRecent('/data/f5.csv', 'dataset');
    const recent = store.listRecent();
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]).toMatchObject({ path: '/data/f5.csv', name: 'f5.csv', kind: 'dataset' });
    expect(recent.filter((r) => r.path === '/data/f5.csv')).toHaveLength(1);
    await store.setPreferences({ theme: 'dark' });
    await store.setWindow({ width: 1000, height: 700, x: 10, y: 20, maximized: false });
    const again = createSettingsStore(file);
    expect(again.listRecent()).toEqual(recent);
    expect(again.getPreferences().theme).toBe('dark');
    expect(again.data().window).toMatchObject({ width: 1000, height: 700 });
  });

  it('writes atomically, leaving no temporary file behind', async () => {
    const dir = tempDir();
    const store = createSettingsStore(join(dir, 'settings.json'));
    await store.setPreferences({ theme: 'light' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).preferences.theme).toBe('light');
  });

  it('drops hand-edited nonsense field by field', () => {
    const s = sanitizeSettings({
      preferences: { theme: 'neon' },
      recent: [{ path: '/a.csv', name: 'a.csv', kind: 'dataset', openedAt: 'x' }, { path: 3 }, null],
      window: { width: 50, height: 700 },
    });
    expect(s.preferences.theme).toBe('system');
    expect(s.recent.map((r) => r.path)).toEqual(['/a.csv']);
    expect(s.window).toBeUndefined();
  });
});
