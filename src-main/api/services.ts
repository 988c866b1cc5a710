/**
 * The services behind the API, as the handlers see them. Each is a plain function (or null while it is not
 * built, which makes its methods answer 'api/not-available'). default-services.ts wires the real ones;
 * tests pass their own.
 */
import type { ActivationName, CourseExample, ExportedFile, ImportedWeights, ModelFile, PredictionsCsv, PredictJobOptions, TrainSettings } from '../../src-shared/api';
import type { Dataset } from '../../src-shared/data/dataset';
import type { Result } from '../../src-shared/result';
import type { analyse } from '../services/analysis';
import type { JobContext, JobOutcome, OpenDataset, PredictionStore } from './session';

export interface LoadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Whether the first row is a header, when the person said so; absent, the loader detects it. */
  readonly header?: boolean;
}

/** A loaded dataset with the facts the summary reports. */
export interface LoadedData {
  readonly data: Dataset;
  readonly bytes: number;
  readonly seconds: number;
  /** The CSV's bytes when the file was compressed: kept, so an export copies cells from them. */
  readonly content?: Uint8Array;
  /** Only the file's first rows were loaded (it is at or above the streaming threshold; file-head.ts). */
  readonly partial?: boolean;
}

/** What streamPredictions asks: predict every row of a file not loaded whole, writing `path` batch by batch. */
export interface StreamRequest {
  readonly dataset: OpenDataset;
  readonly model: ModelFile;
  readonly path: string;
  readonly columns: string[];
  readonly keepFormulas: boolean;
  readonly signal?: AbortSignal;
  /** Bytes of the file read so far, of its size. */
  readonly onProgress: (done: number, total: number) => void;
}

export interface ExportRequest {
  readonly dataset: OpenDataset;
  readonly predictions: PredictionStore;
  readonly columns: string[];
  readonly keepFormulas: boolean;
}

export interface ApiServices {
  loadDataset: ((path: string, options: LoadOptions) => Promise<Result<LoadedData>>) | null;
  loadDatasetFromBytes: ((bytes: Uint8Array, name: string, options: LoadOptions) => Promise<Result<LoadedData>>) | null;
  courseExamples: (() => CourseExample[]) | null;
  importWeights: ((text: string, options: { hiddenActivation?: ActivationName; outputActivation?: ActivationName }) => Result<ImportedWeights>) | null;
  /** `split`: the training run's codes per row when options.split named one (the handler looked them up). */
  predict: ((dataset: OpenDataset, model: ModelFile, ctx: JobContext, options?: PredictJobOptions, split?: { jobId: string; codes: Int32Array }) => Promise<Result<JobOutcome>>) | null;
  /** `validation`: the open dataset whose rows validate (settings.validation { kind: 'file' }). */
  train: ((dataset: OpenDataset, settings: TrainSettings, ctx: JobContext, validation?: OpenDataset) => Promise<Result<JobOutcome>>) | null;
  /** Write the export CSV to `path` atomically. */
  exportPredictions: ((request: ExportRequest, path: string) => Promise<Result<Omit<ExportedFile, 'seconds'>>>) | null;
  predictionsCsv: ((request: ExportRequest) => Promise<Result<PredictionsCsv>>) | null;
  /** The streaming predict (predict-stream.ts) from a partial dataset's file to `path`; absent: 'api/not-available'. */
  streamPredictions?: (request: StreamRequest) => Promise<Result<Omit<ExportedFile, 'seconds'>>>;
  /** Run one analysis in a worker (src-main/services/analysis); absent: the analysis methods answer 'api/not-available'. */
  analyse?: typeof analyse;
  /** Stop worker pools and the like (app quit, bridge close). */
  dispose?(): Promise<void>;
}

/** No services at all: every service-backed method answers 'api/not-available'. */
export function noServices(): ApiServices {
  return {
    loadDataset: null,
    loadDatasetFromBytes: null,
    courseExamples: null,
    importWeights: null,
    predict: null,
    train: null,
    exportPredictions: null,
    predictionsCsv: null,
  };
}
