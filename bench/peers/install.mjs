// Installs the bench-only peers (bench/peers/package.json: nodejs-polars, onnxruntime-node) beside the bench, once, from the lockfile.
// Called by `npm run bench`. The project's own `npm install` never installs them: nodejs-polars' native package
// exists only for some platforms, and a devDependency that npm refuses on a platform would break `npm install`
// there, and onnxruntime-node's install script fetches CUDA parts from outside the registry (so --ignore-scripts).
// A failed install is one line on stderr; the bench then skips those anchors and says why.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!['nodejs-polars', 'onnxruntime-node'].every((m) => existsSync(join(here, 'node_modules', m, 'package.json')))) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--engine-strict=false', '--loglevel=error'], { cwd: here, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop();
    process.stderr.write(`bench peers (bench/peers) not installed, polars and onnxruntime will be skipped: ${why}\n`);
  }
}
