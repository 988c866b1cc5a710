/**
 * The preload and the ipcMain wiring with Electron replaced by a fake (the binary is not available here):
 * both are derived from the contract's table, the preload forwards to one channel per method, and main
 * refuses a sender that is not the app's own top-level frame before dispatch sees anything.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, EVENT_CHANNEL, invokeChannel, type ApiEvent } from '../../../src-shared/api';

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown }[],
  invokeImpl: null as null | ((channel: string, args: unknown) => Promise<unknown>),
  listeners: new Map<string, ((event: unknown, payload: unknown) => void)[]>(),
  handlers: new Map<string, (event: unknown, args: unknown) => unknown>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => {
      fake.invoked.push({ channel, args });
      return fake.invokeImpl ? fake.invokeImpl(channel, args) : Promise.resolve({ ok: true, value: channel });
    },
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), fn]),
    removeListener: (channel: string, fn: unknown) => fake.listeners.set(channel, (fake.listeners.get(channel) ?? []).filter((f) => f !== fn)),
  },
  webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, args: unknown) => unknown) => fake.handlers.set(channel, fn),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  app: { on: () => undefined },
  session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
}));

type PreloadApi = Record<string, unknown> & {
  mode: string;
  onEvent(listener: (e: ApiEvent) => void): () => void;
  pathForFile(file: unknown): string | null;
};

describe('preload', () => {
  let api: PreloadApi;
  beforeAll(async () => {
    await import('../../../src-main/electron/preload');
    api = fake.exposed.get('api') as PreloadApi;
  });

  it('exposes exactly one object, api, with every method of the contract', () => {
    expect([...fake.exposed.keys()]).toEqual(['api']);
    for (const m of API_METHODS) expect(typeof api[m]).toBe('function');
    expect(api.mode).toBe('electron');
  });

  it('forwards a call on the method’s own channel, with {} when there are no arguments', async () => {
    fake.invoked.length = 0;
    await (api.getRows as (a: unknown) => Promise<unknown>)({ datasetId: 'd1', start: 0, count: 1 });
    await (api.listSamples as () => Promise<unknown>)();
    expect(fake.invoked).toEqual([
      { channel: invokeChannel('getRows'), args: { datasetId: 'd1', start: 0, count: 1 } },
      { channel: invokeChannel('listSamples'), args: {} },
    ]);
  });

  it('answers an IPC failure as an api/transport error instead of throwing', async () => {
    fake.invokeImpl = () => Promise.reject(new Error('channel closed'));
    const r = await (api.getAppInfo as () => Promise<unknown>)();
    fake.invokeImpl = null;
    expect(r).toMatchObject({ ok: false, error: { kind: 'api/transport' } });
  });

  it('relays pushed events to listeners until they unsubscribe', () => {
    const seen: ApiEvent[] = [];
    const stop = api.onEvent((e) => seen.push(e));
    const event: ApiEvent = { type: 'menu', menu: { command: 'open-dataset' } };
    for (const fn of fake.listeners.get(EVENT_CHANNEL) ?? []) fn({}, event);
    stop();
    for (const fn of fake.listeners.get(EVENT_CHANNEL) ?? []) fn({}, event);
    expect(seen).toEqual([event]);
  });

  it('gives a dropped file’s path, or null when it has none', () => {
    expect(api.pathForFile({ path: '/data/iris.csv' })).toBe('/data/iris.csv');
    expect(api.pathForFile({})).toBeNull();
  });
});

describe('ipcMain wiring', () => {
  it('registers one handler per method and refuses senders that are not the app’s top frame', async () => {
    const { registerIpc } = await import('../../../src-main/electron/ipc');
    const calls: unknown[] = [];
    const unregister = registerIpc(async (method, args) => {
      calls.push([method, args]);
      return { ok: true, value: null };
    });
    expect(API_METHODS.every((m) => fake.handlers.has(invokeChannel(m)))).toBe(true);
    const handler = fake.handlers.get(invokeChannel('openDataset'))!;
    const foreign = await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, { path: '/etc/passwd' });
    const iframe = await handler({ senderFrame: { url: 'app://dense-lab/index.html', parent: {} } }, { path: '/x.csv' });
    const ours = await handler({ senderFrame: { url: 'app://dense-lab/index.html', parent: null } }, { path: '/x.csv' });
    expect(foreign).toMatchObject({ ok: false, error: { kind: 'api/forbidden' } });
    expect(iframe).toMatchObject({ ok: false, error: { kind: 'api/forbidden' } });
    expect(ours).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['openDataset', { path: '/x.csv' }]]);
    unregister();
    expect(fake.handlers.size).toBe(0);
  });
});
