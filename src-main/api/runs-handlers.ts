/**
 * The handlers of the runs store's methods (listRuns, getRun, deleteRun, undeleteRun) and showInFolder, and
 * `keepRun`, which the train handler calls when a run ends so every finished run is kept.
 */
import { resolve } from 'node:path';
import { API_ERRORS, type TrainResult } from '../../src-shared/api';
import type { ApiRunsMethods } from '../../src-shared/api/runs';
import { err, ok, type Result } from '../../src-shared/result';
import type { AppHost } from './host';
import type { JobOutcome } from './session';

type RunsHandlers = { [K in keyof ApiRunsMethods]: (args: ApiRunsMethods[K]['args']) => Promise<Result<ApiRunsMethods[K]['result']>> };

const noStore = (): Result<never> => err({ kind: API_ERRORS.notAvailable, message: 'Runs are not kept here (this Dense Lab has no folder for them).' });

export function createRunsHandlers(host: AppHost): RunsHandlers {
  return {
    async listRuns() {
      if (!host.runs) return ok({ runs: [], problems: [] });
      return ok({ runs: host.runs.list(), problems: [...host.runs.problems] });
    },
    async getRun(args) {
      return host.runs ? host.runs.get(args.runId) : noStore();
    },
    async deleteRun(args) {
      return host.runs ? host.runs.remove(args.runId) : noStore();
    },
    async undeleteRun(args) {
      return host.runs ? host.runs.undelete(args.runId) : noStore();
    },
    async showInFolder(args) {
      if (!host.showInFolder) return err({ kind: API_ERRORS.notAvailable, message: 'Showing a file in its folder is not available here: in the browser, files are downloads.' });
      return ok({ shown: await host.showInFolder(resolve(args.path)) });
    },
  };
}

/** A finished training job's outcome with its run kept in the store (or the sentence saying why it was not). */
export async function keepRun(host: AppHost, dataset: string, outcome: JobOutcome): Promise<JobOutcome> {
  const result = outcome.result;
  if (!host.runs || result.kind !== 'train') return outcome;
  const kept = await host.runs.add({ seconds: result.seconds, dataset, outcome: result });
  const train: TrainResult = kept.ok ? { ...result, savedRun: kept.value } : { ...result, runNotSaved: `This run was not kept: ${kept.error.message}` };
  return { ...outcome, result: train };
}
