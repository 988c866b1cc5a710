// Jobs queued on the forward pool: the next job reaches the workers as soon as the one before ends (before that
// job's caller resumes), and a job that fails, crashes its worker or is cancelled leaves the jobs behind it to run
// to the same bits on a fresh worker; jobs queued when the pool closes are refused. help() computes the running
// job's chunks on the caller's thread, to the same bits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForwardPool, type ForwardJob } from '../../../src-main/workers/pool';
import { planEncoding } from '../../../src-shared/data/encode';
import type { ForwardRequest } from '../../../src-shared/jobs/forward';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import { modelFile, randomLayers, seeded } from './reference';

const cols = 12;
const rows = 60_000;
const values = new Float64Array(new SharedArrayBuffer(rows * cols * 8));
const rand = seeded(7);
for (let i = 0; i < values.length; i++) values[i] = rand() * 2 - 1;
const matrix = { rows, cols, values, missing: new Uint8Array(new SharedArrayBuffer(rows * cols)) };
const columns = Array.from({ length: cols }, (_, k) => ({ name: `x${k}`, type: 'numeric' as const, missing: 0, min: -1, max: 1, mean: 0, std: 0.5 }));
const model = modelFile(
  columns.map((c) => ({ name: c.name })),
  { name: 'y', task: 'regression' },
  randomLayers(seeded(8), cols, [{ units: 48, activation: 'relu' }, { units: 1, activation: 'linear' }]),
);
const planned = planEncoding(model.inputs, columns);
if (!planned.ok) throw new Error(planned.error.message);
const job: ForwardJob = { net: modelToNetwork(model), plan: planned.value, matrix };

function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The jobs posted to the pool's workers so far (their ids), by wrapping each worker's postMessage. */
function watchPosts(pool: ForwardPool): number[] {
  const posted: number[] = [];
  const slots = (pool as unknown as { slots: ({ worker: { postMessage: (m: unknown) => void }; watched?: boolean } | null)[] }).slots;
  for (const slot of slots) {
    if (!slot || slot.watched) continue;
    slot.watched = true;
    const post = slot.worker.postMessage.bind(slot.worker);
    slot.worker.postMessage = (m: unknown) => {
      posted.push((m as ForwardRequest).jobId);
      post(m);
    };
  }
  return posted;
}

describe('forward pool: queued jobs', () => {
  let pool: ForwardPool;
  let baseline: Float64Array;
  beforeAll(async () => {
    pool = new ForwardPool({ size: 2 });
    const r = await pool.runForward(job);
    if (!r.ok) throw new Error(r.error.message);
    baseline = r.value.output.slice();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('warmUp(n) starts n workers only, and refuses on a closed pool', async () => {
    const own = new ForwardPool({ size: 2 });
    expect((await own.warmUp(1)).ok).toBe(true);
    const slots = (own as unknown as { slots: unknown[] }).slots;
    expect(slots.map((s) => s !== null)).toEqual([true, false]);
    await own.close();
    const late = await own.warmUp(1);
    expect(!late.ok && late.error.kind).toBe('job/pool-closed');
  });

  it('the next job is posted to the workers before the caller of the job before it resumes', async () => {
    const posted = watchPosts(pool);
    const first = pool.runForward({ ...job, maxWorkers: 1 });
    const second = pool.runForward({ ...job, maxWorkers: 1 });
    const a = await first;
    // the first job's caller resumes: the second job is already with its worker
    expect(posted.length).toBe(2);
    const b = await second;
    for (const r of [a, b]) expect(r.ok && sameBits(r.value.output, baseline)).toBe(true);
  });

  it('a worker that crashes or exits fails its own job only: the jobs queued behind it run on a fresh worker, to the same bits', async () => {
    for (const fault of ['throw', 'exit'] as const) {
      const crashed = pool.runForward({ ...job, testFault: fault });
      const behind = [pool.runForward(job), pool.runForward({ ...job, maxWorkers: 1 })];
      const r = await crashed;
      expect(!r.ok && r.error.kind, fault).toBe(fault === 'throw' ? 'job/worker-crashed' : 'job/worker-exited');
      for (const q of await Promise.all(behind)) expect(q.ok && sameBits(q.value.output, baseline), fault).toBe(true);
    }
  });

  it('a cancelled job, running or still queued, ends alone with job/cancelled; the others give the same bits', async () => {
    const running = new AbortController();
    const queued = new AbortController();
    const a = pool.runForward({ ...job, kernel: 'reference' }, { signal: running.signal, onProgress: (done) => done > 0 && running.abort() });
    const b = pool.runForward(job, { signal: queued.signal });
    const c = pool.runForward(job);
    queued.abort();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(!ra.ok && ra.error.kind).toBe('job/cancelled');
    expect(!rb.ok && rb.error.kind).toBe('job/cancelled');
    expect(rc.ok && sameBits(rc.value.output, baseline)).toBe(true);
  });

  it('help(): this thread computes chunks of the running job beside the workers, to the same bits', async () => {
    expect(pool.help()).toBe(0);
    for (const maxWorkers of [1, 2]) {
      // ready workers get the job before runForward returns: this thread then claims chunks beside them
      const running = pool.runForward({ ...job, maxWorkers, chunkRows: 64 });
      const helped = pool.help();
      const r = await running;
      expect(helped, `${maxWorkers} workers`).toBeGreaterThan(0);
      expect(helped).toBeLessThanOrEqual(rows);
      expect(r.ok && sameBits(r.value.output, baseline), `${maxWorkers} workers`).toBe(true);
      expect(r.ok && r.value.okRows).toBe(rows);
      expect(pool.help()).toBe(0);
    }
  });

  it('help(maxChunks): at most that many chunks a call, and called until it gives 0, the same bits', async () => {
    const running = pool.runForward({ ...job, maxWorkers: 1, chunkRows: 64 });
    let calls = 0;
    for (let n = pool.help(3); n > 0; n = pool.help(3)) {
      expect(n).toBeLessThanOrEqual(3 * 64);
      calls++;
    }
    const r = await running;
    expect(calls).toBeGreaterThan(1);
    expect(r.ok && sameBits(r.value.output, baseline)).toBe(true);
    expect(r.ok && r.value.okRows).toBe(rows);
  });

  it('help() leaves alone a cancelled job, a float32 job and a job with statistics (0 rows)', async () => {
    const controller = new AbortController();
    const cancelled = pool.runForward(job, { signal: controller.signal });
    controller.abort();
    expect(pool.help()).toBe(0);
    const c = await cancelled;
    expect(!c.ok && c.error.kind).toBe('job/cancelled');
    for (const other of [{ ...job, precision: 'float32' as const }, { ...job, stats: { pass: 'units' as const } }]) {
      const running = pool.runForward(other);
      expect(pool.help()).toBe(0);
      expect((await running).ok).toBe(true);
    }
  });

  it('close() with jobs queued: the running one is cancelled, the queued ones refused', async () => {
    const own = new ForwardPool({ size: 2 });
    const running = own.runForward({ ...job, kernel: 'reference' }, { onProgress: (done) => done > 0 && void own.close() });
    const queued = [own.runForward(job), own.runForward(job)];
    const r = await running;
    expect(!r.ok && r.error.kind).toBe('job/cancelled');
    for (const q of await Promise.all(queued)) expect(!q.ok && q.error.kind).toBe('job/pool-closed');
    await own.close();
  });
});
