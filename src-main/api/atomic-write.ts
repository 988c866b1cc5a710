/** Write a file atomically: a temporary file beside it, flushed, then renamed over the target. */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '../../src-shared/result';

/**
 * Write `data` to `path` so that a reader sees either the old file or the whole new one, never half.
 * Answers the bytes written, or an 'io/unwritable' error naming the file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<Result<{ bytes: number }>> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    return ok({ bytes: bytes.length });
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return err({ kind: 'io/unwritable', message: `Could not write ${path} (${reason}).`, file: path });
  }
}
