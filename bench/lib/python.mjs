// Running the Python anchors: which interpreter has which module, and a clean BLAS environment for numpy.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const anchorsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'anchors');
const INTERPRETERS = ['python3', '/usr/bin/python3'];

/**
 * The first interpreter that imports `module`, with that module's version, or the reason none does.
 * PATH's python3 comes first; Debian's /usr/bin/python3 is where python3-pandas / python3-sklearn install.
 */
export function findPython(module) {
  const tried = [];
  for (const python of INTERPRETERS) {
    const r = spawnSync(python, ['-c', `import ${module}, numpy; print(${module}.__version__); print(numpy.__version__)`], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) {
      const [version, numpy] = r.stdout.trim().split('\n');
      return { ok: true, python, version, numpy };
    }
    tried.push(`${python}: ${r.error ? r.error.code : (r.stderr.trim().split('\n').pop() ?? 'failed')}`);
  }
  return { ok: false, reason: `${module} not importable (${tried.join('; ')})` };
}

/**
 * The environment for an anchor: numpy ≥ 2 bundles a current OpenBLAS, slowed by the OPENBLAS_CORETYPE /
 * OPENBLAS_L2_SIZE this machine may set, so they are dropped for it; an older OpenBLAS (Debian's numpy 1.x)
 * keeps them, since without them it takes this CPU for another and may compute wrongly.
 */
export function anchorEnv(numpyVersion, extra = {}) {
  const env = { ...process.env, ...extra };
  if (Number(String(numpyVersion).split('.')[0]) >= 2) {
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
  }
  return env;
}

/** Run bench/anchors/<script> and parse the one JSON line it prints; `{ ok: false, reason }` if it fails. */
export function runAnchor(python, script, args, env, timeoutMs = 300_000) {
  const r = spawnSync(python, [join(anchorsDir, script), ...args.map(String)], { encoding: 'utf8', env, timeout: timeoutMs, maxBuffer: 1 << 24 });
  if (r.error) return { ok: false, reason: `${script}: ${r.error.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s` : r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `${script} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}` };
  try {
    return { ok: true, value: JSON.parse(r.stdout.trim().split('\n').pop()) };
  } catch {
    return { ok: false, reason: `${script} printed no JSON: ${r.stdout.slice(0, 200)}` };
  }
}
