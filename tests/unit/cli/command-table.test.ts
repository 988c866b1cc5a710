/** The CLI's command table (src-main/cli/commands.ts) loads each command on use: each entry must load the command it names. */
import { describe, expect, it } from 'vitest';
import { commands } from '../../../src-main/cli/commands';

describe('the command table', () => {
  it('loads, for every name, the command of that name, each once in the table', async () => {
    const loaded = await Promise.all(commands.map((c) => c.load()));
    expect(loaded.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const c of loaded) {
      expect(c.usage.startsWith(`${c.name} `) || c.usage === c.name, c.name).toBe(true);
      expect(c.summary.length, c.name).toBeGreaterThan(10);
    }
  });
});
