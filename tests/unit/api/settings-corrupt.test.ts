// A damaged settings file is reported and kept aside (renamed, the path in the message), never written over.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../../src-main/api/settings-store';
import { asideName } from '../../../src-main/services/files/corrupt-file';

const root = mkdtempSync(join(tmpdir(), 'dense-lab-settings-corrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const when = new Date(Date.UTC(2026, 11, 7, 14, 5, 9, 123));

describe('a damaged settings file', () => {
  it('is named aside with the time', () => expect(asideName('/u/settings.json', when)).toBe('/u/settings.json.corrupt-2026-12-07T14-05-09Z'));

  const cases: [string, (file: string) => void, string][] = [
    ['cut short (not JSON)', (f) => writeFileSync(f, '{"preferences": {"theme": '), 'it is not valid JSON'],
    ['a JSON array', (f) => writeFileSync(f, '[1, 2]'), 'it is not a JSON object'],
    ['2 MiB long', (f) => writeFileSync(f, `{"x": "${'a'.repeat(2 << 20)}"}`), 'it is 2 MiB, and a settings file may be at most 1 MiB'],
    ['a FIFO', (f) => execFileSync('mkfifo', [f]), 'it is a FIFO (named pipe), not a settings file'],
  ];
  for (const [name, damage, why] of cases) {
    it(`${name}: is reported, kept aside unchanged, and not written over`, async () => {
      const dir = mkdtempSync(join(root, 'case-'));
      const file = join(dir, 'settings.json');
      damage(file);
      const before = statSync(file).isFIFO() ? null : readFileSync(file);
      const store = createSettingsStore(file, () => when);
      const aside = asideName(file, when);
      expect(store.problem).toBe(`The settings file ${file} could not be read (${why}); it was kept as ${aside} and default settings are used.`);
      expect(store.getPreferences()).toEqual({ theme: 'system' });
      await store.setPreferences({ theme: 'dark' });
      expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.corrupt-2026-12-07T14-05-09Z']);
      if (before) expect(readFileSync(aside).equals(before)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8')).preferences.theme).toBe('dark');
    });
  }

  it('a sound file reports no problem', async () => {
    const file = join(mkdtempSync(join(root, 'ok-')), 'settings.json');
    await createSettingsStore(file).setPreferences({ theme: 'light' });
    const again = createSettingsStore(file);
    expect(again.problem).toBeNull();
    expect(again.getPreferences().theme).toBe('light');
  });
});
