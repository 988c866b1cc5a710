/**
 * Writing a file so that it is either complete or not there at all: bytes go to a temporary file in the
 * target's folder (same file system, so the rename is atomic), which is flushed to disk (fsync; a big
 * file also every 32 MiB while it is written, so the last flush is short) and then renamed over the target. On any failure the temporary file is removed and the target is untouched.
 * Paths the caller protects (the user's input file) are never overwritten, compared by real path.
 *
 * A writer killed outright (kill -9, a power cut) leaves its temporary file behind: each write first removes
 * the stale temporaries of the same target (see removeStaleTemporaries). Linux's O_TMPFILE + linkat would
 * leave nothing behind, but Node's fs API can neither open with O_TMPFILE nor link a file descriptor.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppFailure, err, ok, type AppError, type Result } from '../../../src-shared/result';
import { fileError } from './plain-errors';

/** Where bytes go: a file handle normally; tests inject failing sinks. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** Flush to the disk (fsync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Bytes written between early flushes: while the caller produces more, the bytes written so far are
 * flushed (fsync in the background), so the final fsync before the rename has only the rest to write.
 */
const EARLY_SYNC_BYTES = 32 << 20;

/** Opens the sink for the temporary file at `path` (which must not exist yet). */
export type OpenSink = (path: string) => Promise<ByteSink>;

/** The default sink: a new file, created exclusively, written with positional writes. */
export const openFileSink: OpenSink = async (path) => {
  const handle = await open(path, 'wx', 0o666);
  return {
    async write(bytes) {
      let at = 0;
      while (at < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
        at += bytesWritten;
      }
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
};

export interface AtomicWriteOptions {
  /** Files that must never be overwritten (e.g. the input CSV and the model file). */
  readonly protect?: readonly string[];
  /** Opens the temporary file's sink (default openFileSink; tests inject failures here). */
  readonly openSink?: OpenSink;
}

/** An I/O error of a write as an AppError: a sentence naming the file (plain-errors.ts), the code as its detail. */
export function ioError(e: unknown, _action: 'write', file: string): AppError {
  if (e instanceof AppFailure) return e.error;
  return fileError(e, 'write', file);
}

async function realOrPlanned(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // Not there yet: the real path of its folder plus its name.
    try {
      return join(await realpath(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Can `target` be written as a new or replaced file? Not if it is (by real path) one of the `protect`ed
 * files, a folder, or in a folder that does not exist. Cheap: callers check before long work.
 */
export async function checkOutputPath(target: string, protect: readonly string[]): Promise<Result<void>> {
  const path = resolve(target);
  const real = await realOrPlanned(path);
  for (const protectedPath of protect) {
    if ((await realOrPlanned(protectedPath)) === real) {
      return err({
        kind: 'io/would-overwrite-input',
        message: `Refusing to write ${path}: it is the input file ${protectedPath}. Choose another output file.`,
        file: path,
      });
    }
  }
  try {
    const info = await stat(path);
    if (info.isDirectory()) return err(ioError({ code: 'EISDIR' }, 'write', path));
  } catch {
    // Not there yet: fine, if its folder is.
    try {
      const folder = await stat(dirname(path));
      if (!folder.isDirectory()) return err(ioError({ code: 'ENOTDIR' }, 'write', path));
      await access(dirname(path), constants.W_OK);
    } catch (e) {
      return err(ioError(e, 'write', path));
    }
  }
  return ok(undefined);
}

/**
 * Write `target` atomically. `produce` is given a `write` function for the bytes, in order; it returns a
 * Result (or throws AppFailure) and the file is kept only if that is ok. Errors: 'io/would-overwrite-input',
 * 'io/unwritable', 'io/disk-full', 'io/no-folder', 'io/is-directory', 'io/write-failed', or produce's own.
 */
export async function writeFileAtomically<T>(
  target: string,
  produce: (write: (bytes: Uint8Array) => Promise<void>) => Promise<Result<T>>,
  options: AtomicWriteOptions = {},
): Promise<Result<{ readonly value: T; readonly path: string; readonly bytes: number }>> {
  const path = resolve(target);
  const checked = await checkOutputPath(path, options.protect ?? []);
  if (!checked.ok) return checked;
  await removeStaleTemporaries(path);
  const temp = join(dirname(path), temporaryName(basename(path), process.pid, randomBytes(6).toString('hex')));
  let sink: ByteSink;
  try {
    sink = await (options.openSink ?? openFileSink)(temp);
  } catch (e) {
    return err(ioError(e, 'write', path));
  }
  let bytes = 0;
  let closed = false;
  // Early flushes (see EARLY_SYNC_BYTES): at most one in flight; a failure surfaces before the final sync.
  let unsynced = 0;
  let flushing = false;
  let flushed: Promise<void> = Promise.resolve();
  const discard = async () => {
    await flushed.catch(() => undefined);
    if (!closed) await sink.close().catch(() => undefined);
    closed = true;
    await unlink(temp).catch(() => undefined);
  };
  try {
    const produced = await produce(async (chunk) => {
      await sink.write(chunk);
      bytes += chunk.length;
      unsynced += chunk.length;
      if (unsynced >= EARLY_SYNC_BYTES && !flushing) {
        unsynced = 0;
        flushing = true;
        flushed = flushed.then(() => sink.sync()).finally(() => (flushing = false));
        flushed.catch(() => undefined);
      }
    });
    if (!produced.ok) {
      await discard();
      return produced;
    }
    await flushed;
    await sink.sync();
    closed = true;
    await sink.close();
    await rename(temp, path);
    await syncFolder(dirname(path));
    return ok({ value: produced.value, path, bytes });
  } catch (e) {
    await discard();
    return err(ioError(e, 'write', path));
  }
}

/** The temporary file for target `name`: hidden, and naming the writing process. */
export function temporaryName(name: string, pid: number, hex: string): string {
  return `.${name}.${pid}-${hex}.part`;
}

/** A temporary file of an unknown (or reused) writer is stale after this long without a write. */
const STALE_AGE_MS = 60 * 60 * 1000;

/** Is process `pid` running (on this machine)? */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the temporary files that earlier writes of `target` left behind: those of a process that is no
 * longer running, and any not written to for an hour (their writer's process id may have been reused;
 * older versions named no process). A write in progress, here or in another running process, keeps its
 * file. Best effort: a file that cannot be removed is left.
 */
export async function removeStaleTemporaries(target: string, now: number = Date.now()): Promise<number> {
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.part')) continue;
    const tag = /^(?:(\d+)-)?[0-9a-f]{12}$/.exec(name.slice(prefix.length, -'.part'.length));
    if (!tag) continue;
    const file = join(folder, name);
    try {
      const info = await lstat(file);
      if (!info.isFile()) continue;
      const pid = tag[1] === undefined ? null : Number(tag[1]);
      const orphan = pid !== null && pid !== process.pid && !running(pid);
      if (orphan || now - info.mtimeMs > STALE_AGE_MS) {
        await unlink(file);
        removed++;
      }
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/** fsync a folder so a rename in it survives a power cut (best effort: not every platform allows it). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open folders for fsync; the rename itself is still atomic.
  }
}

/**
 * Write `data` (text as UTF-8, or bytes) to `target` atomically, never over a `protect`ed file: the whole-file
 * form of writeFileAtomically, for model files and settings.
 */
export async function writeWholeFileAtomically(
  target: string,
  data: string | Uint8Array,
  protect: readonly string[] = [],
): Promise<Result<{ readonly path: string; readonly bytes: number }>> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const written = await writeFileAtomically(target, async (write) => ok(await write(bytes)), { protect });
  return written.ok ? ok({ path: written.value.path, bytes: written.value.bytes }) : written;
}
