/**
 * The app session: what main holds for one window (or one browser bridge) — open datasets, jobs and
 * their results, by id. Created per window; no module-level state. Jobs run asynchronously and report
 * through `host.emit`, so the renderer hears progress, epochs and the end on the one event channel.
 */
import type { WeightSnapshot } from '../../src-shared/jobs/weight-snapshots';
import type { ApiEvent, BatchProgress, EpochMetrics, JobKind, JobProgress, JobResult, JobState, JobStatus, LayerHistogramSnapshot, ModelFile, TrainingPlan } from '../../src-shared/api';
import type { Dataset } from '../../src-shared/data/dataset';
import { errorDetail, type AppError, type Result } from '../../src-shared/result';

/** A dataset loaded in main. */
export interface OpenDataset {
  readonly id: string;
  readonly name: string;
  readonly path: string | null;
  readonly data: Dataset;
  readonly bytes: number;
  readonly seconds: number;
  /** The file's bytes when it was uploaded (an export copies cells from them); null when it has a path. */
  readonly content: Uint8Array | null;
  /** Only the file's first rows are loaded (DatasetSummary.partial): its predictions export with streamPredictions. */
  readonly partial?: boolean;
}

/** One prediction column: numbers (NaN = empty) or class labels by index (−1 = empty). */
export type PredictionColumn =
  | { readonly name: string; readonly kind: 'number'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'class'; readonly classes: readonly string[]; readonly codes: Int32Array };

/** The predictions of a finished predict job, kept in main for paging and export. */
export interface PredictionStore {
  readonly model: ModelFile;
  readonly rows: number;
  readonly columns: readonly PredictionColumn[];
  /** The baseline's prediction columns (same layout as `columns`) when the job fitted one. */
  readonly baselineColumns?: readonly PredictionColumn[];
  /** The service's own result object (the exporter takes it as it is). */
  readonly raw: unknown;
  /** Per row, a training run's split (0 train, 1 validation) when the job was given one: the export's `split` column. */
  readonly split?: Int32Array;
}

export interface JobOutcome {
  readonly result: JobResult;
  readonly predictions?: PredictionStore;
  /** A training job: per dataset row, the side of the split it fell on (src-shared/jobs/row-split.ts's codes). */
  readonly rowSplit?: Int32Array;
}

/** What a running job may do: watch for cancel, report, and wait while paused. */
export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(done: number, total: number, unit: JobProgress['unit']): void;
  epoch(metrics: EpochMetrics): void;
  /** Progress inside an epoch: emitted as 'job-batch' (the caller throttles). */
  batch(progress: BatchProgress): void;
  /** An epoch's weight histograms: emitted as 'job-weights' and kept in JobStatus.weightHistory. */
  weights(snapshot: LayerHistogramSnapshot): void;
  /** A copy of the weights every few epochs: emitted as 'job-snapshot', not kept here (the window keeps a bounded list). */
  snapshot(snapshot: WeightSnapshot): void;
  plan(plan: TrainingPlan): void;
  /** Resolves at once unless the job is paused; then when it is resumed (or cancelled). */
  pausePoint(): Promise<void>;
  /**
   * For services that pause themselves (a worker): called with true on pause, false on resume; `oneEpoch` on a
   * resume asks for exactly one more epoch, after which the worker pauses itself (the renderer then pauses the job).
   */
  onPauseChange(listener: (paused: boolean, oneEpoch?: boolean) => void): void;
}

interface JobRecord {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly datasetId: string | null;
  state: JobState;
  progress: JobProgress;
  history: EpochMetrics[];
  weightHistory: LayerHistogramSnapshot[];
  result: JobResult | null;
  error: AppError | null;
  predictions: PredictionStore | null;
  rowSplit: Int32Array | null;
  readonly controller: AbortController;
  readonly pausable: boolean;
  resumeWaiters: (() => void)[];
  pauseListeners: ((paused: boolean, oneEpoch?: boolean) => void)[];
  done: Promise<void>;
}

export interface Session {
  readonly datasets: Map<string, OpenDataset>;
  /** A new id, unique in this session: `d3`, `j7`. */
  newId(prefix: 'd' | 'j'): string;
  addDataset(entry: Omit<OpenDataset, 'id'>): OpenDataset;
  /** Start a job; returns its id at once. `pausable` says whether pause() applies. */
  startJob(kind: JobKind, datasetId: string | null, pausable: boolean, run: (ctx: JobContext) => Promise<Result<JobOutcome>>): string;
  /** A renderer-chosen id for a load, so cancel({jobId}) can stop it. Returns the signal to pass to the loader. */
  beginLoad(jobId: string | undefined, kind?: 'load' | 'analysis' | 'predict'): { signal: AbortSignal | undefined; progress: (done: number, total: number) => void; end: () => void };
  jobStatus(jobId: string): JobStatus | null;
  predictions(jobId: string): PredictionStore | null;
  /** A finished training job's split codes per dataset row, or null. */
  rowSplit(jobId: string): Int32Array | null;
  /** keep: passed to the job as its signal's abort reason (a training job keeps the 'best' or 'last' weights). */
  cancel(jobId: string, keep?: 'best' | 'last'): boolean;
  pause(jobId: string): Result<JobStatus>;
  resume(jobId: string, oneEpoch?: boolean): Result<JobStatus>;
  /** Resolves when the job has ended (tests, shutdown). */
  whenDone(jobId: string): Promise<void>;
  /** Cancel every job and forget everything. */
  close(): void;
}

/** A fresh session emitting its events through `emit`. */
export function createSession(emit: (event: ApiEvent) => void): Session {
  const datasets = new Map<string, OpenDataset>();
  const jobs = new Map<string, JobRecord>();
  const loads = new Map<string, AbortController>();
  const counters = { d: 0, j: 0 };

  const newId = (prefix: 'd' | 'j') => `${prefix}${++counters[prefix]}`;

  const statusOf = (j: JobRecord): JobStatus => ({
    jobId: j.jobId,
    kind: j.kind,
    datasetId: j.datasetId,
    state: j.state,
    progress: j.progress,
    history: j.history.slice(),
    ...(j.kind === 'train' ? { weightHistory: j.weightHistory.slice() } : {}),
    result: j.result,
    error: j.error,
  });

  const wake = (j: JobRecord) => {
    const waiters = j.resumeWaiters;
    j.resumeWaiters = [];
    for (const w of waiters) w();
  };

  const session: Session = {
    datasets,
    newId,
    addDataset(entry) {
      const d: OpenDataset = { id: newId('d'), ...entry };
      datasets.set(d.id, d);
      return d;
    },
    startJob(kind, datasetId, pausable, run) {
      const jobId = newId('j');
      const controller = new AbortController();
      const job: JobRecord = {
        jobId,
        kind,
        datasetId,
        state: 'running',
        progress: { done: 0, total: 0, unit: kind === 'train' ? 'epochs' : 'rows' },
        history: [],
        weightHistory: [],
        result: null,
        error: null,
        predictions: null,
        rowSplit: null,
        controller,
        pausable,
        resumeWaiters: [],
        pauseListeners: [],
        done: Promise.resolve(),
      };
      jobs.set(jobId, job);
      const ctx: JobContext = {
        jobId,
        signal: controller.signal,
        progress(done, totalNow, unit) {
          if (job.state !== 'running' && job.state !== 'paused') return;
          job.progress = { done, total: totalNow, unit };
          emit({ type: 'job-progress', jobId, kind, progress: job.progress });
        },
        epoch(metrics) {
          if (job.state !== 'running' && job.state !== 'paused') return;
          job.history.push(metrics);
          emit({ type: 'job-epoch', jobId, metrics });
        },
        batch(progress) {
          if (job.state === 'running' || job.state === 'paused') emit({ type: 'job-batch', jobId, progress });
        },
        weights(snapshot) {
          if (job.state !== 'running' && job.state !== 'paused') return;
          job.weightHistory.push(snapshot);
          emit({ type: 'job-weights', jobId, snapshot });
        },
        snapshot(snapshot) {
          if (job.state === 'running' || job.state === 'paused') emit({ type: 'job-snapshot', jobId, snapshot });
        },
        plan(plan) {
          if (job.state === 'running' || job.state === 'paused') emit({ type: 'job-plan', jobId, plan });
        },
        onPauseChange(listener) {
          job.pauseListeners.push(listener);
        },
        pausePoint() {
          if (job.state !== 'paused' || controller.signal.aborted) return Promise.resolve();
          return new Promise((resolve) => job.resumeWaiters.push(resolve));
        },
      };
      // A job that answers a result even though it was cancelled (training stopped early keeps its model) is done.
      const finish = (outcome: Result<JobOutcome>) => {
        if (!outcome.ok && controller.signal.aborted) {
          job.state = 'cancelled';
          emit({ type: 'job-cancelled', jobId });
        } else if (outcome.ok) {
          job.state = 'done';
          job.result = outcome.value.result;
          job.predictions = outcome.value.predictions ?? null;
          job.rowSplit = outcome.value.rowSplit ?? null;
          emit({ type: 'job-done', jobId, result: outcome.value.result });
        } else {
          job.state = 'failed';
          job.error = outcome.error;
          emit({ type: 'job-failed', jobId, error: outcome.error });
        }
      };
      // Deferred one tick so the caller has the job id before any event about it.
      job.done = Promise.resolve()
        .then(() => run(ctx))
        .then(finish, (e: unknown) =>
          finish({ ok: false, error: { kind: 'job/internal', message: `The ${kind} job stopped unexpectedly (a bug in Dense Lab; see Details).`, detail: errorDetail(e) } }),
        );
      return jobId;
    },
    beginLoad(jobId, kind = 'load') {
      if (jobId === undefined) return { signal: undefined, progress: () => undefined, end: () => undefined };
      const controller = new AbortController();
      loads.set(jobId, controller);
      return {
        signal: controller.signal,
        progress: (done, total) => emit({ type: 'job-progress', jobId, kind, progress: { done, total, unit: kind === 'analysis' ? 'steps' : 'bytes' } }),
        end: () => loads.delete(jobId),
      };
    },
    jobStatus: (jobId) => {
      const j = jobs.get(jobId);
      return j ? statusOf(j) : null;
    },
    predictions: (jobId) => jobs.get(jobId)?.predictions ?? null,
    rowSplit: (jobId) => jobs.get(jobId)?.rowSplit ?? null,
    cancel(jobId, keep) {
      const load = loads.get(jobId);
      if (load) {
        load.abort();
        loads.delete(jobId);
        return true;
      }
      const j = jobs.get(jobId);
      if (!j || (j.state !== 'running' && j.state !== 'paused')) return false;
      j.controller.abort(keep);
      wake(j);
      return true;
    },
    pause(jobId) {
      const j = jobs.get(jobId);
      if (!j) return { ok: false, error: { kind: 'api/not-found', message: `No job ${jobId}.`, path: 'args.jobId' } };
      if (!j.pausable) return { ok: false, error: { kind: 'api/bad-state', message: `A ${j.kind} job cannot be paused.` } };
      if (j.state === 'running') {
        j.state = 'paused';
        for (const l of j.pauseListeners) l(true);
        emit({ type: 'job-state', jobId, state: 'paused' });
      } else if (j.state !== 'paused') {
        return { ok: false, error: { kind: 'api/bad-state', message: `Job ${jobId} has already ended (${j.state}).` } };
      }
      return { ok: true, value: statusOf(j) };
    },
    resume(jobId, oneEpoch = false) {
      const j = jobs.get(jobId);
      if (!j) return { ok: false, error: { kind: 'api/not-found', message: `No job ${jobId}.`, path: 'args.jobId' } };
      if (j.state === 'paused') {
        j.state = 'running';
        for (const l of j.pauseListeners) l(false, oneEpoch);
        emit({ type: 'job-state', jobId, state: 'running' });
        wake(j);
      } else if (j.state !== 'running') {
        return { ok: false, error: { kind: 'api/bad-state', message: `Job ${jobId} has already ended (${j.state}).` } };
      }
      return { ok: true, value: statusOf(j) };
    },
    whenDone: (jobId) => jobs.get(jobId)?.done ?? Promise.resolve(),
    close() {
      for (const l of loads.values()) l.abort();
      for (const j of jobs.values()) {
        j.controller.abort();
        wake(j);
      }
      loads.clear();
      jobs.clear();
      datasets.clear();
    },
  };
  return session;
}
