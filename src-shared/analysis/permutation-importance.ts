/**
 * Permutation importance (Breiman 2001; Fisher, Rudin & Dominici 2019): how much the model's score drops when one
 * feature's column is shuffled among the rows, which breaks its link with the target and the other features while
 * keeping its distribution:
 *     drop_j = score(original rows) − score(rows with column j permuted)
 * mean and sample standard deviation over `repeats` permutations. The score is the task's metric, higher is better:
 *   regression R² = 1 − Σ(y − p)² / Σ(y − ȳ)²;  classification accuracy (predicted class as predict decides it).
 * A feature the model ignores drops by exactly 0. Permutations of feature k come from createRandom(seed·1000 + k),
 * so a feature's result does not depend on which other features are analysed.
 */
import type { ColumnInfo, Dataset, DatasetMatrix } from '../data/dataset';
import { readTarget } from '../jobs/predict-evaluation';
import { accuracy, argmax, rSquared } from '../nn/metrics';
import { createRandom } from '../nn/random';
import { err, ok, type Result } from '../result';
import { findColumn, usableRows } from './features';
import { cancelledAnalysis, type AnalysisHooks } from './hooks';
import type { ModelResponse } from './response';
import { copyCell, copyRows, sampleIndices, type CellRows } from './rows';
import { hasHave, plural } from '../text/numbers';

export interface ImportanceOptions {
  /** The target column (default: the model's output name). */
  readonly target?: string;
  readonly repeats?: number;
  readonly seed?: number;
  /** Rows scored (a seeded sample of the rows with every input and a target; default 10,000; 0 = all). */
  readonly sample?: number;
}

export interface FeatureImportance {
  readonly name: string;
  /** Mean drop in the score over the repeats. */
  readonly drop: number;
  /** Sample standard deviation of the drops (0 with one repeat). */
  readonly sd: number;
}

export interface Importance {
  readonly metric: 'r2' | 'accuracy';
  /** The score on the rows as they are. */
  readonly score: number;
  /** Sorted by drop, largest first. */
  readonly features: FeatureImportance[];
  readonly rows: number;
  readonly repeats: number;
  readonly seed: number;
}

type Scorer = (cells: CellRows) => number;

/** The task's score of `response` on `cells` against `truth` (row k of cells ↔ truth[k]). */
function scorer(response: ModelResponse, truth: Float64Array): Scorer {
  if (response.output.task === 'regression') return (cells) => rSquared(response.respond(cells), truth);
  return (cells) => {
    const { raw, width } = response.outputs(cells);
    const predicted = new Int32Array(cells.rows);
    for (let r = 0; r < cells.rows; r++) predicted[r] = width === 1 ? (raw[r] > 0.5 ? 1 : 0) : argmax(raw, r * width, width);
    return accuracy(predicted, truth);
  };
}

/** Permutation importance of every model input of `response` (see the file comment). */
export function permutationImportance(response: ModelResponse, dataset: Pick<Dataset, 'columns'> & DatasetMatrix, options: ImportanceOptions = {}, hooks: AnalysisHooks = {}): Result<Importance> {
  const columns: readonly ColumnInfo[] = dataset.columns;
  const targetName = options.target ?? response.output.name;
  const col = findColumn(columns, targetName, '--target');
  if (!col.ok) return col;
  const target = readTarget(dataset as Dataset, { ...response.output, name: targetName });
  if (!target.ok) return target;
  const repeats = options.repeats ?? 5;
  if (!(Number.isInteger(repeats) && repeats >= 1)) return err({ kind: 'analysis/bad-repeats', message: `--repeats must be a whole number of at least 1, got ${repeats}.` });
  const seed = options.seed ?? 1;
  const t = target.value;
  const has = (r: number) => (t.kind === 'number' ? t.values[r] === t.values[r] : t.codes[r] >= 0);
  const usable = usableRows(response, dataset).filter(has);
  if (usable.length < 2) return err({ kind: 'analysis/too-few-rows', message: `${usable.length === 0 ? 'No row has' : `Only ${plural(usable.length, 'row')} ${hasHave(usable.length)}`} every model input and a value in '${targetName}'; importance needs at least 2.` });
  const size = options.sample ?? 10_000;
  const chosen = size > 0 ? sampleIndices(usable, size, seed) : usable;
  const truth = Float64Array.from(chosen, (r) => (t.kind === 'number' ? t.values[r] : t.codes[r]));
  const base = copyRows(dataset, chosen);
  const score = scorer(response, truth);
  const original = score(base);
  const inputs = response.plan.inputs;
  const features: FeatureImportance[] = [];
  const n = base.rows;
  for (let k = 0; k < inputs.length; k++) {
    const c = inputs[k].column;
    const random = createRandom(seed * 1000 + k);
    const drops: number[] = [];
    for (let rep = 0; rep < repeats; rep++) {
      if (hooks.cancelled?.()) return cancelledAnalysis();
      // Fisher–Yates: row i takes column c from row order[i]
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = random.nextInt(i + 1);
        const v = order[i];
        order[i] = order[j];
        order[j] = v;
      }
      const shuffled = copyRows(base, Int32Array.from({ length: n }, (_, i) => i));
      for (let i = 0; i < n; i++) copyCell(base, order[i], shuffled, i, c);
      drops.push(original - score(shuffled));
      hooks.onProgress?.(k * repeats + rep + 1, inputs.length * repeats);
    }
    const mean = drops.reduce((s, d) => s + d, 0) / repeats;
    const sd = repeats > 1 ? Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / (repeats - 1)) : 0;
    features.push({ name: inputs[k].name, drop: mean, sd });
  }
  features.sort((a, b) => b.drop - a.drop);
  return ok({ metric: response.output.task === 'regression' ? 'r2' : 'accuracy', score: original, features, rows: n, repeats, seed });
}
