/**
 * A CSV worker: reads chunks of a CSV file into their regions of a dataset's shared buffers, one chunk
 * at a time (see src-shared/data/chunk-reader.ts for the messages). The main thread reads the file and
 * posts its bytes in shared buffers; this worker tokenizes them and says when each may be reused.
 * Once the chunks are joined, it also converts and measures its share of the matrix's blocks and counts
 * its share of the histograms (the main thread adds the parts up in a fixed order).
 * Imports only src-shared and node:worker_threads.
 */
import { parentPort } from 'node:worker_threads';
import { finishBlocks } from '../../src-shared/data/builder';
import { ChunkReader, type FromCsvWorker, type ToCsvWorker } from '../../src-shared/data/chunk-reader';
import { histogramCounts } from '../../src-shared/data/column-stats';

const port = parentPort;
if (!port) throw new Error('csv-worker must run in a worker thread');

function post(message: FromCsvWorker): void {
  port!.postMessage(message);
}

/** Answer the main thread's messages; the reader of the chunk in progress lives here (one at a time). */
function serve(): void {
  let reader: ChunkReader | null = null;
  port!.on('message', (message: ToCsvWorker) => {
    if (message.type === 'start') {
      reader = new ChunkReader(message.job);
    } else if (message.type === 'bytes') {
      reader?.feed(message.bytes.subarray(0, message.length));
      post({ type: 'consumed', slot: message.slot });
    } else if (message.type === 'finish-blocks') {
      const { values, missing, cols, plans, shape, from, to } = message;
      post({ type: 'blocks', partials: finishBlocks(values, missing, cols, plans, shape, from, to) });
    } else if (message.type === 'histogram') {
      post({ type: 'counts', counts: histogramCounts(message.plan, message.values, message.missing, message.fromRow, message.toRow) });
    } else if (message.type === 'end') {
      const done = reader;
      reader = null;
      post({ type: 'done', outcome: done ? done.end() : { ok: false, internal: 'end of a chunk that never started' } });
    }
  });
}

/**
 * Run the hot code once on a small made-up table (about 300 KB of numbers, in a few ms) while the main
 * thread is still sniffing the file: a fresh worker's first real chunk then runs optimized code from its start.
 */
function warmUp(): void {
  const cols = 11;
  const rows = 4000;
  let text = '';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Deterministic numbers with 6 significant digits, a third negative.
      const k = (r * 7919 + c * 104729) % 999983;
      text += `${k % 3 === 0 ? '-' : ''}${(k % 1000) + 1}.${String(k % 1000).padStart(3, '0')}${c < cols - 1 ? ',' : '\n'}`;
    }
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const vals = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
  const kinds = new Uint8Array(new SharedArrayBuffer(rows * cols));
  const names = Array.from({ length: cols }, (_, c) => `x${c}`);
  const reader = new ChunkReader({
    delimiter: ',',
    segment: { names, header: false, decimal: '.', tokenEncoding: 'utf-8', skipRecords: 0 },
    region: { vals, kinds, offset: 0, capacity: rows * cols },
    fileStart: null,
    last: true,
    firstLine: 1,
  });
  for (let at = 0; at < bytes.length; at += 65536) reader.feed(bytes.subarray(at, Math.min(bytes.length, at + 65536)));
  const outcome = reader.end();
  if (!outcome.ok) return;
  const plans = names.map((name) => ({ name, type: 'numeric' as const }));
  const shape = { measured: names.map(() => true), categoryCounts: names.map(() => -1) };
  finishBlocks(vals, kinds, cols, plans, shape, 0, outcome.segment.rows * cols);
  const plan = { bins: new Int32Array(cols).fill(20), width: new Float64Array(cols).fill(100), scale: new Float64Array(cols).fill(0.01), lo: new Float64Array(cols).fill(-1000) };
  histogramCounts(plan, vals, kinds, 0, outcome.segment.rows);
}

warmUp();
serve();
