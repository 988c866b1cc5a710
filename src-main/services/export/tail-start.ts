/**
 * The tail worker's start (tail-copy.ts): for a big UTF-8 comma file, the worker started and the file's last part
 * read onto shared memory, then its job given to it.
 */
import { open, stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { PredictedColumns } from '../predict/predict';
import type { CsvExporter } from './csv-exporter';
import type { ExportPlan } from './export-plan';
import type { ExportSource } from './export-source';
import { TAIL_MIN_BYTES, TailCopy } from './tail-copy';

/** The file's last part on shared memory (from file offset `base` to the end), and the worker started to export it. */
export interface TailBytes {
  readonly worker: Worker;
  readonly bytes: Uint8Array;
  readonly base: number;
}

/** Give the tail worker its job (the bytes and this export's prediction columns); null if there is none or that fails. */
export function startTailCopy(t: TailBytes | null, exporter: CsvExporter, predictions: PredictedColumns, plan: ExportPlan, rows: number, native = false): TailCopy | null {
  if (t === null) return null;
  try {
    return TailCopy.start(t.worker, t.bytes, t.base, rows, plan.include.length, plan.neutralise, exporter.tailColumns(predictions), native);
  } catch {
    void t.worker.terminate().catch(() => undefined);
    return null;
  }
}

/**
 * For a big UTF-8 file: start the tail worker, then read the file's last part (tail-copy.ts says where it
 * starts: later when the export copies natively) while the worker loads its code. Null when the file is too small or anything fails (the main
 * thread then does it all).
 */
export async function readTail(source: ExportSource, minBytes: number, native = false): Promise<TailBytes | null> {
  if (source.encoding !== 'utf-8' || source.rows === 0) return null;
  let size: number;
  try {
    size = source.content ? source.content.length : (await stat(source.path)).size;
  } catch {
    return null;
  }
  const base = TailCopy.tailStart(size, minBytes, native);
  if (base === null || base < 3) return null;
  const worker = TailCopy.startWorker();
  if (worker === null) return null;
  let read = false;
  try {
    const bytes = new Uint8Array(new SharedArrayBuffer(size - base));
    if (source.content) {
      bytes.set(source.content.subarray(base));
    } else {
      const handle = await open(source.path, 'r');
      try {
        for (let at = 0; at < bytes.length; ) {
          const { bytesRead } = await handle.read(bytes, at, bytes.length - at, base + at);
          if (bytesRead === 0) return null; // shorter than it was: the main thread will say so
          at += bytesRead;
        }
      } finally {
        await handle.close();
      }
    }
    read = true;
    return { worker, bytes, base };
  } catch {
    return null;
  } finally {
    if (!read) void worker.terminate().catch(() => undefined);
  }
}
