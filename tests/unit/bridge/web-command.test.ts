import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
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
});
