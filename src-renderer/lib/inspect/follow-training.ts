/**
 * Following a training run live: a view offers each new weight snapshot (job-snapshot events, kept by TrainingRun)
 * and redraws from at most one every `intervalMs`, always the newest (a snapshot that arrives in between waits and
 * is replaced by a newer one). The redraw itself cancels a stale one still computing (AnalysisRun.run does).
 */
import type { WeightSnapshot } from '../../../src-shared/jobs/weight-snapshots';

/** How often a live view redraws at most. */
export const FOLLOW_INTERVAL_MS = 500;

/** Whether a training run is still sending snapshots (running or paused). */
export function trainingActive(status: string): boolean {
  return status === 'running' || status === 'paused';
}

export class SnapshotFollower {
  #lastStart = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: WeightSnapshot | null = null;
  readonly #redraw: (snapshot: WeightSnapshot) => void;
  readonly #intervalMs: number;

  constructor(redraw: (snapshot: WeightSnapshot) => void, intervalMs = FOLLOW_INTERVAL_MS) {
    this.#redraw = redraw;
    this.#intervalMs = intervalMs;
  }

  offer(snapshot: WeightSnapshot): void {
    this.#pending = snapshot;
    if (this.#timer !== null) return;
    const wait = this.#lastStart + this.#intervalMs - performance.now();
    if (wait <= 0) this.#fire();
    else this.#timer = setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    this.#timer = null;
    const s = this.#pending;
    this.#pending = null;
    if (!s) return;
    this.#lastStart = performance.now();
    this.#redraw(s);
  }

  /** Forget a waiting snapshot (the view unmounts or training ended). */
  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
