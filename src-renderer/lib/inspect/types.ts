/**
 * The data the inspection views take as props: what main (workers, through the API) must supply.
 * Heavy numbers over a whole dataset arrive computed; the renderer only draws samples and small summaries.
 */
import type { EvaluationMetrics } from '../../../src-shared/jobs/train';
import type { ActivationName } from '../../../src-shared/nn/model';
import type { ClassReport, RocCurve } from '../../../src-shared/nn/metrics';
import type { BatchProgress, EpochMetrics } from '../../../src-shared/nn/train';
import type { LayerActivationSummary, LayerHistogramSnapshot, SplitEvaluation, UnitSummary } from '../../../src-shared/api/types';

/** Metrics over a set of rows, as the training/predict jobs report them (a metric that does not apply is absent). */
export type Metrics = EvaluationMetrics;
export type { BatchProgress, ClassReport, EpochMetrics, RocCurve };

/** At most this many points are drawn in any chart; metrics always use every row. */
export const SAMPLE_LIMIT = 10_000;

/** A column of the sampled rows (same rows, same order as the sample's actual/predicted). */
export interface SampleColumn {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** Regression predictions: metrics over all rows, a sample of rows for the charts. */
export interface RegressionResult {
  /** Rows that got a prediction in the whole dataset (the sample is ≤ SAMPLE_LIMIT of them). */
  readonly total: number;
  readonly metrics: Metrics;
  readonly actual: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  /** The dataset row (0-based) of each sampled point, so a point can be opened in the diagram. */
  readonly rows?: ArrayLike<number>;
  /** Input columns of the same sampled rows, for "prediction against an input column". */
  readonly columns?: readonly SampleColumn[];
  /** The linear baseline ("model with no interactions"): its predictions for the same rows, its metrics over all rows. */
  readonly baseline?: { readonly predicted: ArrayLike<number>; readonly metrics: Metrics } | null;
}

/** Classification predictions: confusion matrix and ROC over all rows, probabilities of a sample. */
export interface ClassificationResult {
  readonly total: number;
  readonly metrics: Metrics;
  readonly classes: readonly string[];
  /** confusion[true][predicted], counts over all rows. */
  readonly confusion: readonly (readonly number[])[];
  /** Binary only: ROC of the positive class's probability over all rows (may be thinned to ≤ 2,000 points). */
  readonly roc?: RocCurve | null;
  /** True class index of each sampled row. */
  readonly actual: ArrayLike<number>;
  /** The dataset row (0-based) of each sampled row. */
  readonly rows?: ArrayLike<number>;
  /** Probability of each class per sampled row: probabilities[k][row]. Binary: [P(negative), P(positive)]. */
  readonly probabilities: readonly ArrayLike<number>[];
  readonly baseline?: { readonly confusion: readonly (readonly number[])[]; readonly metrics: Metrics; readonly roc?: RocCurve | null } | null;
}

export type PredictionResult = (
  | ({ readonly task: 'regression' } & RegressionResult)
  | ({ readonly task: 'binary' | 'multiclass' } & ClassificationResult)
) & {
  /** When the model was trained in this session on this dataset: which rows trained it (split-view.ts shows one side). */
  readonly split?: SampleSplit | null;
};

/** A training run's split, for a prediction result: main's metrics on each side, and each sampled row's side. */
export interface SampleSplit {
  /** Side of each sampled row, in the sample's order: 0 train, 1 validation. */
  readonly sides: ArrayLike<number>;
  /** Dataset rows on each side (also rows without a target or a prediction). */
  readonly rows: { readonly train: number; readonly validation: number };
  readonly network: SplitEvaluation;
  readonly baseline: SplitEvaluation | null;
}

/** Hidden-unit and layer summaries (computed by main's forward workers): the API's types, see src-shared/jobs/activation-stats.ts. */
export type { LayerActivationSummary, UnitSummary };

/** The same network with other hidden activations: what one predict job per variant returns. */
export interface ActivationVariantResult {
  /** Hidden activations of this variant, in layer order. */
  readonly activations: readonly ActivationName[];
  readonly prediction: PredictionResult;
  readonly hidden: readonly LayerActivationSummary[];
}

/** Where a training run is. */
export type TrainingStatus = 'idle' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

/** Weights (or activations) of each layer as a histogram, recorded at one epoch (the API's job-weights events). */
export type { LayerHistogramSnapshot };

/** The training controls' settings and buttons: props of TrainingControls, passed on unchanged by TrainingDashboard. */
export interface TrainingControlProps {
  onStart?: () => void;
  onPause?: () => void;
  onResume?: () => void;
  /** Stop after the current batch, keeping the best epoch's weights or the last one's. */
  onStop?: (keep: 'best' | 'last') => void;
  /** While paused: run one more epoch, then pause again. */
  onOneEpoch?: () => void;
}
