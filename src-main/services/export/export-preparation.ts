/**
 * Export work that can start before the predictions exist: for a big UTF-8 comma file, the tail worker
 * (tail-copy.ts) started and the file's last part read onto shared memory.
 */
import { open, stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import type { Predictions } from '../predict/predict';
import type { CsvExporter } from './csv-exporter';
import type { ExportPlan } from './export-plan';
import type { ExportSource } from './export-source';
import { TAIL_MIN_BYTES, TailCopy } from './tail-copy';
import { nativeExport } from '../../native/native-export';

/** The file's last part on shared memory (from file offset `base` to the end), and the worker started to export it. */
export interface TailBytes {
  readonly worker: Worker;
  readonly bytes: Uint8Array;
  readonly base: number;
}

/** Give the tail worker its job (the bytes and this export's prediction columns); null if there is none or that fails. */
export function startTailCopy(t: TailBytes | null, exporter: CsvExporter, predictions: Predictions, plan: ExportPlan, rows: number, native = false): TailCopy | null {
  if (t === null) return null;
  try {
    return TailCopy.start(t.worker, t.bytes, t.base, rows, plan.include.length, plan.neutralise, exporter.tailColumns(predictions), native);
  } catch {
    void t.worker.terminate().catch(() => undefined);
    return null;
  }
}

/** Stop a prepared tail's worker that will not be used. */
export function discardTail(tail: Promise<TailBytes | null> | null): void {
  void tail?.then((t) => t?.worker.terminate().catch(() => undefined));
}

/**
 * Work an export can do before its predictions exist (see prepareExport): the tail worker started and the
 * file's last part read. Give it to exportPredictions as `prepared`, and dispose() it when done either way.
 */
export class ExportPreparation {
  private used = false;

  constructor(
    private readonly source: ExportSource,
    private readonly tail: Promise<TailBytes | null>,
  ) {}

  /** The prepared tail, for an export of the same source, once; null otherwise. */
  take(source: ExportSource): Promise<TailBytes | null> | null {
    if (this.used || source !== this.source) return null;
    this.used = true;
    return this.tail;
  }

  /** Has an export taken it (or dispose() ended it)? */
  get taken(): boolean {
    return this.used;
  }

  /** Stop the worker if no export took it. */
  dispose(): void {
    if (this.used) return;
    this.used = true;
    discardTail(this.tail);
  }
}

/**
 * Start what an export of `source` can start before the predictions are known, so it runs on two threads
 * from its first moment: for a big UTF-8 comma file, the tail worker (it loads its code) and the read of
 * the file's last part. Costs nothing when the export would not use a worker. Same bytes either way.
 */
export function prepareExport(source: ExportSource, options: { readonly tailMinBytes?: number; readonly native?: boolean; readonly tailWorker?: boolean } = {}): ExportPreparation {
  const native = options.native !== false && nativeExport() !== null;
  // The native copy runs on one thread unless asked (see exportPredictions).
  const eligible = (options.tailWorker ?? !native) && source.encoding === 'utf-8' && source.delimiter === ',' && source.columns.length > 0;
  return new ExportPreparation(source, eligible ? readTail(source, options.tailMinBytes ?? TAIL_MIN_BYTES, native) : Promise.resolve(null));
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
