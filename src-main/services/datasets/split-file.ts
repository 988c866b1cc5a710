/**
 * Cutting a CSV file into chunks at line ends for the parallel loader (parallel-load.ts): each chunk is
 * guessed to start at a record's start, a guess the join checks.
 */
import type { FileHandle } from 'node:fs/promises';

/** How far past a split offset to look for a line end before giving up that split. */
const SPLIT_SEARCH_BYTES = 1 << 20;

export interface Chunk {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** Offsets cutting `size` bytes into `n` about equal parts. */
export function evenOffsets(size: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 1; k < n; k++) out.push(Math.floor((size * k) / n));
  return out;
}

/**
 * Chunks starting just after a `\n` at or after each offset: the first `\n` between two plain lines
 * (no quote, `fields − 1` delimiters) within 64 KiB, which is very likely not inside a quoted field,
 * else the first `\n`. (Either is only a guess, checked when the chunks are joined.) A split with no `\n`
 * within SPLIT_SEARCH_BYTES, or at the same place as the one before, is dropped.
 */
export async function splitFile(handle: FileHandle, size: number, offsets: readonly number[], delimiter: number, fields: number): Promise<Chunk[]> {
  const starts = [0];
  const window = new Uint8Array(64 * 1024);
  for (const offset of offsets) {
    let from = Math.max(offset, starts[starts.length - 1]);
    let found = -1;
    while (found < 0 && from < size && from < offset + SPLIT_SEARCH_BYTES) {
      const n = await readFully(handle, window, Math.min(window.length, size - from), from);
      if (n === 0) break;
      const bytes = window.subarray(0, n);
      const i = bytes.indexOf(0x0a);
      if (i >= 0) found = from + plainLineEnd(bytes, i, delimiter, fields) + 1;
      else from += n;
    }
    if (found > starts[starts.length - 1] && found < size) starts.push(found);
  }
  return starts.map((start, index) => ({ index, start, end: index + 1 < starts.length ? starts[index + 1] : size }));
}

/** Index of the first `\n` in bytes (from the one at `first`) with a plain whole line on each side, else `first`. */
export function plainLineEnd(bytes: Uint8Array, first: number, delimiter: number, fields: number): number {
  let lineStart = first + 1;
  let prevPlain = false;
  for (let j = lineStart; j < bytes.length; j++) {
    const b = bytes[j];
    if (b !== 0x0a) continue;
    const plain = isPlainLine(bytes, lineStart, j, delimiter, fields);
    if (prevPlain && plain) return lineStart - 1;
    prevPlain = plain;
    lineStart = j + 1;
  }
  return first;
}

/** bytes[start, end) has no quote and exactly fields − 1 delimiters (a trailing `\r` is fine). */
export function isPlainLine(bytes: Uint8Array, start: number, end: number, delimiter: number, fields: number): boolean {
  let delimiters = 0;
  for (let k = start; k < end; k++) {
    const b = bytes[k];
    if (b === 0x22) return false;
    if (b === delimiter) delimiters++;
  }
  return delimiters === fields - 1;
}

/** Read up to `length` bytes at `position` into buffer[0…]; fewer only at the end of the file. */
export async function readFully(handle: FileHandle, buffer: Uint8Array, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}
