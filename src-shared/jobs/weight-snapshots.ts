/**
 * Weight snapshots during training: a copy of every layer's weights at the end of some epochs, so the views can
 * follow training live (the Interactions tab's surface and units) and replay it afterwards (the representation's
 * slider). Taking one never changes training: it only reads the weights (networkToLayers copies them).
 *
 * How often: the train worker times an epoch and the snapshot itself, and takes one every `snapshotEvery` epochs
 * so that the snapshots cost about SNAPSHOT_BUDGET of the training time (up to SNAPSHOT_BUDGET_MAX when a short run
 * needs it for about MAX_SNAPSHOTS over its planned epochs) — counting the worker's copy and post RELAY_FACTOR times
 * over, because main passes each one on to the window (and in browser mode writes it as JSON).
 * The renderer keeps at most MAX_SNAPSHOTS, thinned evenly (`keepSnapshot`).
 */
import { MODEL_FORMAT, MODEL_VERSION, type InputSpec, type LayerSpec, type ModelFile, type OutputSpec } from '../model-file/types';

export interface WeightSnapshot {
  /** 1-based epoch whose end these weights are. */
  readonly epoch: number;
  /** Every layer's weights (the model file's layout), a copy. */
  readonly layers: readonly LayerSpec[];
  /** The run's inputs and output with the scaling fitted on its training rows (the same in every snapshot of a run). */
  readonly inputs: readonly InputSpec[];
  readonly output: OutputSpec;
  /** The worker's interval when it took this one: a snapshot every `every` epochs. */
  readonly every: number;
}

/** The weights and specs a snapshot copies (what onEpochWeights's copy answers). */
export type SnapshotWeights = Pick<WeightSnapshot, 'layers' | 'inputs' | 'output'>;

/** A snapshot as a model file (no training record): what the analyses and views take. */
export function snapshotModel(s: SnapshotWeights): ModelFile {
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs: s.inputs, output: s.output, layers: s.layers };
}

/** Snapshots cost about this fraction of the training time… */
export const SNAPSHOT_BUDGET = 0.02;
/** …and at most this much when that is what it takes to keep about MAX_SNAPSHOTS over the planned epochs. */
export const SNAPSHOT_BUDGET_MAX = 0.1;
/** The worker's copy-and-post time counted this many times: main and the window handle each snapshot too. */
export const RELAY_FACTOR = 10;
/** The most snapshots a window keeps for the replay. */
export const MAX_SNAPSHOTS = 50;

/**
 * Epochs between snapshots. Within a budget b, every_b = ⌈RELAY_FACTOR·snapshotMs / (b·epochMs)⌉ (at least 1); the
 * interval is the one that spreads MAX_SNAPSHOTS over `plannedEpochs`, held between every at SNAPSHOT_BUDGET_MAX
 * (never costlier) and every at SNAPSHOT_BUDGET (never sparser than that needs). Without planned epochs: every at
 * SNAPSHOT_BUDGET.
 */
export function snapshotEvery(epochMs: number, snapshotMs: number, plannedEpochs?: number): number {
  if (!(epochMs > 0) || !(snapshotMs >= 0)) return 1;
  const within = (budget: number) => Math.max(1, Math.ceil((RELAY_FACTOR * snapshotMs) / (budget * epochMs)));
  const cheap = within(SNAPSHOT_BUDGET);
  if (!(plannedEpochs !== undefined && plannedEpochs > 0)) return cheap;
  const spread = Math.max(1, Math.floor(plannedEpochs / MAX_SNAPSHOTS));
  return Math.max(within(SNAPSHOT_BUDGET_MAX), Math.min(spread, cheap));
}

/**
 * The snapshots a window keeps: every `stride`-th one offered, at most `max`; when full, every other one is dropped
 * and the stride doubles, so the kept ones stay evenly spaced over the whole run (oldest first).
 */
export interface SnapshotList {
  readonly kept: readonly WeightSnapshot[];
  /** Keep every stride-th snapshot offered. */
  readonly stride: number;
  /** Snapshots offered so far. */
  readonly offered: number;
}

/** The most weights (numbers) a window keeps over all its snapshots: a wide network keeps fewer than MAX_SNAPSHOTS. */
export const MAX_KEPT_WEIGHTS = 5_000_000;

/** How many snapshots of this network a window keeps: MAX_SNAPSHOTS, fewer for a wide one (at least 2). */
export function snapshotLimit(s: Pick<WeightSnapshot, 'layers'>): number {
  const weights = s.layers.reduce((n, l) => n + l.bias.length * (l.kernel.length + 1), 0);
  return Math.max(2, Math.min(MAX_SNAPSHOTS, Math.floor(MAX_KEPT_WEIGHTS / Math.max(1, weights))));
}

export const EMPTY_SNAPSHOTS: SnapshotList = { kept: [], stride: 1, offered: 0 };

/** `list` with `snapshot` offered (a new object; `list` is unchanged). */
export function keepSnapshot(list: SnapshotList, snapshot: WeightSnapshot, max = MAX_SNAPSHOTS): SnapshotList {
  const offered = list.offered + 1;
  if (list.offered % list.stride !== 0) return { ...list, offered };
  let kept = [...list.kept, snapshot];
  let stride = list.stride;
  if (kept.length > max) {
    kept = kept.filter((_, k) => k % 2 === 0);
    stride *= 2;
  }
  return { kept, stride, offered };
}

/** The most weights (numbers) a replay sends to the analysis worker: a wide network replays fewer snapshots. */
export const MAX_REPLAY_WEIGHTS = 1_000_000;

/**
 * The snapshots a replay uses: all of `kept` when their weights fit in `maxWeights`, else as many as fit, evenly
 * spaced from the first, always including the last.
 */
export function replaySnapshots(kept: readonly WeightSnapshot[], maxWeights = MAX_REPLAY_WEIGHTS): WeightSnapshot[] {
  if (kept.length === 0) return [];
  const per = kept[0].layers.reduce((s, l) => s + l.bias.length * (l.kernel.length + 1), 0);
  const n = Math.max(1, Math.min(kept.length, Math.floor(maxWeights / Math.max(1, per))));
  if (n >= kept.length) return [...kept];
  if (n === 1) return [kept[kept.length - 1]];
  return Array.from({ length: n }, (_, k) => kept[Math.round((k * (kept.length - 1)) / (n - 1))]);
}
