/**
 * The Electron shell: single instance, security rules, app:// protocol, one window, menus, dialogs,
 * settings in the user-data folder, and the API wired over IPC. Everything else lives in src-main/api
 * and the services, which also run without Electron (bridge, CLI, tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, nativeTheme, shell } from 'electron';
import { EVENT_CHANNEL, type ApiEvent, type MenuCommand, type ThemePreference } from '../../src-shared/api';
import { createApi, createDefaultServices, createRunsStore, createSettingsStore, findSamplesDir, streamMinBytesFromEnv, type ApiInstance } from '../api';
import type { SettingsHost } from '../api/host';
import { electronDialogs } from './dialogs';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { applySecurityRules } from './security';
import { createMainWindow } from './window';
import { WRITE_ANYWHERE } from '../api/write-policy';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '../renderer');
const preloadPath = resolve(here, '../preload/preload.cjs');

/** A dataset or model file named on the command line (or by the OS), if any. */
function fileArgument(argv: readonly string[]): string | null {
  const candidates = argv.slice(1).filter((a) => !a.startsWith('-') && ['.csv', '.tsv', '.txt', '.json'].includes(extname(a).toLowerCase()));
  return candidates.length > 0 ? resolve(candidates[candidates.length - 1]) : null;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as { version?: string }).version ?? app.getVersion();
  } catch {
    return app.getVersion();
  }
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.setName('Dense Lab');

  let win: BrowserWindow | null = null;
  let api: ApiInstance | null = null;
  const pending: ApiEvent[] = [];
  // DENSE_LAB_STREAM_MIN_BYTES: files this big or bigger open as their first rows (a bad value is said and ignored).
  const threshold = streamMinBytesFromEnv();
  if (!threshold.ok) process.stderr.write(`Dense Lab: ${threshold.error.message} Using the default.\n`);
  const services = createDefaultServices(threshold.ok ? { streamMinBytes: threshold.value } : {});

  const emit = (event: ApiEvent) => {
    if (win && !win.isDestroyed() && !win.webContents.isLoading()) win.webContents.send(EVENT_CHANNEL, event);
    else pending.push(event);
  };
  const send = (command: MenuCommand) => emit({ type: 'menu', menu: command });

  app.on('second-instance', (_event, argv) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const file = fileArgument(argv);
    if (file) send({ command: 'open-path', path: file });
  });

  app.whenReady().then(() => {
    applySecurityRules();
    serveRenderer(rendererDir);
    const store = createSettingsStore(join(app.getPath('userData'), 'settings.json'));
    // A damaged settings file was kept aside: say where, once.
    if (store.problem) void dialog.showMessageBox({ type: 'warning', title: 'Dense Lab settings', message: store.problem });
    nativeTheme.themeSource = store.getPreferences().theme;

    const rebuildMenu = () =>
      installMenu({ appName: 'Dense Lab', platform: process.platform, recent: store.listRecent(), theme: store.getPreferences().theme, development: !app.isPackaged, send, setTheme });
    const setTheme = (theme: ThemePreference) => {
      void store.setPreferences({ theme }).then(rebuildMenu);
      nativeTheme.themeSource = theme;
      send({ command: 'set-theme', theme });
    };
    // Recent files and the theme also change through the API: keep the menu in step.
    const settings: SettingsHost = {
      getPreferences: () => store.getPreferences(),
      async setPreferences(change) {
        const p = await store.setPreferences(change);
        nativeTheme.themeSource = p.theme;
        rebuildMenu();
        return p;
      },
      listRecent: () => store.listRecent(),
      async addRecent(path, kind) {
        await store.addRecent(path, kind);
        app.addRecentDocument(path);
        rebuildMenu();
      },
    };

    // Finished training runs, beside the settings (run files it could not read: the renderer lists them as problems).
    const runs = createRunsStore(join(app.getPath('userData'), 'runs'));
    const showInFolder = async (path: string) => (existsSync(path) ? (shell.showItemInFolder(path), true) : false);
    api = createApi(
      { mode: 'electron', version: version(), samplesDir: findSamplesDir(app.getAppPath(), process.resourcesPath), dialogs: electronDialogs(() => win), settings, writes: WRITE_ANYWHERE, runs, showInFolder, emit },
      services,
      (method, e) => console.error(`dense-lab: ${method} failed:`, e),
    );
    registerIpc(api.dispatch);
    rebuildMenu();

    win = createMainWindow(store, preloadPath);
    win.webContents.on('did-finish-load', () => {
      for (const event of pending.splice(0)) win?.webContents.send(EVENT_CHANNEL, event);
    });
    win.on('closed', () => {
      win = null;
    });
    const file = fileArgument(process.argv);
    if (file) send({ command: 'open-path', path: file });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    api?.close();
    void services.dispose?.();
  });
}

start();
