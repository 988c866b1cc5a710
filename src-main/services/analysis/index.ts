/**
 * The analysis service: one analysis (partial dependence, H, importance, surface, representation) in a fresh worker
 * thread over a loaded dataset (shared memory, not copied), with progress and cancellation.
 */
import type { Worker } from 'node:worker_threads';
import type { AnalysedModel, AnalysisRequest, AnalysisResult, AnalysisStartMessage, AnalysisWorkerMessage } from '../../../src-shared/analysis/request';
import type { Dataset } from '../../../src-shared/data/dataset';
import { postedData } from '../../../src-shared/jobs/train-messages';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { err, type Result } from '../../../src-shared/result';
import { startWorker, workerError } from '../../workers/worker-files';

export interface AnalysisRun {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Run `request` on `model` (or its baseline) over `dataset` in a worker. Resolves (never rejects) with the result or
 * a typed error: the analysis's own (bad column, …), 'job/cancelled' when `signal` aborts (the worker is terminated at
 * once), 'job/worker-crashed' when the worker dies.
 */
export function analyse(dataset: Dataset, model: ModelFile, baseline: boolean, request: AnalysisRequest, run: AnalysisRun = {}): Promise<Result<{ result: AnalysisResult; about: AnalysedModel }>> {
  return new Promise((resolve) => {
    const { signal } = run;
    if (signal?.aborted) return resolve(err({ kind: 'job/cancelled', message: 'The analysis was cancelled.' }));
    let worker: Worker;
    try {
      worker = startWorker('analysis-worker');
    } catch (e) {
      return resolve(err(workerError('job/worker-start', 'analysis worker', e, false)));
    }
    let settled = false;
    const finish = (r: Result<{ result: AnalysisResult; about: AnalysedModel }>) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(r);
    };
    const onAbort = () => finish(err({ kind: 'job/cancelled', message: 'The analysis was cancelled.' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: AnalysisWorkerMessage) => {
      if (m.type === 'progress') run.onProgress?.(m.done, m.total);
      else if (m.type === 'done') finish(m.result);
      else finish(err(m.error));
    });
    worker.on('error', (e: Error) => finish(err(workerError('job/worker-crashed', 'analysis worker', e))));
    worker.on('exit', (code: number) => finish(err({ kind: 'job/worker-crashed', message: `The analysis worker exited (code ${code}) before finishing.` })));
    const message: AnalysisStartMessage = { type: 'analyse', data: postedData(dataset), model, baseline, request };
    worker.postMessage(message);
  });
}
