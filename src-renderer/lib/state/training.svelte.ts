/**
 * One training run at a time, as the Training tab shows it: settings the person picks (optimizer, rate,
 * epochs), the network from the builder, live epochs from job events, and the outcome. The trained model
 * replaces the builder's (with its fitted scaling), so every view and Save model use it.
 */
import type { EpochMetrics, TrainSettings } from '../../../src-shared/api';
import type { OptimizerName } from '../../../src-shared/nn/optimizers';
import type { TrainingOutcome } from '../../../src-shared/jobs/train';
import type { TrainingStatus } from '../inspect/types';
import type { Workspace } from './workspace.svelte';

export class TrainingState {
  status = $state<TrainingStatus>('idle');
  history = $state.raw<EpochMetrics[]>([]);
  epochs = $state(100);
  optimizer = $state<OptimizerName>('adam');
  learningRate = $state(0.001);
  outcome = $state.raw<TrainingOutcome | null>(null);
  error = $state<string | null>(null);
  #jobId: string | null = null;

  /** The settings for the open dataset's roles and the builder's hidden layers (the output layer follows the task). */
  settings(ws: Workspace): TrainSettings | null {
    const d = ws.dataset;
    if (!d.summary || !d.target) return null;
    const inputs = d.inputs.filter((c) => c.type !== 'categorical' || (d.categorical[c.name] ?? 'one-hot') === 'one-hot').map((c) => c.name);
    return {
      target: d.target.name,
      inputs,
      ...(d.task ? { task: d.task } : {}),
      hidden: ws.network.layers.slice(0, -1).map((l) => ({ units: l.units, activation: l.activation })),
      optimizer: this.optimizer,
      learningRate: this.learningRate,
      epochs: this.epochs,
      seed: ws.network.seed,
      initializer: ws.network.initializer,
      missing: d.missing,
    };
  }

  async start(ws: Workspace): Promise<void> {
    const summary = ws.dataset.summary;
    const settings = this.settings(ws);
    if (!summary || !settings) return ws.problems.report({ kind: 'train/no-target', message: 'Open a dataset and choose its target column to train.' });
    const started = await ws.api.train({ datasetId: summary.id, settings });
    if (!started.ok) return ws.problems.report(started.error);
    const jobId = started.value.jobId;
    this.#jobId = jobId;
    this.history = [];
    this.outcome = null;
    this.error = null;
    this.status = 'running';
    const key = ws.jobs.start(`Training on ${summary.name}`, () => void ws.api.cancel({ jobId }));
    const stop = ws.onEvent((e) => {
      if (!('jobId' in e) || e.jobId !== jobId) return;
      if (e.type === 'job-progress') ws.jobs.update(key, e.progress);
      else if (e.type === 'job-epoch') this.history = [...this.history, e.metrics];
      else if (e.type === 'job-state') this.status = e.state;
      else if (e.type === 'job-done' || e.type === 'job-failed' || e.type === 'job-cancelled') {
        stop();
        ws.jobs.finish(key);
        this.#jobId = null;
        if (e.type === 'job-cancelled') this.status = 'cancelled';
        else if (e.type === 'job-failed') {
          this.status = 'failed';
          this.error = e.error.message;
          ws.problems.report(e.error);
        } else if (e.result.kind === 'train') {
          this.status = 'done';
          this.outcome = e.result;
          ws.network.load(e.result.model, `trained on ${summary.name}`, null);
        }
      }
    });
  }

  pause(ws: Workspace): void {
    if (this.#jobId) void ws.api.pause({ jobId: this.#jobId }).then((r) => !r.ok && ws.problems.report(r.error));
  }

  resume(ws: Workspace): void {
    if (this.#jobId) void ws.api.resume({ jobId: this.#jobId }).then((r) => !r.ok && ws.problems.report(r.error));
  }

  /** Stops after the current batch; training keeps the best weights so far. */
  stop(ws: Workspace): void {
    if (this.#jobId) void ws.api.cancel({ jobId: this.#jobId });
  }
}
