/**
 * The ONE contract between the renderer and main. Every method is declared once in `ApiMethods`
 * (arguments and result) and has exactly one argument validator in `apiValidators` (`satisfies`
 * makes a missing or extra entry a type error). The Electron preload, the ipcMain handlers, the
 * browser bridge server and the bridge client all loop over `API_METHODS`; none lists methods by hand.
 *
 * Every call answers `Promise<Result<T>>`: `{ok: true, value}` or `{ok: false, error: AppError}`.
 * Nothing throws across the boundary; transport failures come back as kind 'api/transport'.
 */
import { err, ok, type Result } from '../result';
import { checkModel } from '../model-file/read';
import { resolveTrainingSettings } from '../jobs/train-settings';
import { ACTIVATIONS } from '../nn/model';
import type { LayerSpec } from '../model-file/types';
import {
  array,
  boolean,
  jsonObject,
  bytes,
  filePath,
  id,
  integer,
  none,
  object,
  oneOf,
  optional,
  string,
  INVALID_ARGUMENT as API_ERRORS_INVALID,
  type Validator,
} from './validate';
import {
  type ActivationName,
  type ApiEvent,
  type AppInfo,
  type AppMode,
  type CourseExample,
  type DatasetSummary,
  type DialogChoice,
  type DialogPurpose,
  type ExportedFile,
  type ExportedModel,
  type ModelExportFormat,
  type ImportedWeights,
  type JobStarted,
  type JobStatus,
  type ModelDocument,
  type ModelFile,
  type PredictionsCsv,
  type PredictionsPage,
  type PredictJobOptions,
  type Preferences,
  type RecentFile,
  type RowsPage,
  type SampleInfo,
  type SavedFile,
  type ThemePreference,
  type TrainSettings,
} from './types';
import type { AnalysedModel, AnalysisResults } from '../analysis/request';
import type { DependenceOptions } from '../analysis/partial-dependence';
import type { InteractionOptions } from '../analysis/h-statistic';
import type { ImportanceOptions } from '../analysis/permutation-importance';
import type { SurfaceOptions } from '../analysis/surface';
import { runsValidators, type ApiRunsMethods } from './runs';

/** Largest page of rows or predictions one call returns (the table asks for what is on screen). */
export const MAX_ROWS_PER_CALL = 1000;
/** Largest file the browser may upload (bigger files: open by path). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Every method: its arguments and what it answers (inside Result). */
export interface ApiMethods extends ApiAnalysisMethods, ApiRunsMethods {
  // App
  getAppInfo: { args: Record<string, never>; result: AppInfo };
  getPreferences: { args: Record<string, never>; result: Preferences };
  setPreferences: { args: { theme?: ThemePreference }; result: Preferences };
  listRecent: { args: Record<string, never>; result: RecentFile[] };
  /** Electron only (browser mode: 'api/not-available'; use a file input). */
  showOpenDialog: { args: { purpose: 'dataset' | 'model'; title?: string }; result: DialogChoice };
  /** Electron only. `defaultName` is a file name (e.g. `diabetes-predictions.csv`). */
  showSaveDialog: { args: { purpose: DialogPurpose; defaultName?: string }; result: DialogChoice };

  // Datasets
  /**
   * Load a CSV by path. With `jobId` (chosen by the renderer) it sends job-progress events of kind 'load' and cancel({jobId}) stops it.
   * `header`: the person's answer to "is the first row a header?" (true: names, false: data); absent, the loader detects it.
   * `encoding`: the file's encoding when the person chooses it (`shift_jis`, `gbk`, `windows-1251` …); absent, it is detected.
   */
  openDataset: { args: { path: string; jobId?: string; header?: boolean; encoding?: string }; result: DatasetSummary };
  /** Load a CSV from its bytes (browser mode: a picked or dropped file). `name` is the file name; `header`, `encoding` as for openDataset. */
  uploadDataset: { args: { name: string; bytes: Uint8Array; jobId?: string; header?: boolean; encoding?: string }; result: DatasetSummary };
  listSamples: { args: Record<string, never>; result: SampleInfo[] };
  /** `header` as for openDataset. */
  openSample: { args: { name: string; jobId?: string; header?: boolean }; result: DatasetSummary };
  /**
   * Rows start … start+count−1 (count ≤ MAX_ROWS_PER_CALL; clipped at the end of the data). `columns`: only these
   * columns (0-based), in this order, in each row (reading one column of a 785-column file: 1/785 of the cells).
   */
  getRows: { args: { datasetId: string; start: number; count: number; columns?: number[] }; result: RowsPage };
  /** Forget a dataset (finished jobs keep their status; exporting from it then answers 'api/not-found'). */
  closeDataset: { args: { datasetId: string }; result: { closed: boolean } };

  // Models
  readModel: { args: { path: string }; result: ModelDocument };
  /** Written atomically (temporary file, then rename). */
  saveModel: { args: { path: string; model: ModelFile }; result: SavedFile };
  listExamples: { args: Record<string, never>; result: CourseExample[] };
  /** Parse the course's `weights = {...}` / `input_data = np.array([...])` notation. */
  importWeights: { args: { text: string; hiddenActivation?: ActivationName; outputActivation?: ActivationName }; result: ImportedWeights };
  /** Import a Keras (.h5, .keras) or ONNX model from its bytes (browser mode: a picked or dropped file). */
  importModel: { args: { name: string; bytes: Uint8Array }; result: ModelDocument };
  /** Export as ONNX, Keras v3, TF.js Layers or a python script: written beside `path` (atomically), or returned as bytes without one. */
  exportModel: { args: { model: ModelFile; format: ModelExportFormat; path?: string }; result: ExportedModel };

  // Jobs
  /** Run `model` over every row. `options` (PredictJobOptions): baseline fit, hidden-activation statistics. */
  predict: { args: { datasetId: string; model: ModelFile; options?: PredictJobOptions }; result: JobStarted };
  /** `validationDatasetId`: an open dataset (same columns) whose rows validate, with settings.validation { kind: 'file' }. */
  train: { args: { datasetId: string; settings: TrainSettings; validationDatasetId?: string }; result: JobStarted };
  /**
   * Stop a job (or a load started with a jobId). A training job stops after its current batch and ends
   * 'job-done' with stopReason 'stopped', keeping the best weights so far; other jobs end 'job-cancelled'.
   * A cancelled load answers its open call with an error of kind 'job/cancelled' (the same kind as a cancelled job).
   */
  /** keep (training only): 'last' keeps the last finished epoch's weights instead of the best ones. */
  cancel: { args: { jobId: string; keep?: 'best' | 'last' }; result: { cancelled: boolean } };
  pause: { args: { jobId: string }; result: JobStatus };
  /** `oneEpoch`: a training job runs exactly one more epoch and pauses again in its worker (the "+1 epoch" button). */
  resume: { args: { jobId: string; oneEpoch?: boolean }; result: JobStatus };
  getJob: { args: { jobId: string }; result: JobStatus };
  /**
   * Predictions of a finished predict job for rows start, start+stride, … (count ≤ MAX_ROWS_PER_CALL). Use stride for a chart sample.
   * `inputs: true` adds each row's model-input cells (PredictionRow.inputs); rows carry `baseline` cells when the job fitted one.
   */
  getPredictions: { args: { jobId: string; start: number; count: number; stride?: number; inputs?: boolean }; result: PredictionsPage };
  /**
   * Write the dataset's chosen `columns` plus the prediction columns as CSV, atomically, never over the opened file.
   * keepFormulas false: cells starting with = + - @ get a leading ' so spreadsheets do not run them.
   */
  exportPredictions: {
    args: { datasetId: string; jobId: string; path: string; columns: string[]; keepFormulas: boolean };
    result: ExportedFile;
  };
  /** The same CSV as text, for a browser download. */
  predictionsCsv: { args: { datasetId: string; jobId: string; columns: string[]; keepFormulas: boolean }; result: PredictionsCsv };
  /**
   * Export predictions for a dataset that was not loaded whole (DatasetSummary.partial): main reads the file, predicts
   * and writes `path` a batch at a time (the path of `dense-lab predict --stream`, same bytes), atomically. With
   * `jobId` it sends job-progress events (bytes of the file read / its size) and cancel({jobId}) stops it (answer:
   * 'job/cancelled', no file written). Browser mode writes only with --write-dir (a relative path goes into that folder).
   */
  streamPredictions: {
    args: { datasetId: string; model: ModelFile; path: string; columns: string[]; keepFormulas: boolean; jobId?: string };
    result: ExportedFile;
  };
}

/** What every analysis method answers: its numbers, and whether they are the network's or the baseline's. */
export interface AnalysisAnswer<K extends keyof AnalysisResults> {
  readonly result: AnalysisResults[K];
  readonly about: AnalysedModel;
}

/**
 * The analysis methods (src-shared/analysis, run in a worker): `baseline` analyses the model's linear/logistic fit
 * instead of the network; with `jobId` (chosen by the renderer) they send job-progress events of kind 'analysis' and
 * cancel({jobId}) stops them (answer: an error of kind 'job/cancelled').
 */
type AnalysisArgs<O> = { datasetId: string; model: ModelFile; baseline?: boolean; jobId?: string; options: O };

export interface ApiAnalysisMethods {
  analyzeDependence: { args: AnalysisArgs<DependenceOptions>; result: AnalysisAnswer<'dependence'> };
  analyzeInteractions: { args: AnalysisArgs<InteractionOptions>; result: AnalysisAnswer<'interactions'> };
  analyzeImportance: { args: AnalysisArgs<ImportanceOptions>; result: AnalysisAnswer<'importance'> };
  analyzeSurface: { args: AnalysisArgs<SurfaceOptions>; result: AnalysisAnswer<'surface'> };
  /**
   * A hidden layer's activations projected on 2 principal components: one frame per training snapshot's layers (the
   * job-snapshot events, oldest first, the model's architecture), then one for the model's own weights.
   */
  analyzeRepresentation: { args: AnalysisArgs<{ layer: number; sample?: number; seed?: number; snapshots?: LayerSpec[][] }>; result: AnalysisAnswer<'representation'> };
}

export type ApiMethodName = keyof ApiMethods;
export type ApiArgs<K extends ApiMethodName> = ApiMethods[K]['args'];
export type ApiResult<K extends ApiMethodName> = ApiMethods[K]['result'];

// ---------------------------------------------------------------------------------------------
// Validators: the only gate between a transport and a handler.

const noArgs = none;
const datasetId = id;
const jobIdArg = object({ jobId: id });
const columnName = string({ minLength: 1, maxLength: 1000 });
const fileName = string({ minLength: 1, maxLength: 255 });

/** A model file object, checked in full by the model-file reader (errors name the field: `args.model.layers[1].kernel`). */
const modelFile: Validator<ModelFile> = (value, path) => {
  const r = checkModel(value);
  if (r.ok) return r;
  const at = r.error.path ? `${path}.${r.error.path}` : path;
  return err({ ...r.error, kind: API_ERRORS_INVALID, message: `${path}: ${r.error.message}`, path: at });
};

/** Training settings, resolved and checked in full by the training engine's own rules (defaults filled in). */
const trainSettings: Validator<TrainSettings> = (value, path) => {
  const r = jsonObject(value, path);
  if (!r.ok) return r;
  const resolved = resolveTrainingSettings(r.value as TrainSettings);
  if (resolved.ok) return resolved;
  const at = resolved.error.path ? `${path}.${resolved.error.path}` : path;
  return err({ ...resolved.error, kind: API_ERRORS_INVALID, message: `${at}: ${resolved.error.message}`, path: at });
};

const seedArg = integer({ min: -(2 ** 31), max: 2 ** 31 });

/** Training snapshots' layers: each checked as the model's own layers would be, and of the model's architecture. */
const snapshotLayers = (model: ModelFile, layers: readonly unknown[], at: string): Result<LayerSpec[]> => {
  const r = modelFile({ ...model, layers }, at);
  if (!r.ok) return r;
  const same = r.value.layers.length === model.layers.length && r.value.layers.every((l, k) => l.units === model.layers[k].units && l.activation === model.layers[k].activation && l.kernel.length === model.layers[k].kernel.length);
  return same ? ok(r.value.layers as LayerSpec[]) : err({ kind: API_ERRORS_INVALID, message: `${at}: a snapshot's layers are not the model's architecture.`, path: at });
};

/** An analysis method's arguments: the dataset, the model, baseline or not, an optional job id, and its options. */
function analysisArgs<S extends Parameters<typeof object>[0]>(options: S) {
  return object({ datasetId, model: modelFile, baseline: optional(boolean), jobId: optional(id), options: object(options) });
}

const representationShape = analysisArgs({
  layer: integer({ min: 0, max: 1000 }),
  sample: optional(integer({ min: 2, max: 5000 })),
  seed: optional(seedArg),
  snapshots: optional(array(array(jsonObject, { minLength: 1, maxLength: 1000 }), { maxLength: 200 })),
});
/** analyzeRepresentation's arguments: each snapshot's layers checked against the model. */
const representationArgs: Validator<ApiAnalysisMethods['analyzeRepresentation']['args']> = (value, path) => {
  const r = representationShape(value, path);
  if (!r.ok) return r;
  const { snapshots, ...options } = r.value.options;
  if (!snapshots) return ok({ ...r.value, options });
  const checked: LayerSpec[][] = [];
  for (const [k, layers] of snapshots.entries()) {
    const c = snapshotLayers(r.value.model, layers, `${path}.options.snapshots[${k}]`);
    if (!c.ok) return c;
    checked.push(c.value);
  }
  return ok({ ...r.value, options: { ...options, snapshots: checked } });
};

/** One validator per method. A missing or extra entry is a type error. */
export const apiValidators = {
  getAppInfo: noArgs,
  getPreferences: noArgs,
  setPreferences: object({ theme: optional(oneOf(['system', 'light', 'dark'] as const)) }),
  listRecent: noArgs,
  showOpenDialog: object({ purpose: oneOf(['dataset', 'model'] as const), title: optional(string({ maxLength: 200 })) }),
  showSaveDialog: object({ purpose: oneOf(['dataset', 'model', 'predictions', 'model-export'] as const), defaultName: optional(fileName) }),

  openDataset: object({ path: filePath, jobId: optional(id), header: optional(boolean), encoding: optional(string({ maxLength: 40 })) }),
  uploadDataset: object({ name: fileName, bytes: bytes(MAX_UPLOAD_BYTES), jobId: optional(id), header: optional(boolean), encoding: optional(string({ maxLength: 40 })) }),
  listSamples: noArgs,
  openSample: object({ name: fileName, jobId: optional(id), header: optional(boolean) }),
  getRows: object({ datasetId, start: integer({ min: 0 }), count: integer({ min: 0, max: MAX_ROWS_PER_CALL }), columns: optional(array(integer({ min: 0 }), { minLength: 1, maxLength: 100_000 })) }),
  closeDataset: object({ datasetId }),

  readModel: object({ path: filePath }),
  saveModel: object({ path: filePath, model: modelFile }),
  listExamples: noArgs,
  importWeights: object({
    text: string({ minLength: 1, maxLength: 1_000_000 }),
    hiddenActivation: optional(oneOf(ACTIVATIONS)),
    outputActivation: optional(oneOf(ACTIVATIONS)),
  }),
  importModel: object({ name: fileName, bytes: bytes(MAX_UPLOAD_BYTES) }),
  exportModel: object({ model: modelFile, format: oneOf(['onnx', 'keras', 'tfjs', 'python'] as const), path: optional(filePath) }),

  predict: object({
    datasetId,
    model: modelFile,
    options: optional(object({ baseline: optional(boolean), activationStats: optional(boolean), split: optional(id) })),
  }),
  train: object({ datasetId, settings: trainSettings, validationDatasetId: optional(datasetId) }),
  cancel: object({ jobId: id, keep: optional(oneOf(['best', 'last'] as const)) }),
  pause: jobIdArg,
  resume: object({ jobId: id, oneEpoch: optional(boolean) }),
  getJob: jobIdArg,
  getPredictions: object({
    jobId: id,
    start: integer({ min: 0 }),
    count: integer({ min: 0, max: MAX_ROWS_PER_CALL }),
    stride: optional(integer({ min: 1 })),
    inputs: optional(boolean),
  }),
  exportPredictions: object({
    datasetId,
    jobId: id,
    path: filePath,
    columns: array(columnName, { maxLength: 10_000 }),
    keepFormulas: boolean,
  }),
  predictionsCsv: object({ datasetId, jobId: id, columns: array(columnName, { maxLength: 10_000 }), keepFormulas: boolean }),
  streamPredictions: object({
    datasetId,
    model: modelFile,
    path: filePath,
    columns: array(columnName, { maxLength: 10_000 }),
    keepFormulas: boolean,
    jobId: optional(id),
  }),

  analyzeDependence: analysisArgs({
    feature: columnName,
    class: optional(columnName),
    by: optional(columnName),
    groups: optional(integer({ min: 2, max: 5 })),
    grid: optional(integer({ min: 2, max: 200 })),
    sample: optional(integer({ min: 0, max: 1_000_000 })),
    seed: optional(seedArg),
    ice: optional(integer({ min: 0, max: 200 })),
  }),
  analyzeInteractions: analysisArgs({ sample: optional(integer({ min: 2, max: 2000 })), seed: optional(seedArg), features: optional(array(columnName, { minLength: 2, maxLength: 30 })), class: optional(columnName) }),
  analyzeImportance: analysisArgs({ target: optional(columnName), repeats: optional(integer({ min: 1, max: 50 })), seed: optional(seedArg), sample: optional(integer({ min: 0, max: 10_000_000 })) }),
  analyzeSurface: analysisArgs({ x: columnName, y: columnName, grid: optional(integer({ min: 2, max: 100 })), row: optional(integer({ min: 0 })), points: optional(integer({ min: 0, max: 2000 })), seed: optional(seedArg), class: optional(columnName) }),
  analyzeRepresentation: representationArgs,
  ...runsValidators,
} satisfies { [K in ApiMethodName]: Validator<ApiArgs<K>> };

/** The method names, in table order: what preload, IPC handlers, bridge server and client loop over. */
export const API_METHODS = Object.keys(apiValidators) as ApiMethodName[];

/** True when `name` is one of the API's methods (for transports receiving a method name as a string). */
export function isApiMethod(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && Object.hasOwn(apiValidators, name);
}

// ---------------------------------------------------------------------------------------------
// The object the renderer talks to.

/** One method as the renderer calls it: never throws, answers a Result. Methods whose arguments are all optional may be called without any. */
export type ApiCall<K extends ApiMethodName> = {} extends ApiArgs<K>
  ? (args?: ApiArgs<K>) => Promise<Result<ApiResult<K>>>
  : (args: ApiArgs<K>) => Promise<Result<ApiResult<K>>>;

/**
 * What `lib/api/connect` gives the renderer: the preload's object in Electron, the bridge client in a browser.
 * `pathForFile` exists only in Electron (the real path of a dropped File); without it, upload the bytes.
 */
export type Api = { readonly [K in ApiMethodName]: ApiCall<K> } & {
  readonly mode: AppMode;
  /** Subscribe to events pushed by main (job progress, menu commands); returns the unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  pathForFile?(file: unknown): string | null;
};

// ---------------------------------------------------------------------------------------------
// Error kinds every transport and handler uses.

export const API_ERRORS = {
  /** A method name that is not in the table. */
  unknownMethod: 'api/unknown-method',
  /** An argument failed its validator; `path` names it (e.g. `args.count`). */
  invalidArgument: 'api/invalid-argument',
  /** The method exists but not here (a dialog in browser mode, a service not built yet). */
  notAvailable: 'api/not-available',
  /** An id that names no open dataset or job. */
  notFound: 'api/not-found',
  /** A job that is not in a state for this call (e.g. predictions of a running job). */
  badState: 'api/bad-state',
  /** The call came from a frame that is not the app. */
  forbidden: 'api/forbidden',
  /** A path this session may not write (browser mode's --write-dir: outside the folder, hidden, a symbolic link). */
  forbiddenPath: 'api/forbidden-path',
  /** The connection to main failed (bridge closed, IPC error). */
  transport: 'api/transport',
  /** A bug in main: the message says what; the stack stays in main's log. */
  internal: 'api/internal',
  /** Work stopped by cancel({jobId}): a load answers its open call with this kind; a job ends with a 'job-cancelled' event. */
  cancelled: 'job/cancelled',
} as const;

// ---------------------------------------------------------------------------------------------
// Electron IPC channel names (preload and ipcMain derive theirs from these).

/** The ipcRenderer.invoke channel of a method. */
export function invokeChannel(method: ApiMethodName): string {
  return `dense-lab:${method}`;
}
/** The one channel main pushes ApiEvents on. */
export const EVENT_CHANNEL = 'dense-lab:event';
