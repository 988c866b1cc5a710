/**
 * Opening the browser without putting the token on any command line. Passing `http://…/?token=…` to
 * `xdg-open` (or `open`, `start`) lets every local user read the token with `ps` while the opener and the
 * browser it starts run. Instead, as Jupyter does, the URL goes into a private launch page (a file of mode
 * 0600 in a fresh folder of mode 0700) that redirects to it, and only that file's path is passed on. The page
 * is removed when the server stops.
 *
 * `$BROWSER` (the convention xdg-open and Python's webbrowser follow) names the command to run instead of the
 * platform's opener; it receives the launch page's path as its one argument.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LaunchPage {
  /** The page's path (pass this, never the URL, to another program). */
  readonly path: string;
  /** Delete the page and its folder (idempotent). */
  remove(): void;
}

/** HTML-escape a URL for an attribute and a script string (it is ours, but stays inert whatever it holds). */
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Write the private page that sends the browser to `url`. */
export function writeLaunchPage(url: string): LaunchPage {
  const folder = mkdtempSync(join(tmpdir(), 'dense-lab-open-'));
  const path = join(folder, 'open-dense-lab.html');
  const href = escapeHtml(url);
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Opening Dense Lab…</title></head>
<body><p>Opening Dense Lab… If nothing happens, <a href="${href}">open it here</a>.</p>
<script>location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')});</script></body></html>
`;
  writeFileSync(path, html, { mode: 0o600, flag: 'wx' });
  return { path, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** The command that opens `target` (a file path): $BROWSER if set, else the platform's opener. */
export function openerCommand(target: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): [string, string[]] {
  const browser = env.BROWSER?.trim();
  if (browser) return [browser, [target]];
  if (platform === 'darwin') return ['open', [target]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', pathToFileURL(target).href]];
  return ['xdg-open', [target]];
}

/** Open the app in the browser through a launch page; failing to open is not an error (the link is printed). */
export function openInBrowser(url: string): LaunchPage | null {
  let page: LaunchPage;
  try {
    page = writeLaunchPage(url);
  } catch {
    return null;
  }
  const [command, args] = openerCommand(page.path);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener available: the printed link is enough.
  }
  return page;
}
