/**
 * `npm run web [-- --port N] [--no-open] [--write-dir DIR] [--stream-min-bytes N]`: Dense Lab in the default browser. Serves
 * out/renderer and the API on 127.0.0.1, prints the link (with this run's token) to the terminal only, and
 * opens it unless --no-open, through a private launch page so the token is on no command line
 * (open-browser.ts). Path-based writes are refused unless --write-dir names the one folder they may go to.
 * Finished training runs are kept in --data-dir's `runs` folder (default: the folder Electron's Dense Lab uses,
 * see userDataDir), so they survive a restart. Files of --stream-min-bytes (or DENSE_LAB_STREAM_MIN_BYTES; default
 * 512 MiB, predict's own) or more open as their first rows, and their predictions export by streaming.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openInBrowser } from './open-browser';
import { startBridge } from './server';
import { parseStreamMinBytes, streamMinBytesFromEnv } from '../api';

const USAGE = 'Usage: npm run web [-- --port N] [--no-open] [--write-dir FOLDER] [--data-dir FOLDER] [--stream-min-bytes N]';

async function main(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseArgs({ args: argv, options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, 'write-dir': { type: 'string' }, 'data-dir': { type: 'string' }, 'stream-min-bytes': { type: 'string' } }, strict: true }).values;
  } catch (e) {
    process.stderr.write(`web: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const writeDir = flags['write-dir'] === undefined ? undefined : resolve(flags['write-dir']);
  if (writeDir !== undefined && !isFolder(writeDir)) {
    process.stderr.write(`web: --write-dir ${writeDir} is not an existing folder\n`);
    return 2;
  }
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`web: --port must be an integer from 0 to 65535 (got '${flags.port}')\n`);
    return 2;
  }
  const threshold = flags['stream-min-bytes'] === undefined ? streamMinBytesFromEnv() : parseStreamMinBytes(flags['stream-min-bytes'], '--stream-min-bytes');
  if (!threshold.ok) {
    process.stderr.write(`web: ${threshold.error.message}\n`);
    return 2;
  }
  let bridge;
  try {
    const dataDir = resolve(flags['data-dir'] ?? userDataDir());
    bridge = await startBridge({ port, runs: join(dataDir, 'runs'), streamMinBytes: threshold.value, ...(writeDir === undefined ? {} : { writeDir }) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`web: cannot listen on 127.0.0.1:${port} (${code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : (code ?? String(e))})\n`);
    return 1;
  }
  process.stdout.write(`Dense Lab running at ${bridge.url}\n`);
  if (writeDir !== undefined) process.stdout.write(`Files are written only inside ${writeDir} (--write-dir).\n`);
  const page = flags['no-open'] ? null : openInBrowser(bridge.url);
  const stop = () => {
    page?.remove();
    void bridge.close().then(() => process.exit(0));
  };
  process.once('exit', () => page?.remove());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

/** Where Electron keeps Dense Lab's user data (app.getPath('userData')), so both modes share the runs. */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Dense Lab');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Dense Lab');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Dense Lab');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
});
