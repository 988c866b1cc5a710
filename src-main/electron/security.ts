/**
 * Electron's security checklist, applied to every web contents: no navigation away from the app, no new
 * windows, no <webview>, every permission request denied, and IPC answered only for our own frame.
 */
import { app, session, type WebContents } from 'electron';
import { isAppUrl } from './rules';

export { SECURE_WEB_PREFERENCES, isAppUrl, isTrustedSender } from './rules';

/** Install the rules on the default session and on every web contents created from now on. */
export function applySecurityRules(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
