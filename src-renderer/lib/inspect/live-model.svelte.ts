/**
 * A view's "follow training" model: while a run is active and the person follows it (TrainingRun.follow), the newest
 * weight snapshot as a model file, refreshed at most every `intervalMs`; null otherwise (the view shows its own model).
 */
import { untrack } from 'svelte';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { snapshotModel } from '../../../src-shared/jobs/weight-snapshots';
import { SnapshotFollower, trainingActive } from './follow-training';
import type { TrainingRun } from './training.svelte';

export class LiveModel {
  model = $state.raw<ModelFile | null>(null);
  /** The epoch whose weights `model` holds, and the run's snapshot interval then. */
  epoch = $state<number | null>(null);
  every = $state(1);
  readonly #follower: SnapshotFollower;

  constructor(intervalMs?: number) {
    this.#follower = new SnapshotFollower((s) => {
      this.model = snapshotModel(s);
      this.epoch = s.epoch;
      this.every = s.every;
    }, intervalMs);
  }

  /** Call inside an $effect: follows `run`'s snapshots while it is active and followed; tears down with the effect. */
  track(run: TrainingRun): void {
    const snapshot = run.latestSnapshot;
    const on = run.follow && trainingActive(run.status);
    untrack(() => {
      if (on && snapshot) this.#follower.offer(snapshot);
      else if (!on) this.#clear();
    });
  }

  /** Stop following (the view unmounts). */
  stop(): void {
    this.#follower.stop();
  }

  #clear(): void {
    this.#follower.stop();
    if (this.model !== null) this.model = null;
    this.epoch = null;
  }
}
