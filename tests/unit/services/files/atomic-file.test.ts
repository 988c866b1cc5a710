import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomically, type ByteSink } from '../../../../src-main/services/files/atomic-file';
import { ok } from '../../../../src-shared/result';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1 << 20;

/** A file sink that logs 'w<bytes so far>' per write and 's<bytes so far>' when a sync starts; `failSync` makes the n-th sync fail. */
function loggingSink(log: string[], failSync = 0) {
  return async (path: string): Promise<ByteSink> => {
    const handle = await open(path, 'wx');
    let written = 0;
    let syncs = 0;
    return {
      async write(b) {
        await handle.write(b);
        written += b.length;
        log.push(`w${written}`);
      },
      async sync() {
        log.push(`s${written}`);
        if (++syncs === failSync) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
        await handle.sync();
      },
      close: () => handle.close(),
    };
  };
}

/** `pieces` writes of `size` bytes each, byte k of piece p being (p + k) mod 251. */
function pieces(count: number, size: number): Uint8Array[] {
  return Array.from({ length: count }, (_, p) => {
    const piece = new Uint8Array(size);
    for (let k = 0; k < size; k++) piece[k] = (p + k) % 251;
    return piece;
  });
}

describe('writeFileAtomically', () => {
  it('flushes a big file while it is being written, and once more after the last byte, keeping every byte', async () => {
    const target = join(dir, 'big.bin');
    const log: string[] = [];
    const data = pieces(80, MiB);
    const r = await writeFileAtomically(
      target,
      async (write) => {
        for (const piece of data) await write(piece);
        return ok(undefined);
      },
      { openSink: loggingSink(log) },
    );
    expect(r.ok).toBe(true);
    const total = 80 * MiB;
    const syncsAt = log.filter((e) => e.startsWith('s')).map((e) => Number(e.slice(1)));
    // At least one flush started before the end, and the last one saw every byte.
    expect(syncsAt.some((at) => at < total)).toBe(true);
    expect(syncsAt.at(-1)).toBe(total);
    const written = readFileSync(target);
    expect(written.length).toBe(total);
    expect(Buffer.compare(written, Buffer.concat(data))).toBe(0);
  });

  it('a small file is flushed once, after its last byte', async () => {
    const target = join(dir, 'small.bin');
    const log: string[] = [];
    const r = await writeFileAtomically(target, async (write) => ok(await write(new Uint8Array(1000).fill(7))), { openSink: loggingSink(log) });
    expect(r.ok).toBe(true);
    expect(log).toEqual(['w1000', 's1000']);
  });

  it('a flush that fails while the file is written fails the write: no temporary file, the previous target untouched', async () => {
    const folder = join(dir, 'fail-early');
    mkdirSync(folder);
    const target = join(folder, 'out.bin');
    writeFileSync(target, 'previous\n');
    const log: string[] = [];
    const r = await writeFileAtomically(
      target,
      async (write) => {
        for (const piece of pieces(70, MiB)) await write(piece);
        return ok(undefined);
      },
      { openSink: loggingSink(log, 1) },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('io/write-failed');
    // The failing flush was an early one (before the last byte).
    expect(Number(log.find((e) => e.startsWith('s'))!.slice(1))).toBeLessThan(70 * MiB);
    expect(readdirSync(folder)).toEqual(['out.bin']);
    expect(readFileSync(target, 'utf8')).toBe('previous\n');
  });

  it('a producer that gives up after an early flush started leaves nothing behind', async () => {
    const folder = join(dir, 'give-up');
    mkdirSync(folder);
    const log: string[] = [];
    const r = await writeFileAtomically(
      join(folder, 'out.bin'),
      async (write) => {
        for (const piece of pieces(40, MiB)) await write(piece);
        return { ok: false as const, error: { kind: 'job/cancelled', message: 'cancelled' } };
      },
      { openSink: loggingSink(log) },
    );
    expect(!r.ok && r.error.kind).toBe('job/cancelled');
    expect(log.some((e) => e.startsWith('s'))).toBe(true);
    expect(existsSync(join(folder, 'out.bin'))).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });
});
