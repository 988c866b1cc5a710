/**
 * The kept runs, to compare side by side: each finished run's settings, curves, metrics per split, model and
 * duration. Main keeps them (src-main/services/runs), so they survive a restart; this list mirrors main's and
 * asks main for a run's model when it is restored or exported. Deleting a run can be undone (Ctrl+Z, or the
 * "Undo" next to the message): main keeps a deleted run until Dense Lab quits.
 */
import type { Api, RunOutcome, RunSummary } from '../../../src-shared/api';
import type { EvaluationMetrics } from '../../../src-shared/jobs/train';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { readModelFile } from '../../../src-shared/model-file/read';
import type { AppError, Result } from '../../../src-shared/result';
import type { UndoStep } from '../state/undo.svelte';

export interface RunRecord {
  /** Main's id of the run (or `session-N` when main keeps no runs). */
  readonly id: string;
  /** 1-based, in the order the runs finished. */
  readonly number: number;
  /** The settings that shaped the model, in a few words ("adam 0.01, batch 32, dropout 0.2"). */
  readonly settings: string;
  readonly seconds: number;
  /** When it ended (ISO 8601). */
  readonly date: string;
  readonly dataset: string;
  readonly outcome: RunOutcome;
  /** The model, when this session trained it (runs listed from main fetch theirs with getRun). */
  readonly model?: ModelFile;
}

/** A run as main keeps it, as a row of the table. */
export function runRecord(summary: RunSummary, model?: ModelFile): RunRecord {
  return { id: summary.id, number: summary.number, settings: settingsWords(summary.settings), seconds: summary.seconds, date: summary.date, dataset: summary.dataset, outcome: summary.outcome, ...(model ? { model } : {}) };
}

/** The columns the runs table sorts by. */
export type RunSortKey = 'id' | 'epochs' | 'seconds' | 'trainLoss' | 'valLoss' | 'valScore' | 'baselineScore';

/** The score a person compares: R² for regression, accuracy for classes. */
export function score(m: EvaluationMetrics | undefined): number | undefined {
  return m ? (m.r2 ?? m.accuracy) : undefined;
}

/** The value of `key` for a run (undefined: the run has none, e.g. no validation rows). */
export function sortValue(run: RunRecord, key: RunSortKey): number | undefined {
  const o = run.outcome;
  switch (key) {
    case 'id': return run.number;
    case 'epochs': return o.history.length;
    case 'seconds': return run.seconds;
    case 'trainLoss': return o.network.train.loss;
    case 'valLoss': return o.network.validation?.loss;
    case 'valScore': return score(o.network.validation);
    case 'baselineScore': return score(o.baseline?.validation ?? o.baseline?.train);
  }
}

/** A few words for the settings recorded in the model file (model.training.settings). */
export function settingsWords(settings: Record<string, unknown>): string {
  const s = settings;
  const hidden = (s.hidden as { units: number; activation: string; dropout?: number }[] | undefined) ?? [];
  const parts = [
    hidden.length ? hidden.map((l) => `${l.units} ${l.activation}${l.dropout ? ` + dropout ${l.dropout}` : ''}`).join(', ') : 'no hidden layer',
    `${String(s.optimizer)} ${String(s.learningRate ?? 'default rate')}`,
    `batch ${String(s.batchSize)}`,
  ];
  if (typeof s.weightDecay === 'number' && s.weightDecay > 0) parts.push(`L2 ${s.weightDecay}`);
  if (typeof s.loss === 'string') parts.push(`${s.loss} loss`);
  return parts.join(' · ');
}

export class TrainingRuns {
  list = $state.raw<RunRecord[]>([]);
  sortKey = $state<RunSortKey>('id');
  descending = $state(false);
  /** The last deleted run and where it was, for undo. */
  deleted = $state.raw<{ run: RunRecord; at: number } | null>(null);
  /** Main's list has been asked for (once per workspace). */
  #loaded = false;
  /** Main's list has arrived (or failed to). */
  loaded = $state(false);
  #next = 1;

  /** Fetches the kept runs from main once (the files main could not read are reported at start, workspace.loadMenus). */
  async load(api: Api, report: (error: AppError) => void): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    const r = await api.listRuns();
    if (!r.ok) {
      this.loaded = true;
      return report(r.error);
    }
    const known = new Set(this.list.map((x) => x.id));
    this.list = [...r.value.runs.filter((x) => !known.has(x.id)).map((x) => runRecord(x)), ...this.list].sort((a, b) => a.number - b.number);
    this.#next = Math.max(this.#next, ...this.list.map((x) => x.number + 1));
    this.loaded = true;
  }

  /** A run that just finished: as main kept it, or (main keeps no runs) for this session only. */
  add(saved: RunSummary | undefined, model: ModelFile, fallback: { outcome: RunOutcome; seconds: number; dataset: string }): RunRecord {
    const run = saved
      ? runRecord(saved, model)
      : { id: `session-${this.#next}`, number: this.#next, settings: settingsWords((model.training?.settings ?? {}) as Record<string, unknown>), seconds: fallback.seconds, date: new Date().toISOString(), dataset: fallback.dataset, outcome: fallback.outcome, model };
    this.#next = Math.max(this.#next, run.number + 1);
    this.list = [...this.list.filter((x) => x.id !== run.id), run];
    return run;
  }

  /** The run's model: the one in memory, or read from main's copy of its model file. */
  async model(api: Api, run: RunRecord): Promise<Result<ModelFile>> {
    if (run.model) return { ok: true, value: run.model };
    const full = await api.getRun({ runId: run.id });
    if (!full.ok) return full;
    return readModelFile(full.value.modelText);
  }

  /** Deletes a run (in main too); answers an error to report, or null. */
  async remove(api: Api, id: string): Promise<AppError | null> {
    const at = this.list.findIndex((r) => r.id === id);
    if (at < 0) return null;
    const run = this.list[at];
    if (!id.startsWith('session-')) {
      const r = await api.deleteRun({ runId: id });
      if (!r.ok) return r.error;
    }
    this.deleted = { run, at };
    this.list = this.list.filter((r) => r.id !== id);
    return null;
  }

  /** Brings the last deleted run back (main keeps it until Dense Lab quits). */
  async undoRemove(api: Api): Promise<AppError | null> {
    const d = this.deleted;
    if (!d) return null;
    if (!d.run.id.startsWith('session-')) {
      const r = await api.undeleteRun({ runId: d.run.id });
      if (!r.ok) return r.error;
    }
    this.list = [...this.list.slice(0, d.at), d.run, ...this.list.slice(d.at)];
    this.deleted = null;
    return null;
  }

  sortBy(key: RunSortKey): void {
    this.descending = this.sortKey === key ? !this.descending : key === 'valScore' || key === 'baselineScore';
    this.sortKey = key;
  }

  /** The runs in the table's order; runs without the value go last. */
  sorted = $derived.by(() => {
    const key = this.sortKey;
    const sign = this.descending ? -1 : 1;
    return [...this.list].sort((a, b) => {
      const x = sortValue(a, key);
      const y = sortValue(b, key);
      if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : 1) : -1;
      return (x - y) * sign;
    });
  });
}

/** The undo step of deleting `run`: undo brings it back (in main too); redo deletes it again. */
export function runDeletedStep(ws: { readonly api: Api; readonly problems: { report(e: AppError): void } }, runs: TrainingRuns, run: RunRecord): UndoStep {
  const label = `Delete run ${run.number}`;
  return {
    label,
    undo: async () => {
      const failed = await runs.undoRemove(ws.api);
      if (failed) ws.problems.report(failed);
      return {
        label,
        undo: async () => {
          const again = await runs.remove(ws.api, run.id);
          if (again) ws.problems.report(again);
          return runDeletedStep(ws, runs, run);
        },
      };
    },
  };
}
