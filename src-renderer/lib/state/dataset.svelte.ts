/**
 * The open dataset as the workspace sees it: main's summary (columns, counts, load problems) plus the
 * person's choices — which column is the target, which are inputs, how categories and missing values
 * are handled. The rows themselves stay in main; the table fetches pages on demand (RowCache).
 */
import type { ColumnInfo, DatasetSummary, MissingPolicy, Task } from '../../../src-shared/api/types';

export type ColumnRole = 'input' | 'target' | 'ignore';
export type CategoricalHandling = 'one-hot' | 'ignore';

/** Columns that can feed the network (numbers, dates as time, categories one-hot). */
export function canBeInput(column: ColumnInfo): boolean {
  return column.type === 'numeric' || column.type === 'date' || column.type === 'categorical';
}

/** Network inputs a column feeds: one per number, one per category when one-hot, none when ignored. */
export function columnWidth(column: ColumnInfo, handling: CategoricalHandling): number {
  if (column.type === 'categorical') return handling === 'one-hot' ? (column.categories?.length ?? 0) : 0;
  return canBeInput(column) ? 1 : 0;
}

/** The task a target column implies: numbers → regression, two categories → binary, more → multiclass. */
export function taskFor(column: ColumnInfo): Task {
  if (column.type === 'numeric') return 'regression';
  return (column.categories?.length ?? 0) === 2 ? 'binary' : 'multiclass';
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
  inputs = $derived(this.summary?.columns.filter((c) => this.roles[c.name] === 'input') ?? []);
  /** Width of the network's input layer: categorical inputs widen it by one per category. */
  inputWidth = $derived(this.inputs.reduce((w, c) => w + columnWidth(c, this.categorical[c.name] ?? 'one-hot'), 0));
  task = $derived<Task | null>(this.target ? taskFor(this.target) : null);

  /** Shows a newly loaded dataset: every usable column an input, the suggested (or last) column the target. */
  show(summary: DatasetSummary, suggestedTarget: string | null = null): void {
    this.summary = summary;
    this.selectedRow = null;
    const roles: Record<string, ColumnRole> = {};
    const categorical: Record<string, CategoricalHandling> = {};
    for (const c of summary.columns) {
      roles[c.name] = canBeInput(c) ? 'input' : 'ignore';
      if (c.type === 'categorical') categorical[c.name] = 'one-hot';
    }
    const target = summary.columns.find((c) => c.name === suggestedTarget) ?? null;
    if (target) roles[target.name] = 'target';
    this.roles = roles;
    this.categorical = categorical;
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
  }

  /** Makes `name` the target; the previous target becomes an input again. */
  setTarget(name: string | null): void {
    for (const c of this.summary?.columns ?? []) {
      if (this.roles[c.name] === 'target') this.roles[c.name] = canBeInput(c) ? 'input' : 'ignore';
    }
    if (name !== null) this.roles[name] = 'target';
  }

  setRole(name: string, role: ColumnRole): void {
    if (role === 'target') this.setTarget(name);
    else this.roles[name] = role;
  }
}
