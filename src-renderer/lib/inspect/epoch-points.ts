/**
 * The training curves' points (epoch → loss or metric, finite values only), kept between redraws: when the history is
 * the same array grown by new epochs (append-log.svelte.ts) only those are read, so a redraw per epoch costs O(1)
 * amortised instead of O(epochs); any other array (a new run, the finished run's history) is read from its start.
 */
import type { EpochMetrics } from './types';

export type EpochSeries = 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy' | 'r2' | 'valR2' | 'mae' | 'valMae';
const SERIES: readonly EpochSeries[] = ['loss', 'valLoss', 'accuracy', 'valAccuracy', 'r2', 'valR2', 'mae', 'valMae'];

export interface Point {
  readonly x: number;
  readonly y: number;
}

export class EpochPoints {
  #source: readonly EpochMetrics[] | null = null;
  #seen = 0;
  #points = new Map<EpochSeries, Point[]>();
  #positive = true;
  #hasR2 = false;

  /** Brings the points up to `history`. */
  update(history: readonly EpochMetrics[]): this {
    if (history !== this.#source || history.length < this.#seen) {
      this.#source = history;
      this.#seen = 0;
      // new arrays: a chart may still hold (and have hooked) the old ones
      this.#points = new Map(SERIES.map((k) => [k, []]));
      this.#positive = true;
      this.#hasR2 = false;
    }
    for (let k = this.#seen; k < history.length; k++) {
      const h = history[k];
      for (const key of SERIES) {
        const y = h[key];
        if (typeof y === 'number' && Number.isFinite(y)) this.#points.get(key)!.push({ x: h.epoch, y });
      }
      if (h.r2 !== undefined) this.#hasR2 = true;
      if (!(h.loss > 0 && (h.valLoss === undefined || h.valLoss > 0))) this.#positive = false;
    }
    this.#seen = history.length;
    return this;
  }

  /** The finite values of `key` so far, by epoch (grown in place while the history grows). */
  points(key: EpochSeries): readonly Point[] {
    return this.#points.get(key) ?? [];
  }

  /** Every loss so far is above 0 (a log scale can show them). */
  get positive(): boolean {
    return this.#positive;
  }

  /** Some epoch reports R² (a regression run that computes it). */
  get hasR2(): boolean {
    return this.#hasR2;
  }
}
