/**
 * The runs of this workspace session, to compare side by side: each finished run's settings, curves, metrics per
 * split, model and duration. Deleting a run can be undone (the last deleted run comes back in its place).
 */
import type { TrainingOutcome } from '../../../src-shared/jobs/train';
import type { EvaluationMetrics } from '../../../src-shared/jobs/train';

export interface RunRecord {
  /** 1-based, in the order the runs finished. */
  readonly id: number;
  /** The settings that shaped the model, in a few words ("adam 0.01, batch 32, dropout 0.2"). */
  readonly settings: string;
  readonly seconds: number;
  readonly ended: string;
  readonly outcome: TrainingOutcome;
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
    case 'id': return run.id;
    case 'epochs': return o.history.length;
    case 'seconds': return run.seconds;
    case 'trainLoss': return o.network.train.loss;
    case 'valLoss': return o.network.validation?.loss;
    case 'valScore': return score(o.network.validation);
    case 'baselineScore': return score(o.baseline?.validation ?? o.baseline?.train);
  }
}

/** A few words for the settings recorded in the model file. */
export function settingsWords(outcome: TrainingOutcome): string {
  const s = (outcome.model.training?.settings ?? {}) as Record<string, unknown>;
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
  #next = 1;

  add(outcome: TrainingOutcome, seconds: number, ended: string): RunRecord {
    const run: RunRecord = { id: this.#next++, settings: settingsWords(outcome), seconds, ended, outcome };
    this.list = [...this.list, run];
    return run;
  }

  remove(id: number): void {
    const at = this.list.findIndex((r) => r.id === id);
    if (at < 0) return;
    this.deleted = { run: this.list[at], at };
    this.list = this.list.filter((r) => r.id !== id);
  }

  undoRemove(): void {
    const d = this.deleted;
    if (!d) return;
    this.list = [...this.list.slice(0, d.at), d.run, ...this.list.slice(d.at)];
    this.deleted = null;
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
