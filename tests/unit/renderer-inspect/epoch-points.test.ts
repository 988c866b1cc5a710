/**
 * The training tab follows a run in O(1) per epoch: the history grows in place (AppendLog: no copy per epoch) and the
 * curves read only the new epochs (EpochPoints). Counted, not timed: array reads and element copies over N epochs.
 */
import { describe, expect, it } from 'vitest';
import { EpochPoints } from '../../../src-renderer/lib/inspect/epoch-points';
import type { AppendLog as AppendLogType } from '../../../src-renderer/lib/inspect/append-log.svelte';
import type { EpochMetrics } from '../../../src-renderer/lib/inspect/types';
import { importRunesModule } from '../renderer/runes-module';

// the client runtime the compiled runes module runs on ('svelte' itself resolves to the server build under Node)
const clientRuntime = 'svelte/internal/client';
const { effect_root, flush: flushSync, render_effect } = (await import(clientRuntime)) as {
  effect_root: (fn: () => void) => () => void;
  flush: () => void;
  render_effect: (fn: () => void) => void;
};
const { AppendLog } = await importRunesModule<{ AppendLog: typeof AppendLogType }>('src-renderer/lib/inspect/append-log.svelte.ts');

const epoch = (k: number): EpochMetrics => ({ epoch: k, loss: 1 / k, valLoss: k === 3 ? Number.NaN : 2 / k, r2: 1 - 1 / k, valR2: 0.5 });

/** An array whose element reads are counted (index reads only: what iterating it costs). */
function counted<T>(items: T[]): { array: T[]; reads: () => number } {
  let reads = 0;
  const array = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { array, reads: () => reads };
}

describe('EpochPoints', () => {
  it('reads each epoch once while the history grows in place, and gives the points a full read gives', () => {
    const n = 2000;
    const { array, reads } = counted<EpochMetrics>([]);
    const pts = new EpochPoints();
    for (let k = 1; k <= n; k++) {
      array.push(epoch(k));
      pts.update(array);
    }
    // a copy or a full pass per epoch would read n(n+1)/2 ≈ 2·10⁶ elements
    expect(reads()).toBe(n);
    const full = new EpochPoints().update([...array]);
    for (const key of ['loss', 'valLoss', 'r2', 'valR2', 'accuracy'] as const) expect(pts.points(key)).toEqual(full.points(key));
    expect(pts.points('loss')).toHaveLength(n);
    expect(pts.points('valLoss')).toHaveLength(n - 1); // epoch 3's NaN is not drawn
    expect(pts.points('accuracy')).toHaveLength(0);
    // as the chart's rule was: a log scale only when every loss is above 0 (epoch 3's NaN is not)
    expect(pts.positive).toBe(array.every((h) => h.loss > 0 && (h.valLoss === undefined || h.valLoss > 0)));
    expect(pts.positive).toBe(false);
    expect(pts.hasR2).toBe(true);
  });
  it('starts over for another array or a shorter one (a new run), with new point arrays', () => {
    const pts = new EpochPoints();
    const first = [epoch(1), epoch(2)];
    const before = pts.update(first).points('loss');
    const second = [{ epoch: 1, loss: 0 }];
    expect(pts.update(second).points('loss')).toEqual([{ x: 1, y: 0 }]);
    expect(pts.points('loss')).not.toBe(before);
    expect(pts.positive).toBe(false);
    expect(pts.hasR2).toBe(false);
    first.length = 1;
    expect(pts.update(first).points('loss')).toEqual([{ x: 1, y: 1 }]);
  });
});

describe('AppendLog', () => {
  it('appends in place (the same array, one element copied per push) and a reset starts a new array', () => {
    const log = new AppendLog<number>();
    const items = log.items;
    for (let k = 0; k < 1000; k++) log.push(k);
    expect(log.items).toBe(items);
    expect(log.items).toHaveLength(1000);
    log.reset([7]);
    expect(log.items).not.toBe(items);
    expect(log.items).toEqual([7]);
  });
  it('tells its readers about every push and reset', () => {
    const log = new AppendLog<number>();
    const seen: number[] = [];
    const stop = effect_root(() => render_effect(() => void seen.push(log.items.length)));
    flushSync();
    log.push(1);
    flushSync();
    log.push(2);
    flushSync();
    log.reset();
    flushSync();
    stop();
    expect(seen).toEqual([0, 1, 2, 0]);
  });
});
