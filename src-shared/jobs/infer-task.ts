/**
 * Which task a target column implies — the ONE rule, used by the training job (over every row in the
 * worker) and by the renderer (to show the task before training, with a way to override it).
 *
 *   categorical / text column            → its categories are the classes (2 → binary, more → multiclass)
 *   numeric column of few whole numbers  → those numbers are class codes (0/1 → binary)
 *   any other numeric column             → regression
 */
import type { Task } from '../model-file/types';
import type { ColumnType } from '../data/dataset';
import { err, ok, type Result } from '../result';

/** Most distinct integer values a numeric target may have to be read as classes. */
export const MAX_INFERRED_CLASSES = 20;

/** What inferTask needs to know of the target column. */
export interface TargetColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly categories?: readonly string[];
}

/** The task for a target, its class labels (when inferred as classes), and the reason, said to the user. */
export interface TaskChoice {
  readonly task: Task;
  readonly classes?: string[];
  readonly reason: string;
}

/**
 * Distinct present values of a numeric column, ascending, when they look like class codes: all integers, at
 * most `max` of them, and each seen twice on average (so a short column of distinct counts stays a number).
 * Else null. `valueAt(k)` is the k-th value, or null where the cell is missing.
 */
export function classCodes(count: number, valueAt: (k: number) => number | null, max: number = MAX_INFERRED_CLASSES): number[] | null {
  const seen = new Set<number>();
  let present = 0;
  for (let k = 0; k < count; k++) {
    const v = valueAt(k);
    if (v === null) continue;
    if (!Number.isInteger(v)) return null;
    present++;
    seen.add(v);
    if (seen.size > max) return null;
  }
  if (seen.size * 2 > present) return null;
  return [...seen].sort((a, b) => a - b);
}

/**
 * The task of `column` as a target: `given` when the person chose one (checked against the column), else
 * inferred from its type and its class codes (classCodes over its values; null for non-numeric columns).
 */
export function inferTask(column: TargetColumn, codes: readonly number[] | null, given?: Task): Result<TaskChoice> {
  const name = column.name;
  if (column.type === 'date' || column.type === 'empty') {
    return err({ kind: 'train/unusable-target', message: `The target '${name}' holds ${column.type === 'date' ? 'dates' : 'no values'}; choose a numeric or categorical column.`, column: name });
  }
  const labelled = column.type === 'categorical' || column.type === 'text';
  let classes: string[] | undefined = labelled ? [...(column.categories ?? [])] : codes?.map(String);
  let task: Task;
  let reason: string;
  if (given) {
    task = given;
    reason = 'as chosen';
    if (task === 'regression' && labelled) {
      return err({ kind: 'train/task-mismatch', message: `The target '${name}' holds categories, so it cannot be a regression target; use --task binary or multiclass.`, column: name });
    }
  } else if (classes) {
    task = classes.length === 2 ? 'binary' : 'multiclass';
    reason = labelled ? `'${name}' holds ${classes.length} categories` : `'${name}' holds ${classes.length} distinct whole numbers`;
  } else {
    task = 'regression';
    reason = `'${name}' holds numbers that do not look like class codes (more than ${MAX_INFERRED_CLASSES} distinct values, fractions, or mostly unique)`;
  }
  if (task === 'regression' || given) classes = undefined;
  if (classes && classes.length < 2) {
    return err({ kind: 'train/one-class', message: `The target '${name}' has only one class (${classes[0] ?? 'none'}); there is nothing to learn.`, column: name });
  }
  if (task === 'binary' && classes && classes.length !== 2) {
    return err({ kind: 'train/task-mismatch', message: `The target '${name}' has ${classes.length} classes; use --task multiclass.`, column: name });
  }
  return ok({ task, ...(classes ? { classes } : {}), reason });
}
