/**
 * The Training tab's run: starts a training job in main with the workspace's dataset roles and network
 * architecture, follows its events (epochs, progress, pause/resume, end) and keeps what the dashboard shows.
 */
import type { ApiEvent, Cell } from '../../../src-shared/api/types';
import type { TrainingOutcome } from '../../../src-shared/jobs/train';
import type { OptimizerName } from '../../../src-shared/nn/optimizers';
import { AppendLog } from './append-log.svelte';
import { TrainingChoices } from './training-choices.svelte';
import { TrainingRuns } from './training-runs.svelte';
import { endSentence } from './training-time';
import { encodeRow } from '../network/encode-row';
import type { Workspace } from '../state/workspace.svelte';
import { recordTrainedRun } from '../state/trained-split';
import { histogram } from './sample';
import { EMPTY_SNAPSHOTS, keepSnapshot, snapshotLimit, type SnapshotList, type WeightSnapshot } from '../../../src-shared/jobs/weight-snapshots';
import type { BatchProgress, EpochMetrics, LayerHistogramSnapshot, TrainingStatus } from './types';

export interface Representation {
  readonly model: TrainingOutcome['model'];
  readonly rows: number[][];
  readonly target: number[];
  readonly classes?: readonly string[];
}

/** Rows drawn in hidden-unit space: one page of the table (the renderer only charts small previews). */
const REPRESENTATION_ROWS = 1000;

export class TrainingRun {
  status = $state<TrainingStatus>('idle');
  /** Finished epochs, appended in place (append-log.svelte.ts: O(1) per epoch, however long the run). */
  readonly #history = new AppendLog<EpochMetrics>();
  readonly #weightHistory = new AppendLog<LayerHistogramSnapshot>();
  /** Every setting of the next run (the settings panel edits it). */
  readonly choices = new TrainingChoices();
  /** Every finished run of this session, for the runs table. */
  readonly runs = new TrainingRuns();
  /** The epochs the running (or last) run was started with; the panel's value until a run starts. */
  #runEpochs = $state<number | null>(null);
  /** After a run: where it stopped and why. */
  ended = $state<string | null>(null);
  #jobKey: number | null = null;
  #oneEpoch = false;
  outcome = $state.raw<TrainingOutcome | null>(null);
  error = $state<string | null>(null);
  /** Progress inside the current epoch (job-batch events, ≤ 10 per second); null between epochs. */
  batch = $state.raw<BatchProgress | null>(null);
  representation = $state.raw<Representation | null>(null);
  /** Weight snapshots of the running (or last) run: at most snapshotLimit (50, fewer for wide networks), evenly thinned (never in a run record). */
  snapshots = $state.raw<SnapshotList>(EMPTY_SNAPSHOTS);
  /** The newest snapshot of the running run (null when none has arrived): what the live views follow. */
  latestSnapshot = $state.raw<WeightSnapshot | null>(null);
  /** Whether the Diagram and Predictions tabs follow the active run's snapshots (FollowTraining.svelte). */
  follow = $state(true);
  #jobId: string | null = null;
  #stop: (() => void) | null = null;

  get history(): readonly EpochMetrics[] {
    return this.#history.items;
  }
  /** Per-layer weight histograms, one per epoch (job-weights events). */
  get weightHistory(): readonly LayerHistogramSnapshot[] {
    return this.#weightHistory.items;
  }

  get epochs(): number {
    return this.#runEpochs ?? this.choices.values.epochs;
  }
  get optimizer(): OptimizerName {
    return this.choices.values.optimizer;
  }
  get learningRate(): number {
    return this.choices.values.learningRate;
  }

  async start(ws: Workspace): Promise<void> {
    const summary = ws.dataset.summary;
    const target = ws.dataset.target;
    if (!summary || !target) return;
    this.#history.reset();
    this.outcome = null;
    this.error = null;
    this.#weightHistory.reset();
    this.batch = null;
    this.representation = null;
    this.snapshots = EMPTY_SNAPSHOTS;
    this.latestSnapshot = null;
    this.ended = null;
    this.status = 'running';
    const hidden = ws.network.layers.slice(0, -1).map((l) => ({ units: l.units, activation: l.activation }));
    const task = ws.dataset.task ?? null;
    const chosen = this.choices.toSettings(hidden, task);
    this.#runEpochs = chosen.epochs;
    const validationFile = chosen.validation.kind === 'file' ? this.choices.validationFile : null;
    if (chosen.validation.kind === 'file' && !validationFile) {
      this.status = 'failed';
      this.error = 'Choose the validation file first (Validation rows: from a separate file).';
      return;
    }
    const started = await ws.api.train({
      datasetId: summary.id,
      ...(validationFile ? { validationDatasetId: validationFile.id } : {}),
      settings: { target: target.name, inputs: ws.dataset.inputs.map((c) => c.name), ...(task ? { task } : {}), ...chosen, missing: ws.dataset.missing, baseline: true },
    });
    if (!started.ok) {
      this.status = 'failed';
      this.error = started.error.message;
      return;
    }
    const jobId = started.value.jobId;
    this.#jobId = jobId;
    const datasetId = summary.id;
    this.#jobKey = ws.jobs.start('Training…', () => this.stop(ws, 'best'));
    this.#stop?.();
    this.#stop = ws.onEvent((e) => this.#onEvent(ws, jobId, e, datasetId));
  }

  #onEvent(ws: Workspace, jobId: string, e: ApiEvent, datasetId: string): void {
    if (!('jobId' in e) || e.jobId !== jobId) return;
    if (e.type === 'job-epoch') {
      this.#history.push(e.metrics);
      this.batch = null;
      if (this.#jobKey !== null) ws.jobs.update(this.#jobKey, { done: e.metrics.epoch, total: this.epochs, unit: 'epochs' });
      if (this.#oneEpoch) {
        // "+1 epoch": pause again as soon as the epoch has ended
        this.#oneEpoch = false;
        this.pause(ws);
      }
    } else if (e.type === 'job-batch') this.batch = e.progress;
    else if (e.type === 'job-weights') this.#weightHistory.push(e.snapshot);
    else if (e.type === 'job-snapshot') {
      this.snapshots = keepSnapshot(this.snapshots, e.snapshot, snapshotLimit(e.snapshot));
      this.latestSnapshot = e.snapshot;
    } else if (e.type === 'job-state') this.status = e.state;
    else if (e.type === 'job-failed') this.#end('failed', e.error.message, ws);
    else if (e.type === 'job-cancelled') this.#end('cancelled', null, ws);
    else if (e.type === 'job-done' && e.result.kind === 'train') {
      // so predictions with this model can be shown on its training and validation rows
      recordTrainedRun(ws, e.result.model.output, jobId, datasetId);
      this.outcome = e.result;
      this.#history.reset(e.result.history);
      // main sends one weight snapshot per epoch; an older main sends none: then the trained model's weights
      if (this.#weightHistory.items.length === 0) this.#weightHistory.reset([weightSnapshot(e.result)]);
      this.batch = null;
      const es = e.result.model.training?.settings as { earlyStopping?: { patience: number } | null; validation?: { kind: string } } | undefined;
      this.ended = endSentence(e.result, this.epochs, es?.earlyStopping?.patience ?? null, e.result.plan.validationRows > 0 ? 'validation' : 'training');
      this.runs.add(e.result.savedRun, e.result.model, { outcome: e.result, seconds: e.result.seconds, dataset: ws.dataset.summary?.name ?? '' });
      if (e.result.runNotSaved) ws.problems.report({ kind: 'runs/not-kept', message: e.result.runNotSaved }, 'warning');
      this.#end('done', null, ws);
      void this.#loadRepresentation(ws, e.result);
    }
  }

  #end(status: TrainingStatus, error: string | null, ws: Workspace): void {
    this.status = status;
    this.error = error;
    this.#oneEpoch = false;
    if (this.#jobKey !== null) ws.jobs.finish(this.#jobKey);
    this.#jobKey = null;
    this.#stop?.();
    this.#stop = null;
  }

  pause(ws: Workspace): void {
    if (this.#jobId) void ws.api.pause({ jobId: this.#jobId }).then((r) => r.ok && (this.status = 'paused'));
  }
  resume(ws: Workspace): void {
    if (this.#jobId) void ws.api.resume({ jobId: this.#jobId }).then((r) => r.ok && (this.status = 'running'));
  }
  /** While paused: one more epoch, then pause again (paused at the first batch after the epoch's end). */
  oneEpoch(ws: Workspace): void {
    // the worker pauses itself after exactly one epoch; the job is marked paused when that epoch arrives
    this.#oneEpoch = true;
    if (this.#jobId) void ws.api.resume({ jobId: this.#jobId, oneEpoch: true }).then((r) => r.ok && (this.status = 'running'));
  }
  /** Stop after the current batch, keeping the best epoch's weights or the last one's. */
  stop(ws: Workspace, keep: 'best' | 'last' = 'best'): void {
    if (this.#jobId) void ws.api.cancel({ jobId: this.#jobId, ...(keep === 'last' ? { keep } : {}) });
  }

  /** The first page of rows, encoded for the trained model, with their targets. */
  async #loadRepresentation(ws: Workspace, outcome: TrainingOutcome): Promise<void> {
    const summary = ws.dataset.summary;
    const model = outcome.model;
    if (!summary) return;
    const page = await ws.api.getRows({ datasetId: summary.id, start: 0, count: Math.min(REPRESENTATION_ROWS, summary.rows) });
    if (!page.ok) return;
    const t = summary.columns.findIndex((c) => c.name === model.output.name);
    const classes = model.output.classes;
    const targetOf = (cell: Cell) => (classes ? classes.indexOf(String(cell)) : typeof cell === 'number' ? cell : NaN);
    const rows: number[][] = [];
    const target: number[] = [];
    for (const cells of page.value.rows) {
      const x = encodeRow(model, summary.columns, cells);
      const y = t >= 0 ? targetOf(cells[t]) : NaN;
      if (x.ok && Number.isFinite(y) && y >= (classes ? 0 : -Infinity)) {
        rows.push(x.value);
        target.push(y);
      }
    }
    this.representation = { model, rows, target, ...(classes ? { classes } : {}) };
  }
}

/** Histograms of each layer's weights in the trained model (when main sent no per-epoch job-weights events). */
function weightSnapshot(outcome: TrainingOutcome): LayerHistogramSnapshot {
  return {
    epoch: outcome.epochOfWeights,
    layers: outcome.model.layers.map((l) => {
      const h = histogram(l.kernel.flat(), 30);
      return { edges: h.edges, counts: h.counts };
    }),
  };
}
