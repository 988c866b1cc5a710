import { describe, expect, it } from 'vitest';
import { createApi } from '../../../src-main/api';
import { noServices } from '../../../src-main/api/services';
import { API_ERRORS } from '../../../src-shared/api';
import { browserHost } from './harness';

const host = browserHost(() => undefined, null);

describe('one cancel kind at the API edge', () => {
  it("a load cancelled with cancel({jobId}) answers 'job/cancelled', though the loader says 'cancelled'", async () => {
    const services = {
      ...noServices(),
      loadDataset: (_path: string, options: { signal?: AbortSignal }) =>
        new Promise<never>((resolve) => {
          options.signal?.addEventListener('abort', () => resolve({ ok: false, error: { kind: 'cancelled', message: 'Loading was cancelled.' } } as never));
        }),
    };
    const api = createApi(host, services);
    const pending = api.dispatch('openDataset', { path: '/tmp/any.csv', jobId: 'load1' });
    await new Promise((r) => setTimeout(r, 10));
    expect(await api.dispatch('cancel', { jobId: 'load1' })).toEqual({ ok: true, value: { cancelled: true } });
    const r = await pending;
    expect(r).toMatchObject({ ok: false, error: { kind: API_ERRORS.cancelled, message: 'Loading was cancelled.' } });
    api.close();
  });

  it('other load errors keep their own kind', async () => {
    const services = { ...noServices(), loadDataset: async () => ({ ok: false as const, error: { kind: 'csv/empty', message: 'The file is empty.' } }) };
    const api = createApi(host, services);
    expect(await api.dispatch('openDataset', { path: '/tmp/empty.csv' })).toMatchObject({ ok: false, error: { kind: 'csv/empty' } });
    api.close();
  });
});
