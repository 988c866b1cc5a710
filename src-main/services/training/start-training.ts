/**
 * The training service: start a training job in its own worker, stream its progress, and let the caller
 * pause, resume or stop it. The API layer, the CLI and tests all call this.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerError } from '../../workers/worker-files';
import { err, type Result } from '../../../src-shared/result';
import { resolveTrainingSettings, type TrainingSettings } from '../../../src-shared/jobs/train-settings';
import type { TrainingData, TrainingOutcome, TrainingPlan } from '../../../src-shared/jobs/train';
import { postedData, TRAIN_CONTROL, type TrainStartMessage, type TrainWorkerMessage } from '../../../src-shared/jobs/train-messages';
import type { BatchProgress, EpochMetrics } from '../../../src-shared/nn/train';
import type { LayerHistogramSnapshot } from '../../../src-shared/jobs/activation-stats';
import type { WeightSnapshot } from '../../../src-shared/jobs/weight-snapshots';
import type { FoldResult } from '../../../src-shared/jobs/cross-validation';

export interface TrainingCallbacks {
  /** Once rows and columns are chosen: task (and why), row counts, parameters, notes. */
  readonly onPlan?: (plan: TrainingPlan) => void;
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  readonly onBatch?: (progress: BatchProgress) => void;
  /** At most one onBatch per this many milliseconds (throttled in the worker; default: every report). */
  readonly batchIntervalMs?: number;
  /** After each epoch: a 30-bin histogram of each layer's kernel weights (computed in the worker). */
  readonly onWeights?: (snapshot: LayerHistogramSnapshot) => void;
  /** Every few epochs (as few as keep their cost near 2 % of training time): a copy of every layer's weights. */
  readonly onSnapshot?: (snapshot: WeightSnapshot) => void;
  /** Cross-validation: after each fold. */
  readonly onFold?: (result: FoldResult, folds: number) => void;
}

export interface TrainingExtras {
  /** Validation rows, when settings.validation is { kind: 'file' }. */
  readonly validation?: TrainingData;
  /** Held-out rows evaluated once at the end (never used for training or early stopping). */
  readonly test?: TrainingData;
}

export interface TrainingHandle {
  /** The outcome (model file text, history, metrics), or a typed error. Never rejects. */
  readonly promise: Promise<Result<TrainingOutcome>>;
  /** Hold the worker between batches until resume() or stop(). */
  pause(): void;
  resume(): void;
  /** End training after the current batch, keeping the best weights so far ('best', the default) or the last epoch's. */
  stop(keep?: 'best' | 'last'): void;
  /** While paused: run until the current epoch ends, then pause again. */
  oneEpoch(): void;
}

/**
 * Train a network on `dataset` with `settings` (defaults filled in; see DEFAULT_TRAINING_SETTINGS).
 * Invalid settings resolve at once to an error of kind 'train/invalid-settings' naming the field.
 */
export function startTraining(
  dataset: TrainingData,
  settings: Partial<TrainingSettings> & { readonly target: string },
  callbacks: TrainingCallbacks = {},
  extras: TrainingExtras = {},
): TrainingHandle {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const set = (value: number) => {
    Atomics.store(control, 0, value);
    Atomics.notify(control, 0);
  };
  const resolved = resolveTrainingSettings(settings);
  const handle = (promise: Promise<Result<TrainingOutcome>>): TrainingHandle => ({
    promise,
    pause: () => {
      if (Atomics.load(control, 0) === TRAIN_CONTROL.run) set(TRAIN_CONTROL.pause);
    },
    resume: () => {
      if (Atomics.load(control, 0) === TRAIN_CONTROL.pause) set(TRAIN_CONTROL.run);
    },
    stop: (keep = 'best') => set(keep === 'last' ? TRAIN_CONTROL.stopKeepLast : TRAIN_CONTROL.stop),
    oneEpoch: () => {
      if (Atomics.load(control, 0) === TRAIN_CONTROL.pause) set(TRAIN_CONTROL.oneEpoch);
    },
  });
  if (!resolved.ok) return handle(Promise.resolve(err(resolved.error)));

  const promise = new Promise<Result<TrainingOutcome>>((resolve) => {
    let worker: Worker;
    try {
      worker = startWorker('train-worker');
    } catch (e) {
      resolve(err(workerError('train/worker-start', 'training worker', e, false)));
      return;
    }
    let settled = false;
    const finish = (result: Result<TrainingOutcome>) => {
      if (settled) return;
      settled = true;
      resolve(result);
      void worker.terminate();
    };
    worker.on('message', (m: TrainWorkerMessage) => {
      if (m.type === 'plan') callbacks.onPlan?.(m.plan);
      else if (m.type === 'epoch') callbacks.onEpoch?.(m.metrics);
      else if (m.type === 'batch') callbacks.onBatch?.(m.progress);
      else if (m.type === 'weights') callbacks.onWeights?.(m.snapshot);
      else if (m.type === 'snapshot') callbacks.onSnapshot?.(m.snapshot);
      else if (m.type === 'fold') callbacks.onFold?.(m.result, m.folds);
      else if (m.type === 'done') finish(m.result);
    });
    worker.on('error', (e: Error) => finish(err(workerError('train/worker-crashed', 'training worker', e))));
    worker.on('exit', (code: number) => finish(err({ kind: 'train/worker-crashed', message: `The training worker exited (code ${code}) before finishing.` })));
    const message: TrainStartMessage = {
      type: 'train',
      data: postedData(dataset),
      ...(extras.validation ? { validation: postedData(extras.validation) } : {}),
      ...(extras.test ? { test: postedData(extras.test) } : {}),
      settings: resolved.value,
      control: control.buffer as SharedArrayBuffer,
      ...(callbacks.batchIntervalMs !== undefined ? { batchIntervalMs: callbacks.batchIntervalMs } : {}),
      ...(callbacks.onWeights ? { weights: true } : {}),
      ...(callbacks.onSnapshot ? { snapshots: true } : {}),
    };
    worker.postMessage(message);
  });
  return handle(promise);
}
