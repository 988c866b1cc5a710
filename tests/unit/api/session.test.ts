import { describe, expect, it } from 'vitest';
import { createSession, type JobContext } from '../../../src-main/api/session';
import type { ApiEvent, PredictResult } from '../../../src-shared/api';
import { err, ok } from '../../../src-shared/result';

const result: PredictResult = { kind: 'predict', rows: 1, predictedRows: 1, emptyRows: 0, missingInputRows: 0, unknownCategoryRows: 0, emptyBy: [], outputs: ['prediction'], seconds: 0, workers: 1 };

describe('session jobs', () => {
  it('hands out the job id before any event about it, then reports progress and the end', async () => {
    const events: ApiEvent[] = [];
    const s = createSession((e) => events.push(e));
    const id = s.startJob('predict', null, false, async (ctx) => {
      ctx.progress(1, 2, 'rows');
      return ok({ result });
    });
    expect(events).toEqual([]);
    await s.whenDone(id);
    expect(events.map((e) => e.type)).toEqual(['job-progress', 'job-done']);
    expect(s.jobStatus(id)).toMatchObject({ state: 'done', progress: { done: 1, total: 2 }, result });
  });

  it('pauses at the next pause point and resumes; a predict job cannot be paused', async () => {
    const events: ApiEvent[] = [];
    const s = createSession((e) => events.push(e));
    const reached: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const id = s.startJob('train', null, true, async (ctx: JobContext) => {
      await gate;
      for (let epoch = 1; epoch <= 3; epoch++) {
        await ctx.pausePoint();
        reached.push(epoch);
      }
      return ok({ result });
    });
    expect(s.pause(id)).toMatchObject({ ok: true, value: { state: 'paused' } });
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(reached).toEqual([]);
    expect(s.resume(id)).toMatchObject({ ok: true, value: { state: 'running' } });
    await s.whenDone(id);
    expect(reached).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.type === 'job-state').map((e) => (e as { state: string }).state)).toEqual(['paused', 'running']);
    const p = s.startJob('predict', null, false, async () => ok({ result }));
    expect(s.pause(p)).toMatchObject({ ok: false, error: { kind: 'api/bad-state' } });
    expect(s.pause('j999')).toMatchObject({ ok: false, error: { kind: 'api/not-found' } });
  });

  it('a cancelled job that answers an error ends cancelled; one that answers a result (stopped training) ends done', async () => {
    const events: ApiEvent[] = [];
    const s = createSession((e) => events.push(e));
    const wait = (ctx: JobContext) => new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r()));
    const a = s.startJob('predict', null, false, async (ctx) => {
      await wait(ctx);
      return err({ kind: 'job/cancelled', message: 'cancelled' });
    });
    const b = s.startJob('train', null, true, async (ctx) => {
      await wait(ctx);
      return ok({ result });
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(s.cancel(a)).toBe(true);
    expect(s.cancel(b)).toBe(true);
    await Promise.all([s.whenDone(a), s.whenDone(b)]);
    expect(s.jobStatus(a)?.state).toBe('cancelled');
    expect(s.jobStatus(b)?.state).toBe('done');
    expect(s.cancel(a)).toBe(false);
  });

  it('a job that throws fails with a typed error instead of crashing', async () => {
    const s = createSession(() => undefined);
    const id = s.startJob('predict', null, false, async () => {
      throw new Error('worker exploded');
    });
    await s.whenDone(id);
    expect(s.jobStatus(id)).toMatchObject({ state: 'failed', error: { kind: 'job/internal' } });
    // a sentence for the person; the raw message only behind Details
    expect(s.jobStatus(id)?.error?.message).toBe('The predict job stopped unexpectedly (a bug in Dense Lab; see Details).');
    expect(s.jobStatus(id)?.error?.detail).toContain('worker exploded');
  });

  it('a load started with a caller-chosen id can be cancelled by that id', () => {
    const s = createSession(() => undefined);
    const load = s.beginLoad('my-load');
    expect(load.signal?.aborted).toBe(false);
    expect(s.cancel('my-load')).toBe(true);
    expect(load.signal?.aborted).toBe(true);
  });
});
