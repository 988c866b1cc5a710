import { describe, expect, it } from 'vitest';
import type { TrainingClock as TrainingClockType } from '../../../src-renderer/lib/inspect/training-clock.svelte';
import { importRunesModule } from '../renderer/runes-module';

const { TrainingClock } = await importRunesModule<{ TrainingClock: typeof TrainingClockType }>('src-renderer/lib/inspect/training-clock.svelte.ts');

describe('TrainingClock', () => {
  it('counts running time only, keeps counting when followed again while running, and starts a new run at 0', () => {
    let now = 0;
    const clock = new TrainingClock(() => now);
    clock.follow('running');
    now = 3000;
    clock.follow('paused');
    now = 10_000;
    clock.follow('running');
    now = 12_000;
    clock.follow('running'); // the dashboard shown again: same run
    expect(clock.elapsed).toBe(5);
    clock.follow('done');
    now = 20_000;
    clock.follow('running'); // the next training run
    now = 21_000;
    clock.tick();
    expect(clock.elapsed).toBe(1);
  });
});
