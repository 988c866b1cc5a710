/**
 * "On which rows": a prediction result seen on one side of its training run's split (Train, Validation), on a test
 * file's rows (Test) or on all rows. The metrics of a side are main's (evaluatePredictions over that side's rows,
 * equal to train --json's); the charts draw the sampled rows of that side. Validation is the default; a choice the
 * result cannot show falls back to All, with the reason said.
 */
import type { PredictionEvaluation } from '../../../src-shared/api/types';
import { formatCount, plural } from './format';
import { NOT_TRAINED_HERE } from '../state/trained-split';
import type { PredictionResult } from './types';

export type SplitChoice = 'train' | 'validation' | 'test' | 'all';

export interface SplitOption {
  readonly choice: SplitChoice;
  readonly label: string;
  /** Rows the metrics of this choice count (null: not available). */
  readonly rows: number | null;
  /** Why the choice is not available (null: it is). */
  readonly why: string | null;
}


/** The four choices for `result`; `noSplit`: why the result has no split (from trainedSplitFor), when it has none. */
export function splitOptions(result: PredictionResult, noSplit: string | null = null): SplitOption[] {
  const s = result.split;
  const none = noSplit ?? NOT_TRAINED_HERE;
  const side = (e: PredictionEvaluation | null | undefined, empty: string) => (e ? { rows: e.rowsUsed, why: null } : { rows: null, why: s ? empty : none });
  return [
    { choice: 'train', label: 'Train', ...side(s?.network.train, 'no training row has both a prediction and a target') },
    { choice: 'validation', label: 'Validation', ...side(s?.network.validation, 'this run had no validation rows (validation was off, or a separate file)') },
    { choice: 'test', label: 'Test', rows: null, why: 'the app trains without a test file (train --test in the command line gives one)' },
    { choice: 'all', label: 'All', rows: result.metrics.rows, why: null },
  ];
}

/** The choice shown for `wanted`: itself when available, else All and a sentence saying why. */
export function shownSplit(options: readonly SplitOption[], wanted: SplitChoice): { choice: SplitChoice; note: string | null } {
  const o = options.find((x) => x.choice === wanted);
  if (!o || o.why === null) return { choice: wanted, note: null };
  return { choice: 'all', note: `Showing all rows: no ${o.label.toLowerCase()} rows to show, because ${o.why}.` };
}

/** How a choice reads next to a metric: "validation · 79 rows". */
export function splitCaption(choice: SplitChoice, rows: number): string {
  const name = choice === 'all' ? 'all rows' : choice;
  return `${name} · ${plural(rows, 'row')}`;
}

const pick = <T>(values: ArrayLike<T>, at: readonly number[]): T[] => at.map((k) => values[k]);

/** `result` on one side of its split (train, validation); all rows (the result itself) otherwise. */
export function resultForSplit(result: PredictionResult, choice: SplitChoice): PredictionResult {
  const s = result.split;
  if (!s || (choice !== 'train' && choice !== 'validation')) return result;
  const code = choice === 'train' ? 0 : 1;
  const e = s.network[choice];
  if (!e) return result;
  const b = s.baseline?.[choice] ?? null;
  const at: number[] = [];
  for (let k = 0; k < s.sides.length; k++) if (s.sides[k] === code) at.push(k);
  const rows = result.rows ? pick(result.rows, at) : undefined;
  if (result.task === 'regression') {
    return {
      ...result,
      total: e.rowsUsed,
      metrics: e.metrics,
      actual: pick(result.actual, at),
      predicted: pick(result.predicted, at),
      ...(rows ? { rows } : {}),
      columns: (result.columns ?? []).map((c) => ({ name: c.name, values: pick(c.values, at) })),
      baseline: result.baseline && b ? { predicted: pick(result.baseline.predicted, at), metrics: b.metrics } : null,
    };
  }
  return {
    ...result,
    total: e.rowsUsed,
    metrics: e.metrics,
    confusion: e.metrics.confusion ?? result.confusion,
    roc: e.roc ?? null,
    actual: pick(result.actual, at),
    ...(rows ? { rows } : {}),
    probabilities: result.probabilities.map((p) => pick(p, at)),
    baseline: result.baseline && b ? { confusion: b.metrics.confusion ?? [], metrics: b.metrics, roc: b.roc ?? null } : null,
  };
}

/** "Validation (79 rows)" for the chooser's buttons. */
export function optionLabel(o: SplitOption): string {
  return o.rows === null ? o.label : `${o.label} (${formatCount(o.rows)})`;
}
