/**
 * A CSV worker: reads chunks of a CSV file into their regions of a dataset's shared buffers, one chunk
 * at a time (see src-shared/data/csv/chunk-reader.ts for the messages). The main thread reads the file and
 * posts its bytes in shared buffers; this worker tokenizes them and says when each may be reused.
 * Once the chunks are joined, it also converts and measures its share of the matrix's blocks and counts
 * its share of the histograms (the main thread adds the parts up in a fixed order).
 * Imports src-shared, node:worker_threads and the native addon's loader (plain numeric records are read in bulk
 * by the addon when it is built: src-shared/data/csv/csv-kernels.ts).
 */
import { parentPort } from 'node:worker_threads';
import { finishBlocks } from '../../src-shared/data/csv/column-plan';
import { ChunkReader, type FromCsvWorker, type ToCsvWorker } from '../../src-shared/data/csv/chunk-reader';
import { histogramCounts } from '../../src-shared/data/column-stats';
import { nativeCsvKernels } from '../native/addon';

const port = parentPort;
const kernels = nativeCsvKernels();
if (!port) throw new Error('csv-worker must run in a worker thread');

function post(message: FromCsvWorker): void {
  port!.postMessage(message);
}

/** Answer the main thread's messages; the reader of the chunk in progress lives here (one at a time). */
function serve(): void {
  let reader: ChunkReader | null = null;
  port!.on('message', (message: ToCsvWorker) => {
    if (message.type === 'start') {
      reader = new ChunkReader(message.job, kernels.numericRows);
    } else if (message.type === 'bytes') {
      reader?.feed(message.bytes.subarray(0, message.length));
      post({ type: 'consumed', slot: message.slot });
    } else if (message.type === 'finish-blocks') {
      const { values, missing, cols, plans, shape, from, to } = message;
      post({ type: 'blocks', partials: finishBlocks(values, missing, cols, plans, shape, from, to, kernels.blockStats) });
    } else if (message.type === 'histogram') {
      post({ type: 'counts', counts: histogramCounts(message.plan, message.values, message.missing, message.fromRow, message.toRow, kernels.histogram) });
    } else if (message.type === 'end') {
      const done = reader;
      reader = null;
      post({ type: 'done', outcome: done ? done.end() : { ok: false, internal: 'end of a chunk that never started' } });
    }
  });
}

serve();
