/**
 * The export's number-formatting worker: writes prediction numbers as text (src-shared/data/number-text.ts)
 * into shared memory, block by block ahead of the main thread, which copies finished blocks instead of
 * formatting them itself and formats any block the worker has not finished (same bytes either way).
 *
 * Shared memory (see src-main/services/export/number-texts.ts): `slots` is a ring of `ringBlocks` blocks;
 * row r, number column q is at ((r mod ringRows)·cols + q)·SLOT_BYTES: a length byte, then the text.
 * `state[0]` is the block the main thread is on, `state[1]` is 1 to stop, `state[2 + b]` becomes 1 when
 * block b is written. The worker stays fewer than `ringBlocks` blocks ahead of the main thread (it waits
 * on state[0]), so the ring slot it writes is never one the main thread may still read.
 */
import { parentPort } from 'node:worker_threads';
import { MAX_NUMBER_TEXT, writeNumberText } from '../../src-shared/data/number-text';

export interface NumberTextJob {
  readonly values: Float64Array[];
  readonly slots: Uint8Array;
  readonly state: Int32Array;
  readonly rows: number;
  readonly blockRows: number;
  readonly ringBlocks: number;
}

const SLOT_BYTES = MAX_NUMBER_TEXT + 1;

/** Write the blocks the main thread has not reached yet, in order, until done or told to stop. */
function run(job: NumberTextJob): void {
  const { values, slots, state, rows, blockRows, ringBlocks } = job;
  const cols = values.length;
  const blocks = Math.ceil(rows / blockRows);
  const ringRows = ringBlocks * blockRows;
  for (let b = 0; b < blocks; b++) {
    let mainAt = Atomics.load(state, 0);
    // Too far ahead: wait for the main thread to move on (it notifies on state[0]).
    while (b >= mainAt + ringBlocks && Atomics.load(state, 1) === 0) {
      Atomics.wait(state, 0, mainAt, 100);
      mainAt = Atomics.load(state, 0);
    }
    if (Atomics.load(state, 1) !== 0) return;
    if (b <= mainAt) {
      b = mainAt; // the main thread formats the block it is in itself: go on after it
      continue;
    }
    const end = Math.min(rows, (b + 1) * blockRows);
    for (let r = b * blockRows; r < end; r++) {
      const ring = r % ringRows;
      for (let q = 0; q < cols; q++) {
        const at = (ring * cols + q) * SLOT_BYTES;
        slots[at] = writeNumberText(values[q][r], slots, at + 1);
      }
    }
    Atomics.store(state, 2 + b, 1);
  }
}

parentPort?.once('message', (job: NumberTextJob) => {
  run(job);
  parentPort?.postMessage('done');
});
