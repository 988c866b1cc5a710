/** Following a run live: at most one redraw per interval, always from the newest snapshot offered. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SnapshotFollower, trainingActive } from '../../../src-renderer/lib/inspect/follow-training';
import type { WeightSnapshot } from '../../../src-shared/jobs/weight-snapshots';

const snap = (epoch: number): WeightSnapshot => ({ epoch, every: 1, layers: [], inputs: [], output: { name: 'y', task: 'regression' } });

afterEach(() => {
  vi.useRealTimers();
});

describe('SnapshotFollower', () => {
  it('redraws the first at once, then at most every interval with the newest one waiting', () => {
    vi.useFakeTimers();
    const drawn: number[] = [];
    const f = new SnapshotFollower((s) => drawn.push(s.epoch), 500);
    f.offer(snap(1));
    expect(drawn).toEqual([1]);
    f.offer(snap(2));
    f.offer(snap(3));
    expect(drawn).toEqual([1]);
    vi.advanceTimersByTime(499);
    expect(drawn).toEqual([1]);
    vi.advanceTimersByTime(1);
    // 2 was replaced by the newer 3 before its turn
    expect(drawn).toEqual([1, 3]);
    vi.advanceTimersByTime(2000);
    expect(drawn).toEqual([1, 3]);
    f.offer(snap(4));
    expect(drawn).toEqual([1, 3, 4]);
  });

  it('stop() forgets a waiting snapshot', () => {
    vi.useFakeTimers();
    const drawn: number[] = [];
    const f = new SnapshotFollower((s) => drawn.push(s.epoch), 500);
    f.offer(snap(1));
    f.offer(snap(2));
    f.stop();
    vi.advanceTimersByTime(1000);
    expect(drawn).toEqual([1]);
  });

  it('a run is followed while it runs or is paused', () => {
    expect(['idle', 'running', 'paused', 'done', 'failed', 'cancelled'].map(trainingActive)).toEqual([false, true, true, false, false, false]);
  });
});
