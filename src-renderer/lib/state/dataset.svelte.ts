/**
 * The open dataset as the workspace sees it: main's summary (columns, counts, load problems) plus the
 * person's choices — which column is the target, which are inputs, how categories and missing values
 * are handled. The rows themselves stay in main; the table fetches pages on demand (RowCache).
 */
import type { ColumnInfo, DatasetSummary, MissingPolicy, Task } from '../../../src-shared/api/types';
import { inferTask, type TaskChoice } from '../../../src-shared/jobs/infer-task';
import { defaultInputs, inputExclusion, suggestTarget, type InputExclusion } from '../../../src-shared/data/column-suggestions';
import { DATE_PARTS } from '../../../src-shared/data/date-parts';
import type { Result } from '../../../src-shared/result';
import { plural } from '../format/numbers';

export type ColumnRole = 'input' | 'target' | 'ignore';
export type CategoricalHandling = 'one-hot' | 'ignore';

/** Columns that can feed the network (numbers, dates as their parts, categories one-hot). */
export function canBeInput(column: ColumnInfo): boolean {
  return column.type === 'numeric' || column.type === 'date' || column.type === 'categorical';
}

/** Network inputs a column feeds: one per number, one per category when one-hot, one per date part, none when ignored. */
export function columnWidth(column: ColumnInfo, handling: CategoricalHandling): number {
  if (column.type === 'categorical') return handling === 'one-hot' ? (column.categories?.length ?? 0) : 0;
  if (column.type === 'date') return DATE_PARTS.length;
  return canBeInput(column) ? 1 : 0;
}

/** Class codes of a numeric target, read from its rows by flows.inferTargetTask (null: not class codes). */
export interface TargetCodes {
  readonly target: string;
  readonly codes: number[] | null;
  /** Rows read; fewer than the dataset's when the file is large (the reason then says so). */
  readonly scanned: number;
  /** Still reading rows. */
  readonly pending: boolean;
}

/** A column's role before the person chooses: an input when it can be one as it is (column-suggestions.ts, as `train`). */
function defaultRole(column: ColumnInfo, rows: number): ColumnRole {
  return defaultInputs([column], rows, null).inputs.length > 0 ? 'input' : 'ignore';
}

export class DatasetState {
  summary = $state.raw<DatasetSummary | null>(null);
  roles = $state<Record<string, ColumnRole>>({});
  categorical = $state<Record<string, CategoricalHandling>>({});
  missing = $state<MissingPolicy>('impute-mean');
  /** Row the inspection views focus on (clicked in the table), or null. */
  selectedRow = $state<number | null>(null);
  /** A row the table should scroll into view (set by "go to line"), with a counter so the same row can be asked twice. */
  reveal = $state.raw<{ row: number; seq: number } | null>(null);

  target = $derived(this.summary?.columns.find((c) => this.roles[c.name] === 'target') ?? null);
  /** Why the target was preselected ("suggested: named like a target"); null once the person chose it. */
  targetWhy = $state<string | null>(null);
  /** Columns left unticked by default, with the reason shown on the column (src-shared/data/column-suggestions). */
  exclusions = $derived.by<Record<string, InputExclusion>>(() => {
    const out: Record<string, InputExclusion> = {};
    const s = this.summary;
    for (const c of s?.columns ?? []) {
      const why = s ? inputExclusion(c, s.rows) : null;
      if (why) out[c.name] = why;
    }
    return out;
  });
  inputs = $derived(this.summary?.columns.filter((c) => this.roles[c.name] === 'input') ?? []);
  /** Width of the network's input layer: categorical inputs widen it by one per category. */
  inputWidth = $derived(this.inputs.reduce((w, c) => w + columnWidth(c, this.categorical[c.name] ?? 'one-hot'), 0));
  /** The target's class codes as far as read (set by flows.inferTargetTask). */
  codes = $state.raw<TargetCodes | null>(null);
  /** A task the person chose instead of the inferred one; cleared when the target changes. */
  taskOverride = $state<Task | null>(null);
  #targetCodes = $derived(this.target && this.codes?.target === this.target.name ? this.codes : null);
  /** The engine's own rule (src-shared/jobs/infer-task) applied to the target: what training would infer. */
  inferred = $derived<Result<TaskChoice> | null>(this.target ? inferTask(this.target, this.#targetCodes?.codes ?? null) : null);
  /** The override checked against the column (e.g. regression on categories is refused, with the reason). */
  overrideCheck = $derived<Result<TaskChoice> | null>(this.target && this.taskOverride ? inferTask(this.target, this.#targetCodes?.codes ?? null, this.taskOverride) : null);
  /** The task the network is built and trained for: the valid override, else the inferred task. */
  task = $derived<Task | null>(
    this.overrideCheck?.ok ? this.overrideCheck.value.task : this.inferred?.ok ? this.inferred.value.task : null,
  );
  /** Class labels of the target for classification: its categories, or its whole-number codes as text. */
  classes = $derived<string[]>(
    !this.target || this.task === 'regression' ? []
    : this.target.categories ? [...this.target.categories]
    : (this.#targetCodes?.codes ?? []).map(String),
  );
  /** Why the task is what it is, in words (null without a target). */
  taskReason = $derived.by<string | null>(() => {
    if (this.overrideCheck?.ok) return 'chosen by you';
    if (!this.inferred?.ok) return this.inferred?.error.message ?? null;
    const c = this.#targetCodes;
    if (c?.pending) return 'reading the target column…';
    const partial = c && this.summary && c.scanned > 0 && c.scanned < this.summary.rows ? ` (in the first ${plural(c.scanned, 'row')})` : '';
    return `${this.inferred.value.reason}${partial}`;
  });

  /**
   * Shows a newly loaded dataset: every column that can be an input as it is ticked (not dates, row IDs, free text),
   * the given target (a sample's, or a loaded model's output) or else the one suggestTarget picks.
   */
  show(summary: DatasetSummary, suggestedTarget: string | null = null, why = 'suggested: the sample’s target'): void {
    this.summary = summary;
    this.selectedRow = null;
    const roles: Record<string, ColumnRole> = {};
    const categorical: Record<string, CategoricalHandling> = {};
    for (const c of summary.columns) {
      roles[c.name] = defaultRole(c, summary.rows);
      if (c.type === 'categorical') categorical[c.name] = 'one-hot';
    }
    const given = summary.columns.find((c) => c.name === suggestedTarget) ?? null;
    const suggestion = given ? { name: given.name, why } : suggestTarget(summary.columns, summary.rows);
    if (suggestion) roles[suggestion.name] = 'target';
    this.targetWhy = suggestion?.why ?? null;
    this.roles = roles;
    this.categorical = categorical;
    this.codes = null;
    this.taskOverride = null;
  }

  /** Selects the row that starts at 1-based file `line` and asks the table to show it. */
  goToLine(line: number): void {
    if (!this.summary) return;
    const row = line - this.summary.firstDataLine;
    if (row < 0 || row >= this.summary.rows) return;
    this.selectedRow = row;
    this.reveal = { row, seq: (this.reveal?.seq ?? 0) + 1 };
  }

  close(): void {
    this.summary = null;
    this.roles = {};
    this.categorical = {};
    this.selectedRow = null;
    this.codes = null;
    this.taskOverride = null;
    this.targetWhy = null;
  }

  /** Makes `name` the target; the previous target gets its default role back (an input, unless it cannot be one as it is). */
  setTarget(name: string | null): void {
    for (const c of this.summary?.columns ?? []) {
      if (this.roles[c.name] === 'target') this.roles[c.name] = defaultRole(c, this.summary?.rows ?? 0);
    }
    if (name !== null) this.roles[name] = 'target';
    this.taskOverride = null;
  }

  setRole(name: string, role: ColumnRole): void {
    if (role === 'target') this.setTarget(name);
    else this.roles[name] = role;
  }
}
