/**
 * Browser mode: the built renderer and the API over HTTP + one WebSocket, on 127.0.0.1 only.
 *
 * Security (another local page or process must not reach the API):
 * - loopback only, and the Host header must be exactly 127.0.0.1:<port> (DNS-rebinding defence);
 * - a per-run random token, required on every request: from the URL (`?token=`) once, after which the
 *   bridge sets an HttpOnly SameSite=Strict cookie (named per port) and redirects to the URL without it;
 *   requests without it get 401, with a wrong one 403; a WebSocket upgrade needs the token AND an Origin
 *   of exactly http://127.0.0.1:<port> (else 403);
 * - POST /api/call also needs that Origin and a JSON content type (a cross-site form cannot send one);
 * - static files only from the renderer folder (no traversal, no dotfiles), with the CSP as a header.
 * Every call goes through the same dispatch as Electron's IPC.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_UPLOAD_BYTES, type ApiEvent } from '../../src-shared/api';
import { BRIDGE_SOCKET_PATH, BRIDGE_TOKEN_COOKIE, decodeMessage, encodeMessage } from '../../src-shared/api/wire';
import { createApi, createDefaultServices, createRunsStore, findSamplesDir, type ApiServices, type RunsStore } from '../api';
import { contentSecurityPolicy } from '../api/csp';
import type { DialogHost, SettingsHost } from '../api/host';
import { createSettingsStore } from '../api/settings-store';
import { WRITE_NOWHERE } from '../api/write-policy';

export interface BridgeOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Folder of the built renderer (default: <app root>/out/renderer). */
  readonly rendererDir?: string;
  /** Default: the real services (createDefaultServices); closed with the bridge. */
  readonly services?: ApiServices;
  /** For the default services: files this big or bigger open as their first rows (`--stream-min-bytes`; default STREAM_MIN_BYTES). */
  readonly streamMinBytes?: number;
  /** Default: findSamplesDir(<app root>). */
  readonly samplesDir?: string | null;
  /** Default: package.json's version. */
  readonly version?: string;
  /** Fixed token (tests); default: 32 random bytes. */
  readonly token?: string;
  readonly settings?: SettingsHost;
  readonly dialogs?: DialogHost | null;
  /**
   * The one folder path-based writes (saveModel, exportPredictions) may go to (`npm run web -- --write-dir DIR`);
   * absent, they are refused and the UI downloads instead. See api/write-policy.ts.
   */
  readonly writeDir?: string;
  /** Where finished training runs are kept: a store, or its folder (`npm run web -- --data-dir DIR` gives DIR/runs). Default: memory only. */
  readonly runs?: RunsStore | string;
  /** Unexpected errors inside handlers (default: stderr). */
  readonly log?: (message: string) => void;
}

/** The app root: two folders up from this file, both as source (src-main/bridge) and built (out/main). */
export const APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The version in the app's package.json ('0.0.0' when it cannot be read). */
export function appVersion(root: string = APP_ROOT): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export interface Bridge {
  /** http://127.0.0.1:N/?token=… — the link to open. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Name of the cookie carrying the token. */
  readonly cookieName: string;
  /** Stop serving, cancel jobs, stop the services' workers. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Largest POST /api/call body (uploads go over the WebSocket). */
const MAX_POST_BYTES = 8 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Start the bridge; resolves once it listens. Everything has a default, so tests and tools can call
 * `const b = await startBridge({ port: 0 }); … b.url … await b.close();`.
 */
export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const rendererDir = resolve(options.rendererDir ?? join(APP_ROOT, 'out/renderer'));
  const services = options.services ?? createDefaultServices(options.streamMinBytes === undefined ? {} : { streamMinBytes: options.streamMinBytes });
  const sockets = new Set<WebSocket>();
  const emit = (event: ApiEvent) => {
    const frame = encodeMessage({ type: 'event', event });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(frame);
  };
  const runs = typeof options.runs === 'string' ? createRunsStore(options.runs) : (options.runs ?? createRunsStore(null));
  for (const problem of runs.problems) log(`dense-lab bridge: ${problem}`);
  const api = createApi(
    {
      mode: 'browser',
      runs,
      version: options.version ?? appVersion(),
      samplesDir: options.samplesDir === undefined ? findSamplesDir(APP_ROOT) : options.samplesDir,
      dialogs: options.dialogs ?? null,
      settings: options.settings ?? createSettingsStore(null),
      writes: options.writeDir === undefined ? WRITE_NOWHERE : { kind: 'inside', folder: resolve(options.writeDir) },
      emit,
    },
    services,
    (method, e) => log(`dense-lab bridge: ${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );

  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_UPLOAD_BYTES + 1024 * 1024 });
  // Filled in once listening (the port is known only then).
  const where = { port: 0, origin: '', hostHeader: '', cookieName: '' };

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  /** 'ok', or why not: 'missing' (→ 401) or 'wrong' (→ 403). */
  const authorize = (req: IncomingMessage, url: URL): 'ok' | 'missing' | 'wrong' => {
    const fromCookie = cookie(req.headers.cookie, where.cookieName);
    const fromQuery = url.searchParams.get('token');
    const fromHeader = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = [fromCookie, fromQuery, fromHeader].filter((t): t is string => typeof t === 'string' && t !== '');
    if (given.length === 0) return 'missing';
    return given.some(tokenMatches) ? 'ok' : 'wrong';
  };

  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders() });
    res.end(`${message}\n`);
  };
  const securityHeaders = () => ({
    'Content-Security-Policy': contentSecurityPolicy(`ws://${where.hostHeader}`),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(req, res).catch((e: unknown) => {
      log(`dense-lab bridge: ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== where.hostHeader) return refuse(res, 403, `Use ${where.origin}/ (this bridge answers only to that host name).`);
    const url = new URL(req.url ?? '/', where.origin);
    const auth = authorize(req, url);
    if (auth !== 'ok') {
      return refuse(res, auth === 'missing' ? 401 : 403, 'Dense Lab: open the link printed by `npm run web` (it carries this run\'s token).');
    }
    if (url.searchParams.has('token')) {
      // Keep the token out of the address bar, history and later requests: it lives on in the cookie.
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${where.cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
        ...securityHeaders(),
      });
      return res.end();
    }
    if (url.pathname === '/api/call') return handleHttpCall(req, res);
    if (url.pathname.startsWith('/api/')) return refuse(res, 404, 'No such API endpoint.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET here.');
    return serveStatic(req, res, req.url ?? '/');
  };

  const handleHttpCall = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return refuse(res, 405, 'POST a JSON {method, args} here.');
    if (req.headers.origin !== undefined && req.headers.origin !== where.origin) return refuse(res, 403, 'Wrong Origin.');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Send Content-Type: application/json.');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_POST_BYTES) return refuse(res, 413, `At most ${MAX_POST_BYTES} bytes; upload files over the WebSocket.`);
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return refuse(res, 400, 'The body is not JSON.');
    }
    const call = (body ?? {}) as { method?: unknown; args?: unknown };
    const result = await api.dispatch(call.method, call.args);
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders() });
    res.end(JSON.stringify(result));
  };

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, rawUrl: string) => {
    const file = staticFile(rendererDir, rawUrl);
    if (!file) return refuse(res, 404, 'Not found.');
    let body: Buffer;
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(res, 404, 'Not found.');
      body = await readFile(file);
    } catch {
      return refuse(res, 404, 'Not found.');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
      ...securityHeaders(),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const deny = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (req.headers.host !== where.hostHeader) return deny(403, 'Forbidden');
    const url = new URL(req.url ?? '/', where.origin);
    if (url.pathname !== BRIDGE_SOCKET_PATH) return deny(404, 'Not Found');
    const auth = authorize(req, url);
    if (auth !== 'ok') return deny(auth === 'missing' ? 401 : 403, auth === 'missing' ? 'Unauthorized' : 'Forbidden');
    if (req.headers.origin !== where.origin) return deny(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        const frame = isBinary ? toBytes(data) : toBytes(data).toString('utf8');
        void answer(ws, frame);
      });
    });
  });

  const answer = async (ws: WebSocket, frame: string | Uint8Array) => {
    const decoded = decodeMessage(frame);
    if (!decoded.ok) return; // Not ours to answer: it carries no call id we could trust.
    const msg = decoded.value;
    if (msg.type !== 'call' || !Number.isSafeInteger(msg.id)) return;
    const result = await api.dispatch(msg.method, msg.args);
    if (ws.readyState === ws.OPEN) ws.send(encodeMessage({ type: 'result', id: msg.id as number, result }));
  };

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  where.port = port;
  where.hostHeader = `${HOST}:${port}`;
  where.origin = `http://${HOST}:${port}`;
  where.cookieName = `${BRIDGE_TOKEN_COOKIE}_${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${where.origin}/?token=${token}`,
    origin: where.origin,
    port,
    token,
    cookieName: where.cookieName,
    close() {
      closing ??= (async () => {
        api.close();
        for (const s of sockets) s.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        await services.dispose?.();
      })();
      return closing;
    },
  };
}

/**
 * The file under `root` a request path names, or null when it names nothing servable: outside root
 * (`..`, encoded or not), a dotfile or dot-folder, a NUL, or a malformed escape. `/` is index.html.
 */
export function staticFile(root: string, rawUrl: string): string | null {
  const pathPart = rawUrl.split(/[?#]/, 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return null;
  const rootDir = resolve(root);
  const file = segments.length === 0 ? join(rootDir, 'index.html') : resolve(rootDir, ...segments);
  return file.startsWith(rootDir + sep) ? file : null;
}

function cookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
