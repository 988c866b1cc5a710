// Installs the bench-only peers (bench/peers/package.json: nodejs-polars) beside the bench, once, from the lockfile.
// Called by `npm run bench`. The project's own `npm install` never installs them: nodejs-polars' native package
// exists only for some platforms, and a devDependency that npm refuses on a platform would break `npm install`
// there. A failed install is one line on stderr; the bench then skips polars and says why.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', 'nodejs-polars', 'package.json'))) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--engine-strict=false', '--loglevel=error'], { cwd: here, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop();
    process.stderr.write(`bench peers (bench/peers) not installed, polars will be skipped: ${why}\n`);
  }
}
