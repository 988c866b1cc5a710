/**
 * "Train the same architecture with each activation and compare the loss curves": one training job in main
 * per variant, one after another (same data, seed, epochs, optimizer and learning rate; only the hidden
 * activations differ). Each job shows in the status bar with its progress; Cancel stops the current job and
 * the ones still waiting.
 */
import type { ApiEvent } from '../../../src-shared/api/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import type { OptimizerName } from '../../../src-shared/nn/optimizers';
import type { Workspace } from '../state/workspace.svelte';
import type { EpochMetrics } from './types';
import { plural } from '../format/numbers';

export interface VariantTrainingRun {
  readonly label: string;
  readonly history: readonly EpochMetrics[];
  readonly status: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly message?: string;
}

/** The settings every variant shares (taken from the Training tab). */
export interface SharedTrainingSettings {
  readonly epochs: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
}

export class VariantTraining {
  runs = $state.raw<VariantTrainingRun[]>([]);
  /** True from start until the last job ends. */
  busy = $state(false);
  /** Index of the variant training now, or −1. */
  current = $state(-1);
  #cancelled = false;
  #jobId: string | null = null;

  /** A line for the view: which variant trains, and how far it is. */
  get progress(): string | null {
    if (!this.busy || this.current < 0) return null;
    const run = this.runs[this.current];
    return `Training ${this.current + 1} of ${this.runs.length} (${run.label}): ${plural(run.history.length, 'epoch')} done`;
  }

  /** Trains each variant in turn; resolves when all ended (or the person cancelled). */
  async start(ws: Workspace, variants: readonly ActivationName[][], shared: SharedTrainingSettings): Promise<void> {
    const summary = ws.dataset.summary;
    const target = ws.dataset.target;
    if (!summary || !target || this.busy || variants.length === 0) return;
    this.#cancelled = false;
    this.busy = true;
    this.runs = variants.map((acts) => ({ label: acts.join(' → '), history: [], status: 'waiting' }));
    const layers = ws.network.layers.slice(0, -1).map((l) => l.units);
    try {
      for (let k = 0; k < variants.length && !this.#cancelled; k++) {
        this.current = k;
        const hidden = layers.map((units, l) => ({ units, activation: variants[k][l] ?? 'relu' }));
        const started = await ws.api.train({
          datasetId: summary.id,
          settings: {
            target: target.name, inputs: ws.dataset.inputs.map((c) => c.name), hidden, ...(ws.dataset.task ? { task: ws.dataset.task } : {}),
            optimizer: shared.optimizer, learningRate: shared.learningRate, epochs: shared.epochs, missing: ws.dataset.missing,
          },
        });
        if (!started.ok) {
          this.#set(k, { status: 'failed', message: started.error.message });
          continue;
        }
        await this.#follow(ws, k, started.value.jobId);
      }
    } finally {
      this.runs = this.runs.map((r) => (r.status === 'waiting' ? { ...r, status: 'cancelled' } : r));
      this.current = -1;
      this.busy = false;
      this.#jobId = null;
    }
  }

  /** Stops the job that is training and skips the variants still waiting. */
  cancel(ws: Workspace): void {
    this.#cancelled = true;
    if (this.#jobId) void ws.api.cancel({ jobId: this.#jobId });
  }

  #follow(ws: Workspace, k: number, jobId: string): Promise<void> {
    this.#jobId = jobId;
    this.#set(k, { status: 'running' });
    const key = ws.jobs.start(`Training ${this.runs[k].label} (${k + 1} of ${this.runs.length})`, () => this.cancel(ws));
    return new Promise((resolve) => {
      const end = (patch: Partial<VariantTrainingRun>) => {
        stop();
        ws.jobs.finish(key);
        this.#set(k, patch);
        resolve();
      };
      const stop = ws.onEvent((e: ApiEvent) => {
        if (!('jobId' in e) || e.jobId !== jobId) return;
        if (e.type === 'job-progress') ws.jobs.update(key, e.progress);
        else if (e.type === 'job-epoch') this.#set(k, { history: [...this.runs[k].history, e.metrics] });
        else if (e.type === 'job-failed') end({ status: 'failed', message: e.error.message });
        else if (e.type === 'job-cancelled') end({ status: 'cancelled' });
        // A stopped training job ends 'job-done' (stopReason 'stopped') with the epochs it finished.
        else if (e.type === 'job-done' && e.result.kind === 'train') end({ status: this.#cancelled ? 'cancelled' : 'done', history: e.result.history });
      });
    });
  }

  #set(k: number, patch: Partial<VariantTrainingRun>): void {
    this.runs = this.runs.map((r, i) => (i === k ? { ...r, ...patch } : r));
  }
}
