/**
 * The inspection views. Each is one top-level component with typed Props; data shapes are in ./types.ts.
 *
 * LayerDiagram {
 *   model: ModelFile | null;                          // null → empty state
 *   row?: readonly number[] | null;                   // network inputs of the picked row (after scaling/one-hot)
 *   inputNames?, outputNames?: readonly string[];     // default from the model
 *   onModelChange?(model: ModelFile, edit: ModelEdit): void;  // after each accepted edit (weight, bias,
 *                                                     // activation): e.g. network.applyEdit(model) and re-predict
 *   onRowChange?(row: number[]): void;                // a value was typed into an input
 *   emptyMessage?: string;
 * }
 * ActivationComparison {
 *   model: ModelFile | null;
 *   runVariant?: (model, activations) => Promise<Result<ActivationVariantResult>> | null;  // predict job + unit summary
 *   trainingRuns?: { label, history: EpochMetrics[] }[];  onTrainVariants?(variants: ActivationName[][]): void;
 * }
 * PredictionCharts {
 *   result: PredictionResult | null;  // metrics over all rows + a sample (≤ SAMPLE_LIMIT rows) for charts
 *   outputName?: string; busy?: boolean; emptyMessage?: string;
 * }
 * TrainingDashboard {
 *   status: TrainingStatus; task: Task | null; history: EpochMetrics[] (job-epoch events); epochs: number;
 *   batch?: BatchProgress | null; elapsedSeconds?: number; outcome?: TrainingOutcome | null; error?: string | null;
 *   onStart?, onPause?, onResume?: () => void; onStop?(keep: 'best' | 'last'); onOneEpoch?(): void;
 *   settings?: Snippet (the settings panel); ended?: string | null (where the run stopped and why);
 *   weightHistory?, activationHistory?: LayerHistogramSnapshot[];   // per-layer histograms at epochs, from the job
 *   representation?: { model, rows: number[][] (≤ a few thousand network-input rows), target, classes? } | null;
 * }
 */
import type { InspectViews } from '../state/inspect-slot';
import ActivationsView from './ActivationsView.svelte';
import PredictionsView from './PredictionsView.svelte';
import TrainingView from './TrainingView.svelte';
import InteractionsView from './interactions/InteractionsView.svelte';

/**
 * The workspace tabs this folder fills through the inspect slot (lib/state/inspect-slot.ts). The Diagram
 * tab mounts LayerDiagram through the app's DiagramHost (which encodes the clicked table row).
 */
export const inspectViews: InspectViews = { activations: ActivationsView, predictions: PredictionsView, training: TrainingView, interactions: InteractionsView };

export { default as LayerDiagram } from './LayerDiagram.svelte';
export { default as ActivationComparison } from './ActivationComparison.svelte';
export { default as PredictionCharts } from './PredictionCharts.svelte';
export { default as TrainingDashboard } from './TrainingDashboard.svelte';
export type { ModelEdit } from './model-edit';
export type { RunVariant } from './variants.svelte';
export * from './types';
