import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../..');
const web = resolve(repoRoot, 'src-main/bridge/web.ts');

/** Run web.ts from source (through tsx) until it prints a line or exits; the process is always stopped. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', web, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('npm run web (src-main/bridge/web.ts)', () => {
  it('prints exactly one line with the loopback URL and its token', async () => {
    const r = await run(['--no-open', '--port', '0']);
    expect(r.stdout).toMatch(/^Dense Lab running at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}\n$/);
  });

  it('refuses a bad --port with a one-line usage error and exit code 2', async () => {
    const r = await run(['--no-open', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be an integer');
    expect(r.stdout).toBe('');
  });

  it('refuses an unknown flag with exit code 2', async () => {
    const r = await run(['--public']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: npm run web');
  });

  it('opens the browser through a private launch page: the token is on no command line, and the page goes when the server stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dense-lab-opener-'));
    const record = join(dir, 'record.json');
    // A stand-in browser ($BROWSER): records the arguments it was started with and what the page it got holds.
    const opener = join(dir, 'opener.mjs');
    writeFileSync(
      opener,
      `#!/usr/bin/env node
import { readFileSync, statSync, writeFileSync } from 'node:fs';
const page = process.argv[2];
writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), mode: statSync(page).mode & 0o777, html: readFileSync(page, 'utf8') }));
`,
      { mode: 0o755 },
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', web, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BROWSER: opener } });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise((r) => child.once('exit', r));
      const deadline = Date.now() + 20_000;
      while (!existsSync(record) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 100));
      const seen = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; mode: number; html: string };
      const url = /running at (\S+)/.exec(stdout)?.[1] ?? '';
      const token = new URL(url).searchParams.get('token') ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(seen.argv).toHaveLength(1);
      expect(seen.argv.join(' ')).not.toContain(token);
      expect(seen.mode).toBe(0o600);
      expect(seen.html).toContain(JSON.stringify(url));
      child.kill('SIGTERM');
      await exited;
      expect(existsSync(seen.argv[0])).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--write-dir must name an existing folder', async () => {
    const r = await run(['--no-open', '--write-dir', '/nonexistent/folder/x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--write-dir /nonexistent/folder/x is not an existing folder');
  });

  it('--stream-min-bytes (and DENSE_LAB_STREAM_MIN_BYTES) must be a whole number of bytes: one sentence, exit code 2', async () => {
    const r = await run(['--no-open', '--stream-min-bytes', '12k']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("web: --stream-min-bytes must be a whole number of bytes of at least 1 (got '12k').\n");
    expect(r.stdout).toBe('');
  });
});
