/**
 * The preload: exposes one object, `api`, implementing the contract (src-shared/api), built by looping
 * over the method table. Bundled to out/preload/preload.cjs (CommonJS: a sandboxed preload can require
 * only 'electron'). Each call is one ipcRenderer.invoke on the method's channel; main checks the sender
 * and validates the arguments. Never throws: an IPC failure answers kind 'api/transport'.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_ERRORS, API_METHODS, EVENT_CHANNEL, invokeChannel } from '../../src-shared/api/contract';
import type { ApiEvent } from '../../src-shared/api/types';

const api: Record<string, unknown> = {
  mode: 'electron',
  onEvent(listener: (event: ApiEvent) => void) {
    const relay = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
  /** The real path of a dropped or picked File (Electron ≥ 32 no longer puts it on File.path). */
  pathForFile(file: unknown): string | null {
    try {
      const path = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
      return path === '' ? null : path;
    } catch {
      return null;
    }
  },
};

for (const method of API_METHODS) {
  api[method] = (args?: unknown) =>
    ipcRenderer.invoke(invokeChannel(method), args ?? {}).catch((e: unknown) => ({
      ok: false,
      error: { kind: API_ERRORS.transport, message: `${method} could not reach Dense Lab's main process: ${e instanceof Error ? e.message : String(e)}` },
    }));
}

contextBridge.exposeInMainWorld('api', api);
