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
import { INITIALIZERS, type InitializerName } from '../nn/init';
import { OPTIMIZERS, type OptimizerName } from '../nn/optimizers';
import { LOSSES, type LossName } from '../nn/losses';

export type { AppError, ColumnInfo, LoadWarning, ModelFile, Task, ActivationName, InitializerName, OptimizerName, LossName };
export { INITIALIZERS, OPTIMIZERS, LOSSES };

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
  readonly model: ModelFile;
  /** The example's input row (e.g. [2, 3]). */
  readonly input: number[];
  /** The output the course computes by hand (e.g. [9]), when it states one. */
  readonly expectedOutput: number[] | null;
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

export type JobKind = 'predict' | 'train' | 'load';
export type JobState = 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly unit: 'rows' | 'epochs' | 'bytes';
}

/** Metrics over a set of rows; a metric that does not apply to the task is null. */
export interface Metrics {
  readonly rows: number;
  readonly loss: number | null;
  readonly mse: number | null;
  readonly mae: number | null;
  readonly r2: number | null;
  readonly accuracy: number | null;
}

export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number | null;
  /** Accuracy for classification (training rows), null for regression. */
  readonly accuracy: number | null;
  readonly valAccuracy: number | null;
  readonly seconds: number;
}

export interface PredictResult {
  readonly kind: 'predict';
  readonly rows: number;
  /** Rows that got a prediction; the others had a missing or unknown input. */
  readonly predicted: number;
  readonly skipped: number;
  /** Names of the prediction columns (e.g. `progression_predicted`, or one per class probability). */
  readonly outputs: string[];
  /** Against the dataset's target column when it has one, over predicted rows; otherwise null. */
  readonly metrics: Metrics | null;
  readonly seconds: number;
}

export interface TrainResult {
  readonly kind: 'train';
  /** The trained network with its preprocessing, ready to save or predict with. */
  readonly model: ModelFile;
  readonly history: EpochMetrics[];
  readonly train: Metrics;
  readonly validation: Metrics | null;
  readonly stoppedEarly: boolean;
  readonly seconds: number;
}

export type JobResult = PredictResult | TrainResult;

export interface JobStatus {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly datasetId: string | null;
  readonly state: JobState;
  readonly progress: JobProgress;
  /** Training: every finished epoch so far. */
  readonly history: EpochMetrics[];
  readonly result: JobResult | null;
  readonly error: AppError | null;
}

export interface JobStarted {
  readonly jobId: string;
}

/** A hidden or output layer to train: its size and activation (weights come from the initializer). */
export interface LayerSettings {
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha?: number;
}

export const MISSING_POLICIES = ['drop', 'impute-mean'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/** Everything a training run needs, as the workspace builds it. Same settings + seed ⇒ same weights. */
export interface TrainSettings {
  /** Input column names, in network input order (categorical columns are one-hot encoded). */
  readonly inputs: string[];
  readonly target: string;
  readonly task: Task;
  readonly missing: MissingPolicy;
  /** Standardize numeric inputs with the training rows' mean and std (stored in the model file). */
  readonly standardize: boolean;
  /** Hidden layers and then the output layer, in order. */
  readonly layers: LayerSettings[];
  readonly initializer: InitializerName;
  readonly seed: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** SGD momentum μ (0 = plain SGD); ignored by the other optimizers. */
  readonly momentum?: number;
  /** Default by task: mse (regression), binary_crossentropy (binary), categorical_crossentropy (multiclass). */
  readonly loss?: LossName;
  readonly batchSize: number;
  readonly epochs: number;
  /** Fraction of rows held out for validation (0 = none), chosen by the seed. */
  readonly validationSplit: number;
  /** Stop when validation loss has not improved for this many epochs; absent = never. */
  readonly patience?: number;
  /** Start from these weights instead of the initializer (same architecture). */
  readonly initialModel?: ModelFile;
}

/** A page of predictions: rows[k] is for dataset row `row`. */
export interface PredictionRow {
  readonly row: number;
  /** The network's outputs (after the output scaling), or null when the row was skipped. */
  readonly outputs: number[] | null;
  /** Classification: the predicted class label; regression: null. */
  readonly label: string | null;
  /** The dataset's value of the model's target column, when it has one. */
  readonly target: Cell;
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

export type DialogPurpose = 'dataset' | 'model' | 'predictions';

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
  | { readonly command: 'export-predictions' }
  | { readonly command: 'set-theme'; readonly theme: ThemePreference }
  | { readonly command: 'show-examples' }
  | { readonly command: 'show-about' }
  /** A file given on the command line or to a second instance: open it as a dataset or model by its extension. */
  | { readonly command: 'open-path'; readonly path: string };

export type ApiEvent =
  | { readonly type: 'job-progress'; readonly jobId: string; readonly kind: JobKind; readonly progress: JobProgress }
  | { readonly type: 'job-epoch'; readonly jobId: string; readonly metrics: EpochMetrics }
  | { readonly type: 'job-state'; readonly jobId: string; readonly state: 'running' | 'paused' }
  | { readonly type: 'job-done'; readonly jobId: string; readonly result: JobResult }
  | { readonly type: 'job-failed'; readonly jobId: string; readonly error: AppError }
  | { readonly type: 'job-cancelled'; readonly jobId: string }
  | { readonly type: 'menu'; readonly menu: MenuCommand };
