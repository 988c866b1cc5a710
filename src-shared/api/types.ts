/**
 * What crosses the renderer ↔ main boundary: plain, structured-clone- and JSON-safe values
 * (numbers, strings, null, arrays, objects; Uint8Array only for uploads). No class instances,
 * no typed arrays on the way out: the renderer gets summaries, pages of rows and results,
 * never a whole dataset.
 */
import type { AppError } from '../result';
import type { ColumnInfo, LoadWarning } from '../data/dataset';
import type { ModelFile, Task } from '../model-file/types';
import type { ActivationName } from '../nn/model';
import type { EpochMetrics, StopReason } from '../nn/train';
import type { TrainingSettings, LayerSetting, ValidationSetting } from '../jobs/train-settings';
import type { EvaluationMetrics, ModelEvaluation, TrainingOutcome, TrainingPlan } from '../jobs/train';
import type { RunSummary } from './runs';
import type { PredictionEvaluation } from '../jobs/predict-evaluation';
import type { SplitEvaluation } from '../jobs/row-split';
import type { LayerActivationSummary, LayerHistogramSnapshot, UnitSummary } from '../jobs/activation-stats';
import type { WeightSnapshot } from '../jobs/weight-snapshots';
import type { BatchProgress } from '../nn/train';
import type { ClassReport, RocCurve } from '../nn/metrics';
import type { ImportReport } from '../formats/format';

export type { AppError, ColumnInfo, LoadWarning, ModelFile, Task, ActivationName };
export type { EpochMetrics, StopReason, TrainingSettings, LayerSetting, ValidationSetting, EvaluationMetrics, ModelEvaluation, TrainingPlan };
export type { PredictionEvaluation, SplitEvaluation, BatchProgress, ClassReport, RocCurve, LayerActivationSummary, LayerHistogramSnapshot, UnitSummary };

/** Where the app runs: the Electron window (preload api) or a browser tab (bridge client). */
export type AppMode = 'electron' | 'browser';

// ---------------------------------------------------------------------------------------------
// Datasets

/** A dataset loaded in main, as the renderer sees it. `id` names it in later calls. */
export interface DatasetSummary {
  readonly id: string;
  /** File name without folders (e.g. `diabetes.csv`). */
  readonly name: string;
  /** Absolute path on the machine running main; null for an uploaded file. */
  readonly path: string | null;
  readonly rows: number;
  readonly cols: number;
  readonly columns: ColumnInfo[];
  /** Problems found while loading (ragged rows, odd values…), each with its line and column. */
  readonly warnings: LoadWarning[];
  readonly delimiter: string;
  readonly encoding: string;
  readonly header: boolean;
  readonly decimal: '.' | ',';
  /** 1-based file line of the first data row. */
  readonly firstDataLine: number;
  /** File size in bytes. */
  readonly bytes: number;
  /** Seconds the load took. */
  readonly seconds: number;
  /**
   * The file is at or above the streaming threshold, so it was not loaded whole: the rows are its first ones (read from
   * its start), `rows` counts only them and `bytes` is the whole file's size. Its predictions export with streamPredictions.
   */
  readonly partial?: boolean;
}

/**
 * One cell for display: a number for numeric columns, null for a missing cell, a string for
 * categorical, text and date columns (dates as ISO 8601, `YYYY-MM-DD` when there is no time part).
 */
export type Cell = number | string | null;

/** A page of rows for the virtualized table: rows[k] is dataset row start + k, one Cell per column. */
export interface RowsPage {
  readonly start: number;
  readonly rows: Cell[][];
}

/** A bundled sample dataset (the shared real datasets). */
export interface SampleInfo {
  /** File name, used by openSample (e.g. `diabetes.csv`). */
  readonly name: string;
  /** One line: what it is and the usual target (from the datasets README). */
  readonly description: string;
  readonly bytes: number;
  /** Suggested target column, when known. */
  readonly target: string | null;
  readonly task: string | null;
}

// ---------------------------------------------------------------------------------------------
// Models

export interface ModelDocument {
  /** Absolute path, or null for an example or pasted weights. */
  readonly path: string | null;
  readonly name: string;
  readonly model: ModelFile;
  /** Set when the file was a foreign format (Keras, TF.js, ONNX): what was read, folded and dropped. */
  readonly imported?: ImportReport;
}

/** The formats `exportModel` writes. */
export type ModelExportFormat = 'onnx' | 'keras' | 'tfjs' | 'python';

/** Files an export wrote (`path` set) or, without a path, their bytes for a browser download. */
export interface ExportedModel {
  readonly files: readonly { readonly name: string; readonly path: string | null; readonly bytes?: Uint8Array }[];
}

export interface SavedFile {
  readonly path: string;
  readonly bytes: number;
}

/** One of the course's worked examples: a network, an input row, and the output it must give. */
export interface CourseExample {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The course's code for it (`input_data = np.array(...)`, `weights = {...}`), as a user would paste it. */
  readonly notation: string;
  readonly model: ModelFile;
  /** The example's input row (e.g. [2, 3]). */
  readonly input: number[];
  /** The output the course computes by hand (e.g. [9]), when it states one. */
  readonly expectedOutput: number[] | null;
  /** Every row the course evaluates with its output (E3 has four): the example's own small dataset. */
  readonly rows?: readonly { readonly input: readonly number[]; readonly output: readonly number[] | null }[];
}

/** Weights pasted in the course's notation (`weights = {...}`, `input_data = np.array([...])`), as a model. */
export interface ImportedWeights {
  readonly model: ModelFile;
  /** The pasted input row, when there was one. */
  readonly input: number[] | null;
  /** Things that were guessed (e.g. activations not stated: linear assumed). */
  readonly notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Jobs: predict and train run off the main thread, report progress, can be cancelled.

export type JobKind = 'predict' | 'train' | 'load' | 'analysis';
export type JobState = 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly unit: 'rows' | 'epochs' | 'bytes' | 'steps';
}

/** Why rows of a predict job got no prediction, for one model input. */
export interface EmptyReason {
  readonly input: string;
  /** Rows where this input's cell is empty. */
  readonly missing: number;
  /** Rows where this (categorical) input holds a category the model never saw. */
  readonly unknownCategory: number;
}

/** How many rows a predict job filled and how many it left empty, and why: the service's, the API's and the CLI's counts. */
export interface PredictRowCounts {
  readonly rows: number;
  /** Rows that got a prediction; the others (emptyRows) had a missing input or an unknown category. */
  readonly predictedRows: number;
  /** Rows with an empty prediction (missingInputRows + unknownCategoryRows). */
  readonly emptyRows: number;
  readonly missingInputRows: number;
  readonly unknownCategoryRows: number;
  /** Per input with any: how many rows it left empty (a row can count under several inputs). */
  readonly emptyBy: EmptyReason[];
}

/**
 * Extra work a predict job may do (each off by default: it costs more passes over the data).
 *   baseline         fit the linear baseline ("model with no interactions") on the model's inputs, encoded the same
 *                    way, against the target column: least squares (regression), logistic (binary) or softmax
 *                    (multiclass) regression. Fitted in a worker on every row with a target and a prediction, or
 *                    on a seeded sample of BASELINE_MAX_FIT_ROWS of them on larger data. Its metrics over all rows
 *                    arrive in PredictResult.baseline; its predictions per row in getPredictions' `baseline` cells.
 *   activationStats  per hidden layer and unit over every predicted row: PredictResult.hidden (LayerActivationSummary[]).
 *   split            the id of a finished training job on the same dataset: its rows' train/validation split
 *                    (src-shared/jobs/row-split.ts) gives PredictResult.splits (metrics per split), getPredictions'
 *                    `split` per row, and the export's `split` column; the baseline is then fitted on the train rows
 *                    only (never on the validation rows, as the network).
 */
export interface PredictJobOptions {
  readonly baseline?: boolean;
  readonly activationStats?: boolean;
  readonly split?: string;
}

/** A predict job's metrics on the training run's train and validation rows (PredictJobOptions.split). */
export interface PredictSplits {
  /** The training job whose split this is. */
  readonly jobId: string;
  /** Dataset rows on each side of the split (also rows without a target or a prediction). */
  readonly rows: { readonly train: number; readonly validation: number };
  readonly network: SplitEvaluation;
  /** The baseline's, when the job fitted one. */
  readonly baseline: SplitEvaluation | null;
}

/** Most rows the baseline is fitted on; above it, a seeded sample of this many (BaselineEvaluation.sampled). */
export const BASELINE_MAX_FIT_ROWS = 200_000;

/** The linear baseline of a predict job: how it was fitted and how good it is over every row. */
export interface BaselineEvaluation {
  readonly method: 'least-squares' | 'logistic' | 'softmax';
  /** Rows the fit used. */
  readonly fitRows: number;
  /** True when the rows with a target exceeded BASELINE_MAX_FIT_ROWS and fitRows of them were drawn (seeded by `seed`). */
  readonly sampled: boolean;
  readonly seed: number;
  /** L-BFGS iterations (0 for least squares) and whether it converged. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Its metrics over the same rows as PredictResult.evaluation (all rows with a target and a prediction). */
  readonly evaluation: PredictionEvaluation;
  /** The baseline as a one-layer model file (same inputs and preprocessing as the network). */
  readonly model: ModelFile;
}

/** Hidden-activation statistics (UnitSummary, LayerActivationSummary): see src-shared/jobs/activation-stats.ts. */

export interface PredictResult extends PredictRowCounts {
  readonly kind: 'predict';
  /** Names of the prediction columns, in order: `prediction` | `predicted_class`, `probability` | `predicted_class`, `p_<class>`… */
  readonly outputs: string[];
  readonly seconds: number;
  readonly workers: number;
  /**
   * Metrics over EVERY row that has a prediction and a value in the dataset column named by the model's output
   * (model.output.name): regression mse/mae/r2 (loss = mse); classification accuracy, confusion[true][predicted],
   * perClass precision/recall/F1, binary roc (≤ 2,000 points) and metrics.auc. `rowsUsed` says how many rows.
   * null when the dataset has no usable target column: `evaluationNote` says why. (Undefined only from old mains.)
   * Over the browser bridge (JSON) a NaN (e.g. precision of a class never predicted) arrives as null.
   */
  readonly evaluation?: PredictionEvaluation | null;
  readonly evaluationNote?: string | null;
  /** With options.baseline: the baseline's fit and metrics; null when it could not be fitted (`baselineNote` says why). */
  readonly baseline?: BaselineEvaluation | null;
  readonly baselineNote?: string | null;
  /** With options.activationStats: one summary per hidden layer, in layer order (empty for a one-layer network). */
  readonly hidden?: LayerActivationSummary[] | null;
  /** With options.split: the metrics on the training run's train and validation rows. */
  readonly splits?: PredictSplits | null;
}

/** A finished training run: the engine's outcome (plan, history, metrics, model and its file text). */
export type TrainResult = { readonly kind: 'train'; readonly seconds: number } & TrainingOutcome & {
  /** The run as the runs store kept it (absent when main keeps no runs). */
  readonly savedRun?: RunSummary;
  /** Why the run could not be kept (a sentence), when writing it failed. */
  readonly runNotSaved?: string;
};

export type JobResult = PredictResult | TrainResult;

export interface JobStatus {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly datasetId: string | null;
  readonly state: JobState;
  readonly progress: JobProgress;
  /** Training: every finished epoch so far. */
  readonly history: EpochMetrics[];
  /** Training: the weight histograms of every finished epoch so far (the job-weights events). */
  readonly weightHistory?: LayerHistogramSnapshot[];
  readonly result: JobResult | null;
  readonly error: AppError | null;
}

export interface JobStarted {
  readonly jobId: string;
}

/** What to do with rows whose inputs have missing cells (the workspace's choice; training drops them today). */
export const MISSING_POLICIES = ['drop', 'impute-mean'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/**
 * A training run as the workspace asks for it: the training engine's settings (src-shared/jobs/train-settings),
 * every field optional except `target` (defaults: DEFAULT_TRAINING_SETTINGS). Same settings + seed ⇒ same model.
 */
export type TrainSettings = Partial<TrainingSettings> & { readonly target: string };

/** One row's predictions: `values` lines up with PredictResult.outputs (null cells: the row got no prediction). */
export interface PredictionRow {
  readonly row: number;
  readonly values: Cell[];
  /** With getPredictions({inputs: true}): the row's cells of the model's input columns, in model.inputs order (as in the table). */
  readonly inputs?: Cell[];
  /** When the job fitted a baseline: the baseline's prediction cells, laid out like `values` (PredictResult.outputs). */
  readonly baseline?: Cell[];
  /** The dataset's value of the model's target column (null when missing or when the dataset has no such column). */
  readonly target: Cell;
  /** When the job was given a training run's split (PredictJobOptions.split): the side this row fell on. */
  readonly split?: 'train' | 'validation';
}

export interface PredictionsPage {
  readonly rows: PredictionRow[];
}

export interface ExportedFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
}

export interface PredictionsCsv {
  readonly csv: string;
  readonly rows: number;
}

// ---------------------------------------------------------------------------------------------
// App, dialogs, preferences

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly mode: AppMode;
  /** process.platform of the machine running main. */
  readonly platform: string;
  readonly samplesAvailable: boolean;
  readonly maxUploadBytes: number;
}

export type DialogPurpose = 'dataset' | 'model' | 'predictions' | 'model-export';

/** The path the user picked, or null when they cancelled. */
export interface DialogChoice {
  readonly path: string | null;
}

export interface RecentFile {
  readonly path: string;
  readonly name: string;
  readonly kind: 'dataset' | 'model';
  /** ISO 8601. */
  readonly openedAt: string;
}

export type ThemePreference = 'system' | 'light' | 'dark';

export interface Preferences {
  readonly theme: ThemePreference;
}

// ---------------------------------------------------------------------------------------------
// Events pushed from main to the renderer, on one channel.

/** A menu item was chosen (Electron), or the OS asked to open a file: the renderer runs the flow. */
export type MenuCommand =
  | { readonly command: 'open-dataset' }
  | { readonly command: 'open-recent'; readonly path: string }
  | { readonly command: 'open-model' }
  | { readonly command: 'save-model' }
  | { readonly command: 'export-model' }
  | { readonly command: 'export-predictions' }
  | { readonly command: 'set-theme'; readonly theme: ThemePreference }
  | { readonly command: 'show-examples' }
  | { readonly command: 'show-about' }
  /** Edit → Undo / Redo: the focused text field's own undo while typing, else the workspace's history. */
  | { readonly command: 'undo' }
  | { readonly command: 'redo' }
  /** A file given on the command line or to a second instance: open it as a dataset or model by its extension. */
  | { readonly command: 'open-path'; readonly path: string };

export type ApiEvent =
  | { readonly type: 'job-progress'; readonly jobId: string; readonly kind: JobKind; readonly progress: JobProgress }
  | { readonly type: 'job-plan'; readonly jobId: string; readonly plan: TrainingPlan }
  | { readonly type: 'job-epoch'; readonly jobId: string; readonly metrics: EpochMetrics }
  /** Training: progress inside an epoch (batch of batches, running loss and MAE/accuracy), at most about 10 per second. */
  | { readonly type: 'job-batch'; readonly jobId: string; readonly progress: BatchProgress }
  /** Training: after each epoch, a 30-bin histogram of each layer's kernel weights. Also kept in JobStatus.weightHistory. */
  | { readonly type: 'job-weights'; readonly jobId: string; readonly snapshot: LayerHistogramSnapshot }
  /** Training: a copy of every layer's weights every few epochs (src-shared/jobs/weight-snapshots.ts); not kept in JobStatus. */
  | { readonly type: 'job-snapshot'; readonly jobId: string; readonly snapshot: WeightSnapshot }
  | { readonly type: 'job-state'; readonly jobId: string; readonly state: 'running' | 'paused' }
  | { readonly type: 'job-done'; readonly jobId: string; readonly result: JobResult }
  | { readonly type: 'job-failed'; readonly jobId: string; readonly error: AppError }
  | { readonly type: 'job-cancelled'; readonly jobId: string }
  | { readonly type: 'menu'; readonly menu: MenuCommand };
