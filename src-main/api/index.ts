/**
 * The API in main: a session per window or bridge connection, its handlers, and the dispatch that
 * validates every call. `createApi` is what a transport needs.
 */
import type { ApiEvent } from '../../src-shared/api';
import { createDispatch, type Dispatch } from './dispatch';
import { createHandlers } from './handlers';
import type { AppHost } from './host';
import type { ApiServices } from './services';
import { createSession, type Session } from './session';

export interface ApiInstance {
  readonly dispatch: Dispatch;
  readonly session: Session;
  /** Cancel jobs and forget datasets. */
  close(): void;
}

/** One API session over `host` and `services`; events go through host.emit. */
export function createApi(host: AppHost, services: ApiServices, onInternalError?: (method: string, error: unknown) => void): ApiInstance {
  const session = createSession((event: ApiEvent) => host.emit(event));
  const dispatch = createDispatch(createHandlers(session, host, services), onInternalError);
  return { dispatch, session, close: () => session.close() };
}

export type { AppHost } from './host';
export type { ApiServices } from './services';
export { createDefaultServices } from './default-services';
export { parseStreamMinBytes, streamMinBytesFromEnv, STREAM_MIN_BYTES_ENV } from '../services/predict/stream-threshold';
export { createSettingsStore } from './settings-store';
export { createRunsStore, type RunsStore } from '../services/runs/runs-store';
export { findSamplesDir } from './samples';
