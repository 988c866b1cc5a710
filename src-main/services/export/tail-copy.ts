/**
 * The export on two threads: a worker exports the file's last lines from the end backwards (it counts
 * rows from the known total, so it needs nothing the main thread has not read yet) while the main thread
 * exports from the start. Where they meet, the main thread checks that it stands at a record start with
 * exactly the worker's first row; then the worker's bytes complete the file. If not (a quoted line break
 * across the meeting point, a file that changed …) the main thread simply goes on alone: the worker
 * only ever does lines the raw copy would copy (same checks as CsvExporter.copyLines), so either way the
 * bytes are the same.
 *
 * The worker's side is runTail in src-main/workers/export-worker.ts (or, where the main thread copies lines in
 * native code and the worker can too, runTailNative in export-tail-native.ts: forwards, committing once at the
 * end); both sides hold the spin lock
 * state[LOCK] while they read or change the shared progress fields.
 */
import type { Worker } from 'node:worker_threads';
import type { TailColumn } from '../../workers/export-worker';
import { startWorker } from '../../workers/worker-files';
import { MAX_NUMBER_TEXT } from '../../../src-shared/data/number-text';

// Indices into the shared state (as TAIL in export-worker.ts).
const LOCK = 0;
const STOP = 1;
const START = 2;
const OUT_START = 3;
const FIRST_ROW = 4;
const FLOOR = 5;
const OUT_END = 6;
const STATE_LENGTH = 7;

/** Files smaller than this are exported on one thread. */
export const TAIL_MIN_BYTES = 16 << 20;
/**
 * The worker may take the file from this fraction of its bytes onwards (its JavaScript copy is slower than the
 * main thread's native one; its native copy makes a counting pass first, so it takes a little less than half) …
 */
const TAIL_FROM = 0.4;
const TAIL_FROM_NATIVE = 0.55;
/** … but at most this many bytes (its copy of them and its output are in memory at once). */
const TAIL_MAX_BYTES = 128 << 20;

/** Where the main thread stops: at `offset` (a file offset); `ready` says whether the worker's part follows from there. */
export interface TailMeeting {
  readonly offset: number;
  /** The worker's export of the file from `offset` to its end, and its first row (null if it did none). */
  readonly part: { readonly bytes: Uint8Array; readonly firstRow: number; readonly rows: number } | null;
}

export class TailCopy {
  /** Resolves when the worker has stopped on its own (true) or failed (false). */
  readonly finished: Promise<boolean>;

  private constructor(
    private readonly worker: Worker,
    /** File offset of the worker's bytes[0]. */
    private readonly base: number,
    private readonly size: number,
    private readonly rows: number,
    private readonly out: Uint8Array,
    private readonly state: Int32Array,
  ) {
    this.finished = new Promise((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
  }

  /**
   * Start an export worker thread for a tail job to come (it loads its code while the caller reads the
   * tail's bytes); null if none starts. Give it to start(), or terminate it.
   */
  static startWorker(): Worker | null {
    try {
      const worker = startWorker('export-worker');
      worker.on('error', () => undefined);
      worker.unref();
      return worker;
    } catch {
      return null;
    }
  }

  /**
   * Give `worker` (from startWorker) the tail job on `tail` (the file's bytes from file offset `base` to
   * its end, on shared memory). Null if that fails (the worker is then stopped).
   */
  static start(worker: Worker, tail: Uint8Array, base: number, rows: number, cols: number, neutralise: boolean, columns: TailColumn[], native = false): TailCopy | null {
    try {
      // Natively the worker commits all or nothing: room for the part's rows (estimated from the file's mean line,
      // with a margin) each with its widest predictions. Backwards it commits what fits.
      const room = columns.reduce((sum, c) => sum + 1 + (c.kind === 'number' ? MAX_NUMBER_TEXT : Math.max(0, ...c.cells.map((x) => x.length))), 1);
      const partRows = Math.ceil((rows * tail.length) / Math.max(1, base + tail.length) * 1.25) + 1024;
      const outBytes = native ? tail.length + partRows * room : Math.ceil(tail.length * 1.5) + (1 << 20);
      const out = new Uint8Array(new SharedArrayBuffer(outBytes));
      const state = new Int32Array(new SharedArrayBuffer(4 * STATE_LENGTH));
      state[START] = tail.length;
      state[OUT_START] = out.length;
      state[OUT_END] = out.length;
      state[FIRST_ROW] = rows;
      state[FLOOR] = 0;
      worker.postMessage({ kind: 'tail', bytes: tail, cols, neutralise, rows, columns, out, state, native });
      return new TailCopy(worker, base, base + tail.length, rows, out, state);
    } catch {
      void worker.terminate().catch(() => undefined);
      return null;
    }
  }

  /**
   * Where the part of the file a worker may take starts (0.4 of the way in, 0.55 when both sides copy natively;
   * at most 128 MiB before the end); null when not worth it.
   */
  static tailStart(size: number, minBytes: number, native = false): number | null {
    return size >= minBytes ? Math.max(Math.floor(size * (native ? TAIL_FROM_NATIVE : TAIL_FROM)), size - TAIL_MAX_BYTES) : null;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.state, LOCK, 0, 1) !== 0) {
      // The worker holds it for a few instructions.
    }
  }

  /**
   * The main thread is about to export the file up to offset `end`. Returns `end` if the worker has not
   * got there (and will not: the floor rises to `end`), else stops the worker and says where they meet.
   */
  claim(end: number): number | TailMeeting {
    const state = this.state;
    this.lock();
    const start = this.base + state[START];
    if (end <= start) {
      state[FLOOR] = end - this.base;
      Atomics.store(state, LOCK, 0);
      return end;
    }
    state[STOP] = 1;
    const outStart = state[OUT_START];
    const outEnd = state[OUT_END];
    const firstRow = state[FIRST_ROW];
    Atomics.store(state, LOCK, 0);
    if (start >= this.size) return { offset: start, part: null };
    return { offset: start, part: { bytes: this.out.subarray(outStart, outEnd), firstRow, rows: this.rows - firstRow } };
  }

  /** Stop the worker and let it go (its shared memory stays valid while views of it are held). */
  stop(): void {
    this.lock();
    this.state[STOP] = 1;
    Atomics.store(this.state, LOCK, 0);
    void this.worker.terminate().catch(() => undefined);
  }
}
