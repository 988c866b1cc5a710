// A writer killed with kill -9 leaves its hidden temporary file; the next write of the same target removes
// it, and only ever replaces the target whole.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTemporaries, temporaryName, writeWholeFileAtomically } from '../../../../src-main/services/files/atomic-file';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-stale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const parts = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.part')).sort();
const repoRoot = resolve(import.meta.dirname, '../../../..');

/** Start a Node process that writes `target` atomically and never finishes; resolves once its temporary file exists. */
async function startStuckWriter(target: string): Promise<ReturnType<typeof spawn>> {
  const atomic = pathToFileURL(join(repoRoot, 'src-main/services/files/atomic-file.ts')).href;
  const code = `const { writeFileAtomically } = await import(${JSON.stringify(atomic)});
    await writeFileAtomically(${JSON.stringify(target)}, async (write) => { await write(new Uint8Array(1 << 20)); console.log('writing'); await new Promise(() => {}); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((done, fail) => {
    child.stdout?.on('data', (b: Buffer) => b.toString().includes('writing') && done());
    child.on('exit', (c) => fail(new Error(`writer exited early (${c})`)));
  });
  return child;
}

describe('stale temporary files', () => {
  it('a write after a kill -9 mid-write removes the dead writer’s temporary file; the target holds the old file, then the new one', async () => {
    const target = join(dir, 'predictions.csv');
    writeFileSync(target, 'old\n');
    const child = await startStuckWriter(target);
    expect(parts()).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((done) => child.on('exit', done));
    expect(parts()).toHaveLength(1);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    const written = await writeWholeFileAtomically(target, 'new\n');
    expect(written.ok).toBe(true);
    expect(parts()).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });

  it('keeps a running writer’s file, another target’s, and recent files of unknown writers; removes old ones', async () => {
    const target = join(dir, 'model.json');
    const own = temporaryName('model.json', process.pid, 'aaaaaaaaaaaa');
    const dead = temporaryName('model.json', 4_000_000, 'bbbbbbbbbbbb');
    const unknownRecent = '.model.json.cccccccccccc.part';
    const unknownOld = '.model.json.dddddddddddd.part';
    const other = temporaryName('model.json.bak', 4_000_000, 'eeeeeeeeeeee');
    for (const f of [own, dead, unknownRecent, unknownOld, other]) writeFileSync(join(dir, f), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(dir, unknownOld), twoHoursAgo, twoHoursAgo);
    expect(await removeStaleTemporaries(target)).toBe(2);
    for (const f of [own, unknownRecent, other]) expect(existsSync(join(dir, f)), f).toBe(true);
    for (const f of [dead, unknownOld]) expect(existsSync(join(dir, f)), f).toBe(false);
  });
});
