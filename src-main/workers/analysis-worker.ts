/**
 * The analysis worker: runs one analysis (src-shared/analysis/request.ts) off the main thread and posts its progress
 * at most every 100 ms. Cancelling terminates the worker (the service does it), so the pure code needs no polling.
 * Imports only src-shared and node:worker_threads.
 */
import { parentPort } from 'node:worker_threads';
import { runAnalysis, type AnalysisStartMessage, type AnalysisWorkerMessage } from '../../src-shared/analysis/request';
import { errorDetail } from '../../src-shared/result';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');

const post = (message: AnalysisWorkerMessage): void => port.postMessage(message);

port.on('message', (message: AnalysisStartMessage) => {
  let last = -Infinity;
  const onProgress = (done: number, total: number) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    post({ type: 'progress', done, total });
  };
  try {
    post({ type: 'done', result: runAnalysis(message.request, message.model, message.data, message.baseline, { onProgress }) });
  } catch (e) {
    post({ type: 'failed', error: { kind: 'job/internal', message: 'The analysis stopped unexpectedly (a bug in Dense Lab; see Details).', detail: errorDetail(e) } });
  }
});
