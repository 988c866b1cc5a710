// `inspect --encoding NAME` reads a file in the encoding the user names; an unknown name is one line on
// stderr with exit code 2. A .csv.gz is inspected as the CSV inside. (Built CLI: run `npm run build` first.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../..');
const cli = resolve(repoRoot, 'out/main/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'dense-lab-inspect-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// "Город;Население\nМосква;12600000\nКазань;1300000\n" in Windows-1251 (Python's str.encode('cp1251')).
const CP1251 = Buffer.from('w+7w7uQ7zeDx5evl7ejlCszu8eri4DsxMjYwMDAwMArK4Ofg7fw7MTMwMDAwMAo=', 'base64');

describe('dense-lab inspect --encoding', () => {
  it('reads the file in the named encoding', () => {
    const path = join(dir, 'cities.csv');
    writeFileSync(path, CP1251);
    const r = run('inspect', '--data', path, '--encoding', 'cp1251', '--json');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.encoding).toBe('windows-1251');
    expect(report.columns.map((c: { name: string }) => c.name)).toEqual(['Город', 'Население']);
    expect(report.head[0]).toEqual(['Москва', 12600000]);
  });

  it('an unknown encoding: one line on stderr, exit code 2', () => {
    const path = join(dir, 'cities.csv');
    writeFileSync(path, CP1251);
    const r = run('inspect', '--data', path, '--encoding', 'martian');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown encoding 'martian'");
  });

  it('inspects a .csv.gz as the CSV inside', () => {
    const path = join(dir, 'small.csv.gz');
    writeFileSync(path, gzipSync('a,b\n1,2\n3,4\n'));
    const r = run('inspect', '--data', path, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, cols: 2, head: [[1, 2], [3, 4]] });
  });
});
