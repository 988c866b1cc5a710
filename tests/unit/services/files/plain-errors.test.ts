// File-system errors read as sentences naming the file, never a raw code; the code, system call and path are the detail.
// The errors are real ones made here (a missing file, a read-only place, a folder read as a file); ENOSPC is built as
// Node builds it, since no tmpfs can be mounted in a test.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileError } from '../../../../src-main/services/files/plain-errors';
import { writeWholeFileAtomically } from '../../../../src-main/services/files/atomic-file';
import { readWholeText } from '../../../../src-main/services/files/read-whole-file';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-plain-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RAW = /\bE[A-Z]{3,}\b/;

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('file errors as sentences', () => {
  it('a missing file: "The file … no longer exists", ENOENT only in the detail', () => {
    const file = join(dir, 'gone.csv');
    const e = fileError(thrown(() => readFileSync(file)), 'read', file);
    expect(e.message).toBe(`The file ${file} no longer exists (or never did): it may have been moved, renamed or deleted.`);
    expect(e.message).not.toMatch(RAW);
    expect(e.detail).toBe(`ENOENT · open · ${file}`);
    expect(e).toMatchObject({ kind: 'io/unreadable', file });
  });

  it('writing into a read-only place: "Dense Lab may not write to …"', () => {
    // root ignores folder permissions; /sys refuses new files even to root.
    let folder = '/sys';
    if (process.getuid?.() !== 0) {
      folder = join(dir, 'readonly');
      mkdirSync(folder);
      chmodSync(folder, 0o555);
    }
    const file = join(folder, 'model.json');
    const raw = thrown(() => writeFileSync(file, 'x')) as NodeJS.ErrnoException;
    const e = fileError(raw, 'write', file);
    expect(e.message).toMatch(new RegExp(`^Dense Lab may not write to ${folder}( \\(permission denied\\), so .*model\\.json was not written|: it is on a read-only disk)\\.$`));
    expect(e.message).not.toMatch(RAW);
    expect(e.detail).toMatch(/^(EACCES|EPERM|EROFS) · open · /);
    expect(e.kind).toBe('io/unwritable');
  });

  it('a folder read as a file (EISDIR)', () => {
    const e = fileError(thrown(() => readFileSync(dir)), 'read', dir);
    expect(e.message).toBe(`${dir} is a folder, not a file.`);
    expect(e.detail).toMatch(/^EISDIR · read/);
  });

  it('a full disk, with the error object as Node makes it: "The disk is full while writing …"', () => {
    const file = join(dir, 'big.csv');
    const enospc = Object.assign(new Error(`ENOSPC: no space left on device, write`), { errno: -28, code: 'ENOSPC', syscall: 'write' });
    const e = fileError(enospc, 'write', file);
    expect(e.message).toBe(`The disk is full while writing ${file}; nothing was written. Free some space and try again.`);
    expect(e).toMatchObject({ kind: 'io/disk-full', detail: 'ENOSPC · write' });
  });

  it('an error without a code says what could not be done; its message is the detail', () => {
    const e = fileError(new Error('something odd'), 'delete', '/x/y.json');
    expect(e).toEqual({ kind: 'io/delete-failed', message: 'Dense Lab could not delete /x/y.json.', file: '/x/y.json', detail: 'something odd' });
  });

  it('the services use it: the atomic writer and the whole-file reader answer these sentences', async () => {
    const missing = join(dir, 'no', 'such', 'out.json');
    const w = await writeWholeFileAtomically(missing, 'x');
    expect(!w.ok && w.error.message).toBe(`The folder ${join(dir, 'no', 'such')} does not exist, so ${missing} cannot be written.`);
    const r = await readWholeText(join(dir, 'nope.json'), { maxBytes: 100, what: 'model file' });
    expect(!r.ok && r.error.message).toMatch(/^The file .*nope\.json no longer exists/);
    expect(!r.ok && r.error.detail).toMatch(/^ENOENT · open · /);
  });
});
