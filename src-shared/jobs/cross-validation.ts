/**
 * k-fold cross-validation of a training run: the usable rows cut into k seeded folds; each fold in turn validates
 * a network (and the baseline) trained on the others, and the metrics are summarized as mean ± sd over the folds
 * (the sample standard deviation, n − 1, as a spread between folds). jobs/train.ts runs the folds.
 */
import { createRandom } from '../nn/random';
import { shuffleInPlace } from '../nn/train';
import type { EvaluationMetrics } from './train-evaluation';

/** The metrics a fold summary averages (the confusion matrix and row counts are per fold only). */
export const CV_METRICS = ['loss', 'mse', 'mae', 'r2', 'accuracy', 'auc'] as const;
export type CvMetric = (typeof CV_METRICS)[number];
export type MetricValues = Partial<Record<CvMetric, number>>;

export interface FoldResult {
  /** 1-based. */
  readonly fold: number;
  readonly trainRows: number;
  readonly validationRows: number;
  /** The fold's validation rows, as the network trained on the other folds does on them. */
  readonly network: EvaluationMetrics;
  readonly baseline?: EvaluationMetrics;
  /** Epochs the fold trained (early stopping watches the fold's validation rows). */
  readonly epochs: number;
}

export interface CrossValidation {
  readonly folds: readonly FoldResult[];
  readonly mean: { readonly network: MetricValues; readonly baseline?: MetricValues };
  readonly sd: { readonly network: MetricValues; readonly baseline?: MetricValues };
}

/** The stream that deals rows into folds: separate from the weights', shuffling's and the validation split's. */
const FOLD_SEED_OFFSET = 0xcf01;

/**
 * k folds of `rows`: the rows shuffled by a seeded stream and dealt in k nearly equal consecutive parts (the first
 * rows % k folds one row larger, as scikit-learn's KFold), each fold's rows and the others' in ascending order.
 */
export function foldSplits(rows: Int32Array, k: number, seed: number): { train: Int32Array; validation: Int32Array }[] {
  if (k < 2 || k > rows.length) throw new RangeError(`Cross-validation with ${k} folds needs at least ${k} usable rows (there are ${rows.length}).`);
  const order = Int32Array.from(rows);
  shuffleInPlace(order, createRandom(seed + FOLD_SEED_OFFSET).nextInt);
  const base = Math.floor(order.length / k);
  const extra = order.length % k;
  const out: { train: Int32Array; validation: Int32Array }[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    const validation = order.slice(start, start + size).sort();
    const train = Int32Array.from([...order.subarray(0, start), ...order.subarray(start + size)]).sort();
    out.push({ train, validation });
    start += size;
  }
  return out;
}

function spread(values: readonly EvaluationMetrics[]): { mean: MetricValues; sd: MetricValues } {
  const mean: MetricValues = {};
  const sd: MetricValues = {};
  for (const key of CV_METRICS) {
    const xs = values.map((m) => m[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (xs.length !== values.length || xs.length === 0) continue;
    // mean = Σx/n; sd = √(Σ(x − mean)²/(n − 1))
    const m = xs.reduce((t, x) => t + x, 0) / xs.length;
    mean[key] = m;
    sd[key] = xs.length > 1 ? Math.sqrt(xs.reduce((t, x) => t + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
  }
  return { mean, sd };
}

/** Mean and sd over the folds of each metric every fold has, for the network and (when fitted) the baseline. */
export function summarizeFolds(folds: readonly FoldResult[]): CrossValidation {
  const net = spread(folds.map((f) => f.network));
  const baselines = folds.map((f) => f.baseline).filter((b): b is EvaluationMetrics => b !== undefined);
  const base = baselines.length === folds.length && folds.length > 0 ? spread(baselines) : null;
  return {
    folds,
    mean: { network: net.mean, ...(base ? { baseline: base.mean } : {}) },
    sd: { network: net.sd, ...(base ? { baseline: base.sd } : {}) },
  };
}
