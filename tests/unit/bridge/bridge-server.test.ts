import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDefaultServices } from '../../../src-main/api';
import { startBridge, staticFile, type Bridge } from '../../../src-main/bridge/server';
import { createBridgeClient, type SocketLike } from '../../../src-renderer/lib/api/bridge-client';
import type { DatasetSummary } from '../../../src-shared/api';

const repoRoot = resolve(import.meta.dirname, '../../..');
const samplesDir = resolve(repoRoot, 'samples');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (no cookie jar, full control over Host/Origin). */
function http(bridge: Bridge, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolveReply({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Try a WebSocket upgrade; resolves 'open' or the HTTP status it was refused with. */
function upgrade(bridge: Bridge, headers: Record<string, string>, path = '/api/socket'): Promise<'open' | number> {
  return new Promise((done) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      done('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      done(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

describe('browser bridge', () => {
  let bridge: Bridge;
  let rendererDir: string;
  let cookie: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dense-lab-bridge-'));
    rendererDir = join(dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Dense Lab</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(rendererDir, '.secret'), 'hidden');
    writeFileSync(join(dir, 'outside.txt'), 'outside the renderer folder');
    bridge = await startBridge({ port: 0, rendererDir, services: createDefaultServices(), samplesDir, version: '9.9.9', log: () => undefined });
    cookie = `${bridge.cookieName}=${bridge.token}`;
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(resolve(rendererDir, '..'), { recursive: true, force: true });
  });

  it('prints a loopback URL carrying a long random token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
  });

  it('answers 401 to a page or API request without the token', async () => {
    expect((await http(bridge, '/')).status).toBe(401);
    expect((await http(bridge, '/assets/app.js')).status).toBe(401);
    const call = await http(bridge, '/api/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"method":"listSamples"}' });
    expect(call.status).toBe(401);
    expect(call.body).not.toContain('diabetes');
  });

  it('answers 403 to a wrong token, in the URL or the cookie', async () => {
    expect((await http(bridge, '/?token=not-the-token')).status).toBe(403);
    expect((await http(bridge, '/', { headers: { cookie: `${bridge.cookieName}=guess` } })).status).toBe(403);
  });

  it('refuses a request whose Host is not 127.0.0.1:port (DNS rebinding)', async () => {
    const r = await http(bridge, `/?token=${bridge.token}`, { headers: { host: `evil.example:${bridge.port}` } });
    expect(r.status).toBe(403);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and redirects to the bare URL', async () => {
    const r = await http(bridge, `/?token=${bridge.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toContain(`${bridge.cookieName}=${bridge.token}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
  });

  it('serves the renderer with the cookie, with the CSP as a header', async () => {
    const r = await http(bridge, '/', { headers: { cookie } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Dense Lab</title>');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${bridge.port}`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect((await http(bridge, '/assets/app.js', { headers: { cookie } })).headers['content-type']).toContain('text/javascript');
  });

  it.each([
    '/../outside.txt',
    '/%2e%2e/outside.txt',
    '/..%2foutside.txt',
    '/assets/..%2f..%2foutside.txt',
    '/%2e%2e%5coutside.txt',
    '/.secret',
    '/%00index.html',
    '/%E0%A4%A',
  ])('refuses path traversal and hidden files: %s', async (path) => {
    const r = await http(bridge, path, { headers: { cookie } });
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body).not.toContain('outside the renderer folder');
    expect(r.body).not.toContain('hidden');
  });

  it('maps request paths only to files inside the renderer folder', () => {
    const root = resolve('/srv/renderer');
    expect(staticFile(root, '/')).toBe(join(root, 'index.html'));
    expect(staticFile(root, '/assets/a.js?v=1')).toBe(join(root, 'assets', 'a.js'));
    expect(staticFile(root, '/..%2f..%2fetc/passwd')).toBeNull();
    expect(staticFile(root, '/a/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
  });

  it('refuses a WebSocket upgrade without the token (401), with a wrong one or a wrong Origin (403)', async () => {
    expect(await upgrade(bridge, { origin: bridge.origin })).toBe(401);
    expect(await upgrade(bridge, { origin: bridge.origin, cookie: `${bridge.cookieName}=nope` })).toBe(403);
    expect(await upgrade(bridge, { origin: 'http://evil.example', cookie })).toBe(403);
    expect(await upgrade(bridge, { origin: `http://127.0.0.1:${bridge.port + 1}`, cookie })).toBe(403);
    expect(await upgrade(bridge, { cookie })).toBe(403);
    expect(await upgrade(bridge, { origin: bridge.origin, cookie })).toBe('open');
  });

  it('answers POST /api/call only with the token, a JSON content type and our Origin', async () => {
    const body = JSON.stringify({ method: 'getAppInfo' });
    const foreign = await http(bridge, '/api/call', { method: 'POST', headers: { cookie, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }, body });
    expect(foreign.status).toBe(403);
    const form = await http(bridge, '/api/call', { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body });
    expect(form.status).toBe(415);
    const good = await http(bridge, '/api/call', { method: 'POST', headers: { cookie, origin: bridge.origin, 'content-type': 'application/json' }, body });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { mode: 'browser', version: '9.9.9', name: 'Dense Lab' } });
  });

  it('opens a real sample dataset over the real WebSocket through the bridge client', async () => {
    const api = createBridgeClient({
      url: `ws://127.0.0.1:${bridge.port}/api/socket`,
      createSocket: (u) => new WebSocket(u, { origin: bridge.origin, headers: { cookie } }) as unknown as SocketLike,
    });
    try {
      const samples = await api.listSamples();
      expect(samples.ok && samples.value.map((s) => s.name)).toContain('diabetes.csv');
      const opened = await api.openSample({ name: 'diabetes.csv' });
      expect(opened.ok).toBe(true);
      const summary = (opened as { value: DatasetSummary }).value;
      expect(summary.rows).toBe(442);
      expect(summary.cols).toBe(11);
      expect(summary.columns.map((c) => c.name)).toContain('progression');
      const rows = await api.getRows({ datasetId: summary.id, start: 0, count: 2 });
      expect(rows.ok && rows.value.rows.length).toBe(2);
      expect(rows.ok && rows.value.rows[0].length).toBe(11);
      const bad = await api.getRows({ datasetId: summary.id, start: 0, count: 5000 });
      expect(bad.ok ? null : bad.error).toMatchObject({ kind: 'api/invalid-argument', path: 'args.count' });
    } finally {
      api.close();
    }
  });

  it('uploads a CSV as bytes in one binary frame and loads it', async () => {
    const api = createBridgeClient({
      url: `ws://127.0.0.1:${bridge.port}/api/socket`,
      createSocket: (u) => new WebSocket(u, { origin: bridge.origin, headers: { cookie } }) as unknown as SocketLike,
    });
    try {
      const bytes = new TextEncoder().encode('a,b\n1,x\n2,y\n3,\n');
      const r = await api.uploadDataset({ name: 'tiny.csv', bytes });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value).toMatchObject({ name: 'tiny.csv', path: null, rows: 3, cols: 2, bytes: bytes.length });
        const rows = await api.getRows({ datasetId: r.value.id, start: 0, count: 10 });
        expect(rows.ok && rows.value.rows).toEqual([
          [1, 'x'],
          [2, 'y'],
          [3, null],
        ]);
      }
    } finally {
      api.close();
    }
  });
});
