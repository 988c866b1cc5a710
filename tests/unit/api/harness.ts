/**
 * Test helpers for the API tests: a browser-mode host (no dialogs, in-memory settings) and the API over the real
 * default services (real workers) with the shared sample datasets; nothing here is imported by the app.
 */
import { resolve } from 'node:path';
import { createApi, createDefaultServices, createSettingsStore } from '../../../src-main/api';
import type { AppHost } from '../../../src-main/api/host';
import { WRITE_NOWHERE, type WritePolicy } from '../../../src-main/api/write-policy';
import type { ApiEvent } from '../../../src-shared/api';

const repoRoot = resolve(import.meta.dirname, '../../..');
/** The shared sample datasets (CI puts shared/ beside the clone). */
export const samplesDir = resolve(repoRoot, 'samples');

/** A browser-mode host that sends every event to `emit`; `samples` is its samples folder (null: none). */
export function browserHost(emit: (event: ApiEvent) => void, samples: string | null = samplesDir, writes: WritePolicy = WRITE_NOWHERE): AppHost {
  return { mode: 'browser', version: '0', samplesDir: samples, dialogs: null, settings: createSettingsStore(null), writes, emit };
}

/**
 * The API over the real default services on a browser-mode host; `close()` ends it and its workers (call it in afterAll).
 * `writes`: where path-based writes may go (browser mode refuses them unless started with --write-dir).
 */
export function realApi(emit: (event: ApiEvent) => void, writes: WritePolicy = WRITE_NOWHERE) {
  const services = createDefaultServices();
  const host = browserHost(emit, samplesDir, writes);
  const api = createApi(host, services);
  return {
    api,
    host,
    close: async (): Promise<void> => {
      api.close();
      await services.dispose?.();
    },
  };
}

/** The value of a dispatch result that must be ok (else the test fails with its error). */
export async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}
