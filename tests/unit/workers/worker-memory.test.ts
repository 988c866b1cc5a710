// A worker that runs out of memory is stopped alone: its job fails with a sentence, the process (and the
// pool) go on. Without a heap limit on the worker, V8 would end the whole process.
import { afterAll, describe, expect, it } from 'vitest';
import { loadDatasetFromBytes } from '../../../src-main/services/datasets';
import { ForwardPool } from '../../../src-main/workers/pool';
import { defaultWorkerHeapMb, workerFailureMessage, workerError } from '../../../src-main/workers/worker-files';
import { planEncoding } from '../../../src-shared/data/encode';
import { modelToNetwork } from '../../../src-shared/model-file/read';
import type { ModelFile } from '../../../src-shared/model-file/types';

const model: ModelFile = {
  format: 'dense-lab/model',
  version: 1,
  inputs: [{ name: 'x' }],
  output: { name: 'y', task: 'regression' },
  layers: [{ units: 1, activation: 'linear', kernel: [[2]], bias: [1] }],
};

describe('worker memory limits', () => {
  const pool = new ForwardPool({ size: 1, workerHeapMb: 64 });
  afterAll(() => pool.close());

  it('a worker that runs out of memory fails its job with a sentence, and the next job runs', async () => {
    const data = await loadDatasetFromBytes(new TextEncoder().encode('x,y\n1,3\n2,5\n4,9\n'), 'tiny.csv');
    expect(data.ok).toBe(true);
    if (!data.ok) return;
    const plan = planEncoding(model.inputs, data.value.columns);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const net = modelToNetwork(model);
    const failed = await pool.runForward({ net, plan: plan.value, matrix: data.value, testFault: 'oom' });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.kind).toBe('job/worker-out-of-memory');
      expect(failed.error.message).toBe(
        'The forward worker ran out of memory (its limit is 64 MB) and was stopped; the job failed, everything else goes on. Try fewer rows or a smaller network.',
      );
    }
    const again = await pool.runForward({ net, plan: plan.value, matrix: data.value });
    expect(again.ok && [...again.value.output]).toEqual([3, 5, 9]);
  });

  it('every worker gets a heap limit by default, and other failures are a sentence with the error as its detail', () => {
    expect(defaultWorkerHeapMb()).toBeGreaterThanOrEqual(256);
    expect(workerFailureMessage('training worker', new Error('boom'))).toBe('The training worker stopped unexpectedly; the job failed, everything else goes on. Try again; if it happens again, see Details.');
    const e = workerError('train/worker-crashed', 'training worker', new Error('boom'));
    expect(e).toEqual({ kind: 'train/worker-crashed', message: workerFailureMessage('training worker', new Error('boom')), detail: 'boom' });
    expect(workerError('job/worker-start', 'analysis worker', Object.assign(new Error('x'), { code: 'ERR_WORKER_INIT_FAILED' }), false).message).toBe(
      'The analysis worker could not be started. Try again; if it happens again, see Details.',
    );
  });
});
