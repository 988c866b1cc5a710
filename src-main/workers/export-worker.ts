/**
 * The export's worker, for one of two jobs (the main thread checks and can always do the work itself):
 *
 * 'numbers': writes prediction numbers as text (src-shared/data/number-text.ts) into shared memory,
 * block by block ahead of the main thread, which copies finished blocks instead of formatting them
 * itself and formats any block the worker has not finished (same bytes either way).
 *
 * 'tail': writes the export of the file's last lines, from the end backwards, while the main thread
 * works forwards from the start (see src-main/services/export/tail-copy.ts); natively (runTailNative, forwards)
 * where the main thread copies lines natively too.
 *
 * Shared memory (see src-main/services/export/number-texts.ts): `slots` is a ring of `ringBlocks` blocks;
 * row r, number column q is at ((r mod ringRows)·cols + q)·SLOT_BYTES: a length byte, then the text.
 * `state[0]` is the block the main thread is on, `state[1]` is 1 to stop, `state[2 + b]` becomes 1 when
 * block b is written. The worker stays fewer than `ringBlocks` blocks ahead of the main thread (it waits
 * on state[0]), so the ring slot it writes is never one the main thread may still read.
 */
import { parentPort } from 'node:worker_threads';
import { MAX_NUMBER_TEXT, writeNumberText } from '../../src-shared/data/number-text';
import { needsNeutralising } from '../../src-shared/data/formula-cells';
import { nativeExport, packCells, type NativeExport, type NativeExportColumn } from '../native/native-export';

export interface NumberTextJob {
  readonly kind: 'numbers';
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

/** A prediction column as the tail job gets it: numbers, or class codes with each label's cell bytes. */
export type TailColumn = { readonly kind: 'number'; readonly values: Float64Array } | { readonly kind: 'class'; readonly codes: Int32Array; readonly cells: Uint8Array[] };

/** Indices into TailJob.state. */
export const TAIL = { lock: 0, stop: 1, start: 2, outStart: 3, firstRow: 4, floor: 5, outEnd: 6, length: 7 } as const;

export interface TailJob {
  readonly kind: 'tail';
  /** The file's bytes from some line-aligned-or-not offset to its end (UTF-8, ',' delimited). */
  readonly bytes: Uint8Array;
  readonly cols: number;
  readonly neutralise: boolean;
  /** Data rows in the whole file: the last line is row rows − 1. */
  readonly rows: number;
  readonly columns: TailColumn[];
  /** Export bytes go here, backwards from its end (natively: forwards from its start, up to state[outEnd]). */
  readonly out: Uint8Array;
  /** The main thread copies lines natively: do the job natively too where this thread can (runTailNative). */
  readonly native?: boolean;
  /**
   * Under the spin lock state[lock]: `start` (offset in bytes of the first line done; bytes.length when
   * none), `outStart` (where their export begins in out), `firstRow` (the row of that line), `stop` (set by
   * the main thread: commit nothing more), `floor` (offset in bytes the main thread has reached: the
   * worker never commits a line starting below it).
   */
  readonly state: Int32Array;
}

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const SPACE = 0x20;
/** Is the field bytes[start, end) written as it is (no spaces at its ends, nothing to neutralise)? */
function plainField(bytes: Uint8Array, start: number, end: number, neutralise: boolean): boolean {
  if (end === start) return true;
  if (bytes[start] === SPACE || bytes[end - 1] === SPACE) return false;
  return !neutralise || !needsNeutralising(bytes, start, end);
}

/** Lines per commit. */
const BATCH = 256;

function lock(state: Int32Array): void {
  while (Atomics.compareExchange(state, TAIL.lock, 0, 1) !== 0) {
    // The main thread holds it for a few instructions.
  }
}

/**
 * Export the file's last lines, last first, for as long as each is a plain line (the same test as
 * copyLines in src-main/services/export/export-predictions.ts, done while copying) whose start is known (an LF before it
 * within `bytes`), committing every BATCH lines.
 */
function runTail(job: TailJob): void {
  const { bytes, cols, neutralise, columns, out, state } = job;
  const n = bytes.length;
  if (n === 0 || bytes[n - 1] !== LF) return; // the last record has no line end: leave it all to the main thread
  const scratch = new Uint8Array(columns.reduce((sum, c) => sum + 1 + (c.kind === 'number' ? MAX_NUMBER_TEXT : Math.max(0, ...c.cells.map((x) => x.length))), 1));
  let pos = n; // start of the lowest line committed
  let outPos = out.length;
  let row = job.rows;
  for (;;) {
    let bPos = pos;
    let bOut = outPos;
    let bRow = row;
    let done = false;
    for (let k = 0; k < BATCH; ) {
      // The line ending with the LF at bPos − 1 (a \r before it is part of the line end).
      const lf = bPos - 1;
      const end = lf > 0 && bytes[lf - 1] === CR ? lf - 1 : lf;
      if (end === 0) {
        done = true; // where this line starts is not in `bytes`
        break;
      }
      if (bytes[end - 1] === LF) {
        bPos = end; // a blank line: no record
        continue;
      }
      if (bRow === 0) {
        done = true;
        break;
      }
      const r = bRow - 1;
      // Backwards: the line end, the predictions, then the line's bytes, checked as they are copied.
      let m = 0;
      for (let p = 0; p < columns.length; p++) {
        scratch[m++] = COMMA;
        const column = columns[p];
        if (column.kind === 'number') {
          m += writeNumberText(column.values[r], scratch, m);
        } else {
          const code = column.codes[r];
          if (code >= 0) {
            const cell = column.cells[code];
            scratch.set(cell, m);
            m += cell.length;
          }
        }
      }
      let o = bOut - 1 - m;
      if (o <= 0) {
        done = true; // out is full
        break;
      }
      out[bOut - 1] = LF;
      for (let i = 0; i < m; i++) out[o + i] = scratch[i];
      let fields = 1;
      let fieldEnd = end;
      let p = end - 1;
      let ok = true;
      for (; ; p--) {
        if (p < 0 || o === 0) {
          ok = false; // the line's start is not in `bytes`, or out is full
          break;
        }
        const c = bytes[p];
        // Everything above ',' (digits, letters, '.', '-' …) is copied with one test, the common case.
        if (c > COMMA) {
          out[--o] = c;
          continue;
        }
        if (c === LF) break;
        if (c === QUOTE || c === CR) {
          ok = false;
          break;
        }
        if (c === COMMA) {
          if (!plainField(bytes, p + 1, fieldEnd, neutralise)) {
            ok = false;
            break;
          }
          fields++;
          fieldEnd = p;
        }
        out[--o] = c;
      }
      if (!ok || fields !== cols || !plainField(bytes, p + 1, fieldEnd, neutralise)) {
        done = true;
        break;
      }
      bOut = o;
      bRow = r;
      bPos = p + 1;
      k++;
    }
    lock(state);
    const stop = state[TAIL.stop] !== 0 || bPos < state[TAIL.floor];
    if (!stop && bPos < pos) {
      state[TAIL.start] = bPos;
      state[TAIL.outStart] = bOut;
      state[TAIL.firstRow] = bRow;
      pos = bPos;
      outPos = bOut;
      row = bRow;
    }
    Atomics.store(state, TAIL.lock, 0);
    if (stop || done || bPos === pos && bPos === 0) return;
  }
}

/**
 * runTailNative: the tail job in native code, for an export whose main thread copies
 * lines natively too: the worker takes the file's last part forwards, not backwards. It first counts the records
 * from its part's first line start to the end (a pass of exportLines without prediction columns, into a small
 * scratch buffer), which gives that line's row (rows − count); a line the copy would not take as it is moves
 * the part's start after it. Then it exports the part and commits it once, under the same lock and floor as
 * the JavaScript tail (too little room in `out`: nothing; the main thread then does it all). Same bytes.
 */
const SCRATCH_BYTES = 1 << 20;

/** Run the tail job natively (see the file comment); returns when done or given up. */
export function runTailNative(job: TailJob, native: NativeExport): void {
  const { bytes, cols, neutralise, out, state, rows } = job;
  const n = bytes.length;
  if (n === 0 || bytes[n - 1] !== LF) return; // the last record has no line end: leave it all to the main thread
  // The bytes before the first line end may be part of a line that starts before the part.
  let from = bytes.indexOf(LF) + 1;
  if (from <= 0 || from >= n) return;
  const result = new Float64Array(5);
  let scratch = new Uint8Array(SCRATCH_BYTES);
  let at = from;
  let count = 0;
  while (at < n) {
    if (Atomics.load(state, TAIL.stop) !== 0) return;
    native.exportLines(bytes, at, n, scratch, 0, cols, neutralise, count, rows, 0, [], result);
    const moved = result[0] > at;
    at = result[0];
    count = result[2];
    if (result[4] === 0 && at < n) {
      // A line the copy would not take: the part starts after it (the plain lines at the end, as runTail takes).
      from = bytes.indexOf(LF, at) + 1;
      if (from <= 0 || from >= n) return;
      at = from;
      count = 0;
    } else if (result[4] !== 0 && !moved) scratch = new Uint8Array(scratch.length * 2); // one long line
  }
  const firstRow = rows - count;
  if (firstRow < 0) return;
  const columns = job.columns.map((c): NativeExportColumn => {
    if (c.kind === 'number') return c.values;
    const packed = packCells(c.cells);
    return [c.codes, packed.cells, packed.starts];
  });
  // The columns hold every row: rows start at 0 in them.
  native.exportLines(bytes, from, n, out, 0, cols, neutralise, firstRow, rows, 0, columns, result);
  if (result[0] !== n || result[2] !== rows || result[4] !== 0) return;
  lock(state);
  if (state[TAIL.stop] === 0 && from >= state[TAIL.floor]) {
    state[TAIL.start] = from;
    state[TAIL.outStart] = 0;
    state[TAIL.outEnd] = result[1];
    state[TAIL.firstRow] = firstRow;
  }
  Atomics.store(state, TAIL.lock, 0);
}

parentPort?.once('message', (job: NumberTextJob | TailJob) => {
  const native = job.kind === 'tail' && job.native ? nativeExport() : null;
  if (job.kind === 'tail') {
    if (native !== null) runTailNative(job, native);
    else runTail(job);
  } else run(job);
  parentPort?.postMessage('done');
});
