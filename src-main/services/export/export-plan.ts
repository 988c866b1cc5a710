/** What an export writes, decided once before any byte: which original columns, the header, whether to neutralise. */
import type { Dataset } from '../../../src-shared/data/dataset';
import { err, ok, type Result } from '../../../src-shared/result';
import type { Predictions } from '../predict/predict';
import { plural } from '../../../src-shared/text/numbers';

/** Names made distinct from `taken` by a suffix _2, _3 … */
function distinctFrom(names: readonly string[], taken: readonly string[]): string[] {
  const used = new Set(taken);
  return names.map((name) => {
    let candidate = name;
    for (let k = 2; used.has(candidate); k++) candidate = `${name}_${k}`;
    used.add(candidate);
    return candidate;
  });
}

/** What an export writes, decided once: which original columns, the header, whether to neutralise. */
export interface ExportPlan {
  readonly include: boolean[];
  readonly header: string[];
  readonly neutralise: boolean;
}

/** What the caller asks of an export: original columns by name (default all), formulas kept or neutralised. */
export interface ExportChoice {
  readonly columns?: readonly string[];
  readonly keepFormulas?: boolean;
}

/** The plan for a file of columns `names` and prediction columns `predictionNames`; error: 'export/unknown-column'. */
export function planColumns(names: readonly string[], predictionNames: readonly string[], options: ExportChoice): Result<ExportPlan> {
  let include = names.map(() => true);
  if (options.columns) {
    for (const name of options.columns) {
      if (!names.includes(name)) {
        return err({ kind: 'export/unknown-column', message: `The dataset has no column '${name}' to export.`, column: name });
      }
    }
    const wanted = new Set(options.columns);
    include = names.map((n) => wanted.has(n));
  }
  const kept = names.filter((_, c) => include[c]);
  const header = [...kept, ...distinctFrom(predictionNames, kept)];
  return ok({ include, header, neutralise: !options.keepFormulas });
}

/** The plan for exporting `predictions` of a loaded dataset; errors: 'export/unknown-column', 'export/mismatch'. */
export function planExport(source: Dataset, predictions: Predictions, options: ExportChoice): Result<ExportPlan> {
  const plan = planColumns(
    source.columns.map((c) => c.name),
    predictions.columns.map((p) => p.name),
    options,
  );
  if (plan.ok && predictions.rows !== source.rows) {
    return err({ kind: 'export/mismatch', message: `The predictions cover ${plural(predictions.rows, 'row')} but the dataset has ${plural(source.rows, 'row')}.` });
  }
  return plan;
}
