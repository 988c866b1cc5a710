/**
 * Wall-clock time a training run has spent running (paused time excluded), for "elapsed" and "time left"
 * when the job does not report it. `now` is injected so the arithmetic is testable.
 */
export class TrainingClock {
  #startedAt: number | null = null;
  #banked = 0;
  #last = 'idle';
  /** Seconds spent running, refreshed by tick(). */
  elapsed = $state(0);

  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Follow the job's state: time runs only while 'running'; a new run (running after an end) starts at 0. */
  follow(state: string): void {
    const running = state === 'running';
    if (running && this.#last !== 'running' && this.#last !== 'paused') this.reset();
    this.#last = state;
    if (running && this.#startedAt === null) this.#startedAt = this.#now();
    if (!running && this.#startedAt !== null) {
      this.#banked += (this.#now() - this.#startedAt) / 1000;
      this.#startedAt = null;
    }
    this.tick();
  }

  tick(): void {
    this.elapsed = this.#banked + (this.#startedAt === null ? 0 : (this.#now() - this.#startedAt) / 1000);
  }

  reset(): void {
    this.#startedAt = null;
    this.#banked = 0;
    this.elapsed = 0;
  }
}
