/**
 * Reading a file whole (a model file, the settings, a dataset's bytes again), safely whatever the path
 * names: only a regular file is read, and never more than a bound. The file is opened without blocking
 * (O_NONBLOCK), so a FIFO neither hangs the caller nor holds one of Node's file threads, and checked on
 * the open handle (fstat), so it cannot be swapped between the check and the read; `/dev/zero` and
 * other devices are refused before a byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { err, ok, type AppError, type Result } from '../../../src-shared/result';
import { fileError } from './plain-errors';

export interface WholeFileLimits {
  /** The most bytes read; a longer file is refused ('io/too-large'). */
  readonly maxBytes: number;
  /** What the file is, for messages: "model file", "settings file". */
  readonly what: string;
}

/** Opening flags: read, and do not wait for a writer on a FIFO (Windows has no O_NONBLOCK, nor FIFOs). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const PIECE_BYTES = 1 << 20;

/** "a FIFO (named pipe)", "a device" … for a path that is not a regular file. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notAFile(path: string, info: Stats, what: string): AppError {
  return { kind: 'io/not-a-file', message: `Cannot read ${path}: it is ${kindOf(info)}, not a ${what}.`, file: path };
}

/** `bytes`: the file's size, or null when it grew past the bound while being read. */
function tooLarge(path: string, bytes: number | null, limits: WholeFileLimits): AppError {
  const size = bytes === null ? `more than ${mebibytes(limits.maxBytes)}` : mebibytes(bytes);
  return {
    kind: 'io/too-large',
    message: `Cannot read ${path}: it is ${size}, and a ${limits.what} may be at most ${mebibytes(limits.maxBytes)}.`,
    file: path,
  };
}

function unreadable(path: string, e: unknown): AppError {
  return fileError(e, 'read', path);
}

const mebibytes = (n: number): string => (n >= 1 << 20 ? `${+(n / (1 << 20)).toFixed(1)} MiB` : `${n} bytes`);

/** Joins the pieces read (total bytes) into one array. */
function join(pieces: Uint8Array[], total: number): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bytes of the regular file `path`, at most `limits.maxBytes` of them (see the file comment). */
export async function readWholeFile(path: string, limits: WholeFileLimits): Promise<Result<Uint8Array>> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    return err(unreadable(path, e));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return err(notAFile(path, info, limits.what));
    if (info.size > limits.maxBytes) return err(tooLarge(path, info.size, limits));
    const pieces: Uint8Array[] = [];
    let total = 0;
    // Read until the end, not to the size first seen: a file that grows is still bounded.
    for (;;) {
      const piece = new Uint8Array(Math.min(PIECE_BYTES, limits.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(piece, 0, piece.length, total);
      if (bytesRead === 0) break;
      pieces.push(piece.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limits.maxBytes) return err(tooLarge(path, null, limits));
    }
    return ok(join(pieces, total));
  } catch (e) {
    return err(unreadable(path, e));
  } finally {
    await handle.close();
  }
}

/** readWholeFile for code that must not wait (startup): the same checks, synchronously. */
export function readWholeFileSync(path: string, limits: WholeFileLimits): Result<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    return err(unreadable(path, e));
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return err(notAFile(path, info, limits.what));
    if (info.size > limits.maxBytes) return err(tooLarge(path, info.size, limits));
    const pieces: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const piece = new Uint8Array(Math.min(PIECE_BYTES, limits.maxBytes + 1 - total));
      const bytesRead = readSync(fd, piece, 0, piece.length, total);
      if (bytesRead === 0) break;
      pieces.push(piece.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limits.maxBytes) return err(tooLarge(path, null, limits));
    }
    return ok(join(pieces, total));
  } catch (e) {
    return err(unreadable(path, e));
  } finally {
    closeSync(fd);
  }
}

/** readWholeFile as UTF-8 text. */
export async function readWholeText(path: string, limits: WholeFileLimits): Promise<Result<string>> {
  const bytes = await readWholeFile(path, limits);
  return bytes.ok ? ok(new TextDecoder().decode(bytes.value)) : bytes;
}

/** The largest model file read (a model of 64 MiB of JSON has some 3 million weights). */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;
