/**
 * A predict job's linear baseline: fitted in a train worker (src-shared/jobs/predict-baseline.ts, off the main
 * thread), then run over every row on the forward pool like any model, and evaluated over the same rows as the network.
 */
import type { Worker } from 'node:worker_threads';
import type { Dataset } from '../../../src-shared/data/dataset';
import type { BaselineFit, BaselineFitOptions } from '../../../src-shared/jobs/predict-baseline';
import { postedData, type BaselineStartMessage, type TrainWorkerMessage } from '../../../src-shared/jobs/train-messages';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { err, type Result } from '../../../src-shared/result';
import { startWorker, workerError } from '../../workers/worker-files';

/**
 * Fit `model`'s baseline on `dataset` in a fresh train worker. Resolves (never rejects) with the fit or a typed
 * error: the fit's own ('predict/no-target', 'baseline/too-few-rows', …), 'job/cancelled' when `signal` aborts
 * (the worker is terminated at once), 'job/worker-crashed' when the worker dies.
 */
export function fitBaselineInWorker(dataset: Dataset, model: ModelFile, options: BaselineFitOptions, signal?: AbortSignal): Promise<Result<BaselineFit>> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(err({ kind: 'job/cancelled', message: 'The baseline fit was cancelled.' }));
    let worker: Worker;
    try {
      worker = startWorker('train-worker');
    } catch (e) {
      return resolve(err(workerError('job/worker-start', 'baseline worker', e, false)));
    }
    let settled = false;
    const finish = (r: Result<BaselineFit>) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(r);
    };
    const onAbort = () => finish(err({ kind: 'job/cancelled', message: 'The baseline fit was cancelled.' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: TrainWorkerMessage) => {
      if (m.type === 'baseline-done') finish(m.result);
    });
    worker.on('error', (e: Error) => finish(err(workerError('job/worker-crashed', 'baseline worker', e))));
    worker.on('exit', (code: number) => finish(err({ kind: 'job/worker-crashed', message: `The baseline worker exited (code ${code}) before finishing.` })));
    const message: BaselineStartMessage = { type: 'baseline', data: postedData(dataset), model: { inputs: model.inputs, output: model.output }, options };
    worker.postMessage(message);
  });
}
