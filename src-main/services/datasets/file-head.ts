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
  // Whole records only: up to the last line break (a file with no line break in its head is loaded as it is).
  const end = filled === buffer.length ? buffer.lastIndexOf(0x0a, filled - 1) + 1 : filled;
  const head = buffer.slice(0, end > 0 ? end : filled);
  const loaded = await loadDatasetFromBytes(head, name, { ...options, parallel: false });
  if (!loaded.ok) return err({ ...loaded.error, file: path });
  return ok({ ...loaded.value, path, bytes: size, content: head, seconds: (performance.now() - started) / 1000 });
}
