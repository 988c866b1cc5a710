// The built command line: `node out/main/cli.js inspect --data FILE [--json]` (run `npm run build` first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badCsvDir, datasetsDir } from '../../fixtures/paths';

const repoRoot = resolve(import.meta.dirname, '../../..');
const cli = resolve(repoRoot, 'out/main/cli.js');
/** Inside the repository: the bundled samples and the awkward-CSV fixtures (tests/fixtures/paths.ts). */
const fixtureDirs: Record<string, string> = { datasets: datasetsDir, 'bad-csv': badCsvDir };

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dense-lab inspect', () => {
  it('needs the built CLI (npm run build)', () => expect(existsSync(cli)).toBe(true));

  it('--json prints exactly one JSON object with rows, columns, head as parsed values, and warnings', () => {
    const r = run('inspect', '--data', resolve(fixtureDirs['bad-csv'], 'missing_values.csv'), '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 4, delimiter: ',', encoding: 'utf-8', header: true, warnings: [] });
    expect(report.columns.map((c: { name: string; type: string; missing: number }) => [c.name, c.type, c.missing])).toEqual([
      ['x', 'numeric', 1],
      ['y', 'numeric', 2],
      ['z', 'numeric', 2],
    ]);
    expect(report.head).toEqual([[1, null, 3], [null, 2, null], [4, null, 6], [7, 8, null]]);
  });

  it('--json shows categories as text and dates as yyyy-mm-dd in head', () => {
    const r = run('inspect', '--data', resolve(fixtureDirs['datasets'], 'seattle_weather.csv'), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.rows).toBe(1461);
    expect(report.columns[0]).toMatchObject({ name: 'date', type: 'date', missing: 0 });
    expect(report.head[0]).toEqual(['2012-01-01', 0, 12.8, 5, 4.7, 'drizzle']);
  });

  it('prints a readable report with every column and its type', () => {
    const r = run('inspect', '--data', resolve(fixtureDirs['datasets'], 'penguins.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/344 rows × 7 columns/);
    expect(r.stdout).toMatch(/island\s+categorical\s+0\s+Biscoe \(168\)/);
    expect(r.stdout).toMatch(/body_mass_g\s+numeric\s+2\s+min 2700/);
  });

  it('refuses a bad file with one line on stderr naming the problem and the line, exit code 2', () => {
    const r = run('inspect', '--data', resolve(fixtureDirs['bad-csv'], 'ragged_too_many.csv'), '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/line 3 has 4 fields; the header has 3 columns/);
  });

  it('refuses a missing --data flag or file with exit code 2', () => {
    expect(run('inspect').code).toBe(2);
    const r = run('inspect', '--data', resolve(fixtureDirs['bad-csv'], 'no-such-file.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-file\.csv/);
  });
});
