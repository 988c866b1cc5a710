// Files read whole are read only if they are regular files, and never past a bound: a FIFO does not hang
// the reader (nor hold Node's file threads), /dev/zero is refused before a byte is read.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWholeFile, readWholeFileSync, readWholeText } from '../../../../src-main/services/files/read-whole-file';
import { summaryCommand } from '../../../../src-main/cli/summary';
import { runCommand } from '../../cli/run-command';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-whole-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const limits = { maxBytes: 100, what: 'model file' };

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('reading a file whole', () => {
  it('reads a regular file', async () => {
    const path = join(dir, 'small.json');
    writeFileSync(path, '{"a": 1}');
    const text = await readWholeText(path, limits);
    expect(text).toEqual({ ok: true, value: '{"a": 1}' });
    const sync = readWholeFileSync(path, limits);
    expect(sync.ok && new TextDecoder().decode(sync.value)).toBe('{"a": 1}');
  });

  it('refuses a FIFO at once, in a sentence, asynchronously and synchronously', async () => {
    const path = fifo('model.fifo');
    const got = await readWholeFile(path, limits);
    expect(got).toEqual({ ok: false, error: { kind: 'io/not-a-file', message: `Cannot read ${path}: it is a FIFO (named pipe), not a model file.`, file: path } });
    expect(readWholeFileSync(path, limits).ok).toBe(false);
  });

  it('does not tie up the file threads: after eight FIFO reads, a plain read still answers', async () => {
    const paths = Array.from({ length: 8 }, (_, k) => fifo(`busy-${k}.fifo`));
    const refused = await Promise.all(paths.map((p) => readWholeFile(p, limits)));
    expect(refused.every((r) => !r.ok && r.error.kind === 'io/not-a-file')).toBe(true);
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'still here');
    expect(await readFile(plain, 'utf8')).toBe('still here');
  });

  it('refuses /dev/zero as a device, and a folder', async () => {
    const zero = await readWholeFile('/dev/zero', limits);
    expect(!zero.ok && zero.error.message).toBe('Cannot read /dev/zero: it is a device, not a model file.');
    const folder = await readWholeFile(dir, limits);
    expect(!folder.ok && folder.error.message).toBe(`Cannot read ${dir}: it is a folder, not a model file.`);
  });

  it('refuses a file over the bound, naming the bound', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, 'x'.repeat(3 << 20));
    const got = await readWholeFile(path, { maxBytes: 2 << 20, what: 'model file' });
    expect(!got.ok && got.error).toMatchObject({ kind: 'io/too-large', message: `Cannot read ${path}: it is 3 MiB, and a model file may be at most 2 MiB.` });
  });

  it('names a missing file plainly', async () => {
    const got = await readWholeFile(join(dir, 'nope.json'), limits);
    expect(!got.ok && got.error.message).toBe(`The file ${join(dir, 'nope.json')} no longer exists (or never did): it may have been moved, renamed or deleted.`);
  });

  it('summary of a FIFO or /dev/zero exits 2 with one line instead of hanging', async () => {
    const path = fifo('summary.fifo');
    for (const p of [path, '/dev/zero']) {
      const { code, stderr } = await runCommand(summaryCommand, p);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/it is a (FIFO \(named pipe\)|device), not a model file/);
    }
  });
});
