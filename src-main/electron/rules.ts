/**
 * The shell's security rules as plain data and functions (no Electron at run time, so they are unit-tested):
 * the app's origin, every window's webPreferences, and which URLs and IPC senders count as the app.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'dense-lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** The webPreferences of every window (Electron's security checklist). */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/**
 * True when `url` is a page of the app (app://dense-lab/…). Compares scheme and host: Node's URL gives
 * every non-special scheme the origin 'null', so comparing origins would refuse our own page.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** True when an IPC message came from the app's own top-level frame (not an iframe, not another origin). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
