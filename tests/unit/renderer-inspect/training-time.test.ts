import { describe, expect, it } from 'vitest';
import { formatDuration, secondsLeft, trainingFraction } from '../../../src-renderer/lib/inspect/training-time';

describe('training progress and time left', () => {
  it('counts finished epochs and the current epoch’s batches', () => {
    expect(trainingFraction(2, 10)).toBe(0.2);
    expect(trainingFraction(2, 10, { batch: 5, batches: 10 })).toBe(0.25);
    expect(trainingFraction(0, 0)).toBe(0);
    expect(trainingFraction(12, 10)).toBe(1);
  });

  it('projects the time left from the pace so far', () => {
    expect(secondsLeft(30, 0.25)).toBe(90);
    expect(secondsLeft(30, 0)).toBeNull();
    expect(secondsLeft(30, 1)).toBeNull();
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-3)).toBe('0:00');
  });
});
