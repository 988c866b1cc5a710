import { describe, expect, it } from 'vitest';
import { APP_URL, SECURE_WEB_PREFERENCES, isAppUrl, isTrustedSender } from '../../../src-main/electron/rules';

describe('Electron security rules', () => {
  it('every window is sandboxed, context-isolated, without Node and with web security', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
  });

  it('counts only app://dense-lab pages as the app', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('app://dense-lab/assets/x.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://dense-lab/index.html')).toBe(false);
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('trusts IPC only from the app’s own top-level frame', () => {
    expect(isTrustedSender({ url: APP_URL, parent: null })).toBe(true);
    expect(isTrustedSender({ url: APP_URL, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('app URL parsing', () => {
  it('is not fooled by credentials or look-alike hosts', () => {
    expect(isAppUrl('app://user@dense-lab/index.html')).toBe(false);
    expect(isAppUrl('app://dense-lab.evil/index.html')).toBe(false);
    expect(isAppUrl('app://dense-lab:81/index.html')).toBe(false);
  });
});
