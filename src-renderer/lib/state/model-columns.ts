/**
 * A loaded model names its inputs and its target: these are the column choices it implies in an open
 * dataset (its inputs are the inputs, its output the target, every other column ignored), and the inputs
 * the dataset lacks, said in one sentence.
 */
import type { ColumnInfo } from '../../../src-shared/api/types';
import { specColumn, type InputSpec, type OutputSpec } from '../../../src-shared/model-file/types';
import { formatCount, plural } from '../format/numbers';
import type { CategoricalHandling, ColumnRole } from './dataset.svelte';

export interface ModelColumns {
  readonly roles: Record<string, ColumnRole>;
  readonly categorical: Record<string, CategoricalHandling>;
  /** The model's output column when the dataset has it. */
  readonly target: string | null;
  /** The model's inputs found among the columns, and those not found (in the model's order). */
  readonly found: number;
  readonly missing: readonly string[];
}

/** Column roles for `model` in a dataset with `columns`: null when none of its inputs is a column (the choices then stay). */
export function columnsForModel(columns: readonly ColumnInfo[], model: { readonly inputs: readonly InputSpec[]; readonly output: OutputSpec }): ModelColumns | null {
  const names = new Set(columns.map((c) => c.name));
  // a date part (`date.month`) reads its date column (`date`)
  const wanted = new Set(model.inputs.map(specColumn));
  const missing = model.inputs.filter((i) => !names.has(specColumn(i))).map((i) => i.name);
  const found = model.inputs.length - missing.length;
  if (found === 0) return null;
  const target = names.has(model.output.name) && !wanted.has(model.output.name) ? model.output.name : null;
  const roles: Record<string, ColumnRole> = {};
  const categorical: Record<string, CategoricalHandling> = {};
  for (const c of columns) {
    roles[c.name] = c.name === target ? 'target' : wanted.has(c.name) ? 'input' : 'ignore';
    if (c.type === 'categorical') categorical[c.name] = wanted.has(c.name) ? 'one-hot' : 'ignore';
  }
  return { roles, categorical, target, found, missing };
}

/** "a, b, c and 5 more" — at most `shown` names. */
export function listNames(names: readonly string[], shown = 5): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${formatCount(names.length - shown)} more`;
}

/** What the model selected in the dataset, in words: "784 inputs, target label" or which inputs are missing. */
export function describeModelColumns(match: ModelColumns | null, inputs: number, output: string, file: string): string {
  if (!match) return `None of this model's ${formatCount(inputs)} inputs is a column of ${file}: the dataset's own choices stay.`;
  const target = match.target ? `target ${match.target}` : `no target (${file} has no column ${output})`;
  const found = plural(match.found, 'input');
  if (match.missing.length === 0) return `The model's columns in ${file}: ${found}, ${target}.`;
  return `${file} lacks ${formatCount(match.missing.length)} of this model's ${formatCount(inputs)} inputs: ${listNames(match.missing)}. Found: ${found}, ${target}.`;
}
