/** What `predict` from files to files is asked (predict-file.ts, predict-stream.ts) and what it reports. */
import type { KernelChoice, KernelUsed } from '../../../src-shared/jobs/forward';
import type { ForwardPool } from '../../workers/pool';
import type { ForwardPrecision } from '../../../src-shared/nn/kernels/forward-kernel';
import type { PredictRowCounts } from './predict';
import type { LoadWarning } from '../../../src-shared/data/dataset';
import type { ModelFile } from '../../../src-shared/model-file/types';

export type PredictPhase = 'loading' | 'predicting' | 'writing';

export interface PredictFileRequest {
  /** The model file to read; '' when `model` is given. */
  readonly modelPath: string;
  /** The model itself (the app's current model; streaming only): modelPath is then not read. */
  readonly model?: ModelFile;
  readonly dataPath: string;
  readonly outPath: string;
  readonly pool: ForwardPool;
  readonly maxWorkers?: number;
  readonly kernel?: KernelChoice;
  /** The arithmetic to run (default: the model file's `arithmetic`, else float64). */
  readonly arithmetic?: ForwardPrecision;
  /** Keep cells that look like spreadsheet formulas raw (default: neutralise them). */
  readonly keepFormulas?: boolean;
  /** Original columns to copy (default: all). */
  readonly columns?: readonly string[];
  /** Whether the CSV's first row is a header (default: the loader decides, warning when in doubt). */
  readonly header?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Read, predict and write the file a batch at a time, in bounded memory (predict-stream.ts; same bytes out).
   * Default: for files of STREAM_MIN_BYTES or more.
   */
  readonly stream?: boolean;
  /**
   * Streaming: this thread may compute chunks of a batch while it waits for the workers (ForwardPool.help). Only
   * for a caller whose thread has nothing else to serve — the CLI; never the app's main process, which answers the
   * window (default false).
   */
  readonly computeHere?: boolean;
  /** Tests only: bytes per streamed batch (small ones cross many batch boundaries). */
  readonly streamChunkBytes?: number;
  /** Progress of the current phase: bytes read while loading (and while streaming), rows while predicting and writing. */
  readonly onProgress?: (phase: PredictPhase, done: number, total: number) => void;
}

export interface PredictFileSummary extends PredictRowCounts {
  readonly outPath: string;
  readonly bytesWritten: number;
  readonly workers: number;
  readonly kernel: KernelUsed | 'none';
  /** The arithmetic the workers ran. */
  readonly precision: ForwardPrecision;
  /** Seconds per phase and in all. */
  readonly seconds: { readonly load: number; readonly predict: number; readonly write: number; readonly total: number };
  /** How many problems the loader reported (e.g. text cells read as missing), and they: the streaming path reports the same. */
  readonly loadWarnings: number;
  readonly warnings: readonly LoadWarning[];
  /** The file was read, predicted and written a batch at a time (then load is 0 and write is everything but the wait for the workers). */
  readonly streamed?: boolean;
}
