/**
 * The ONE place that knows where the API comes from: the Electron preload exposes `window.api`; in a
 * browser (`npm run web`) there is none, so the bridge client talks to main over a WebSocket.
 * Everything else in the renderer receives an `Api` and never asks which.
 */
import type { Api } from '../../../src-shared/api';
import { createBridgeClient } from './bridge-client';

/** The preload's api when present (Electron), else a bridge client for this page's host. */
export function connectApi(): Api {
  const preloaded = (window as unknown as { api?: Api }).api;
  return preloaded ?? createBridgeClient();
}
