/**
 * The messages between the training service (src-main/services/training/) and its worker
 * (src-main/workers/train-worker.ts): start a training job or a predict job's baseline fit, then plan,
 * epoch, batch and weights reports and the result. Everything here is structured-cloneable; datasets travel
 * as SharedArrayBuffers (shared, not copied).
 */
import type { Dataset } from '../data/dataset';
import type { ModelFile } from '../model-file/types';
import type { BatchProgress, EpochMetrics } from '../nn/train';
import type { Result } from '../result';
import type { TrainingSettings } from './train-settings';
import type { TrainingOutcome, TrainingPlan } from './train';
import type { BaselineFit, BaselineFitOptions } from './predict-baseline';
import type { FoldResult } from './cross-validation';
import type { LayerHistogramSnapshot } from './activation-stats';
import type { WeightSnapshot } from './weight-snapshots';

/** Int32 slot 0 of the job's shared control array: what the worker should do, checked between batches. */
export const TRAIN_CONTROL = {
  run: 0,
  pause: 1,
  /** Stop, keeping the best epoch's weights. */
  stop: 2,
  /** Stop, keeping the weights of the last finished epoch. */
  stopKeepLast: 3,
  /** Run until the current epoch ends, then pause (the worker sets pause at the epoch's end). */
  oneEpoch: 4,
} as const;

/** A dataset as posted to the worker: its typed arrays are over SharedArrayBuffers (shared, not copied). */
export type PostedData = Dataset;

/**
 * The fields of `d` a worker needs, as a plain object for postMessage (the loader's extra fields, such as a
 * LoadedDataset's file name and size, stay behind); values and missing keep their SharedArrayBuffers.
 */
export function postedData(d: Dataset): PostedData {
  return {
    rows: d.rows,
    cols: d.cols,
    values: d.values,
    missing: d.missing,
    columns: d.columns,
    delimiter: d.delimiter,
    encoding: d.encoding,
    header: d.header,
    decimal: d.decimal,
    warnings: d.warnings,
    firstDataLine: d.firstDataLine,
  };
}

export interface TrainStartMessage {
  readonly type: 'train';
  readonly data: PostedData;
  readonly validation?: PostedData;
  readonly test?: PostedData;
  readonly settings: TrainingSettings;
  /** Int32Array(1) over a SharedArrayBuffer: TRAIN_CONTROL values. */
  readonly control: SharedArrayBuffer;
  /** Post 'batch' messages at most once per this many milliseconds (default: every report). */
  readonly batchIntervalMs?: number;
  /** Post a 'weights' message after every epoch. */
  readonly weights?: boolean;
  /** Post a 'snapshot' message (a copy of the weights) every few epochs, as weight-snapshots.ts decides. */
  readonly snapshots?: boolean;
}

/** Service → train worker: fit a predict job's linear baseline (src-shared/jobs/predict-baseline.ts) and answer 'baseline-done'. */
export interface BaselineStartMessage {
  readonly type: 'baseline';
  readonly data: PostedData;
  readonly model: Pick<ModelFile, 'inputs' | 'output'>;
  readonly options: BaselineFitOptions;
}

/** Everything the train worker understands. */
export type TrainWorkerRequest = TrainStartMessage | BaselineStartMessage;

export type TrainWorkerMessage =
  | { readonly type: 'plan'; readonly plan: TrainingPlan }
  | { readonly type: 'epoch'; readonly metrics: EpochMetrics }
  | { readonly type: 'batch'; readonly progress: BatchProgress }
  | { readonly type: 'weights'; readonly snapshot: LayerHistogramSnapshot }
  | { readonly type: 'snapshot'; readonly snapshot: WeightSnapshot }
  | { readonly type: 'fold'; readonly result: FoldResult; readonly folds: number }
  | { readonly type: 'done'; readonly result: Result<TrainingOutcome> }
  | { readonly type: 'baseline-done'; readonly result: Result<BaselineFit> };
