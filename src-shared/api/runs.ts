/**
 * The runs store's part of the API: every finished training run is kept (in main, beside the settings) with its
 * settings, curves, metrics per split, model file, duration and date, so the runs table survives a restart.
 * Also "Show in folder" for a written file (Electron only).
 */
import type { TrainingOutcome } from '../jobs/train';
import { filePath, id, none, object, type Validator } from './validate';

/** What a run keeps of the engine's outcome besides its model: plan, curves, stop reason, metrics per split, cv. */
export type RunOutcome = Omit<TrainingOutcome, 'model' | 'modelText'>;

/** One kept run, without its model (what the runs table lists). */
export interface RunSummary {
  /** The run's id in the store (also its file name). */
  readonly id: string;
  /** 1-based, in the order the runs finished (never reused while the run is kept). */
  readonly number: number;
  /** When it ended (ISO 8601). */
  readonly date: string;
  readonly seconds: number;
  /** The dataset's name it was trained on. */
  readonly dataset: string;
  /** The settings it was trained with, as the model file records them (model.training.settings). */
  readonly settings: Record<string, unknown>;
  readonly outcome: RunOutcome;
}

/** A kept run with its model file's text (writeModelFile: what "Save model" would write). */
export interface StoredRun extends RunSummary {
  readonly modelText: string;
}

export interface RunsList {
  readonly runs: RunSummary[];
  /** One sentence per run file (or runs folder) that could not be read and was kept aside. */
  readonly problems: string[];
}

export interface ApiRunsMethods {
  /** Every kept run, oldest first, and the sentences about files that could not be read. */
  listRuns: { args: Record<string, never>; result: RunsList };
  /** One run with its model file's text. */
  getRun: { args: { runId: string }; result: StoredRun };
  /** Deletes a run; until Dense Lab quits, undeleteRun brings it back. */
  deleteRun: { args: { runId: string }; result: { deleted: boolean } };
  undeleteRun: { args: { runId: string }; result: RunSummary };
  /** Electron only: shows a written file in the system's file manager. */
  showInFolder: { args: { path: string }; result: { shown: boolean } };
}

const runIdArg = object({ runId: id });

export const runsValidators = {
  listRuns: none,
  getRun: runIdArg,
  deleteRun: runIdArg,
  undeleteRun: runIdArg,
  showInFolder: object({ path: filePath }),
} satisfies { [K in keyof ApiRunsMethods]: Validator<ApiRunsMethods[K]['args']> };
