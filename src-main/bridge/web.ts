/**
 * `npm run web [-- --port N] [--no-open]`: Dense Lab in the default browser. Serves out/renderer and
 * the API on 127.0.0.1, prints the link (with this run's token) and opens it unless --no-open.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startBridge } from './server';

async function main(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseArgs({ args: argv, options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, strict: true }).values;
  } catch (e) {
    process.stderr.write(`web: ${(e as Error).message}\nUsage: npm run web [-- --port N] [--no-open]\n`);
    return 2;
  }
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`web: --port must be an integer from 0 to 65535 (got '${flags.port}')\n`);
    return 2;
  }
  let bridge;
  try {
    bridge = await startBridge({ port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`web: cannot listen on 127.0.0.1:${port} (${code === 'EADDRINUSE' ? 'the port is in use; choose another with --port' : (code ?? String(e))})\n`);
    return 1;
  }
  process.stdout.write(`Dense Lab running at ${bridge.url}\n`);
  if (!flags['no-open']) openInBrowser(bridge.url);
  const stop = () => {
    void bridge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

/** Open `url` with the platform's opener; failing to open is not an error (the link is printed). */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener available: the printed link is enough.
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
});
