/**
 * Prediction numbers formatted ahead by a worker thread (src-main/workers/export-worker.ts) while the
 * main thread copies the original lines: the main thread copies a row's number text from shared memory
 * when the worker has finished that row's block, and formats it itself otherwise. The bytes are the
 * same either way (both use src-shared/data/number-text.ts), so a slow, dead or missing worker only
 * costs time.
 */
import type { Worker } from 'node:worker_threads';
import { MAX_NUMBER_TEXT } from '../../../src-shared/data/number-text';
import { startWorker } from '../../workers/worker-files';
import type { ByteBuffer } from './cells';

const SLOT_BYTES = MAX_NUMBER_TEXT + 1;
const BLOCK_SHIFT = 13;
const BLOCK_ROWS = 1 << BLOCK_SHIFT;
/** Blocks the worker may be ahead of the main thread: bounds the shared text memory (about 3.4 MB a column). */
const RING_BLOCKS = 16;
const RING_ROWS = RING_BLOCKS * BLOCK_ROWS;

/** Below this many rows the worker's start-up costs more than it saves. */
export const NUMBER_WORKER_MIN_ROWS = 100_000;

/** A Float64Array on shared memory (the array itself if it already is). */
function shared(values: Float64Array): Float64Array {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = new Float64Array(new SharedArrayBuffer(values.length * 8));
  copy.set(values);
  return copy;
}

export class NumberTexts {
  private block = -1;
  private ready = false;
  /** Resolves true when the worker has gone through every block, false if it failed or was stopped first. */
  readonly finished: Promise<boolean>;

  private constructor(
    private readonly worker: Worker,
    private readonly slots: Uint8Array,
    private readonly state: Int32Array,
    private readonly cols: number,
  ) {
    this.finished = new Promise((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
  }

  /** Start formatting `columns` (rows values each) on a worker; null if a worker cannot start. */
  static start(columns: readonly Float64Array[], rows: number): NumberTexts | null {
    if (columns.length === 0) return null;
    try {
      const blocks = Math.ceil(rows / BLOCK_ROWS);
      const slots = new Uint8Array(new SharedArrayBuffer(Math.min(rows, RING_ROWS) * columns.length * SLOT_BYTES));
      const state = new Int32Array(new SharedArrayBuffer(4 * (2 + blocks)));
      state[0] = -1;
      const worker = startWorker('export-worker');
      // A worker that fails only means the main thread formats every number itself.
      worker.on('error', () => undefined);
      worker.unref();
      worker.postMessage({ kind: 'numbers', values: columns.map(shared), slots, state, rows, blockRows: BLOCK_ROWS, ringBlocks: RING_BLOCKS });
      return new NumberTexts(worker, slots, state, columns.length);
    } catch {
      return null;
    }
  }

  /**
   * Append the text of row r's number column q to `out` if the worker has written it; false if not
   * (then the caller formats it). Rows must come in ascending order.
   */
  copy(out: ByteBuffer, r: number, q: number): boolean {
    const b = r >>> BLOCK_SHIFT;
    if (b !== this.block) {
      this.block = b;
      Atomics.store(this.state, 0, b);
      Atomics.notify(this.state, 0);
      this.ready = Atomics.load(this.state, 2 + b) === 1;
    }
    if (!this.ready) return false;
    const slots = this.slots;
    const at = ((r % RING_ROWS) * this.cols + q) * SLOT_BYTES;
    const n = slots[at];
    out.reserve(n);
    const dst = out.bytes;
    let pos = out.length;
    for (let k = 1; k <= n; k++) dst[pos++] = slots[at + k];
    out.length = pos;
    return true;
  }

  /** Has the worker written row r's block yet? (It stays at most RING_BLOCKS blocks ahead of copy().) */
  hasRow(r: number): boolean {
    return Atomics.load(this.state, 2 + (r >>> BLOCK_SHIFT)) === 1;
  }

  /** Stop the worker (at the end, or on failure). */
  stop(): void {
    Atomics.store(this.state, 1, 1);
    Atomics.notify(this.state, 0);
    void this.worker.terminate().catch(() => undefined);
  }
}
