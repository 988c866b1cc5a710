import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  handler: null as null | ((request: Request) => Promise<Response>),
  privileged: [] as unknown[],
}));

vi.mock('electron', () => ({
  protocol: {
    handle: (_scheme: string, fn: (request: Request) => Promise<Response>) => (fake.handler = fn),
    registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
  },
}));

describe('app:// protocol', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dense-lab-protocol-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<title>Dense Lab</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'a.js'), 'export {}');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    const { registerAppScheme, serveRenderer } = await import('../../../src-main/electron/protocol');
    registerAppScheme();
    serveRenderer(join(dir, 'renderer'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers app as a standard, secure scheme', () => {
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves the renderer with the CSP header and the right content type', async () => {
    const r = await fake.handler!(new Request('app://dense-lab/index.html'));
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Dense Lab');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('ws://');
    const js = await fake.handler!(new Request('app://dense-lab/assets/a.js'));
    expect(js.headers.get('content-type')).toContain('text/javascript');
  });

  it.each(['app://dense-lab/..%2fsecret.txt', 'app://dense-lab/%2e%2e/secret.txt', 'app://other-host/index.html', 'app://dense-lab/missing.js'])(
    'answers 404 for %s',
    async (url) => {
      const r = await fake.handler!(new Request(url));
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain('outside');
    },
  );
});
