import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../..');
const script = join(repoRoot, 'scripts', 'build-native.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'dense-lab-build-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of native/binding.gyp whose addon.cpp does not compile, in its own folder (the real build is untouched). */
function brokenAddon(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  copyFileSync(join(repoRoot, 'native', 'binding.gyp'), join(dir, 'binding.gyp'));
  writeFileSync(join(dir, 'src', 'addon.cpp'), 'this is not C++;\n');
  writeFileSync(join(dir, 'src', 'dense.cpp'), '\n');
  return dir;
}

function runScript(args: string[], env: Record<string, string> = {}) {
  const { DENSE_LAB_NO_NATIVE: _ignored, ...rest } = process.env;
  return spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...rest, ...env }, timeout: 120_000 });
}

// npm runs this script as the install script: whatever happens, `npm install` must not fail because of it.
describe('scripts/build-native.mjs', () => {
  it('prints one line and exits 0 when DENSE_LAB_NO_NATIVE=1', () => {
    const r = runScript(['--dir', brokenAddon('disabled')], { DENSE_LAB_NO_NATIVE: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('dense-lab: native kernel not built (DENSE_LAB_NO_NATIVE=1); Dense Lab will use its WebAssembly kernel.\n');
  });

  it('prints one line and exits 0 when the C++ does not compile', () => {
    const dir = brokenAddon('broken');
    const r = runScript(['--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^dense-lab: native kernel not built \((the build failed|no C\+\+ compiler or make); see .*build-native\.log\); Dense Lab will use its WebAssembly kernel\.\n$/);
    expect(existsSync(join(dir, 'build', 'build-native.log'))).toBe(true);
  });

  it('prints one line and exits 0 when there is no C++ compiler', () => {
    const r = runScript(['--dir', brokenAddon('no-compiler')], { CXX: join(scratch, 'no-such-compiler') });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^dense-lab: native kernel not built \(no C\+\+ compiler or make; see .*\); Dense Lab will use its WebAssembly kernel\.\n$/);
  });
});
