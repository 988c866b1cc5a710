/**
 * A file too big to load whole (at or above the streaming threshold, predict/stream-threshold.ts): the app opens
 * its first rows only, read from its start as the streaming predict reads it (byte-source.ts: also a compressed
 * file), cut after the last line break and loaded like a small file. The person sees the columns and first rows
 * and chooses the model's inputs; the predictions of every row are then written by the streaming predict.
 */
import { err, ok, type Result } from '../../../src-shared/result';
import { openByteSource } from './byte-source';
import { loadDatasetFromBytes, type LoadDatasetOptions, type LoadedDataset } from './load-dataset';

/** How much of the file's start is read for its first rows. */
export const HEAD_BYTES = 1 << 20;

/**
 * Just past the last `\n` of `bytes` that is outside a quoted field (quotes counted from the start: a doubled quote
 * inside a field leaves the count as it was), or 0 when there is none.
 */
export function lastRecordEnd(bytes: Uint8Array): number {
  let quoted = false;
  let end = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted) end = i + 1;
  }
  return end;
}

/** The first rows of `path` (`size` bytes on disk) as a dataset; `bytes` is the whole file's size. */
export async function loadFileHead(path: string, name: string, size: number, options: Pick<LoadDatasetOptions, 'header' | 'encoding' | 'signal'> = {}, headBytes = HEAD_BYTES): Promise<Result<LoadedDataset>> {
  const started = performance.now();
  const source = await openByteSource(path, size);
  if (!source.ok) return source.error.file ? source : err({ ...source.error, file: path });
  const buffer = new Uint8Array(headBytes);
  let filled = 0;
  try {
    for (;;) {
      const n = await source.value.read(buffer.subarray(filled));
      if (n === 0 || filled + n === buffer.length) {
        filled += n;
        break;
      }
      filled += n;
    }
  } finally {
    await source.value.close();
  }
  // Whole records only: up to the last line break outside quotes (a head with none is loaded as it is).
  const end = filled === buffer.length ? lastRecordEnd(buffer) : filled;
  const head = buffer.slice(0, end > 0 ? end : filled);
  const loaded = await loadDatasetFromBytes(head, name, { ...options, parallel: false });
  if (!loaded.ok) return err({ ...loaded.error, file: path });
  return ok({ ...loaded.value, path, bytes: size, content: head, seconds: (performance.now() - started) / 1000 });
}
