import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../../bench/lib/args.mjs';

describe('bench arguments', () => {
  it('defaults to 5 runs, or 1 with --quick', () => {
    expect(parseArgs([])).toEqual({ runs: 5, quick: false, json: false });
    expect(parseArgs(['--quick', '--json'])).toEqual({ runs: 1, quick: true, json: true });
  });

  it('an explicit --runs wins over the --quick default', () => {
    expect(parseArgs(['--quick', '--runs', '3']).runs).toBe(3);
  });

  it('rejects a missing, zero, fractional or huge run count with a one-line message', () => {
    for (const bad of [[], ['0'], ['2.5'], ['51'], ['x']]) {
      expect(() => parseArgs(['--runs', ...bad])).toThrow(/^--runs must be a whole number from 1 to 50, got '/);
    }
  });

  it('rejects an unknown flag by name', () => {
    expect(() => parseArgs(['--fast'])).toThrow("unknown argument '--fast'");
  });
});
