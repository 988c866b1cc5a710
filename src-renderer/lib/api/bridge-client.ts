/**
 * The API over the browser bridge (`npm run web`): one WebSocket to main, built by looping over the
 * contract's method table, so it implements `Api` exactly like the Electron preload does.
 * The page was loaded with `?token=…`; the bridge answered with an HttpOnly cookie, which the browser sends
 * on the WebSocket upgrade (same origin), so this client never handles the token itself.
 * Calls never throw: a closed or failed connection answers kind 'api/transport'. The socket opens on the
 * first call and again after it closes.
 */
import { API_ERRORS, API_METHODS, type Api, type ApiEvent } from '../../../src-shared/api';
import { BRIDGE_SOCKET_PATH, decodeMessage, encodeMessage, type WireMessage } from '../../../src-shared/api/wire';
import type { Result } from '../../../src-shared/result';

/** The part of the WebSocket interface the client uses (the browser's, or the `ws` package's in tests). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string | Uint8Array): void;
  close(): void;
}

export interface BridgeClientOptions {
  /** ws://host:port/api/socket; default: this page's host. */
  readonly url?: string;
  /** Default: the global WebSocket. */
  readonly createSocket?: (url: string) => SocketLike;
}

const OPEN = 1;

interface Pending {
  resolve(result: Result<unknown>): void;
}

/** An `Api` speaking to main through the bridge's WebSocket. `close()` ends the connection. */
export function createBridgeClient(options: BridgeClientOptions = {}): Api & { close(): void } {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_SOCKET_PATH}`;
  const createSocket = options.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike);
  const listeners = new Set<(event: ApiEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let opened: Promise<SocketLike | null> | null = null;

  const failAll = (message: string) => {
    for (const p of pending.values()) p.resolve({ ok: false, error: { kind: API_ERRORS.transport, message } });
    pending.clear();
  };

  const connect = (): Promise<SocketLike | null> => {
    if (socket && socket.readyState === OPEN && opened) return opened;
    if (opened) return opened;
    opened = new Promise((resolve) => {
      const s = createSocket(url);
      s.binaryType = 'arraybuffer';
      s.onopen = () => {
        socket = s;
        resolve(s);
      };
      s.onerror = () => undefined;
      s.onclose = () => {
        socket = null;
        opened = null;
        resolve(null);
        failAll('The connection to Dense Lab was lost. Is `npm run web` still running? Reload the page to reconnect.');
      };
      s.onmessage = (event) => {
        const data = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : event.data;
        if (typeof data !== 'string' && !(data instanceof Uint8Array)) return;
        const decoded = decodeMessage(data);
        if (!decoded.ok) return;
        const msg = decoded.value as unknown as WireMessage;
        if (msg.type === 'result') {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          p?.resolve(msg.result);
        } else if (msg.type === 'event') {
          for (const listener of listeners) listener(msg.event);
        }
      };
    });
    return opened;
  };

  const call = async (method: string, args: unknown): Promise<Result<unknown>> => {
    const s = await connect();
    if (!s) {
      return { ok: false, error: { kind: API_ERRORS.transport, message: 'Could not connect to Dense Lab (the page needs the link printed by `npm run web`, with its token).' } };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      try {
        s.send(encodeMessage({ type: 'call', id, method, args: args ?? {} }));
      } catch (e) {
        pending.delete(id);
        resolve({ ok: false, error: { kind: API_ERRORS.transport, message: `Could not send ${method}: ${e instanceof Error ? e.message : String(e)}` } });
      }
    });
  };

  const api: Record<string, unknown> = {
    mode: 'browser',
    onEvent(listener: (event: ApiEvent) => void) {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
    close() {
      socket?.close();
    },
  };
  for (const method of API_METHODS) api[method] = (args?: unknown) => call(method, args);
  return api as unknown as Api & { close(): void };
}
