/** Where an export's original cells come from: the dataset as loaded, and its file (or bytes) read again in chunks. */
import { open, stat } from 'node:fs/promises';
import type { Dataset } from '../../../src-shared/data/dataset';
import { AppFailure } from '../../../src-shared/result';
import { fileError } from '../files/plain-errors';

/** The dataset to copy cells from: as loaded, plus the file it was loaded from. */
export type ExportSource = Dataset & {
  /** The file the dataset was loaded from ('' for an upload: then `content` is required). */
  readonly path: string;
  /** Its size when loaded: a different size now means the file changed, and the export stops. */
  readonly bytes?: number;
  /** The original bytes, when they are in memory (an upload); otherwise the file is re-read. */
  readonly content?: Uint8Array;
};

/** The original file's bytes: from memory when the source carries them, else read from its path. */
export async function* sourceChunks(source: ExportSource, chunkBytes: number): AsyncGenerator<Uint8Array> {
  if (source.content) {
    for (let at = 0; at < source.content.length; at += chunkBytes) yield source.content.subarray(at, Math.min(source.content.length, at + chunkBytes));
    return;
  }
  let handle;
  try {
    if (source.bytes !== undefined) {
      const info = await stat(source.path);
      if (info.size !== source.bytes) {
        throw new AppFailure({
          kind: 'export/source-changed',
          message: `${source.path} changed since it was loaded (${source.bytes} bytes then, ${info.size} now). Load it again.`,
          file: source.path,
        });
      }
    }
    handle = await open(source.path, 'r');
  } catch (e) {
    if (e instanceof AppFailure) throw e;
    throw new AppFailure(fileError(e, 'read', source.path));
  }
  // Two buffers take turns: the next read runs while the caller works on the chunk just yielded.
  const buffers = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)];
  const read = (into: Uint8Array): Promise<number> =>
    handle.read(into, 0, into.length, null).then(
      (r) => r.bytesRead,
      (e: Error) => {
        throw new AppFailure(fileError(e, 'read', source.path));
      },
    );
  let pending: Promise<number> | null = null;
  try {
    pending = read(buffers[0]);
    for (let turn = 0; ; turn ^= 1) {
      const bytesRead = await pending;
      pending = null;
      if (bytesRead === 0) return;
      pending = read(buffers[turn ^ 1]);
      pending.catch(() => undefined);
      yield buffers[turn].subarray(0, bytesRead);
    }
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
