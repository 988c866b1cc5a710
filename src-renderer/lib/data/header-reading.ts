/**
 * Reading a file's first row as a header or as data: recognising the loader's note when it was in doubt, and
 * carrying the person's column choices from one reading of the file to the next by column name (a header
 * row of years and its data reading have different names, so choices made on each come back when the
 * person switches back).
 */
import type { ColumnInfo, LoadWarning } from '../../../src-shared/data/dataset';
import type { Task } from '../../../src-shared/api/types';
import type { CategoricalHandling, ColumnRole } from '../state/dataset.svelte';

/** The loader's note on the first row (src-shared/data/csv/header.ts, kind 'header-guess'): "first row read as a header: …" or "… as data: …". */
export function isHeaderNote(warning: LoadWarning): boolean {
  return warning.kind === 'header-guess';
}

/** The person's choices about the columns of every reading of one file so far, by column name. */
export interface RememberedChoices {
  readonly roles: Readonly<Record<string, ColumnRole>>;
  readonly categorical: Readonly<Record<string, CategoricalHandling>>;
  /** Tasks chosen instead of the inferred one, by target name. */
  readonly tasks: Readonly<Record<string, Task>>;
}

/** What the workspace shows now, as choices to remember. */
export interface CurrentChoices {
  readonly roles: Readonly<Record<string, ColumnRole>>;
  readonly categorical: Readonly<Record<string, CategoricalHandling>>;
  readonly target: string | null;
  readonly taskOverride: Task | null;
}

/** `earlier` with `now` on top (now wins for a name in both; a column that is no longer the target is not one). */
export function rememberChoices(earlier: RememberedChoices | null, now: CurrentChoices): RememberedChoices {
  const roles: Record<string, ColumnRole> = { ...(earlier?.roles ?? {}), ...now.roles };
  const tasks: Record<string, Task> = { ...(earlier?.tasks ?? {}) };
  if (now.target !== null) {
    if (now.taskOverride) tasks[now.target] = now.taskOverride;
    else delete tasks[now.target];
  }
  return { roles, categorical: { ...(earlier?.categorical ?? {}), ...now.categorical }, tasks };
}

/** The remembered choices that apply to `columns`: roles a column can take, its categorical handling, the target and its task. */
export interface CarriedChoices {
  readonly roles: Record<string, Exclude<ColumnRole, 'target'>>;
  readonly categorical: Record<string, CategoricalHandling>;
  readonly target: string | null;
  readonly task: Task | null;
}

/**
 * The choices in `remembered` for the columns of a new reading: by name, an input only where `canBeInput`
 * says the column can be one, the categorical handling only for categorical columns; the target is the
 * first column remembered as one.
 */
export function carryChoices(remembered: RememberedChoices, columns: readonly ColumnInfo[], canBeInput: (column: ColumnInfo) => boolean): CarriedChoices {
  const roles: Record<string, Exclude<ColumnRole, 'target'>> = {};
  const categorical: Record<string, CategoricalHandling> = {};
  let target: string | null = null;
  for (const c of columns) {
    const role = Object.hasOwn(remembered.roles, c.name) ? remembered.roles[c.name] : undefined;
    if (role === 'target') target ??= c.name;
    else if (role === 'ignore' || (role === 'input' && canBeInput(c))) roles[c.name] = role;
    if (c.type === 'categorical' && Object.hasOwn(remembered.categorical, c.name)) categorical[c.name] = remembered.categorical[c.name];
  }
  const task = target !== null && Object.hasOwn(remembered.tasks, target) ? remembered.tasks[target] : null;
  return { roles, categorical, target, task };
}
