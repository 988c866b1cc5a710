/**
 * The training worker: runs one training job (src-shared/jobs/train.ts) off the main thread and streams
 * its plan, epoch metrics and batch progress back. It also fits a predict job's linear baseline on request ('baseline'). Between batches it reads the job's shared control word:
 * pause blocks on it (Atomics.wait) until resume or stop; stop ends training keeping the best weights so far.
 * Imports src-shared, node:worker_threads and src-main/native: the native training kernels (when the addon
 * loaded; DENSE_LAB_NO_NATIVE=1 turns them off) make the same model bit for bit, only faster.
 */
import { parentPort } from 'node:worker_threads';
import { runTrainingJob, type TrainingControl } from '../../src-shared/jobs/train';
import { TRAIN_CONTROL, type TrainStartMessage, type TrainWorkerMessage, type TrainWorkerRequest } from '../../src-shared/jobs/train-messages';
import { fitModelBaseline } from '../../src-shared/jobs/predict-baseline';
import type { LayerHistogramSnapshot } from '../../src-shared/jobs/activation-stats';
import { snapshotEvery, type SnapshotWeights } from '../../src-shared/jobs/weight-snapshots';
import { loadNativeAddon } from '../native/addon';
import { createNativeTrainingKernels, preferredTrainingVariant, trainingThreads } from '../native/native-train';

/**
 * The native training kernels, loaded once per worker thread, where they beat WebAssembly (undefined: the
 * loop's WebAssembly and JavaScript, as on a CPU with only the scalar variant); on one thread unless
 * DENSE_LAB_TRAIN_THREADS=2 (trainingThreads: the same model either way).
 */
const native = loadNativeAddon();
const nativeVariant = native.ok ? preferredTrainingVariant(native.addon) : undefined;
const threads = trainingThreads(process.env);
const kernels = native.ok && nativeVariant !== undefined ? createNativeTrainingKernels(native.addon, nativeVariant, { threads }) : undefined;
/** The plan's `kernels`: which code runs the matrix products of this worker's training. */
const kernelsLabel = kernels ? `native ${nativeVariant}${threads === 2 ? ' on 2 threads' : ''}` : 'WebAssembly SIMD or JavaScript';

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');

const post = (message: TrainWorkerMessage): void => port.postMessage(message);

port.on('message', (message: TrainWorkerRequest) => {
  if (message.type === 'baseline') {
    post({ type: 'baseline-done', result: fitModelBaseline(message.data, message.model, message.options) });
    return;
  }
  train(message);
});

function train(message: TrainStartMessage): void {
  const control = new Int32Array(message.control);
  const check = (): TrainingControl => {
    let c = Atomics.load(control, 0);
    while (c === TRAIN_CONTROL.pause) {
      Atomics.wait(control, 0, TRAIN_CONTROL.pause);
      c = Atomics.load(control, 0);
    }
    return c === TRAIN_CONTROL.stop ? 'stop' : c === TRAIN_CONTROL.stopKeepLast ? 'stop-last' : 'continue';
  };
  const interval = message.batchIntervalMs ?? 0;
  let lastBatch = -Infinity;
  const result = runTrainingJob(
    message.data,
    message.settings,
    {
      onPlan: (plan) => post({ type: 'plan', plan: { ...plan, kernels: kernelsLabel } }),
      onEpoch: (metrics) => {
        // "one more epoch": pause again once it has ended
        Atomics.compareExchange(control, 0, TRAIN_CONTROL.oneEpoch, TRAIN_CONTROL.pause);
        post({ type: 'epoch', metrics });
      },
      onFold: (result, folds) => post({ type: 'fold', result, folds }),
      onBatch: (progress) => {
        // at most one batch message per batchIntervalMs (the UI needs no more, and each one is a structured clone)
        const now = performance.now();
        if (interval > 0 && now - lastBatch < interval) return;
        lastBatch = now;
        post({ type: 'batch', progress });
      },
      ...(message.weights ? { onWeights: (snapshot: LayerHistogramSnapshot) => post({ type: 'weights', snapshot }) } : {}),
      ...(message.snapshots ? { onEpochWeights: snapshotPoster(message.settings.epochs) } : {}),
      control: check,
    },
    { validation: message.validation, test: message.test },
    kernels ? { kernels } : {},
  );
  post({ type: 'done', result });
}

/**
 * Posts a weight snapshot after epoch 1 and then every `every` epochs, where `every` (weight-snapshots.ts) keeps the
 * snapshots' cost within budget: it is recomputed at each snapshot from the mean epoch time since the last one,
 * that snapshot's own copy-and-post time and the planned epochs. Only reads the weights, so the model is the same bits with or without it.
 */
function snapshotPoster(plannedEpochs: number): (epoch: number, copy: () => SnapshotWeights) => void {
  let every = 1;
  let lastEpoch = 0;
  let lastEnd = performance.now();
  return (epoch, copy) => {
    if (epoch - lastEpoch < every) return;
    const start = performance.now();
    const epochMs = (start - lastEnd) / (epoch - lastEpoch);
    post({ type: 'snapshot', snapshot: { epoch, ...copy(), every } });
    const end = performance.now();
    every = snapshotEvery(epochMs, end - start, plannedEpochs);
    lastEpoch = epoch;
    lastEnd = end;
  };
}
